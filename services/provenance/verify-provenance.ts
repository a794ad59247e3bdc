/**
 * Verification of a whole provenance graph: every lot checked (chain, record, signature, documents) and every
 * certificate over those lots, with one verdict. This is the `verifyProvenance` hook of
 * GET /api/v1/provenance/{id}.
 */
import type { Hex } from "../chain/ledger";
import type { LotView, ProvenanceGraph } from "../read-model/queries";
import type { Check, CheckStatus, Verdict } from "./checks";
import type { CheckNote } from "./check-notes";
import type { FacilityMemo } from "./checked-view";
import { verdictOf } from "./checks";
import { verifyCertificates } from "./certificates";
import type { CertificateVerification } from "./certificates";
import type { ProvenanceDeps } from "./deps";
import { verifyLot } from "./verify-lot";
import { createReadBudget } from "./document-checks";
import type { DocumentStatus } from "./document-checks";
import type { LotVerification } from "./verify-lot";

/** The verification of a set of lots. */
export interface LotsVerification {
  verdict: Verdict;
  /** Every check, lot by lot in the order given, then the certificates. */
  checks: Check[];
  lots: Map<string, LotVerification>;
  /** The lots as they are shown, in the order given: from the chain and the checked records. */
  views: LotView[];
  /** Facilities of these lots suspended on chain. */
  suspended: { id: string; name: string | null }[];
  certificates: CertificateVerification[];
  verifiedAt: string;
}

/** Verifies `nodes` and the certificates over them, concurrently; each facility is checked once. */
export async function verifyLots(deps: ProvenanceDeps, nodes: readonly LotView[]): Promise<LotsVerification> {
  const facilities: FacilityMemo = new Map();
  // One budget for every document of the request, whatever the lots cite.
  const budget = deps.documents ? createReadBudget(deps.documents.budgetBytes) : undefined;
  const [results, certificates] = await Promise.all([
    Promise.all(nodes.map((node) => verifyLot(deps, node, facilities, budget))),
    verifyCertificates(deps, new Map(nodes.map((node) => [node.id, node.lotKey] as [string, Hex]))),
  ]);
  const facilityChecks = new Map<string, Check>();
  for (const result of results)
    for (const check of result.facilityChecks) facilityChecks.set(check.id, check);
  const checks = [
    ...results.flatMap((result) => result.checks),
    ...facilityChecks.values(),
    ...certificates.checks,
  ];
  const suspended: LotsVerification["suspended"] = [];
  for (const checked of await Promise.all(facilities.values())) {
    if (checked.chain?.suspended)
      suspended.push({ id: checked.summary.id ?? "", name: checked.summary.name });
  }
  return {
    verdict: verdictOf(checks),
    checks,
    lots: new Map(results.map((result) => [result.lotId, result])),
    views: results.map((result) => result.view),
    suspended,
    certificates: certificates.certificates,
    verifiedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
}

/** A provenance graph with a verdict on every node and document, and one overall. */
export type VerifiedProvenanceGraph = Omit<ProvenanceGraph, "nodes"> & {
  nodes: (Omit<LotView, "documents"> & {
    documents: (LotView["documents"][number] & {
      verification: DocumentStatus;
      detail?: string;
      note?: CheckNote;
    })[];
    verification: { verdict: Verdict; status: CheckStatus; checks: Check[] };
  })[];
  certificates: CertificateVerification[];
  verification: { verdict: Verdict; verifiedAt: string; checks: Check[] };
};

/**
 * Adds verification to a provenance graph from the read model.
 *
 * @example
 * const graph = findUpstreamGraph(indexDb, "SHP-0001")!;
 * const verified = await verifyProvenance(deps, graph);
 * verified.verification.verdict; // "authentic" | "unverified" | "tampered"
 */
export async function verifyProvenance(
  deps: ProvenanceDeps,
  graph: ProvenanceGraph,
): Promise<VerifiedProvenanceGraph> {
  const result = await verifyLots(deps, graph.nodes);
  // Nodes and edges as the chain and the checked records give them (the read model only found them).
  const edges = result.views.flatMap((view) =>
    view.inputs.map((input) => ({
      from: input.lotId,
      to: view.id,
      quantity: input.quantity,
      unit: input.unit,
      role: input.role,
    })),
  );
  return {
    ...graph,
    edges,
    nodes: result.views.map((node) => {
      const lot = result.lots.get(node.id)!;
      return {
        ...node,
        // The record's citations (verified against its digest), each with the outcome of its hash check.
        documents: lot.documents.map((d) => ({
          type: d.type,
          cid: d.cid,
          sha256: d.sha256,
          mediaType: d.mediaType,
          verification: d.status,
          ...(d.detail ? { detail: d.detail } : {}),
          ...(d.note ? { note: d.note } : {}),
        })),
        verification: { verdict: verdictOf(lot.checks), status: lot.stepStatus, checks: lot.checks },
      };
    }),
    certificates: result.certificates,
    verification: { verdict: result.verdict, verifiedAt: result.verifiedAt, checks: result.checks },
  };
}
