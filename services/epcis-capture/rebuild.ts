/**
 * Rebuilds the EPCIS repository (the captured events the query interface serves) from the chain and IPFS
 * alone, as the read model is rebuilt: each `EventsCommitted` names a capture's commitment record by digest;
 * the record lists the capture's events (hash, record CID, the lot a recorded event made); each event's
 * canonical JSON is read back from IPFS. Nothing is taken on trust: a record must be the one the chain names
 * (its digest), commit to the root and count the chain holds, for the facility and capture id the chain's
 * keys name; each event's JSON must reproduce its CBV 2.0 hash. What fails a check is left out and named.
 *
 * The service must be stopped (scripts/rebuild-index.ts). The old rows are removed first and each capture's
 * rows go in with one transaction, so a rebuild stopped half-way is finished by running it again.
 *
 * Not rebuilt: rows of recorded events whose capture's commitment the chain refused (their lots are on
 * chain, their EPCIS rows were kept only by the capture that made them).
 */
import { chainKey } from "../chain/keys";
import type { Hex, Ledger, LedgerEvent } from "../chain/ledger";
import { captureCommitmentId, commitCapture, eventHash, isJsonObject } from "../epcis/index";
import type { JsonObject } from "../epcis/index";
import type { DocumentStore } from "../ipfs/index";
import type { Logger } from "../logging/index";
import { getRecord } from "../records/store";
import type { ServiceDatabase } from "../service-db/database";
import { clearEpcisEvents, storeEpcisEvents } from "../service-db/epcis-events";
import type { StoredEpcisEvent } from "../service-db/epcis-events";
import type { CaptureCommitmentRecord } from "./capture";
import { storedEventRow } from "./stored-row";

export interface RebuildEpcisDeps {
  ledger: Pick<Ledger, "readEvents">;
  store: Pick<DocumentStore, "get">;
  serviceDb: ServiceDatabase;
  logger?: Pick<Logger, "warn">;
}

export interface RebuildEpcisResult {
  captures: number;
  events: number;
  /** What a check refused: the commitment (its chain key) and, for one event, its hash. */
  leftOut: { commitmentKey: Hex; eventHash?: string; reason: string }[];
}

type EventsCommitted = Extract<LedgerEvent, { name: "EventsCommitted" }>;

/** The capture's commitment record when it is the one `committed` names; otherwise why not. */
async function commitmentRecord(
  store: Pick<DocumentStore, "get">,
  committed: EventsCommitted,
): Promise<CaptureCommitmentRecord | string> {
  let record: unknown;
  try {
    record = (await getRecord(store, committed.recordDigest)).record;
  } catch (error) {
    return `its commitment record could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!isJsonObject(record as never) || (record as { type?: unknown }).type !== "epcis-capture")
    return "its commitment record is not an EPCIS capture's";
  const candidate = record as Partial<CaptureCommitmentRecord>;
  if (
    typeof candidate.captureId !== "string" ||
    typeof candidate.facilityId !== "string" ||
    !Array.isArray(candidate.events) ||
    candidate.events.some(
      (event) => typeof event?.eventHash !== "string" || typeof event?.recordCid !== "string",
    )
  )
    return "its commitment record is malformed";
  if (chainKey(captureCommitmentId(candidate.captureId)) !== committed.commitmentKey.toLowerCase())
    return "its commitment record names another capture";
  if (chainKey(candidate.facilityId) !== committed.facilityKey.toLowerCase())
    return "its commitment record names another facility";
  const commitment = commitCapture(candidate.events.map((event) => event.eventHash));
  if (
    commitment.root.toLowerCase() !== committed.eventsRoot.toLowerCase() ||
    commitment.size !== committed.eventCount
  )
    return "its commitment record does not reproduce the root on chain";
  return candidate as CaptureCommitmentRecord;
}

/** The event's stored JSON from IPFS when it reproduces `hash`; otherwise why not. */
async function storedEvent(store: Pick<DocumentStore, "get">, recordCid: string, hash: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(await store.get(recordCid)).toString("utf8"));
  } catch {
    return "its record could not be read from IPFS";
  }
  if (!isJsonObject(parsed as never)) return "its record is not an event";
  const event = parsed as JsonObject;
  return eventHash({ event, context: event["@context"] as never }) === hash
    ? event
    : "its record does not reproduce its event hash";
}

/**
 * Replaces the repository's rows by those the chain's commitments and IPFS give.
 *
 * @example
 * const { captures, events, leftOut } = await rebuildEpcisEvents({ ledger, store, serviceDb });
 */
export async function rebuildEpcisEvents(deps: RebuildEpcisDeps): Promise<RebuildEpcisResult> {
  const commitments = (await deps.ledger.readEvents(0)).filter(
    (event): event is EventsCommitted => event.name === "EventsCommitted",
  );
  const result: RebuildEpcisResult = { captures: 0, events: 0, leftOut: [] };
  const leaveOut = (entry: RebuildEpcisResult["leftOut"][number]) => {
    result.leftOut.push(entry);
    deps.logger?.warn(entry, "an EPCIS capture's event was left out of the rebuild");
  };
  clearEpcisEvents(deps.serviceDb);
  for (const committed of commitments) {
    const record = await commitmentRecord(deps.store, committed);
    if (typeof record === "string") {
      leaveOut({ commitmentKey: committed.commitmentKey, reason: record });
      continue;
    }
    const tree = commitCapture(record.events.map((event) => event.eventHash));
    const rows: StoredEpcisEvent[] = [];
    for (const entry of record.events) {
      const stored = await storedEvent(deps.store, entry.recordCid, entry.eventHash);
      if (typeof stored === "string") {
        leaveOut({ commitmentKey: committed.commitmentKey, eventHash: entry.eventHash, reason: stored });
        continue;
      }
      rows.push(
        storedEventRow(stored, {
          eventHash: entry.eventHash,
          captureId: record.captureId,
          facilityId: record.facilityId,
          outcome: entry.lotId === undefined ? "kept" : "recorded",
          lotId: entry.lotId ?? null,
          recordCid: entry.recordCid,
          captureRoot: tree.root,
          proof: tree.proofOf(entry.eventHash) ?? [],
        }),
      );
    }
    storeEpcisEvents(deps.serviceDb, rows);
    result.captures += 1;
    result.events += rows.length;
  }
  return result;
}
