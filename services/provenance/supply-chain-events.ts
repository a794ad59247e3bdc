/**
 * The other supply-chain events that name a garment or its batch (an inspection, a dyeing, a certification
 * captured through EPCIS and kept), each checked before it is shown as verified: its canonical record in
 * IPFS reproduces its CBV 2.0 event hash, its Merkle proof leads to its capture's root, and the chain holds
 * that root as the committing facility's event commitment. An event that cannot be checked says so; an event
 * whose proof or root disagrees with the chain is "tampered". At most {@link SHOWN_EVENTS} per page, so a
 * facility that captures a million inspections of one batch cannot make a scan expensive.
 */
import type { Ledger } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { DocumentStore } from "../ipfs";
import {
  captureCommitmentId,
  eventHash,
  isJsonObject,
  itemDigitalLink,
  lotDigitalLink,
  verifyEventProof,
} from "../epcis/index";
import type { Hex } from "../chain/ledger";
import type { JsonObject } from "../epcis/index";
import type { ServiceDatabase } from "../service-db/database";
import { keptEventsNaming } from "../service-db/epcis-events";
import type { StoredEpcisEvent } from "../service-db/epcis-events";
import { withDeadline } from "../support/deadline";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";

/** How many events a page shows (the newest); the rest are counted and found through the EPCIS query. */
export const SHOWN_EVENTS = 10;
/** A kept event's record larger than this is not read on a scan (the capture limits keep real ones far below). */
const MAX_RECORD_BYTES = 256 * 1024;
const READ_DEADLINE_MS = 3_000;

export interface SupplyChainEventDeps {
  serviceDb: ServiceDatabase;
  ledger: Pick<Ledger, "eventCommitment">;
  store: Pick<DocumentStore, "get">;
}

export type SupplyChainEventVerdict = "verified" | "unverified" | "tampered";

export interface CheckedSupplyChainEvent {
  eventID: string;
  eventType: string;
  /** The CBV word (`inspecting`, …) or the URI as captured. */
  bizStep: string | null;
  disposition: string | null;
  eventTime: string;
  facilityId: string;
  recordCid: string;
  verdict: SupplyChainEventVerdict;
  /** Why it is not verified, in words. */
  reason?: string;
  /** `reason` as a stable code, for the page to word in its language. */
  reasonNote?: CheckNote;
}

/** The canonical Digital Links a garment and its batch are named by in EPCIS events. */
export function garmentIdentifiers(gtin: string, lot: string, serial?: string): string[] {
  // The canonical forms the capture stored (services/epcis/identifiers.ts), so the lookup matches them exactly.
  return [lotDigitalLink(gtin, lot), ...(serial === undefined ? [] : [itemDigitalLink(gtin, serial)])];
}

function wordOf(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /(?:^|[/:])([a-z_]+)$/.exec(value);
  return match?.[1] ?? value;
}

async function check(
  deps: SupplyChainEventDeps,
  stored: StoredEpcisEvent,
): Promise<Pick<CheckedSupplyChainEvent, "verdict" | "reason" | "reasonNote">> {
  let record: JsonObject;
  try {
    const bytes = await withDeadline(deps.store.get(stored.recordCid), READ_DEADLINE_MS, "IPFS");
    if (bytes.byteLength > MAX_RECORD_BYTES)
      return {
        verdict: "unverified",
        reason: "record too large to check here",
        reasonNote: note("event-record-too-large"),
      };
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    if (!isJsonObject(parsed))
      return {
        verdict: "tampered",
        reason: "its record is not an event",
        reasonNote: note("event-record-not-event"),
      };
    record = parsed;
  } catch {
    return {
      verdict: "unverified",
      reason: "its record could not be read from IPFS",
      reasonNote: note("event-record-unreadable"),
    };
  }
  // The hash is recomputed from the stored bytes: a row that names another event's hash cannot borrow its proof.
  const recomputed = eventHash({ event: record, context: record["@context"] as never });
  if (recomputed !== stored.eventHash) {
    return {
      verdict: "unverified",
      reason: "its record does not reproduce its event hash here",
      reasonNote: note("event-hash-not-reproduced"),
    };
  }
  if (
    !verifyEventProof({
      root: stored.captureRoot as Hex,
      eventHash: stored.eventHash,
      proof: stored.proof as Hex[],
    })
  ) {
    return {
      verdict: "tampered",
      reason: "its proof does not lead to its capture's root",
      reasonNote: note("event-proof-invalid"),
    };
  }
  let onChain: Awaited<ReturnType<SupplyChainEventDeps["ledger"]["eventCommitment"]>>;
  try {
    onChain = await withDeadline(
      deps.ledger.eventCommitment(captureCommitmentId(stored.captureId)),
      READ_DEADLINE_MS,
      "The chain",
    );
  } catch {
    return {
      verdict: "unverified",
      reason: "the chain did not answer",
      reasonNote: note("chain-unreachable"),
    };
  }
  if (onChain === null)
    return {
      verdict: "unverified",
      reason: "its capture is not committed on chain",
      reasonNote: note("event-capture-not-committed"),
    };
  if (onChain.eventsRoot.toLowerCase() !== stored.captureRoot.toLowerCase()) {
    return {
      verdict: "tampered",
      reason: "its capture's root differs from the chain's",
      reasonNote: note("event-capture-root-differs"),
    };
  }
  if (onChain.facilityKey.toLowerCase() !== chainKey(stored.facilityId).toLowerCase()) {
    return {
      verdict: "tampered",
      reason: "another facility committed its capture",
      reasonNote: note("event-capture-other-facility"),
    };
  }
  return { verdict: "verified" };
}

/**
 * The newest kept events naming any of `identifiers`, each checked, and how many there are in all.
 *
 * @example
 * const { events, total } = await checkedSupplyChainEvents(deps, garmentIdentifiers("08938505974019", "SEW-1"));
 */
export async function checkedSupplyChainEvents(
  deps: SupplyChainEventDeps,
  identifiers: readonly string[],
): Promise<{ events: CheckedSupplyChainEvent[]; total: number }> {
  const { events, total } = keptEventsNaming(deps.serviceDb, identifiers, SHOWN_EVENTS);
  const checked = await Promise.all(
    events.map(async (stored): Promise<CheckedSupplyChainEvent> => {
      const event = isJsonObject(stored.event) ? stored.event : {};
      return {
        eventID: stored.eventID,
        eventType: stored.eventType,
        bizStep: stored.bizStep,
        disposition: wordOf(event.disposition),
        eventTime: stored.eventTime,
        facilityId: stored.facilityId,
        recordCid: stored.recordCid,
        ...(await check(deps, stored)),
      };
    }),
  );
  return { events: checked, total };
}
