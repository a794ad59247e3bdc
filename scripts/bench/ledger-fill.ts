/**
 * Grows the chain fast, without HTTP: per client a fabric lot and cuttings from it, signed by facilities whose
 * keys the service holds. With a document store, each event's real record (the same builder the API uses) is
 * put in IPFS first, so the read model indexes it like any other; without one (the chain layer measured
 * alone) the digest names no record.
 */
import { createHash } from "node:crypto";
import type { Hex, Ledger } from "../../services/chain/ledger";
import { buildEventRecord } from "../../services/records/events";
import type { CuttingBody, FabricLotBody } from "../../services/http/schemas/events";
import type { DocumentStore } from "../../services/ipfs";
import { putRecord } from "../../services/records";
import { runClients } from "./measure";
import type { LoadResult } from "./measure";
import { cuttingBody, fabricBody } from "./workload";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

/**
 * Records `count` events through `ledger.record` from `clients` concurrent clients, or until `durationMs`
 * has passed; facility `facilityIds[c % n]` signs client c's events. Lot ids start with `tag`.
 */
export async function fillThroughLedger(params: {
  ledger: Pick<Ledger, "record">;
  /** Where the events' records go; absent: digests of nothing. */
  store?: Pick<DocumentStore, "put">;
  facilityIds: string[];
  tag: string;
  clients: number;
  count?: number;
  durationMs?: number;
}): Promise<LoadResult> {
  const { ledger, store, facilityIds, tag } = params;
  const state = new Map<number, { k: number; fabricId: string }>();
  const recordDigest = async (
    facilityId: string,
    event: { type: "fabric-lot"; body: FabricLotBody } | { type: "cutting"; body: CuttingBody },
  ): Promise<Hex> =>
    store ? (await putRecord(store, buildEventRecord(event, facilityId, []))).digest : digest(event.body.id);
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
        const body = fabricBody(lotId) as FabricLotBody;
        await ledger.record({
          kind: "fabric-lot",
          lotId,
          facilityId,
          recordDigest: await recordDigest(facilityId, { type: "fabric-lot", body }),
          quantity: { amount: 1000, unit: "m" },
        });
        s.fabricId = lotId;
      } else {
        const body = cuttingBody(lotId, s.fabricId) as CuttingBody;
        await ledger.record({
          kind: "cutting",
          lotId,
          facilityId,
          recordDigest: await recordDigest(facilityId, { type: "cutting", body }),
          inputs: [{ lotId: s.fabricId, quantity: { amount: 1, unit: "m" } }],
          quantity: { amount: 8, unit: "pcs" },
        });
      }
    },
  });
}
