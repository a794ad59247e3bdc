/**
 * The checks of one lot (one production step): it is on chain as the read model says, its event record in
 * IPFS is the one the chain's digest names, it was recorded by the facility the record names, and every
 * document the record cites is retrievable and matches the hash in the record.
 */
import type { Hex, LotState } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { LotView } from "../read-model/queries";
import { findLotState } from "../read-model/queries";
import { readEventRecord } from "../records/index";
import type { EventRecordRead } from "../records/index";
import type { Check, CheckStatus } from "./checks";
import { errorDetail, shortHex, worstStatus } from "./checks";
import { fetchRecordBytes, fetchVerified } from "./content";
import type { ProvenanceDeps } from "./deps";

/** A document cited by a lot's event record, with the outcome of its check. */
export interface DocumentVerification {
  lotId: string;
  type: string;
  cid: string;
  /** Hex sha-256 as the event record carries it. */
  sha256: string;
  mediaType: string | null;
  status: CheckStatus;
  detail?: string;
}

/** The outcome for one lot. */
export interface LotVerification {
  lotId: string;
  /** chain-record, record-digest, facility-signature, then one document-hash per document. */
  checks: Check[];
  /** The step's own status: its chain record, record digest and signature (documents are apart). */
  stepStatus: CheckStatus;
  documents: DocumentVerification[];
  /** The event record, when its bytes matched the chain's digest; null otherwise. */
  record: Record<string, unknown> | null;
}

const QUANTITY_TOLERANCE = 1e-9;

function compareWithChain(view: LotView, holderKey: Hex | undefined, chain: LotState): string[] {
  const differences: string[] = [];
  if (chain.kind !== view.kind) differences.push(`kind ${chain.kind} on chain, ${view.kind} in the index`);
  if (chain.unit !== view.unit) differences.push(`unit ${chain.unit} on chain, ${view.unit} in the index`);
  if (Math.abs(chain.quantity - view.quantity) > QUANTITY_TOLERANCE)
    differences.push(`quantity ${chain.quantity} on chain, ${view.quantity} in the index`);
  if (holderKey !== undefined && chain.facilityKey.toLowerCase() !== holderKey.toLowerCase())
    differences.push(`holder ${shortHex(chain.facilityKey)} on chain, ${shortHex(holderKey)} in the index`);
  return differences;
}

async function chainRecordCheck(deps: ProvenanceDeps, view: LotView): Promise<Check> {
  const base = { id: `chain-record:${view.id}`, kind: "chain-record" as const, subject: view.id };
  let chain: LotState | null;
  try {
    chain = await deps.ledger.getLot(view.id);
  } catch (error) {
    return { ...base, status: "unavailable", detail: `the chain did not answer: ${errorDetail(error)}` };
  }
  if (!chain) return { ...base, status: "failed", detail: "no such lot on chain" };
  const differences = compareWithChain(view, findLotState(deps.indexDb, view.id)?.facilityKey, chain);
  return differences.length
    ? { ...base, status: "failed", detail: differences.join("; ") }
    : { ...base, status: "passed" };
}

async function recordCheck(
  deps: ProvenanceDeps,
  view: LotView,
): Promise<{ check: Check; record: Record<string, unknown> | null; read: EventRecordRead | null }> {
  const base = { id: `record-digest:${view.id}`, kind: "record-digest" as const, subject: view.id };
  const digest = view.record.digest;
  const fetched = await fetchRecordBytes(deps.store, digest);
  if (fetched.status !== "passed")
    return { check: { ...base, status: fetched.status, detail: fetched.detail }, record: null, read: null };
  let record = deps.caches.records.get(digest);
  if (!record) {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fetched.bytes));
    if (readEventRecord(view.operation, parsed) === null) {
      return {
        check: { ...base, status: "failed", detail: "the record is not a JSON object" },
        record: null,
        read: null,
      };
    }
    record = parsed as Record<string, unknown>;
    deps.caches.records.set(digest, record);
  }
  // Only JSON objects are cached, and every JSON object reads.
  const read = readEventRecord(view.operation, record)!;
  // The bytes are the chain's, but they must also be the record of this lot and this kind of step.
  if (read.record.id === undefined || chainKey(read.record.id) !== view.lotKey) {
    return {
      check: { ...base, status: "failed", detail: `the record names lot '${String(record.id)}'` },
      record: null,
      read: null,
    };
  }
  if (read.record.type !== view.operation) {
    return {
      check: { ...base, status: "failed", detail: `a ${String(record.type)} record for a ${view.operation}` },
      record: null,
      read: null,
    };
  }
  return { check: { ...base, status: "passed", detail: `sha-256 ${shortHex(digest)}` }, record, read };
}

/**
 * The contract accepts an operation only when it is signed by the registered key of the facility it names,
 * so the facility that recorded the lot on chain signed it; this check ties that facility to the one the
 * record names, and asks the chain that it is registered.
 */
async function signatureCheck(
  deps: ProvenanceDeps,
  view: LotView,
  read: EventRecordRead | null,
): Promise<Check> {
  const base = { id: `facility-signature:${view.id}`, kind: "facility-signature" as const, subject: view.id };
  if (!read) return { ...base, status: "unavailable", detail: "the event record could not be checked" };
  const facilityId = read.record.facilityId;
  const recordedBy = findLotState(deps.indexDb, view.id)?.recordedByKey;
  if (facilityId === undefined || recordedBy === undefined) {
    return { ...base, status: "failed", detail: "the record names no facility" };
  }
  if (chainKey(facilityId) !== recordedBy.toLowerCase()) {
    return {
      ...base,
      status: "failed",
      detail: `the record names '${facilityId}', the chain's signer is ${shortHex(recordedBy)}`,
    };
  }
  try {
    const facility = await deps.ledger.getFacility(facilityId);
    if (!facility) return { ...base, status: "failed", detail: `facility '${facilityId}' is not registered` };
  } catch (error) {
    return { ...base, status: "unavailable", detail: `the chain did not answer: ${errorDetail(error)}` };
  }
  return {
    ...base,
    status: "passed",
    detail: `recorded on chain under the registered key of '${facilityId}'`,
  };
}

interface CitedDocument {
  type: string;
  cid: string;
  sha256: string;
  mediaType: string | null;
}

function citedDocuments(view: LotView, read: EventRecordRead | null): CitedDocument[] {
  if (!read) {
    // Without a verified record, the read model's copy of the citations is all there is.
    return view.documents
      .filter((d) => d.sha256 !== null)
      .map((d) => ({ type: d.type, cid: d.cid, sha256: d.sha256!, mediaType: d.mediaType }));
  }
  return (read.record.documents ?? []).flatMap((d) =>
    d?.cid !== undefined && d.sha256 !== undefined
      ? [{ type: d.type ?? "document", cid: d.cid, sha256: d.sha256, mediaType: d.mediaType ?? null }]
      : [],
  );
}

/**
 * Verifies one lot of the read model against the chain and IPFS.
 *
 * @example
 * const result = await verifyLot(deps, findLot(indexDb, "FL-0001")!);
 * result.checks.map((c) => `${c.id} ${c.status}`);
 */
export async function verifyLot(deps: ProvenanceDeps, view: LotView): Promise<LotVerification> {
  const [chainCheck, { check: digestCheck, record, read }] = await Promise.all([
    chainRecordCheck(deps, view),
    recordCheck(deps, view),
  ]);
  const signature = await signatureCheck(deps, view, read);
  const documents = await Promise.all(
    citedDocuments(view, read).map(async (document): Promise<DocumentVerification> => {
      const outcome = await fetchVerified(deps.store, document.cid, document.sha256);
      return {
        lotId: view.id,
        ...document,
        status: outcome.status,
        ...(outcome.status === "passed" ? {} : { detail: outcome.detail }),
      };
    }),
  );
  const documentChecks: Check[] = documents.map((d, index) => ({
    id: `document-hash:${view.id}:${index}`,
    kind: "document-hash",
    subject: d.type,
    status: d.status,
    detail: d.detail ?? `${d.cid} sha-256 ${shortHex(d.sha256)}`,
  }));
  const stepChecks = [chainCheck, digestCheck, signature];
  return {
    lotId: view.id,
    checks: [...stepChecks, ...documentChecks],
    stepStatus: worstStatus(stepChecks),
    documents,
    record,
  };
}
