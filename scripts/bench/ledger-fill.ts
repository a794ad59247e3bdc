/**
 * Grows the chain fast, straight through the ledger (no HTTP, no IPFS records): per client a fabric lot and
 * cuttings from it, signed by facilities whose keys the service holds. Used to reach 10^5 events within the
 * benchmark's time budget, and to measure the chain layer alone (batched and with maxBatch 1).
 */
import { createHash } from "node:crypto";
import type { Hex, Ledger } from "../../services/chain/ledger";
import { runClients } from "./measure";
import type { LoadResult } from "./measure";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

/**
 * Records `count` events through `ledger.record` from `clients` concurrent clients, or until `durationMs`
 * has passed; facility `facilityIds[c % n]` signs client c's events. Lot ids start with `tag`.
 */
export async function fillThroughLedger(params: {
  ledger: Pick<Ledger, "record">;
  facilityIds: string[];
  tag: string;
  clients: number;
  count?: number;
  durationMs?: number;
}): Promise<LoadResult> {
  const { ledger, facilityIds, tag } = params;
  const state = new Map<number, { k: number; fabricId: string }>();
  return runClients({
    clients: params.clients,
    count: params.count,
    durationMs: params.durationMs,
    task: async (client) => {
      const facilityId = facilityIds[client % facilityIds.length]!;
      const s = state.get(client) ?? { k: 0, fabricId: "" };
      state.set(client, s);
      const k = s.k++;
      const lotId = `${tag}-${client}-${k}`;
      if (k % 20 === 0) {
        await ledger.record({
          kind: "fabric-lot",
          lotId,
          facilityId,
          recordDigest: digest(lotId),
          quantity: { amount: 1000, unit: "m" },
        });
        s.fabricId = lotId;
      } else {
        await ledger.record({
          kind: "cutting",
          lotId,
          facilityId,
          recordDigest: digest(lotId),
          inputs: [{ lotId: s.fabricId, quantity: { amount: 1, unit: "m" } }],
          quantity: { amount: 8, unit: "pcs" },
        });
      }
    },
  });
}
