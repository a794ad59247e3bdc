/** The worker pool runs real task modules in real worker threads, bounded: beyond its queue it refuses. */
import { afterEach, describe, expect, it } from "vitest";
import { buildGarmentCommitment } from "../../../services/garments";
import { garmentTreeOfNodes } from "../../../services/garments/merkle";
import { createWorkerPool, WorkersBusyError } from "../../../services/support/worker-pool";
import type { WorkerPool } from "../../../services/support/worker-pool";
import type { Hex } from "../../../services/chain/ledger";

const TASKS = require.resolve("../../../services/garments/tasks");

describe("worker pool", () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("builds a garment commitment and a manifest's tree off the main thread, as the main thread would", async () => {
    pool = createWorkerPool({ tasks: TASKS, name: "garment tree" });
    const secret = Buffer.alloc(32, 9);
    const [fromWorker, local] = [
      await pool.run<{ root: Hex; manifest: Uint8Array }>("garmentCommitment", {
        secret,
        lotId: "SEW-W",
        count: 300,
      }),
      buildGarmentCommitment({ secret, lotId: "SEW-W", count: 300 }),
    ];
    expect(fromWorker.root).toBe(local.root);
    expect(Buffer.from(fromWorker.manifest).equals(Buffer.from(local.manifest))).toBe(true);
    const tree = await pool.run<{ nodes: Uint8Array; leaves: Hex[] }>("manifestTree", {
      manifest: local.manifest,
    });
    expect(garmentTreeOfNodes(tree.nodes).root).toBe(local.root);
    expect(tree.leaves).toHaveLength(300);
  });

  it("refuses with UNAVAILABLE and a retry time once its workers and queue are full; takes work again after", async () => {
    pool = createWorkerPool({
      tasks: TASKS,
      name: "garment tree",
      size: 1,
      maxQueued: 1,
      retryAfterSeconds: 3,
    });
    const job = (lotId: string) =>
      pool!.run<{ root: Hex }>("garmentCommitment", { secret: Buffer.alloc(32, 1), lotId, count: 2_000 });
    const running = job("A");
    const queued = job("B");
    const refused = await job("C").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkersBusyError);
    expect(refused).toMatchObject({ code: "UNAVAILABLE", details: { retryAfterSeconds: 3 } });
    await Promise.all([running, queued]);
    expect((await job("D")).root).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("names a failing task's error and keeps serving", async () => {
    pool = createWorkerPool({ tasks: TASKS, name: "garment tree" });
    await expect(pool.run("manifestTree", { manifest: new Uint8Array(31) })).rejects.toThrow(
      /Malformed garment manifest/,
    );
    await expect(pool.run("noSuchTask", {})).rejects.toThrow(/no task 'noSuchTask'/);
    const tree = await pool.run<{ leaves: Hex[] }>("manifestTree", { manifest: new Uint8Array(64) });
    expect(tree.leaves).toHaveLength(2);
  });
});
