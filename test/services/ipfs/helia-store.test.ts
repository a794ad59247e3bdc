import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../services/ipfs";
import type { DocumentStore } from "../../../services/ipfs";

describe("embedded Helia document store", () => {
  let directory: string;
  let store: DocumentStore;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tp-helia-"));
    store = await createHeliaStore({ directory });
  });
  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("stores a raw block whose CID is CIDv1(raw, sha2-256 of the bytes)", async () => {
    const bytes = new TextEncoder().encode('{"a":1}');
    const { cid, size } = await store.put(bytes, { format: "raw-block" });
    expect(size).toBe(7);
    expect(cid.startsWith("bafkrei")).toBe(true);
    expect(Buffer.from(await store.get(cid)).toString()).toBe('{"a":1}');
    expect(await store.has(cid)).toBe(true);
  });

  it("gives a small file the raw CID of its bytes and is idempotent", async () => {
    const bytes = new TextEncoder().encode("hello");
    const asFile = await store.put(bytes);
    const asBlock = await store.put(bytes, { format: "raw-block" });
    expect(asFile.cid).toBe(asBlock.cid);
    // The well-known CIDv1 of "hello" with raw leaves, as `ipfs add --cid-version=1` prints it.
    expect(asFile.cid).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  });

  it("chunks a file over one chunk into a UnixFS DAG and reads it back whole", async () => {
    const bytes = new Uint8Array(1_500_000).map((_, index) => (index * 7) % 251);
    const { cid, size } = await store.put(bytes);
    expect(size).toBe(1_500_000);
    expect(cid.startsWith("bafybei")).toBe(true);
    const back = await store.get(cid);
    expect(createHash("sha256").update(back).digest("hex")).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
  });

  it("answers NOT_FOUND for a missing CID and INVALID_CID for garbage", async () => {
    await expect(store.has("not-a-cid")).rejects.toMatchObject({ code: "INVALID_CID" });
    await expect(store.get("not-a-cid")).rejects.toMatchObject({ code: "INVALID_CID" });
    const valid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    expect(await store.has(valid)).toBe(false);
    await expect(store.get(valid)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps what it stored across a restart on the same directory", async () => {
    const directory2 = await mkdtemp(join(tmpdir(), "tp-helia-restart-"));
    try {
      const first = await createHeliaStore({ directory: directory2 });
      const { cid } = await first.put(new TextEncoder().encode("persisted"));
      await first.close();
      const second = await createHeliaStore({ directory: directory2 });
      expect(Buffer.from(await second.get(cid)).toString()).toBe("persisted");
      await second.close();
    } finally {
      await rm(directory2, { recursive: true, force: true });
    }
  });
});
