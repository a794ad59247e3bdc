import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../services/ipfs";
import type { DocumentStore } from "../../../services/ipfs";
import {
  cidFromDigest,
  digestFromCid,
  encodeRecord,
  getRecord,
  putRecord,
  sha256Hex,
} from "../../../services/records";

describe("canonical records", () => {
  it("encodes RFC 8785 canonical JSON: sorted keys, no whitespace, ES number form", () => {
    const bytes = encodeRecord({ b: 1.5e2, a: [true, null, "x"], c: { z: 1, y: 1e21 } });
    expect(new TextDecoder().decode(bytes)).toBe('{"a":[true,null,"x"],"b":150,"c":{"y":1e+21,"z":1}}');
  });

  it("gives the same bytes whatever the key order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(Buffer.from(encodeRecord(reversed)).equals(Buffer.from(encodeRecord(object)))).toBe(true);
      }),
    );
  });

  it("maps a digest to its raw CID and back", async () => {
    const bytes = new TextEncoder().encode("hello");
    const digest = sha256Hex(bytes);
    expect(digest).toBe(`0x${createHash("sha256").update("hello").digest("hex")}`);
    const cid = await cidFromDigest(digest);
    expect(cid).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
    expect(await digestFromCid(cid)).toBe(digest);
  });

  it("refuses references that are not raw sha2-256 CIDs or digests", async () => {
    await expect(cidFromDigest("0x1234")).rejects.toMatchObject({ code: "INVALID_RECORD_REFERENCE" });
    // a dag-pb CID (a chunked file) names no record
    await expect(
      digestFromCid("bafybeicptzmh5x5nlaqtfkrh2k6lrcqygm7mdep7frcti2af2u7r5xdzw4"),
    ).rejects.toMatchObject({
      code: "INVALID_RECORD_REFERENCE",
    });
    await expect(digestFromCid("nonsense")).rejects.toMatchObject({ code: "INVALID_CID" });
  });
});

describe("records in a real IPFS store", () => {
  let directory: string;
  let store: DocumentStore;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tp-records-"));
    store = await createHeliaStore({ directory });
  });
  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("stores a record and reads it back by CID and by digest", async () => {
    const record = { type: "fabric-lot", id: "FL-1", quantity: { amount: 12.5, unit: "m" } };
    const stored = await putRecord(store, record);
    expect(stored.cid).toBe(await cidFromDigest(stored.digest));
    expect((await getRecord(store, stored.cid)).record).toEqual(record);
    expect((await getRecord(store, stored.digest)).record).toEqual(record);
  });

  it("refuses bytes that do not hash to the digest", async () => {
    const stored = await putRecord(store, { id: "A" });
    const liar: Pick<DocumentStore, "get"> = { get: async () => new TextEncoder().encode('{"id":"B"}') };
    await expect(getRecord(liar, stored.cid)).rejects.toMatchObject({ code: "RECORD_DIGEST_MISMATCH" });
  });
});
