/**
 * The contract's batch root (IThreadproof `batchRoot`) recomputed from a batch transaction's logs, so that a
 * copy of those logs kept off chain (the log archive) can be checked against chain state: a forged or altered
 * record digest, operation or GTIN gives another root.
 */
import { concat, keccak256, type Interface } from "ethers";
import type { Log } from "./events";
import type { Hex } from "./ledger";
import { ZERO_HASH } from "./encoding";

/** The contract's `OperationKind.CommitEvents`, as a 32-byte word. */
const COMMIT_EVENTS_KIND = `0x${"4".padStart(64, "0")}`;
const ZERO_WORD = ZERO_HASH;

/** The `index`th 32-byte word of a log's data, as 0x-hex. */
const word = (data: string, index: number): Hex => `0x${data.slice(2 + index * 64, 2 + (index + 1) * 64)}`;

/**
 * The root over the operations of the batch whose transaction emitted `logs`: one link per LotRecorded or
 * EventsCommitted (one per operation, in submission order), with the GTIN of the lot's GarmentsCommitted.
 * Every field of a link is a static ABI word, so `abi.encode` is the words side by side, read straight from
 * the logs (this runs on the first scan of every lot).
 *
 * @example
 * const root = batchRootOfLogs(iface, receipt.logs); // equals contract.batchRoot(lotBatch(lotId))
 */
export function batchRootOfLogs(iface: Interface, logs: Log[]): Hex {
  const recorded = iface.getEvent("LotRecorded")!.topicHash;
  const committed = iface.getEvent("EventsCommitted")!.topicHash;
  const garments = iface.getEvent("GarmentsCommitted")!.topicHash;
  // LotRecorded(lotId, facilityId, operation indexed; kind, unit, quantity, recordDigest),
  // EventsCommitted(commitmentId, facilityId indexed; eventsRoot, eventCount, recordDigest),
  // GarmentsCommitted(lotId indexed; garmentsRoot, gtin).
  const links: { id: string; kind: string; recordDigest: string }[] = [];
  const gtins = new Map<string, string>();
  for (const log of logs) {
    const topic = log.topics[0]?.toLowerCase();
    const id = log.topics[1]?.toLowerCase();
    if (id === undefined) continue;
    if (topic === recorded && log.topics[3] !== undefined) {
      links.push({ id, kind: log.topics[3], recordDigest: word(log.data, 3) });
    } else if (topic === committed) {
      links.push({ id, kind: COMMIT_EVENTS_KIND, recordDigest: word(log.data, 2) });
    } else if (topic === garments) {
      gtins.set(id, word(log.data, 1));
    }
  }
  let root: Hex = ZERO_WORD;
  for (const link of links) {
    root = keccak256(
      concat([root, link.id, link.kind, link.recordDigest, gtins.get(link.id) ?? ZERO_WORD]),
    ) as Hex;
  }
  return root;
}
