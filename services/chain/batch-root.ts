/**
 * The contract's batch root (IThreadproof `batchRoot`) recomputed from a batch transaction's logs, so that a
 * copy of those logs kept off chain (the log archive) can be checked against chain state: a forged or altered
 * record digest, operation or GTIN gives another root.
 */
import { AbiCoder, keccak256, type Interface } from "ethers";
import type { Log } from "./events";
import type { Hex } from "./ledger";
import { ZERO_HASH } from "./encoding";

/** The contract's `OperationKind.CommitEvents`. */
const COMMIT_EVENTS_KIND = 4n;

interface Leaf {
  id: Hex;
  kind: bigint;
  recordDigest: Hex;
  gtin: bigint;
}

/**
 * The root over the operations of the batch whose transaction emitted `logs`: one leaf per LotRecorded or
 * EventsCommitted (one per operation, in submission order), with the GTIN of the lot's GarmentsCommitted.
 *
 * @example
 * const root = batchRootOfLogs(iface, receipt.logs); // equals contract.batchRoot(lotBatch(lotId))
 */
export function batchRootOfLogs(iface: Interface, logs: Log[]): Hex {
  const recorded = iface.getEvent("LotRecorded")!;
  const committed = iface.getEvent("EventsCommitted")!;
  const garments = iface.getEvent("GarmentsCommitted")!;
  const leaves: Leaf[] = [];
  const gtins = new Map<string, bigint>();
  for (const log of logs) {
    const topic = log.topics[0]?.toLowerCase();
    if (topic === recorded.topicHash) {
      const args = iface.decodeEventLog(recorded, log.data, log.topics);
      leaves.push({
        id: args.lotId as Hex,
        kind: BigInt(args.operation as bigint),
        recordDigest: args.recordDigest as Hex,
        gtin: 0n,
      });
    } else if (topic === committed.topicHash) {
      const args = iface.decodeEventLog(committed, log.data, log.topics);
      leaves.push({
        id: args.commitmentId as Hex,
        kind: COMMIT_EVENTS_KIND,
        recordDigest: args.recordDigest as Hex,
        gtin: 0n,
      });
    } else if (topic === garments.topicHash) {
      const args = iface.decodeEventLog(garments, log.data, log.topics);
      gtins.set((args.lotId as string).toLowerCase(), BigInt(args.gtin as bigint));
    }
  }
  const coder = AbiCoder.defaultAbiCoder();
  let root: Hex = ZERO_HASH;
  for (const leaf of leaves) {
    const gtin = gtins.get(leaf.id.toLowerCase()) ?? leaf.gtin;
    root = keccak256(
      coder.encode(
        ["bytes32", "bytes32", "uint8", "bytes32", "uint64"],
        [root, leaf.id, leaf.kind, leaf.recordDigest, gtin],
      ),
    ) as Hex;
  }
  return root;
}
