/**
 * The embedded node's durable blockstore: a put resolves once its block is fsynced, concurrent puts share
 * commits (group commit), blocks of a blockstore-fs data dir of earlier versions are still read, the file is
 * 0600, and a full disk refuses puts with UNAVAILABLE (nothing half-stored) and recovers when space returns.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../services/ipfs";
import { openDurableBlockstore } from "../../../services/ipfs/durable-blockstore";
import { loadMultiformats } from "../../../services/support/multiformats";
import { RAW_CODEC } from "../../../services/support/cid";
import { mountTmpfs } from "../../support/tmpfs";

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function rawCid(bytes: Uint8Array) {
  const mf = await loadMultiformats();
  return mf.CID.createV1(RAW_CODEC, await mf.sha256Digest(bytes));
}

async function readAll(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("durable blockstore", () => {
  it("commits 64 concurrent puts in a few group commits, and every block reads back after a reopen", async () => {
    const dir = tempDir("tp-durable-");
    const mf = await loadMultiformats();
    const path = join(dir, "blocks.sqlite");
    const store = openDurableBlockstore({ path, decodeCid: (b) => mf.CID.decode(b) });
    const blocks = Array.from({ length: 64 }, () => randomBytes(600));
    const cids = await Promise.all(blocks.map(rawCid));
    await Promise.all(blocks.map((bytes, index) => store.put(cids[index]!, bytes)));
    // One commit (one WAL fsync) per batch, not per put.
    expect(store.commits()).toBeGreaterThanOrEqual(1);
    expect(store.commits()).toBeLessThan(8);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const reopened = openDurableBlockstore({ path, decodeCid: (b) => mf.CID.decode(b) });
    for (const [index, cid] of cids.entries()) {
      expect(await reopened.has(cid)).toBe(true);
      expect((await readAll(reopened.get(cid))).equals(blocks[index]!)).toBe(true);
    }
    const missing = await rawCid(randomBytes(10));
    expect(await reopened.has(missing)).toBe(false);
    await expect(readAll(reopened.get(missing))).rejects.toMatchObject({ name: "NotFoundError" });
    await reopened.close();
  });

  it("makes a block visible to has() only once its commit is durable", async () => {
    const dir = tempDir("tp-durable-visible-");
    const mf = await loadMultiformats();
    const store = openDurableBlockstore({
      path: join(dir, "blocks.sqlite"),
      decodeCid: (b) => mf.CID.decode(b),
    });
    const bytes = randomBytes(600);
    const cid = await rawCid(bytes);
    const commitsBefore = store.commits();
    const put = store.put(cid, bytes);
    // Not committed yet: has() waits for the block's durability instead of answering from the queue.
    expect(store.commits()).toBe(commitsBefore);
    const seen = await store.has(cid);
    expect(seen).toBe(true);
    expect(store.commits()).toBe(commitsBefore + 1);
    await put;
    await store.close();
  });

  it("still reads the blocks a blockstore-fs data dir of an earlier version holds", async () => {
    const dir = tempDir("tp-legacy-");
    const { FsBlockstore } = await import("blockstore-fs");
    const legacy = new FsBlockstore(join(dir, "blocks"));
    await legacy.open();
    const old = new TextEncoder().encode('{"type":"fabric-lot","old":true}');
    const oldCid = await rawCid(old);
    await legacy.put(oldCid, old);

    const store = await createHeliaStore({ directory: dir });
    expect(await store.has(oldCid.toString())).toBe(true);
    expect(Buffer.from(await store.get(oldCid.toString())).toString()).toBe(
      '{"type":"fabric-lot","old":true}',
    );
    // New blocks go to the database, not to the old directory.
    const { cid } = await store.put(new TextEncoder().encode("new block"), { format: "raw-block" });
    expect(Buffer.from(await store.get(cid)).toString()).toBe("new block");
    await store.close();
    expect(readFileSync(join(dir, "blocks.sqlite")).length).toBeGreaterThan(0);
  });

  it("refuses puts on a full disk with UNAVAILABLE, stores nothing half-way, and recovers when space returns", async () => {
    const disk = mountTmpfs(4 * 1024 * 1024);
    // Where mounting is not permitted the test still runs on the ordinary disk: only the refusal part needs
    // the small filesystem, and it says so.
    if (!disk) console.log("durable blockstore: tmpfs not permitted here; full-disk part not exercised");
    const dir = disk?.path ?? tempDir("tp-full-");
    try {
      const store = await createHeliaStore({ directory: join(dir, "ipfs") });
      const first = await store.put(randomBytes(600), { format: "raw-block" });
      await store.probeWrite!();
      if (disk) {
        // Fill the filesystem to the last byte.
        const filler = join(dir, "filler");
        try {
          writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
        }
        const big = randomBytes(1024 * 1024);
        await expect(store.put(big)).rejects.toMatchObject({ code: "UNAVAILABLE" });
        await expect(store.probeWrite!()).rejects.toMatchObject({ code: "UNAVAILABLE" });
        // Reads go on.
        expect((await store.get(first.cid)).length).toBe(600);
        // Space comes back: writes work again, and the refused document was not left half-stored.
        unlinkSync(filler);
        await store.probeWrite!();
        const again = await store.put(big);
        expect(Buffer.from(await store.get(again.cid)).equals(big)).toBe(true);
      }
      await store.close();
    } finally {
      disk?.unmount();
    }
  });
});
