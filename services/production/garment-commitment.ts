/**
 * The one place the sewing endpoint gets a garment batch's commitment: the Merkle root over its garments'
 * serials and authentication codes (services/garments), with the public manifest of leaves stored in IPFS so
 * anyone can rebuild the tree and check it against the chain.
 */
import { buildGarmentCommitment } from "../garments/index";
import type { DocumentStore } from "../ipfs/index";
import { sha256Hex } from "../records/index";
import type { GarmentCommitment } from "../records/index";
import type { WorkerPool } from "../support/worker-pool";

export type { GarmentCommitment } from "../records/index";

/**
 * Builds the commitment of batch `lotId` with serials 1..count. Deterministic for a given lot and count, so a
 * sewing re-posted after a crash produces the same event record.
 */
export type CommitGarments = (params: { lotId: string; count: number }) => Promise<GarmentCommitment>;

/**
 * The commitment maker over the garment-code secret (see `loadGarmentSecret`), storing manifests in `store`.
 * With `workers` (a pool over services/garments/tasks.ts) the codes, leaves and tree are built in a worker
 * thread: 100,000 garments take seconds, which would otherwise hold every other request; a full pool refuses
 * the sewing with UNAVAILABLE before anything is recorded.
 *
 * @example
 * const commitGarments = createGarmentCommitter({ secret: loadGarmentSecret(dataDir), store });
 */
export function createGarmentCommitter(deps: {
  secret: Buffer;
  store: Pick<DocumentStore, "put">;
  workers?: Pick<WorkerPool, "run">;
}): CommitGarments {
  return async ({ lotId, count }) => {
    const commitment = deps.workers
      ? await deps.workers.run<{ root: GarmentCommitment["root"]; manifest: Uint8Array }>(
          "garmentCommitment",
          {
            secret: deps.secret,
            lotId,
            count,
          },
        )
      : buildGarmentCommitment({ secret: deps.secret, lotId, count });
    const { cid } = await deps.store.put(commitment.manifest);
    return { root: commitment.root, manifestCid: cid, manifestDigest: sha256Hex(commitment.manifest) };
  };
}
