/**
 * Capturing an EPCIS 2.0 document for one facility: every event is hashed (CBV 2.0, the idempotency
 * identity), mapped to a threadproof event where it is one (services/epcis/mapping.ts) and recorded through
 * the same use case as the JSON endpoints, in its batch form (services/production/record-batch.ts:
 * authorization, mass balance, idempotency per event; one IPFS pass and shared transactions per wave); every
 * other event is kept. Each captured event's canonical JSON goes to IPFS, and the
 * capture commits to all of them with one Merkle root (services/epcis/commitment.ts): each event is stored
 * with its proof, so it is provable alone.
 *
 * Error behaviour (GS1 `GS1-Capture-Error-Behaviour`):
 * - `rollback`: every event is checked first — mapping, the facility it names, and the lots it consumes
 *   against what remains (counting what earlier events of the capture make and use), the documents it cites
 *   — and one refusal records nothing; each wave is recorded all or nothing too. A refusal only the chain can give (a race with another writer) stops the capture where
 *   it is; the job then names what was recorded.
 * - `proceed`: the events that can be recorded are; each refused one is named in the job's errors.
 */
import canonicalize from "canonicalize";
import { AppError, hasCode, ValidationError } from "../errors/index";
import { resolveCitations } from "../documents/documents";
import type { EventBody } from "../records/events";
import { findLotState } from "../read-model/queries";
import type { Hex, Ledger } from "../chain/ledger";
import { putRecord } from "../records/store";
import { chainKey } from "../chain/keys";
import { ranOnIssues } from "../facilities/equipment";
import { recordEvents } from "../production/record-batch";
import type { RecordEventDeps } from "../production/record-event";
import {
  captureCommitmentId,
  commitCapture,
  eventHash,
  eventsOf,
  ignoredFieldsOf,
  isJsonObject,
  mapEpcisEvent,
} from "../epcis/index";
import type { EpcisIssue, JsonObject, JsonValue } from "../epcis/index";
import type { JobError } from "../service-db/jobs";
import { finishJob, recordJobProgress } from "../service-db/jobs";
import { findEpcisEventByHash, storeEpcisEvents } from "../service-db/epcis-events";
import type { StoredEpcisEvent } from "../service-db/epcis-events";
import { storedEventRow } from "./stored-row";

export type CaptureErrorBehaviour = "rollback" | "proceed";

/** What happened to one event of a capture. */
export interface CapturedEventOutcome {
  index: number;
  eventID: string;
  eventHash: string;
  /** `recorded`: a threadproof event was recorded; `kept`: stored and anchored only; `duplicate`: captured before. */
  outcome: "recorded" | "kept" | "duplicate" | "refused" | "not-captured";
  lotId?: string;
  recordCid?: string;
}

export interface CaptureResult {
  success: boolean;
  captureRoot: string | null;
  events: CapturedEventOutcome[];
  errors: JobError[];
}

export type CaptureDeps = RecordEventDeps & {
  ledger: Pick<Ledger, "record" | "getGtinPrefixes" | "eventCommitment">;
};

interface PreparedEvent {
  index: number;
  pointer: string;
  event: JsonObject;
  eventHash: string;
  eventID: string;
  mapped?: EventBody;
  issues: JobError[];
  duplicateOf?: "capture" | "stored";
}

function issueError(issue: EpcisIssue, fallbackIndex: number, eventID: string): JobError {
  return {
    index: issue.eventIndex ?? fallbackIndex,
    itemId: issue.eventID ?? eventID,
    pointer: issue.pointer,
    code: "VALIDATION_FAILED",
    message: issue.message,
  };
}

/** The error a refused event gets in the job: the use case's code and message, the field when it names one. */
function refusalOf(error: unknown, prepared: PreparedEvent): JobError {
  const base = { index: prepared.index, itemId: prepared.eventID };
  if (error instanceof AppError) {
    const details = error.details as { field?: unknown; fields?: { path?: unknown }[] } | undefined;
    const field =
      typeof details?.field === "string"
        ? details.field
        : typeof details?.fields?.[0]?.path === "string"
          ? details.fields[0].path
          : undefined;
    return {
      ...base,
      pointer: field === undefined ? prepared.pointer : `${prepared.pointer} (${field})`,
      code: error.code,
      message: error.message,
    };
  }
  return { ...base, pointer: prepared.pointer, code: "INTERNAL", message: "the event could not be recorded" };
}

/**
 * Checks mapped events before anything is recorded: the line and equipment a cutting or sewing names must
 * be registered by the facility, and each input lot must exist (in the index or made earlier in the
 * capture), be held by the facility and have enough left, counting what earlier events of the capture use.
 * Returns the events it refuses, with their errors.
 */
function preflight(
  deps: CaptureDeps,
  facilityId: string,
  events: readonly PreparedEvent[],
): Map<number, JobError> {
  const refused = new Map<number, JobError>();
  const remaining = new Map<string, { remaining: number; holder: string; unit: string }>();
  const lot = (lotId: string) => {
    let known = remaining.get(lotId);
    if (!known) {
      const state = findLotState(deps.indexDb, lotId);
      if (state)
        remaining.set(
          lotId,
          (known = { remaining: state.remaining, holder: state.facilityKey, unit: state.unit }),
        );
    }
    return known;
  };
  const facilityKey = chainKey(facilityId);
  for (const prepared of events) {
    const event = prepared.mapped;
    if (!event) continue;
    if (lot(event.body.id)) continue; // already recorded: the use case answers it as a repeat or a duplicate
    if (event.type === "cutting" || event.type === "sewing") {
      const [issue] = ranOnIssues(deps.serviceDb, facilityId, event.body);
      if (issue) {
        refused.set(prepared.index, {
          index: prepared.index,
          itemId: prepared.eventID,
          pointer: `${prepared.pointer} (${issue.path})`,
          code: "VALIDATION_FAILED",
          message: issue.message,
        });
        continue;
      }
    }
    if (event.type !== "fabric-lot") {
      for (const [inputIndex, input] of event.body.inputs.entries()) {
        const known = lot(input.lotId);
        const field = `inputs.${inputIndex}.lotId`;
        const refuse = (code: JobError["code"], message: string) =>
          refused.set(prepared.index, {
            index: prepared.index,
            itemId: prepared.eventID,
            pointer: `${prepared.pointer} (${field})`,
            code,
            message,
          });
        if (!known) refuse("NOT_FOUND", `Lot '${input.lotId}' not found`);
        else if (known.holder !== facilityKey)
          refuse("FORBIDDEN", `Lot '${input.lotId}' is not held by facility '${facilityId}'`);
        else if (known.unit !== input.quantity.unit)
          refuse("UNIT_MISMATCH", `Lot '${input.lotId}' is counted in ${known.unit}`);
        else if (input.quantity.amount > known.remaining + 1e-9)
          refuse(
            "INSUFFICIENT_QUANTITY",
            `Lot '${input.lotId}': ${input.quantity.amount} requested, ${known.remaining} ${known.unit} left`,
          );
        else continue;
        break;
      }
      if (refused.has(prepared.index)) continue;
      for (const input of event.body.inputs) lot(input.lotId)!.remaining -= input.quantity.amount;
    }
    const made =
      event.type === "fabric-lot"
        ? event.body.quantity
        : event.type === "shipment"
          ? undefined
          : event.body.output.quantity;
    if (made) remaining.set(event.body.id, { remaining: made.amount, holder: facilityKey, unit: made.unit });
  }
  return refused;
}

/**
 * Orders mapped events in waves: an event goes one wave after the latest event of the capture that makes a
 * lot it consumes. A wave's events are recorded together, so the relayer puts them in one batch.
 */
function waves(events: readonly PreparedEvent[]): PreparedEvent[][] {
  const waveOfLot = new Map<string, number>();
  const result: PreparedEvent[][] = [];
  for (const prepared of events) {
    const event = prepared.mapped!;
    const after =
      event.type === "fabric-lot" ? [] : event.body.inputs.map((input) => waveOfLot.get(input.lotId) ?? -1);
    const wave = Math.max(-1, ...after) + 1;
    waveOfLot.set(event.body.id, wave);
    (result[wave] ??= []).push(prepared);
  }
  return result.filter(Boolean);
}

/** The `@context` entries that declare prefixes (the EPCIS context URL is implied and never fetched). */
function inlineContext(context: JsonValue | undefined): JsonObject[] {
  const entries = Array.isArray(context) ? context : context === undefined ? [] : [context];
  return entries.filter(isJsonObject);
}

/**
 * The event as it is stored and served: the prefixes its document declared (so a query answer stays
 * self-describing), its `eventID` (the CBV 2.0 hash when it came without one) and its `recordTime`.
 */
function storedForm(item: PreparedEvent, context: JsonValue | undefined, recordTime: string): JsonObject {
  const declared = inlineContext(context);
  return {
    ...(declared.length > 0 && item.event["@context"] === undefined ? { "@context": declared } : {}),
    ...item.event,
    eventID: item.eventID,
    recordTime,
  };
}

export interface RunCaptureParameters {
  captureId: string;
  facilityId: string;
  document: JsonObject;
  behaviour: CaptureErrorBehaviour;
  /** When the capture was received (each event's `recordTime`). */
  receivedAt?: Date;
}

/**
 * Captures `document` (already valid against the GS1 schema) for `facilityId` and finishes its job.
 *
 * @example
 * createJob(db, { id, kind: "epcis-capture", owner: "facility:mill-a", total: eventsOf(document).length });
 * const result = await runCapture(deps, { captureId: id, facilityId: "mill-a", document, behaviour: "rollback" });
 */
export async function runCapture(
  deps: CaptureDeps,
  parameters: RunCaptureParameters,
): Promise<CaptureResult> {
  const { captureId, facilityId, document, behaviour } = parameters;
  const recordTime = (parameters.receivedAt ?? new Date()).toISOString();
  const context = document["@context"];
  const ignoreFields = ignoredFieldsOf(document);
  const seen = new Set<string>();
  const prepared: PreparedEvent[] = eventsOf(document).map(({ index, pointer, event }) => {
    const hash = eventHash({ event, context, ignoreFields });
    const eventID = typeof event.eventID === "string" ? event.eventID : hash;
    const item: PreparedEvent = { index, pointer, event, eventHash: hash, eventID, issues: [] };
    if (seen.has(hash)) item.duplicateOf = "capture";
    else if (findEpcisEventByHash(deps.serviceDb, hash)) item.duplicateOf = "stored";
    seen.add(hash);
    if (item.duplicateOf) return item;
    const mapping = mapEpcisEvent({ event, context, index, pointer });
    if (mapping.kind === "invalid")
      item.issues = mapping.issues.map((issue) => issueError(issue, index, eventID));
    else if (mapping.kind === "event") {
      if (mapping.facilityId !== undefined && mapping.facilityId !== facilityId) {
        item.issues = [
          {
            index,
            itemId: eventID,
            pointer: `${pointer}/bizLocation/id`,
            code: "FORBIDDEN",
            message: `the event happened at facility '${mapping.facilityId}'; a facility records only for itself`,
          },
        ];
      } else item.mapped = mapping.event;
    }
    return item;
  });

  const outcomes = new Map<number, CapturedEventOutcome>();
  const errors: JobError[] = [];
  const refuse = (item: PreparedEvent, itemErrors: JobError[]) => {
    errors.push(...itemErrors);
    outcomes.set(item.index, {
      index: item.index,
      eventID: item.eventID,
      eventHash: item.eventHash,
      outcome: "refused",
    });
  };
  for (const item of prepared) if (item.issues.length > 0) refuse(item, item.issues);
  const mapped = prepared.filter((item) => item.mapped && item.issues.length === 0);
  for (const [index, error] of preflight(deps, facilityId, mapped))
    refuse(
      prepared.find((item) => item.index === index)!,
      [error],
    );
  // The documents events cite must be uploads, checked now too: in a rollback, a missing one in a later wave
  // must refuse the capture before an earlier wave is recorded.
  for (const item of mapped) {
    const documents = item.mapped!.body.documents ?? [];
    if (outcomes.has(item.index) || documents.length === 0) continue;
    try {
      await resolveCitations({ store: deps.store, db: deps.serviceDb }, documents);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      refuse(item, [refusalOf(error, item)]);
    }
  }

  const finish = (success: boolean, captureRoot: string | null): CaptureResult => {
    const events = prepared.map(
      (item): CapturedEventOutcome =>
        outcomes.get(item.index) ?? {
          index: item.index,
          eventID: item.eventID,
          eventHash: item.eventHash,
          outcome: item.duplicateOf ? "duplicate" : "not-captured",
        },
    );
    const result = { success, captureRoot, events, errors };
    finishJob(deps.serviceDb, captureId, {
      status: success ? "success" : "failed",
      done: prepared.length,
      errors,
      result: { captureRoot, events },
    });
    return result;
  };
  if (behaviour === "rollback" && errors.length > 0) return finish(false, null);

  // Threadproof events, wave by wave; a wave's postings go to the relayer together.
  let done = 0;
  let stopped = false;
  for (const wave of waves(mapped.filter((item) => !outcomes.has(item.index)))) {
    if (stopped) break;
    const settled = await recordEvents(
      deps,
      facilityId,
      wave.map((item) => item.mapped!),
      { allOrNothing: behaviour === "rollback" },
    );
    settled.forEach((outcome, position) => {
      const item = wave[position]!;
      if (outcome.status === "not-recorded") return;
      if (outcome.status === "fulfilled") {
        outcomes.set(item.index, {
          index: item.index,
          eventID: item.eventID,
          eventHash: item.eventHash,
          outcome: "recorded",
          lotId: outcome.value.id,
        });
      } else {
        refuse(item, [refusalOf(outcome.reason, item)]);
        if (behaviour === "rollback") stopped = true;
      }
    });
    done += wave.length;
    recordJobProgress(deps.serviceDb, captureId, done);
  }

  // Every event captured now (recorded, or kept when nothing refused it), stored and committed together.
  const captured = prepared.filter(
    (item) =>
      !item.duplicateOf &&
      (outcomes.get(item.index)?.outcome === "recorded" ||
        (!outcomes.has(item.index) && !item.mapped && !stopped)),
  );
  if (captured.length === 0) return finish(errors.length === 0, null);
  const commitment = commitCapture(captured.map((item) => item.eventHash));
  // The canonical records go to IPFS concurrently (raw blocks, as event records do): the store writes them
  // together instead of one durable write after the other.
  const cids = await Promise.all(
    captured.map(async (item) => {
      const stored = storedForm(item, context, recordTime);
      const bytes = Buffer.from(canonicalize(stored) ?? "", "utf8");
      return { stored, cid: (await deps.store.put(bytes, { format: "raw-block" })).cid };
    }),
  );
  // The capture's commitment goes on chain before any row is stored, so every stored event is provable from
  // the chain; a refused commitment stores the kept events nowhere and names why.
  const committed = await commitToChain(
    deps,
    {
      captureId,
      facilityId,
      recordTime,
      eventsRoot: commitment.root,
      // A recorded event names the lot it made, so a rebuild from the chain knows it was recorded.
      events: captured.map((item, position) => {
        const lotId = outcomes.get(item.index)?.lotId;
        return {
          eventHash: item.eventHash,
          recordCid: cids[position]!.cid,
          ...(outcomes.get(item.index)?.outcome === "recorded" && lotId !== undefined ? { lotId } : {}),
        };
      }),
    },
    commitment.size,
  );
  if (!committed.ok) {
    for (const item of captured) {
      if (outcomes.get(item.index)?.outcome === "recorded") continue;
      refuse(item, [{ ...refusalOf(committed.error, item), pointer: item.pointer }]);
    }
  }
  const stored = committed.ok
    ? captured
    : captured.filter((item) => outcomes.get(item.index)?.outcome === "recorded");
  const rows: StoredEpcisEvent[] = stored.map((item) => {
    const position = captured.indexOf(item);
    const { stored, cid } = cids[position]!;
    const recorded = outcomes.get(item.index);
    const outcome = recorded?.outcome === "recorded" ? "recorded" : "kept";
    outcomes.set(item.index, {
      index: item.index,
      eventID: item.eventID,
      eventHash: item.eventHash,
      outcome,
      ...(recorded?.lotId === undefined ? {} : { lotId: recorded.lotId }),
      recordCid: cid,
    });
    return storedEventRow(stored, {
      eventHash: item.eventHash,
      captureId,
      facilityId,
      outcome,
      lotId: recorded?.lotId ?? null,
      recordCid: cid,
      captureRoot: commitment.root,
      proof: commitment.proofOf(item.eventHash) ?? [],
    });
  });
  storeEpcisEvents(deps.serviceDb, rows);
  return finish(errors.length === 0, committed.ok ? commitment.root : null);
}

/** The capture's commitment record in IPFS, named by digest in its `EventsCommitted` (type "epcis-capture"). */
export interface CaptureCommitmentRecord {
  captureId: string;
  facilityId: string;
  recordTime: string;
  eventsRoot: string;
  /** In capture order; `lotId` on the events that were recorded (mapped to a threadproof event). */
  events: { eventHash: string; recordCid: string; lotId?: string }[];
}

/**
 * Puts the capture's commitment record (which events, where their canonical records are) in IPFS and commits
 * its events' root on chain, signed by the facility: one operation per capture, whatever its size.
 */
async function commitToChain(
  deps: CaptureDeps,
  commitment: CaptureCommitmentRecord,
  /** How many distinct events the root commits to (the tree's leaves). */
  eventCount: number,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    const record = await putRecord(deps.store, { type: "epcis-capture", version: 1, ...commitment });
    await deps.ledger.record({
      kind: "event-commitment",
      lotId: captureCommitmentId(commitment.captureId),
      facilityId: commitment.facilityId,
      eventsRoot: commitment.eventsRoot as Hex,
      eventCount,
      recordDigest: record.digest,
    });
    return { ok: true };
  } catch (error) {
    // The same capture run again (a job resumed after a crash) finds its own commitment on chain.
    if (hasCode(error, "DUPLICATE_ID")) {
      const onChain = await deps.ledger.eventCommitment(captureCommitmentId(commitment.captureId));
      if (
        onChain?.eventsRoot.toLowerCase() === commitment.eventsRoot.toLowerCase() &&
        onChain.facilityKey.toLowerCase() === chainKey(commitment.facilityId).toLowerCase()
      )
        return { ok: true };
    }
    return { ok: false, error };
  }
}
