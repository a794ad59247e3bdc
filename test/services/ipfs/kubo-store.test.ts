/**
 * The Kubo RPC store against a stand-in: no Kubo daemon can be installed on this machine (no Debian package,
 * and the npm `kubo` package downloads its binary at install time), so a small real HTTP server on loopback
 * speaks the few Kubo RPC endpoints the store uses (add, block/put, block/get, block/stat, cat), answering in
 * Kubo's wire format. It checks the request shape the store sends; it does not prove Kubo's own behaviour.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore, createKuboStore } from "../../../services/ipfs";
import type { DocumentStore } from "../../../services/ipfs";
import { startKuboStandIn } from "../../support/kubo-stand-in";

describe("Kubo RPC document store (against a loopback stand-in for Kubo)", () => {
  let standIn: Awaited<ReturnType<typeof startKuboStandIn>>;
  let store: DocumentStore;

  beforeAll(async () => {
    standIn = await startKuboStandIn();
    store = await createKuboStore({ apiUrl: standIn.url, timeoutMs: 5_000 });
  });
  afterAll(async () => {
    await store.close();
    standIn.server.close();
  });

  it("adds documents with CIDv1, raw leaves, Kubo's chunker and a pin", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.4 a small document");
    const { cid, size } = await store.put(bytes);
    expect(size).toBe(bytes.length);
    const add = standIn.seen.find((request) => request.path === "/api/v0/add");
    expect(add?.query.get("cid-version")).toBe("1");
    expect(add?.query.get("raw-leaves")).toBe("true");
    expect(add?.query.get("chunker")).toBe("size-262144");
    expect(add?.query.get("pin")).toBe("true");
    expect(Buffer.from(await store.get(cid)).toString()).toBe("%PDF-1.4 a small document");
    expect(standIn.seen.at(-1)?.path).toBe("/api/v0/block/get");
  });

  it("puts records as pinned raw sha2-256 blocks and checks presence offline", async () => {
    const bytes = new TextEncoder().encode('{"type":"fabric-lot"}');
    const { cid } = await store.put(bytes, { format: "raw-block" });
    const put = standIn.seen.find((request) => request.path === "/api/v0/block/put");
    expect(put?.query.get("format")).toBe("raw");
    expect(put?.query.get("mhtype")).toBe("sha2-256");
    expect(put?.query.get("pin")).toBe("true");
    expect(cid).toBe(`${(await store.put(bytes, { format: "raw-block" })).cid}`);
    expect(await store.has(cid)).toBe(true);
    const stat = standIn.seen.findLast((request) => request.path === "/api/v0/block/stat");
    expect(stat?.query.get("offline")).toBe("true");
    expect(stat?.query.get("arg")).toBe(cid);
  });

  it("maps Kubo's not-found answers to has=false and NOT_FOUND, a dead endpoint to UNAVAILABLE", async () => {
    const absent = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    expect(await store.has(absent)).toBe(false);
    await expect(store.get(absent)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const dead = await createKuboStore({ apiUrl: "http://127.0.0.1:9", timeoutMs: 2_000 });
    await expect(dead.put(new Uint8Array([1]))).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });

  it("gives a multi-chunk document the same CID as the embedded store", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tp-kubo-vs-helia-"));
    const helia = await createHeliaStore({ directory });
    try {
      const bytes = new Uint8Array(700_000).map((_, index) => (index * 13) % 256);
      const viaKubo = await store.put(bytes);
      const viaHelia = await helia.put(bytes);
      expect(viaKubo.cid).toBe(viaHelia.cid);
      const back = await store.get(viaKubo.cid);
      expect(createHash("sha256").update(back).digest("hex")).toBe(
        createHash("sha256").update(bytes).digest("hex"),
      );
    } finally {
      await helia.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
