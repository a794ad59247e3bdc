/**
 * The register of stored assessments: each assessment kept in IPFS (services/assessments) is noted here by
 * its CID with its subject, agreement and answer, so the programme's figures (origin pass rate per agreement)
 * can count them without reading every record back. IPFS keeps the record itself; this is an index of it.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

export interface AssessmentNote {
  /** The record's CID: the assessment's id. */
  id: string;
  subjectId: string;
  fta: string;
  status: string;
  provisional: boolean;
  assessedBy: string;
  /** ISO 8601, UTC. */
  assessedAt: string;
}

/** Assessments of one subject under one agreement with one answer, in a period. */
export interface AssessmentTally {
  subjectId: string;
  fta: string;
  status: string;
  provisional: boolean;
  assessments: number;
}

/** Most tally rows one period answers with (subjects × agreements × answers). */
export const MAX_ASSESSMENT_TALLY_ROWS = 20_000;

const statements = oncePer((db: ServiceDatabase) => ({
  insert: db.prepare(
    `INSERT INTO assessment_register (id, subject_id, fta, status, provisional, assessed_by, assessed_at)
     VALUES (@id, @subjectId, @fta, @status, @provisional, @assessedBy, @assessedAt)
     ON CONFLICT (id) DO NOTHING`,
  ),
  tally: db.prepare<
    [string, string, number],
    { subject_id: string; fta: string; status: string; provisional: number; assessments: number }
  >(
    `SELECT subject_id, fta, status, provisional, COUNT(*) AS assessments FROM assessment_register
     WHERE assessed_at >= ? AND assessed_at < ?
     GROUP BY subject_id, fta, status, provisional ORDER BY fta, subject_id, status LIMIT ?`,
  ),
}));

/** Notes a stored assessment (again: nothing changes). */
export function noteAssessment(db: ServiceDatabase, note: AssessmentNote): void {
  statements(db).insert.run({ ...note, provisional: note.provisional ? 1 : 0 });
}

/** The assessments made in [from, to) (ISO 8601 instants), counted per subject, agreement and answer. */
export function tallyAssessments(db: ServiceDatabase, from: string, to: string): AssessmentTally[] {
  return statements(db)
    .tally.all(from, to, MAX_ASSESSMENT_TALLY_ROWS)
    .map((row) => ({
      subjectId: row.subject_id,
      fta: row.fta,
      status: row.status,
      provisional: row.provisional === 1,
      assessments: row.assessments,
    }));
}
