/**
 * Two embedded Helia stores on separate directories, connected over loopback TCP (libp2p, Noise, Yamux,
 * bitswap): what one holds the other fetches by CID, verifies, keeps and serves across restarts; a peer that
 * is down, lacks the object or serves altered bytes gets a bounded error, never a hang or a wrong answer.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { freePort } from "../../support/free-port";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../services/ipfs";
import type { HeliaStore } from "../../../services/ipfs/helia-store";

const FETCH_TIMEOUT_MS = 3_000;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A TCP port free now on 127.0.0.1 (a restarted node listens on the same one). */

function openStore(directory: string, listen: string[], peers: string[] = []): Promise<HeliaStore> {
  return createHeliaStore({
    directory,
    network: { listen, peers, fetchTimeoutMs: FETCH_TIMEOUT_MS, maxRedialIntervalMs: 1_000 },
  });
}

/** Bytes that differ at every position, so a one-block change is visible. */
const documentOf = (size: number, seed: number) =>
  new Uint8Array(size).map((_, index) => (index * 31 + seed) % 251);

describe("embedded Helia stores connected over loopback", () => {
  const directories: string[] = [];
  const open: HeliaStore[] = [];
  let portA: number;
  let dirA: string;
  let dirB: string;
  let a: HeliaStore;
  let addressA: string;

  const track = (store: HeliaStore) => {
    open.push(store);
    return store;
  };
  const close = async (store: HeliaStore) => {
    open.splice(open.indexOf(store), 1);
    await store.close();
  };

  beforeAll(async () => {
    for (let index = 0; index < 2; index += 1) {
      directories.push(await mkdtemp(join(tmpdir(), "tp-helia-net-")));
    }
    [dirA, dirB] = directories as [string, string];
    portA = await freePort();
    a = track(await openStore(dirA, [`/ip4/127.0.0.1/tcp/${portA}`]));
    addressA = a.network()!.addresses[0]!;
  });
  afterEach(async () => {
    // Every test leaves A running and nothing else open.
    for (const store of open.filter((store) => store !== a)) await close(store);
  });
  afterAll(async () => {
    for (const store of [...open]) await close(store);
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it("announces an address with its peer id, and keeps the peer id across a restart", async () => {
    const status = a.network()!;
    expect(addressA).toBe(`/ip4/127.0.0.1/tcp/${portA}/p2p/${status.peerId}`);
    await close(a);
    a = track(await openStore(dirA, [`/ip4/127.0.0.1/tcp/${portA}`]));
    expect(a.network()!.peerId).toBe(status.peerId);
  });

  it("has no networking unless asked", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tp-helia-offline-"));
    directories.push(directory);
    const offline = track(await createHeliaStore({ directory }));
    expect(offline.network()).toBeNull();
    const { cid } = await a.put(new TextEncoder().encode("only on A"));
    const started = Date.now();
    await expect(offline.get(cid)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("fetches a multi-block document and a raw record from its peer by CID, then keeps them without it", async () => {
    const document = documentOf(1_500_000, 1);
    const record = new TextEncoder().encode('{"id":"FL-1","kind":"fabric"}');
    const put = await a.put(document);
    const putRecord = await a.put(record, { format: "raw-block" });

    let b = track(await openStore(dirB, [], [addressA]));
    expect(await b.has(put.cid)).toBe(false);
    const fetched = await b.get(put.cid);
    expect(sha256(fetched)).toBe(sha256(document));
    expect(Buffer.from(await b.get(putRecord.cid)).toString()).toBe('{"id":"FL-1","kind":"fabric"}');
    expect(await b.has(put.cid)).toBe(true);
    expect(b.network()!.connectedPeers).toEqual([a.network()!.peerId]);

    // B restarts while A is stopped: what it fetched is on its own disk, pinned.
    await close(b);
    await close(a);
    b = track(await openStore(dirB, [], [addressA]));
    const started = Date.now();
    expect(sha256(await b.get(put.cid))).toBe(sha256(document));
    expect(Buffer.from(await b.get(putRecord.cid)).toString()).toBe('{"id":"FL-1","kind":"fabric"}');
    expect(Date.now() - started).toBeLessThan(1_000);

    // With A down, an object B never had is refused quickly: no peer can be reached.
    const unknown = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    const refusedAt = Date.now();
    await expect(b.get(unknown)).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(Date.now() - refusedAt).toBeLessThan(1_500);

    // A comes back on its address: B dials it again and fetches what A took meanwhile.
    a = track(await openStore(dirA, [`/ip4/127.0.0.1/tcp/${portA}`]));
    const later = await a.put(documentOf(300_000, 2));
    expect(sha256(await b.get(later.cid))).toBe(sha256(documentOf(300_000, 2)));
  });

  it("answers NOT_FOUND within its timeout when connected peers do not hold the object", async () => {
    const b = track(await openStore(dirB, [], [addressA]));
    const nobodyHasIt = (await b.put(new TextEncoder().encode("B's own"), { format: "raw-block" })).cid;
    // A CID of bytes nobody stored: same shape, one byte different.
    const { CID } = await import("multiformats/cid");
    const { sha256: hasher } = await import("multiformats/hashes/sha2");
    const absent = CID.createV1(0x55, await hasher.digest(new TextEncoder().encode("B's owm"))).toString();
    expect(absent).not.toBe(nobodyHasIt);
    const started = Date.now();
    await expect(b.get(absent)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(FETCH_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(FETCH_TIMEOUT_MS + 2_000);
    expect(b.network()!.connectedPeers).toEqual([a.network()!.peerId]);
  });

  it("does not accept a block whose bytes do not match its CID", async () => {
    const honest = new TextEncoder().encode('{"id":"SEW-9","quantity":100}');
    const { cid } = await a.put(honest, { format: "raw-block" });
    // A's disk is altered behind its back: it now serves other bytes under that CID.
    await close(a);
    const db = new Database(join(dirA, "blocks.sqlite"));
    const changed = db
      .prepare("UPDATE blocks SET bytes = ? WHERE bytes = ?")
      .run(Buffer.from('{"id":"SEW-9","quantity":900}'), Buffer.from(honest)).changes;
    db.close();
    expect(changed).toBe(1);
    a = track(await openStore(dirA, [`/ip4/127.0.0.1/tcp/${portA}`]));
    expect(Buffer.from(await a.get(cid)).toString()).toContain("900");

    const directory = await mkdtemp(join(tmpdir(), "tp-helia-victim-"));
    directories.push(directory);
    const c = track(await openStore(directory, [], [a.network()!.addresses[0]!]));
    await expect(c.get(cid)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await c.has(cid)).toBe(false);
    expect(c.network()!.connectedPeers).toEqual([a.network()!.peerId]);
  });
});
