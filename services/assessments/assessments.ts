/**
 * Assessments of recorded provenance: derive OriginFacts from a garment batch's or shipment's upstream graph,
 * assess them, and keep the result as a canonical JSON record in IPFS. The record's CID is the assessment's
 * id, so a certificate can cite it and anyone can check that the cited bytes are the ones assessed.
 */
import { DEFAULT_WRITE_LIMITS } from "../config/index";
import type { WriteLimits } from "../config/index";
import { AppError, NotFoundError, hasCode } from "../errors/index";
import { refuseSuspendedWriter } from "../production/writer-standing";
import { principalName } from "../service-db/api-keys";
import type { Principal } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import { chargeUsage } from "../service-db/usage";
import { noteAssessment } from "../service-db/assessment-register";
import { toFieldIssues } from "../errors/zod-issues";
import { findUpstreamGraph } from "../read-model/queries";
import type { ProvenanceGraph } from "../read-model/queries";
import { createProvenanceCaches } from "../provenance/deps";
import type { LotCheckDeps } from "../provenance/deps";
import { verifyLot } from "../provenance/verify-lot";
import type { FacilityMemo } from "../provenance/checked-view";
import type { DocumentStore } from "../ipfs/index";
import {
  AssessmentRecordEnvelopeSchema,
  buildAssessmentRecord,
  getRecord,
  putRecord,
} from "../records/index";
import type { AssessmentRecord, AssessmentRequest, DerivedSubject } from "../records/index";
import type { OriginAssessment } from "../origin/assessment";
import { assessOrigin } from "../origin/evaluate";
import type { FtaId, OriginFacts } from "../origin/facts";
import { originFactsSchema } from "../origin/facts";
import { ruleSetFor } from "../origin/rules/index";
import { deriveOriginFacts } from "./derive-facts";

export { ASSESSMENT_RECORD_TYPE } from "../records/index";
export type { AssessmentRecord, AssessmentRequest } from "../records/index";

export interface StoredAssessment {
  /** The record's CID: the assessment's id. */
  id: string;
  record: AssessmentRecord;
}

/** DERIVED_FACTS_INVALID: the facts derived from the provenance are not valid OriginFacts (e.g. the product is not a garment). */
export class DerivedFactsInvalidError extends AppError {
  constructor(fields: { path: string; message: string }[]) {
    super("DERIVED_FACTS_INVALID", "The recorded provenance does not make valid origin facts", {
      details: { fields },
    });
  }
}

/** The insufficient-data answer for facts the provenance does not give, before the engine can run. */
function insufficientProvenance(fta: FtaId, missing: string[]): OriginAssessment {
  const table = ruleSetFor(fta);
  return {
    fta,
    status: "insufficient-data",
    provisional: !table.confirmed,
    ...(table.confirmed ? {} : { provisionalReason: table.confirmationNote }),
    rule: {
      id: `${fta}-provenance`,
      text: "The recorded provenance must give every fact the assessment needs",
      source: "threadproof provenance records",
    },
    checks: missing.map((path) => ({
      id: `provenance.${path}`,
      passed: false,
      detail: `The recorded provenance does not give ${path}; record it (or pass it in the request) and assess again`,
      missing: [path],
    })),
    missing,
  };
}

/** PROVENANCE_TAMPERED: a record or the read model contradicts the chain; nothing is assessed on it. */
export class ProvenanceTamperedError extends AppError {
  constructor(subjectId: string, failed: { id: string; detail?: string }[]) {
    super("PROVENANCE_TAMPERED", `The recorded provenance of '${subjectId}' contradicts the chain`, {
      details: { subjectId, failed },
    });
  }
}

/** PROVENANCE_UNVERIFIED: part of the provenance could not be checked now; nothing is assessed on it. */
export class ProvenanceUnverifiedError extends AppError {
  constructor(subjectId: string, unavailable: { id: string; detail?: string }[]) {
    super("PROVENANCE_UNVERIFIED", `The recorded provenance of '${subjectId}' could not be checked now`, {
      details: { subjectId, unavailable },
    });
  }
}

/** What assessing reads: the read model finds the lots, the chain and IPFS vouch for them. */
export type AssessmentDeps = Omit<LotCheckDeps, "caches"> & { caches?: LotCheckDeps["caches"] };

/**
 * The subject's upstream graph as the chain and the checked records give it. The read model only finds the
 * lots; every lot is then checked (chain, record digest, signature, the read model's copy field by field,
 * its facilities) and shown from its checked view. PROVENANCE_TAMPERED when a check fails,
 * PROVENANCE_UNVERIFIED when one could not be made (a facility's suspension is shown, not refused here).
 */
export async function checkedProvenanceGraph(
  deps: AssessmentDeps,
  subjectId: string,
): Promise<ProvenanceGraph> {
  const graph = findUpstreamGraph(deps.indexDb, subjectId);
  if (!graph) throw new NotFoundError("Lot", subjectId);
  const checkDeps: LotCheckDeps = { ...deps, caches: deps.caches ?? createProvenanceCaches() };
  const facilities: FacilityMemo = new Map();
  const results = await Promise.all(graph.nodes.map((node) => verifyLot(checkDeps, node, facilities)));
  const checks = results.flatMap((r) => [
    ...r.checks,
    ...r.facilityChecks.filter((c) => c.kind !== "facility-standing"),
  ]);
  const failed = checks.filter((c) => c.status === "failed");
  if (failed.length)
    throw new ProvenanceTamperedError(
      subjectId,
      failed.map(({ id, detail }) => ({ id, detail })),
    );
  const unavailable = checks.filter((c) => c.status === "unavailable");
  if (unavailable.length)
    throw new ProvenanceUnverifiedError(
      subjectId,
      unavailable.map(({ id, detail }) => ({ id, detail })),
    );
  const nodes = results.map((r) => r.view);
  return {
    subject: graph.subject,
    nodes,
    edges: nodes.flatMap((view) =>
      view.inputs.map((input) => ({
        from: input.lotId,
        to: view.id,
        quantity: input.quantity,
        unit: input.unit,
        role: input.role,
      })),
    ),
  };
}

/**
 * Derives the facts of `request.subjectId` from its checked provenance ({@link checkedProvenanceGraph}) and
 * assesses them. NOT_FOUND for an unknown lot; PROVENANCE_TAMPERED / PROVENANCE_UNVERIFIED when the provenance
 * does not check out.
 */
export async function assessRecordedProvenance(
  deps: AssessmentDeps,
  request: AssessmentRequest,
): Promise<{ subject: DerivedSubject; facts: OriginFacts | null; assessment: OriginAssessment }> {
  const graph = await checkedProvenanceGraph(deps, request.subjectId);
  return assessGraph(graph, request);
}

/** Derives and assesses the facts of a checked graph; pure. */
export function assessGraph(
  graph: ProvenanceGraph,
  request: AssessmentRequest,
): { subject: DerivedSubject; facts: OriginFacts | null; assessment: OriginAssessment } {
  const derived = deriveOriginFacts(graph, request);
  if (derived.missing.length > 0) {
    return {
      subject: derived.subject,
      facts: null,
      assessment: insufficientProvenance(request.fta, derived.missing),
    };
  }
  const parsed = originFactsSchema.safeParse(derived.facts);
  if (!parsed.success) throw new DerivedFactsInvalidError(toFieldIssues(parsed.error));
  return { subject: derived.subject, facts: parsed.data, assessment: assessOrigin(parsed.data) };
}

/**
 * Assesses recorded provenance and keeps the answer in IPFS; the returned id is the record's CID. When the
 * assessor is an API key's principal, a facility must be in good standing on chain (FACILITY_SUSPENDED) and
 * every key but the operator's draws on its daily quota of stored assessments (QUOTA_EXCEEDED, before any
 * work; given back when nothing is stored).
 *
 * @example
 * const { id, record } = await createAssessment(deps, { subjectId: "SHP-0001", fta: "EVFTA" }, "certifier:vcci");
 */
export async function createAssessment(
  deps: Omit<AssessmentDeps, "store"> & {
    store: Pick<DocumentStore, "put" | "get">;
    serviceDb?: ServiceDatabase;
    writeLimits?: Pick<WriteLimits, "assessmentsPerDay">;
  },
  request: AssessmentRequest,
  assessedBy: string | Principal,
  now: Date = new Date(),
): Promise<StoredAssessment> {
  let receipt: { refund(): void } | null = null;
  if (typeof assessedBy !== "string") {
    await refuseSuspendedWriter(deps.ledger, assessedBy);
    if (assessedBy.type !== "operator" && deps.serviceDb) {
      const limit = (deps.writeLimits ?? DEFAULT_WRITE_LIMITS).assessmentsPerDay;
      receipt = chargeUsage(
        deps.serviceDb,
        principalName(assessedBy),
        [{ quota: "assessments", limit, amount: 1 }],
        now,
      );
    }
  }
  try {
    const result = await assessRecordedProvenance(deps, request);
    const record = buildAssessmentRecord({
      request,
      subject: result.subject,
      facts: result.facts,
      assessment: result.assessment,
      assessedAt: now,
      assessedBy: typeof assessedBy === "string" ? assessedBy : principalName(assessedBy),
    });
    const stored = await putRecord(deps.store, record);
    // Noted for the programme's figures (origin pass rate per agreement); the record stays the judge.
    if (deps.serviceDb)
      noteAssessment(deps.serviceDb, {
        id: stored.cid,
        subjectId: record.subject.id,
        fta: record.assessment.fta,
        status: record.assessment.status,
        provisional: record.assessment.provisional,
        assessedBy: record.assessedBy,
        assessedAt: record.assessedAt,
      });
    return { id: stored.cid, record };
  } catch (error) {
    receipt?.refund();
    throw error;
  }
}

/** A stored assessment by id; NOT_FOUND when there is none (or the CID names something else). */
export async function loadAssessment(
  store: Pick<DocumentStore, "get">,
  id: string,
): Promise<StoredAssessment> {
  let record: unknown;
  try {
    record = (await getRecord(store, id)).record;
  } catch (error) {
    if (
      hasCode(error, "NOT_FOUND") ||
      hasCode(error, "INVALID_RECORD_REFERENCE") ||
      hasCode(error, "INVALID_CID") ||
      hasCode(error, "NOT_A_RECORD")
    )
      throw new NotFoundError("Assessment", id);
    throw error;
  }
  if (!AssessmentRecordEnvelopeSchema.safeParse(record).success) throw new NotFoundError("Assessment", id);
  return { id, record: record as AssessmentRecord };
}
