/**
 * Recording a batch of events for one facility (a chunk of an import, a wave of an EPCIS capture) with the
 * same promises as {@link recordEvent}, event by event — authorization, citations, mass balance, yield, GTIN,
 * idempotency — but with the per-batch work done once: the facility is checked once and its GS1 prefixes
 * read once, every record goes to IPFS in one pass (the durable blockstore makes them durable with one fsync),
 * and every operation is queued for the chain together, so the relayer puts them in as few transactions as
 * its batch size allows (one journal entry and one read-model transaction each).
 *
 * Each event's answer is its own: a refused event is refused alone (its error, as `recordEvent` would give
 * it), the others go on. Within a batch, what earlier events take from a lot counts against what later ones
 * may take. An event may not consume a lot made in the same batch (the index does not know it yet): callers
 * order dependent events in later batches (the capture's waves).
 */
import { putRecord } from "../records/index";
import type { StoredRecord } from "../records/index";
import type { EventBody } from "../records/index";
import type { BatchContext, EventAccepted, PreparedEvent, RecordEventDeps } from "./record-event";
import { checkFacility, commitPrepared, oneAfterAnother, prepareEvent } from "./record-event";

/**
 * One answer per event: recorded (`fulfilled`), refused (`rejected`, the reason as `recordEvent` gives it), or
 * — with `allOrNothing`, when another event of the batch was refused before anything was stored —
 * `not-recorded`: nothing of it was stored or sent.
 */
export type RecordEventOutcome = PromiseSettledResult<EventAccepted> | { status: "not-recorded" };
export type RecordEventsReturnType = RecordEventOutcome[];

export interface RecordEventsOptions {
  /**
   * Check every event first and record none when one is refused (an import's and a capture's `rollback`).
   * A refusal only the chain can give (another writer consumed a lot meanwhile) still refuses that event
   * alone once the batch is sent: what was mined stays.
   */
  allOrNothing?: boolean;
}

const rejected = (reason: unknown): PromiseRejectedResult => ({ status: "rejected", reason });

/**
 * Records `events` for `facilityId`; answers one settled result per event, in order.
 *
 * @example
 * const results = await recordEvents(deps, "mill-a", [{ type: "fabric-lot", body }, ...]);
 * // [{ status: "fulfilled", value: { id: "FL-1", txHash, blockNumber, recordCid } }, { status: "rejected", ... }]
 */
export async function recordEvents(
  deps: RecordEventDeps,
  facilityId: string,
  events: readonly EventBody[],
  options: RecordEventsOptions = {},
): Promise<RecordEventsReturnType> {
  if (events.length === 0) return [];
  return oneAfterAnother(
    deps.indexDb,
    events.map((event) => event.body.id),
    () => recordEventsNow(deps, facilityId, events, options),
  );
}

async function recordEventsNow(
  deps: RecordEventDeps,
  facilityId: string,
  events: readonly EventBody[],
  options: RecordEventsOptions,
): Promise<RecordEventsReturnType> {
  const results: (RecordEventOutcome | undefined)[] = new Array(events.length);
  // The facility once per event type (a batch is usually of one type).
  const facilityRefusals = new Map<EventBody["type"], unknown>();
  const batch: BatchContext = { claimed: new Map() };
  const seen = new Set<string>();
  const toStore: { position: number; prepared: PreparedEvent }[] = [];
  for (const [position, event] of events.entries()) {
    if (!facilityRefusals.has(event.type)) {
      try {
        checkFacility(deps.indexDb, facilityId, event.type);
        facilityRefusals.set(event.type, null);
      } catch (error) {
        facilityRefusals.set(event.type, error);
      }
    }
    const refusal = facilityRefusals.get(event.type);
    if (refusal !== null) {
      results[position] = rejected(refusal);
      continue;
    }
    if (seen.has(event.body.id)) {
      // The same lot twice in one batch: the second waits for the first, as two postings would.
      results[position] = undefined;
      continue;
    }
    try {
      const prepared = await prepareEvent(deps, facilityId, event, batch);
      if ("answer" in prepared) results[position] = { status: "fulfilled", value: prepared.answer };
      else {
        seen.add(event.body.id);
        toStore.push({ position, prepared });
      }
    } catch (error) {
      results[position] = rejected(error);
    }
  }

  if (options.allOrNothing && results.some((result) => result?.status === "rejected")) {
    return results.map((result) => result ?? { status: "not-recorded" as const });
  }

  // One pass into IPFS: every put of this turn joins one durable commit.
  const stored = await Promise.allSettled(
    toStore.map(({ prepared }) => putRecord(deps.store, prepared.record)),
  );
  // Every operation queued at once: the relayer batches them into shared transactions.
  await Promise.all(
    toStore.map(async ({ position, prepared }, index) => {
      const put = stored[index] as PromiseSettledResult<StoredRecord>;
      if (put.status === "rejected") {
        results[position] = rejected(put.reason);
        return;
      }
      try {
        results[position] = {
          status: "fulfilled",
          value: await commitPrepared(deps, facilityId, prepared, put.value),
        };
      } catch (error) {
        results[position] = rejected(error);
      }
    }),
  );

  // Repeats of a lot within the batch: recorded now (or refused), so they answer as a repeated posting would.
  const repeats = events.flatMap((event, position) => (results[position] === undefined ? [position] : []));
  if (repeats.length > 0) {
    const again = await recordEventsNow(
      deps,
      facilityId,
      repeats.map((position) => events[position]!),
      options,
    );
    repeats.forEach((position, index) => (results[position] = again[index]));
  }
  return results as RecordEventsReturnType;
}
