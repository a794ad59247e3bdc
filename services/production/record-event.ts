/**
 * Recording a production event, as the business tells it: the posting facility must be active and have the
 * role; the documents it cites must exist; its inputs must be lots it holds, of the right kind and unit, with
 * enough left. The event record goes to IPFS, its digest to the chain, and the answer comes once the block is
 * mined, journalled and indexed. Posting the same event again (same id, same record) answers as the first time.
 */
import type { FacilityRole, Hex, Ledger, LedgerOperation, LotKind } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import {
  AppError,
  ConflictError,
  DuplicateIdError,
  ForbiddenError,
  hasCode,
  InsufficientQuantityError,
  NotFoundError,
  ValidationError,
} from "../errors/index";
import type { IndexDatabase } from "../read-model/database";
import { findFacility, findLotReceipt, findLotState } from "../read-model/queries";
import type { DocumentStore } from "../ipfs/index";
import { buildEventRecord, encodeRecord, putRecord, sha256Hex } from "../records/index";
import { gtinPrefixOf } from "../records/facility";
import type { EventBody } from "../records/index";
import type { ServiceDatabase } from "../service-db/database";
import { DEFAULT_WRITE_LIMITS } from "../config/index";
import type { WriteLimits } from "../config/index";
import { DocumentsTooLargeError, DocumentsTooManyError, resolveCitations } from "../documents/documents";
import { checkRanOn } from "../facilities/equipment";
import { checkYield } from "./plausibility";
import type { CommitGarments } from "./garment-commitment";

/** Where a recorded event landed: the answer to its posting (and to every identical re-posting). */
export interface EventAccepted {
  id: string;
  txHash: string;
  blockNumber: number;
  /** CID of the event record in IPFS. */
  recordCid: string;
}

export interface RecordEventDeps {
  ledger: Pick<Ledger, "record" | "getGtinPrefixes">;
  store: Pick<DocumentStore, "put" | "get" | "has">;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  commitGarments: CommitGarments;
  /** Documents per event, bytes per lot and yield bounds (default {@link DEFAULT_WRITE_LIMITS}). */
  writeLimits?: WriteLimits;
}

const REQUIRED_ROLE: Record<EventBody["type"], FacilityRole> = {
  "fabric-lot": "fabric",
  cutting: "cutting",
  sewing: "sewing",
  shipment: "shipping",
};

const INPUT_KIND: Record<"cutting" | "sewing", LotKind> = { cutting: "fabric", sewing: "cut-bundles" };

/** The answer a recorded lot gives, read back from the index. */
function acceptedAnswer(indexDb: IndexDatabase, lotId: string): EventAccepted | null {
  const receipt = findLotReceipt(indexDb, lotId);
  return receipt ? { id: lotId, ...receipt } : null;
}

/** The original answer when lot `lotId` was recorded by this facility with exactly this record, else null. */
function samePosting(
  indexDb: IndexDatabase,
  lotId: string,
  facilityId: string,
  digest: Hex,
): EventAccepted | null {
  const existing = findLotState(indexDb, lotId);
  if (!existing || existing.recordDigest !== digest || existing.recordedByKey !== chainKey(facilityId))
    return null;
  return acceptedAnswer(indexDb, lotId);
}

function checkFacility(indexDb: IndexDatabase, facilityId: string, type: EventBody["type"]): void {
  const facility = findFacility(indexDb, facilityId);
  if (!facility) throw new ForbiddenError(`Facility '${facilityId}' is not registered on chain`);
  if (facility.suspended) {
    throw new AppError("FACILITY_SUSPENDED", `Facility '${facilityId}' is suspended`, {
      details: { facilityId },
    });
  }
  const role = REQUIRED_ROLE[type];
  if (!facility.roles.includes(role)) {
    throw new AppError(
      "FACILITY_ROLE_MISSING",
      `Facility '${facilityId}' is not registered for ${type} events`,
      {
        details: { facilityId, role },
      },
    );
  }
}

/** Refuses inputs the chain would refuse, with the lot named: unknown, held elsewhere, wrong kind or unit, too little. */
function checkInputs(indexDb: IndexDatabase, facilityId: string, event: EventBody): void {
  if (event.type === "fabric-lot") return;
  const facilityKey = chainKey(facilityId);
  const kinds = new Set<LotKind>();
  for (const [index, input] of event.body.inputs.entries()) {
    const lot = findLotState(indexDb, input.lotId);
    if (!lot) throw new NotFoundError("Lot", input.lotId);
    if (lot.facilityKey !== facilityKey) {
      throw new ForbiddenError(`Lot '${input.lotId}' is not held by facility '${facilityId}'`, {
        lotId: input.lotId,
        field: `inputs.${index}.lotId`,
      });
    }
    const expected =
      event.type === "shipment"
        ? event.body.toFacilityId === undefined
          ? "garment-batch"
          : lot.kind
        : INPUT_KIND[event.type];
    if (lot.kind !== expected || lot.kind === "shipment") {
      throw new ConflictError(
        "WRONG_LOT_KIND",
        `Lot '${input.lotId}' cannot be consumed by a ${event.type}`,
        {
          lotId: input.lotId,
          expected,
          actual: lot.kind,
        },
      );
    }
    kinds.add(lot.kind);
    if (lot.unit !== input.quantity.unit) {
      throw new ConflictError("UNIT_MISMATCH", `Lot '${input.lotId}' is counted in ${lot.unit}`, {
        lotId: input.lotId,
        expected: lot.unit,
        actual: input.quantity.unit,
      });
    }
    if (input.quantity.amount > lot.remaining + 1e-9) {
      throw new InsufficientQuantityError(input.lotId, input.quantity.amount, lot.remaining, lot.unit);
    }
  }
  if (kinds.size > 1) {
    throw new ConflictError("WRONG_LOT_KIND", "A transfer moves lots of one kind only", {
      kinds: [...kinds],
    });
  }
  if (event.type === "shipment" && event.body.toFacilityId !== undefined) {
    if (event.body.toFacilityId === facilityId) {
      throw new ValidationError([{ path: "toFacilityId", message: "must be another facility" }]);
    }
    if (!findFacility(indexDb, event.body.toFacilityId))
      throw new NotFoundError("Facility", event.body.toFacilityId);
  }
}

/**
 * Refuses a sewing whose GTIN is not under one of the facility's GS1 company prefixes, as the chain would,
 * naming the GTIN and the prefixes. The prefixes are read from the chain, which alone says who may use a GTIN.
 */
async function checkGtin(
  ledger: Pick<Ledger, "getGtinPrefixes">,
  facilityId: string,
  event: EventBody,
): Promise<void> {
  if (event.type !== "sewing") return;
  const { gtin } = event.body.product;
  const prefixes = await ledger.getGtinPrefixes(facilityId);
  if (gtinPrefixOf(gtin, prefixes) === null) {
    throw new AppError(
      "GTIN_NOT_AUTHORIZED",
      prefixes.length === 0
        ? `Facility '${facilityId}' has no GS1 company prefix registered, so it may not sew under GTIN ${gtin}`
        : `GTIN ${gtin} is not under a GS1 company prefix of facility '${facilityId}' (${prefixes.join(", ")})`,
      { details: { facilityId, gtin, prefixes, field: "product.gtin" } },
    );
  }
}

function toOperation(
  event: EventBody,
  facilityId: string,
  recordDigest: Hex,
  garmentsRoot: Hex | null,
): LedgerOperation {
  const base = { lotId: event.body.id, facilityId, recordDigest };
  switch (event.type) {
    case "fabric-lot":
      return { ...base, kind: "fabric-lot", quantity: event.body.quantity };
    case "cutting":
      return {
        ...base,
        kind: "cutting",
        inputs: event.body.inputs.map(({ lotId, quantity }) => ({ lotId, quantity })),
        quantity: event.body.output.quantity,
      };
    case "sewing":
      return {
        ...base,
        kind: "sewing",
        inputs: event.body.inputs,
        quantity: event.body.output.quantity,
        garmentsRoot: garmentsRoot!,
        gtin: event.body.product.gtin,
      };
    case "shipment":
      return {
        ...base,
        kind: "shipment",
        inputs: event.body.inputs,
        ...(event.body.toFacilityId === undefined ? {} : { recipientFacilityId: event.body.toFacilityId }),
      };
  }
}

/**
 * Records one event for `facilityId` and answers where it landed.
 *
 * @example
 * const accepted = await recordEvent(deps, "mill-a", { type: "fabric-lot", body });
 * // { id: "FL-0001", txHash: "0x…", blockNumber: 7, recordCid: "bafkrei…" }
 */
export async function recordEvent(
  deps: RecordEventDeps,
  facilityId: string,
  event: EventBody,
): Promise<EventAccepted> {
  // Postings of one lot id run one after the other, so a duplicate sent while the first is in flight sees the
  // first one recorded (and gets its answer, or DUPLICATE_ID) instead of racing it to the chain.
  let inFlight = postingsInFlight.get(deps.indexDb);
  if (!inFlight) postingsInFlight.set(deps.indexDb, (inFlight = new Map()));
  const lotId = event.body.id;
  const previous = inFlight.get(lotId) ?? Promise.resolve();
  const current = previous.then(() => recordEventNow(deps, facilityId, event));
  const settled = current.then(
    () => undefined,
    () => undefined,
  );
  inFlight.set(lotId, settled);
  try {
    return await current;
  } finally {
    if (inFlight.get(lotId) === settled) inFlight.delete(lotId);
  }
}

const postingsInFlight = new WeakMap<IndexDatabase, Map<string, Promise<void>>>();

async function recordEventNow(
  deps: RecordEventDeps,
  facilityId: string,
  event: EventBody,
): Promise<EventAccepted> {
  const { indexDb } = deps;
  checkFacility(indexDb, facilityId, event.type);

  const limits = deps.writeLimits ?? DEFAULT_WRITE_LIMITS;
  // Proofs cited beside the documents: a fabric's originating claims, a sewing's trim stages (where the
  // thread was spun, the elastic formed). Each must be an upload, like the documents, and counts toward them.
  const proofs: { path: string; cid: string }[] =
    event.type === "fabric-lot"
      ? (event.body.originating ?? []).flatMap((claim, index) =>
          claim.proofCid === undefined
            ? []
            : [{ path: `originating.${index}.proofCid`, cid: claim.proofCid }],
        )
      : event.type === "sewing"
        ? (event.body.trims ?? []).flatMap((trim, index) =>
            (trim.stages ?? []).flatMap((stage, stageIndex) =>
              stage.proofCid === undefined
                ? []
                : [{ path: `trims.${index}.stages.${stageIndex}.proofCid`, cid: stage.proofCid }],
            ),
          )
        : [];
  // Every cited document is a fetch and a hash for every later reader: bounded before any is looked up.
  const citedCount = (event.body.documents ?? []).length + proofs.length;
  if (citedCount > limits.maxDocumentsPerEvent)
    throw new DocumentsTooManyError(limits.maxDocumentsPerEvent, citedCount);
  const { citations: cited, sizes } = await resolveCitations(
    { store: deps.store, db: deps.serviceDb },
    event.body.documents ?? [],
  );
  for (const proof of proofs) {
    const resolved = await resolveCitations({ store: deps.store, db: deps.serviceDb }, [
      { type: "origin-proof", cid: proof.cid },
    ]).catch((error: unknown) => {
      // Only "no such document" is the caller's fault; an unreachable store stays UNAVAILABLE.
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError([{ path: proof.path, message: "no such document: upload it first" }]);
    });
    for (const [cid, size] of resolved.sizes) sizes.set(cid, size);
  }
  const totalBytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  if (totalBytes > limits.maxDocumentBytesPerLot)
    throw new DocumentsTooLargeError(limits.maxDocumentBytesPerLot, totalBytes);
  // Refusals come before anything is stored: a refused event leaves no record or manifest behind.
  const exists = findLotState(indexDb, event.body.id) !== null;
  if (!exists) {
    // The line or machine a cutting or sewing names must be one the facility registered.
    if (event.type === "cutting" || event.type === "sewing")
      checkRanOn(deps.serviceDb, facilityId, event.body);
    checkInputs(indexDb, facilityId, event);
    checkYield(limits, event);
    await checkGtin(deps.ledger, facilityId, event);
  }
  const garments =
    event.type === "sewing"
      ? {
          count: event.body.output.quantity.amount,
          ...(await deps.commitGarments({ lotId: event.body.id, count: event.body.output.quantity.amount })),
        }
      : undefined;
  const record = buildEventRecord(event, facilityId, cited, garments);
  const digest = sha256Hex(encodeRecord(record));

  // A lot with this id exists: the same posting again (a retry after a crash) gets the first answer.
  if (exists) {
    const original = samePosting(indexDb, event.body.id, facilityId, digest);
    if (original) return original;
    throw new DuplicateIdError("Lot", event.body.id);
  }

  const stored = await putRecord(deps.store, record);
  try {
    const receipt = await deps.ledger.record(
      toOperation(event, facilityId, stored.digest, garments?.root ?? null),
    );
    return {
      id: event.body.id,
      txHash: receipt.txHash,
      blockNumber: receipt.blockNumber,
      recordCid: stored.cid,
    };
  } catch (error) {
    if (hasCode(error, "DUPLICATE_ID")) {
      const original = samePosting(indexDb, event.body.id, facilityId, stored.digest);
      if (original) return original;
    }
    throw error;
  }
}
