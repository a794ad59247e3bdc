/**
 * The checks of one lot (one production step): it is on chain as the read model says, its event record in
 * IPFS is the one the chain's digest names, it was recorded by the facility the record names, and every
 * document the record cites is retrievable and matches the hash in the record.
 */
import { hasCode } from "../errors/index";
import { isValidGtin, normalizeGtin } from "../garments/digital-link";
import type { Hex, LotState } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { FacilitySummary, LotView } from "../read-model/queries";
import { findLotState } from "../read-model/queries";
import { readEventRecord } from "../records/index";
import type { EventRecordRead } from "../records/index";
import type { Check, CheckStatus } from "./checks";
import { errorDetail, shortHex, worstStatus } from "./checks";
import { fetchRecordBytes } from "./content";
import { checkDocument } from "./document-checks";
import type { DocumentStatus, ReadBudget } from "./document-checks";
import type { LotCheckDeps } from "./deps";
import { checkedLotView, checkFacility, facilityIdsOf, indexDifferences } from "./checked-view";
import type { CheckedFacility, FacilityMemo, LotRecordedEvent } from "./checked-view";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";

/** A document cited by a lot's event record, with the outcome of its check. */
export interface DocumentVerification {
  lotId: string;
  type: string;
  cid: string;
  /** Hex sha-256 as the event record carries it. */
  sha256: string;
  mediaType: string | null;
  /** `unchecked`: not read yet (the request's budget was spent); its check is `unavailable`, never passed. */
  status: DocumentStatus;
  detail?: string;
  note?: CheckNote;
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
  /** The lot as it is shown: from the chain and the checked record (see checked-view.ts). */
  view: LotView;
  /** The checks of the facilities the lot names (`facility-record`, `facility-standing`); shared between lots. */
  facilityChecks: Check[];
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

/** The lot's LotRecorded event: read from the chain once per lot (a lot is recorded once), then kept. */
async function lotRecordOf(deps: LotCheckDeps, view: LotView): Promise<LotRecordedEvent | null> {
  const kept = deps.caches.lotRecords.get(view.lotKey);
  if (kept) return kept;
  const event = await deps.ledger.lotRecord(view.id);
  if (event && event.lotKey.toLowerCase() === view.lotKey.toLowerCase()) {
    deps.caches.lotRecords.set(view.lotKey, event);
    return event;
  }
  return null;
}

interface ChainReads {
  check: Check;
  event: LotRecordedEvent | null;
  chain: LotState | null;
}

async function chainRecordCheck(deps: LotCheckDeps, view: LotView): Promise<ChainReads> {
  const base = { id: `chain-record:${view.id}`, kind: "chain-record" as const, subject: view.id };
  let chain: LotState | null;
  let event: LotRecordedEvent | null;
  try {
    [chain, event] = await Promise.all([deps.ledger.getLot(view.id), lotRecordOf(deps, view)]);
  } catch (error) {
    // A kept copy of the chain record that does not check out against chain state is a failure, never a pass.
    const mismatch = hasCode(error, "CHAIN_ARCHIVE_MISMATCH");
    return {
      check: {
        ...base,
        status: mismatch ? "failed" : "unavailable",
        detail: mismatch ? errorDetail(error) : `the chain did not answer: ${errorDetail(error)}`,
        note: note(mismatch ? "chain-archive-mismatch" : "chain-unreachable"),
      },
      event: null,
      chain: null,
    };
  }
  if (!chain || !event)
    return {
      check: { ...base, status: "failed", detail: "no such lot on chain", note: note("lot-not-on-chain") },
      event: null,
      chain: null,
    };
  const differences = compareWithChain(view, findLotState(deps.indexDb, view.id)?.facilityKey, chain);
  if (event.operation !== view.operation)
    differences.push(`operation ${event.operation} on chain, ${view.operation} in the index`);
  return {
    check: differences.length
      ? {
          ...base,
          status: "failed",
          detail: differences.join("; "),
          note: note("chain-record-differs", { count: differences.length }),
        }
      : { ...base, status: "passed" },
    event,
    chain,
  };
}

async function recordCheck(
  deps: LotCheckDeps,
  view: LotView,
  event: LotRecordedEvent | null,
): Promise<{
  check: Check;
  record: Record<string, unknown> | null;
  read: EventRecordRead | null;
  cid: string;
}> {
  const base = { id: `record-digest:${view.id}`, kind: "record-digest" as const, subject: view.id };
  if (!event)
    return {
      check: {
        ...base,
        status: "unavailable",
        detail: "the chain's digest of the record could not be read",
        note: note("chain-digest-unreadable"),
      },
      record: null,
      read: null,
      cid: view.record.cid,
    };
  // The digest is the chain's (its LotRecorded event), never the read model's.
  const digest = event.recordDigest;
  const operation = event.operation;
  const fetched = await fetchRecordBytes(deps.store, digest);
  const cid = fetched.cid;
  if (fetched.status !== "passed")
    return {
      check: { ...base, status: fetched.status, detail: fetched.detail, note: fetched.note },
      record: null,
      read: null,
      cid,
    };
  let record = deps.caches.records.get(digest);
  if (!record) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(fetched.bytes));
    } catch {
      parsed = null;
    }
    if (readEventRecord(operation, parsed) === null) {
      return {
        check: {
          ...base,
          status: "failed",
          detail: "the record is not a JSON object",
          note: note("record-not-object"),
        },
        record: null,
        read: null,
        cid,
      };
    }
    record = parsed as Record<string, unknown>;
    deps.caches.records.set(digest, record);
  }
  // Only JSON objects are cached, and every JSON object reads.
  const read = readEventRecord(operation, record)!;
  // The bytes are the chain's, but they must also be the record of this lot and this kind of step.
  if (read.record.id === undefined || chainKey(read.record.id) !== event.lotKey.toLowerCase()) {
    return {
      check: {
        ...base,
        status: "failed",
        detail: `the record names lot '${String(record.id)}'`,
        note: note("record-names-other-lot", { lot: String(record.id) }),
      },
      record: null,
      read: null,
      cid,
    };
  }
  if (read.record.type !== operation) {
    return {
      check: {
        ...base,
        status: "failed",
        detail: `a ${String(record.type)} record for a ${operation}`,
        note: note("record-wrong-type", { type: String(record.type), operation }),
      },
      record: null,
      read: null,
      cid,
    };
  }
  // The contract checked the sewing's GTIN against the facility's GS1 prefixes: the record must carry that one.
  if (read.operation === "sewing" && event.committedGtin !== undefined) {
    const recorded = read.record.product?.gtin;
    if (recorded === undefined || !isValidGtin(recorded) || normalizeGtin(recorded) !== event.committedGtin) {
      return {
        check: {
          ...base,
          status: "failed",
          detail: `the record's GTIN ${String(recorded)} is not the GTIN ${event.committedGtin} the chain committed`,
          note: note("record-gtin-mismatch", { recorded: String(recorded), committed: event.committedGtin }),
        },
        record: null,
        read: null,
        cid,
      };
    }
  }
  return { check: { ...base, status: "passed", detail: `sha-256 ${shortHex(digest)}` }, record, read, cid };
}

/**
 * The contract accepts an operation only when it is signed by the registered key of the facility it names,
 * so the facility that recorded the lot on chain signed it; this check ties that facility to the one the
 * record names (the chain's LotRecorded facility, or for a transfer the sender the index took from LotShipped).
 */
function signatureCheck(
  deps: LotCheckDeps,
  view: LotView,
  event: LotRecordedEvent | null,
  read: EventRecordRead | null,
  facility: CheckedFacility | null,
): Check {
  const base = { id: `facility-signature:${view.id}`, kind: "facility-signature" as const, subject: view.id };
  if (!read || !event)
    return {
      ...base,
      status: "unavailable",
      detail: "the event record could not be checked",
      note: note("record-unchecked"),
    };
  const facilityId = read.record.facilityId;
  const transfer = read.operation === "shipment" && read.record.toFacilityId !== undefined;
  const signer = transfer ? findLotState(deps.indexDb, view.id)?.recordedByKey : event.facilityKey;
  if (facilityId === undefined || signer === undefined) {
    return {
      ...base,
      status: "failed",
      detail: "the record names no facility",
      note: note("record-names-no-facility"),
    };
  }
  if (chainKey(facilityId) !== signer.toLowerCase()) {
    return {
      ...base,
      status: "failed",
      detail: `the record names '${facilityId}', the chain's signer is ${shortHex(signer)}`,
      note: note("signer-mismatch", { facility: facilityId, signer: shortHex(signer) }),
    };
  }
  if (!facility?.chain) {
    const record = facility?.checks[0];
    return {
      ...base,
      status: record?.status === "failed" ? "failed" : "unavailable",
      detail: record?.detail ?? `facility '${facilityId}' could not be checked`,
      note: record?.note ?? note("facility-unchecked", { facility: facilityId }),
    };
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

/** The documents the checked record cites (without a checked record, none can be checked against it). */
function citedDocuments(read: EventRecordRead | null): CitedDocument[] {
  if (!read) return [];
  return (read.record.documents ?? []).flatMap((d) =>
    d?.cid !== undefined && d.sha256 !== undefined
      ? [{ type: d.type ?? "document", cid: d.cid, sha256: d.sha256, mediaType: d.mediaType ?? null }]
      : [],
  );
}

const unknownFacility = (id: string | null | undefined): FacilitySummary => ({
  id: id ?? null,
  name: null,
  country: "",
});

/**
 * Verifies one lot of the read model against the chain and IPFS, and gives the view of it to show: taken from
 * the chain and the checked record, never from the read model (whose copy is compared with it field by field).
 *
 * @example
 * const result = await verifyLot(deps, findLot(indexDb, "FL-0001")!);
 * result.checks.map((c) => `${c.id} ${c.status}`);
 */
export async function verifyLot(
  deps: LotCheckDeps,
  view: LotView,
  facilities: FacilityMemo = new Map(),
  budget?: ReadBudget,
): Promise<LotVerification> {
  const { check: chainCheck, event, chain } = await chainRecordCheck(deps, view);
  const { check: digestCheck, record, read, cid } = await recordCheck(deps, view, event);
  const ids = read ? facilityIdsOf(read) : { recordedBy: view.recordedBy.id, holder: view.facility.id };
  const [recordedBy, holder] = await Promise.all([
    ids.recordedBy ? checkFacility(deps, facilities, ids.recordedBy) : null,
    ids.holder ? checkFacility(deps, facilities, ids.holder) : null,
  ]);
  const signature = signatureCheck(deps, view, event, read, recordedBy);
  const documents = await Promise.all(
    citedDocuments(read).map(async (document): Promise<DocumentVerification> => {
      const outcome = await checkDocument(deps.store, deps.documents, budget, document);
      return {
        lotId: view.id,
        ...document,
        status: outcome.status,
        ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
        ...(outcome.note === undefined ? {} : { note: outcome.note }),
      };
    }),
  );
  const documentChecks: Check[] = documents.map((d, index) => ({
    id: `document-hash:${view.id}:${index}`,
    kind: "document-hash",
    subject: d.type,
    // Not yet checked is not verified: the check could not be made now.
    status: d.status === "unchecked" ? "unavailable" : d.status,
    detail: d.detail ?? `${d.cid} sha-256 ${shortHex(d.sha256)}`,
    ...(d.note ? { note: d.note } : {}),
  }));

  const fields: Check = {
    id: `record-fields:${view.id}`,
    kind: "record-fields",
    subject: view.id,
    status: "passed",
  };
  let shown = view;
  if (event && chain) {
    shown = checkedLotView({
      indexed: view,
      event,
      chain,
      read,
      recordCid: cid,
      facilities: {
        recordedBy: recordedBy?.summary ?? unknownFacility(ids.recordedBy),
        holder: holder?.summary ?? unknownFacility(ids.holder),
      },
    });
    const differences = indexDifferences(view, shown, read !== null);
    if (
      ids.holder !== undefined &&
      ids.holder !== null &&
      chainKey(ids.holder) !== chain.facilityKey.toLowerCase()
    )
      differences.push(`holder: the record gives '${ids.holder}', the chain another facility`);
    if (differences.length) {
      fields.status = "failed";
      fields.detail = `the read model differs from the chain and the record at ${differences.join(", ")}`;
      fields.note = note("read-model-differs", { count: differences.length });
    } else if (!read) {
      fields.status = "unavailable";
      fields.detail = "without its checked record, only what the chain holds is shown";
      fields.note = note("chain-only-fields");
    } else fields.detail = "every field shown comes from the checked record and the chain";
  } else {
    fields.status = chainCheck.status === "failed" ? "failed" : "unavailable";
    fields.detail = "the chain's copy of the lot could not be read";
    fields.note = note("chain-copy-unreadable");
  }
  const facilityChecks = [recordedBy, holder].flatMap((f) => f?.checks ?? []);
  const stepChecks = [chainCheck, digestCheck, signature, fields];
  return {
    lotId: view.id,
    checks: [...stepChecks, ...documentChecks],
    facilityChecks,
    stepStatus: worstStatus([...stepChecks, ...facilityChecks.filter((c) => c.kind === "facility-record")]),
    documents,
    record,
    view: shown,
  };
}
