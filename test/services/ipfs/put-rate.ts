/**
 * Measures store.put of ~600-byte event records with 64 concurrent clients on the embedded store, against the
 * durable blockstore (blocks.sqlite, fsynced, group commit) and the blockstore-fs it replaced (no fsync).
 * Prints figures; asserts nothing. Run: npx tsx test/services/ipfs/put-rate.ts [records]
 */
import "../../../services/ipfs/promise-with-resolvers";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHeliaStore } from "../../../services/ipfs";
import type { DocumentStore } from "../../../services/ipfs";
import { loadMultiformats } from "../../../services/support/multiformats";
import { RAW_CODEC } from "../../../services/support/cid";

const CLIENTS = 64;

async function blockstoreFsStore(directory: string): Promise<DocumentStore> {
  const [{ createHeliaLight }, { FsBlockstore }, { FsDatastore }] = await Promise.all([
    import("helia"),
    import("blockstore-fs"),
    import("datastore-fs"),
  ]);
  const mf = await loadMultiformats();
  const helia = createHeliaLight({
    blockstore: new FsBlockstore(join(directory, "blocks")),
    datastore: new FsDatastore(join(directory, "data")),
  });
  await helia.start();
  return {
    async put(bytes) {
      const cid = mf.CID.createV1(RAW_CODEC, await mf.sha256Digest(bytes));
      await helia.blockstore.put(cid, bytes);
      for await (const _ of helia.pins.add(cid)) {
        // pinned
      }
      return { cid: cid.toString(), size: bytes.length };
    },
    get: () => Promise.reject(new Error("unused")),
    has: () => Promise.resolve(false),
    close: async () => void (await helia.stop()),
  };
}

async function measure(label: string, open: (dir: string) => Promise<DocumentStore>, records: number) {
  const directory = await mkdtemp(join(tmpdir(), "tp-put-rate-"));
  const store = await open(directory);
  const payloads = Array.from({ length: records }, () =>
    Buffer.from(JSON.stringify({ type: "fabric-lot", pad: randomBytes(280).toString("hex") })),
  );
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < payloads.length) {
        const bytes = payloads[next++]!;
        const t0 = performance.now();
        await store.put(bytes, { format: "raw-block" });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  console.log(
    `${label}: ${records} puts of ~${payloads[0]!.length} B, ${CLIENTS} clients: ${(records / seconds).toFixed(0)} puts/s, ` +
      `p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms`,
  );
  await store.close();
  await rm(directory, { recursive: true, force: true });
}

async function main() {
  const records = Number(process.argv[2] ?? 5000);
  await measure("blockstore-fs (before, no fsync)", blockstoreFsStore, records);
  await measure(
    "durable blockstore (after, fsynced, group commit)",
    (directory) => createHeliaStore({ directory }),
    records,
  );
}

void main();
