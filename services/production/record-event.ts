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

/** Refuses a facility that is unknown, suspended or without the event's role. */
export function checkFacility(indexDb: IndexDatabase, facilityId: string, type: EventBody["type"]): void {
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

/**
 * Refuses inputs the chain would refuse, with the lot named: unknown, held elsewhere, wrong kind or unit, too
 * little. `claimed` is what earlier events of the same batch take from each lot (not yet in the index).
 */
function checkInputs(
  indexDb: IndexDatabase,
  facilityId: string,
  event: EventBody,
  claimed?: ReadonlyMap<string, number>,
): void {
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
    const remaining = lot.remaining - (claimed?.get(input.lotId) ?? 0);
    if (input.quantity.amount > remaining + 1e-9) {
      throw new InsufficientQuantityError(input.lotId, input.quantity.amount, remaining, lot.unit);
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
  batch: BatchContext,
): Promise<void> {
  if (event.type !== "sewing") return;
  const { gtin } = event.body.product;
  const prefixes = await (batch.gtinPrefixes ??= ledger.getGtinPrefixes(facilityId));
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
  return oneAfterAnother(deps.indexDb, [event.body.id], () => recordEventNow(deps, facilityId, event));
}

/**
 * Runs `work` once every posting in flight of one of `lotIds` has settled, and holds those ids until it has:
 * postings of one lot id run one after the other, so a duplicate sent while the first is in flight sees the
 * first one recorded (and gets its answer, or DUPLICATE_ID) instead of racing it to the chain.
 */
export async function oneAfterAnother<T>(
  indexDb: IndexDatabase,
  lotIds: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  let inFlight = postingsInFlight.get(indexDb);
  if (!inFlight) postingsInFlight.set(indexDb, (inFlight = new Map()));
  const ids = [...new Set(lotIds)];
  const previous = ids.flatMap((id) => inFlight.get(id) ?? []);
  const current = (previous.length === 0 ? Promise.resolve() : Promise.all(previous)).then(work);
  const settled = current.then(
    () => undefined,
    () => undefined,
  );
  for (const id of ids) inFlight.set(id, settled);
  try {
    return await current;
  } finally {
    for (const id of ids) if (inFlight.get(id) === settled) inFlight.delete(id);
  }
}

const postingsInFlight = new WeakMap<IndexDatabase, Map<string, Promise<void>>>();

async function recordEventNow(
  deps: RecordEventDeps,
  facilityId: string,
  event: EventBody,
): Promise<EventAccepted> {
  checkFacility(deps.indexDb, facilityId, event.type);
  const prepared = await prepareEvent(deps, facilityId, event, {});
  if ("answer" in prepared) return prepared.answer;
  return commitPrepared(deps, facilityId, prepared, await putRecord(deps.store, prepared.record));
}

/** What a batch shares while its events are prepared one after the other. */
export interface BatchContext {
  /** The facility's GS1 company prefixes, read from the chain once per batch. */
  gtinPrefixes?: Promise<string[]>;
  /** What the batch's earlier events take from each lot. */
  claimed?: Map<string, number>;
}

/** An event checked and its record built, ready to be stored and sent to the chain. */
export interface PreparedEvent {
  event: EventBody;
  record: ReturnType<typeof buildEventRecord>;
  garmentsRoot: Hex | null;
}

/**
 * Checks `event` as the chain would (citations, inputs, yield, GTIN) and builds its record; a posting repeated
 * with the same record answers as the first time (`answer`). Throws the refusal otherwise. The facility is
 * checked by the caller ({@link checkFacility}), once per batch.
 */
export async function prepareEvent(
  deps: RecordEventDeps,
  facilityId: string,
  event: EventBody,
  batch: BatchContext,
): Promise<PreparedEvent | { answer: EventAccepted }> {
  const { indexDb } = deps;
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
    checkInputs(indexDb, facilityId, event, batch.claimed);
    checkYield(limits, event);
    await checkGtin(deps.ledger, facilityId, event, batch);
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
    if (original) return { answer: original };
    throw new DuplicateIdError("Lot", event.body.id);
  }
  if (batch.claimed && event.type !== "fabric-lot") {
    for (const input of event.body.inputs)
      batch.claimed.set(input.lotId, (batch.claimed.get(input.lotId) ?? 0) + input.quantity.amount);
  }
  return { event, record, garmentsRoot: garments?.root ?? null };
}

/**
 * Sends a prepared event whose record is stored to the chain and answers once it is mined, journalled and
 * indexed; a DUPLICATE_ID from the chain for the same posting (a race with a retry) answers as the first.
 */
export async function commitPrepared(
  deps: Pick<RecordEventDeps, "ledger" | "indexDb">,
  facilityId: string,
  prepared: PreparedEvent,
  stored: { cid: string; digest: Hex },
): Promise<EventAccepted> {
  const { event } = prepared;
  try {
    const receipt = await deps.ledger.record(
      toOperation(event, facilityId, stored.digest, prepared.garmentsRoot),
    );
    return {
      id: event.body.id,
      txHash: receipt.txHash,
      blockNumber: receipt.blockNumber,
      recordCid: stored.cid,
    };
  } catch (error) {
    if (hasCode(error, "DUPLICATE_ID")) {
      const original = samePosting(deps.indexDb, event.body.id, facilityId, stored.digest);
      if (original) return original;
    }
    throw error;
  }
}
