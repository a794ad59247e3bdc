/**
 * Every agreement at once for one subject: for each agreement in force between the exporting country and
 * the destination on the export date, the answer, the checks that failed (in words) and the smallest change
 * in the recorded facts that would make the garment originate. The provenance is checked once; each
 * agreement's facts are derived from it and assessed by the engine. Nothing is recorded.
 */
import { ForbiddenError } from "../errors";
import type { Principal } from "../service-db/api-keys";
import type { OriginAssessment } from "../origin/assessment";
import { smallestChange, type SmallestChange } from "../origin/changes";
import { ftaIds, type FtaId } from "../origin/facts";
import { inForceBetweenFrom } from "../origin/membership";
import { ruleSetFor } from "../origin/rules";
import { inWords } from "../origin/in-words";
import { assessGraph, checkedProvenanceGraph, type AssessmentDeps } from "./assessments";

export interface ComparisonRequest {
  subjectId: string;
  importingCountry?: string;
  date?: string;
}

export interface AgreementComparison {
  fta: FtaId;
  name: string;
  inForceSince: string;
  status: OriginAssessment["status"];
  provisional: boolean;
  /** Whether a certificate can be issued from this answer (originating and not provisional). */
  certifiable: boolean;
  rule: OriginAssessment["rule"];
  failingChecks: { id: string; text: string }[];
  missing: string[];
  smallestChange: SmallestChange | null;
}

export interface Comparison {
  subjectId: string;
  exportingCountry: string | null;
  importingCountry: string | null;
  date: string | null;
  agreements: AgreementComparison[];
}

/** Certifiers and the operator compare; a facility assesses its own lots through /origin/assessments. */
export function authorizeComparison(principal: Principal): void {
  if (principal.type !== "certifier" && principal.type !== "operator")
    throw new ForbiddenError("Only a certifier's or the operator's API key may compare agreements");
}

/**
 * Compares every agreement for the subject.
 *
 * @example
 * const { agreements } = await compareAgreements(deps, { subjectId: "SHP-DE" });
 * agreements.map((a) => [a.fta, a.status]); // [["EVFTA", "originating"]]
 */
export async function compareAgreements(
  deps: AssessmentDeps,
  request: ComparisonRequest,
): Promise<Comparison> {
  const graph = await checkedProvenanceGraph(deps, request.subjectId);
  let where: { exportingCountry: string | null; importingCountry: string | null; date: string | null } = {
    exportingCountry: null,
    importingCountry: request.importingCountry ?? null,
    date: request.date ?? null,
  };
  const agreements: AgreementComparison[] = [];
  for (const fta of ftaIds) {
    const derived = assessGraph(graph, { subjectId: request.subjectId, fta, ...optional(request) });
    const exporting = derived.facts?.exportingCountry ?? derived.subject.exporter?.country ?? null;
    const importing =
      derived.facts?.importingCountry ?? request.importingCountry ?? derived.subject.destinationCountry;
    const date = derived.facts?.date ?? request.date ?? derived.subject.shippedAt?.slice(0, 10) ?? null;
    where = { exportingCountry: exporting, importingCountry: importing, date };
    if (!exporting || !importing || !date) continue;
    const since = inForceBetweenFrom(ruleSetFor(fta), exporting, importing);
    if (!since || since > date) continue;
    const { assessment, facts } = derived;
    const materials = facts?.materials ?? [];
    agreements.push({
      fta,
      name: ruleSetFor(fta).name,
      inForceSince: since,
      status: assessment.status,
      provisional: assessment.provisional,
      certifiable: assessment.status === "originating" && !assessment.provisional,
      rule: assessment.rule,
      failingChecks: assessment.checks
        .filter((check) => !check.passed)
        .map((check) => ({ id: check.id, text: inWords(check.detail, materials) })),
      missing: assessment.missing,
      smallestChange: facts ? smallestChange(facts, assessment) : null,
    });
  }
  return { subjectId: request.subjectId, ...where, agreements };
}

const optional = (request: ComparisonRequest) => ({
  ...(request.importingCountry ? { importingCountry: request.importingCountry } : {}),
  ...(request.date ? { date: request.date } : {}),
});
