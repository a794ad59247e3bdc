import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentStore } from "../../../services/ipfs";
import { createHeliaStore } from "../../../services/ipfs/helia-store";
import { withRecentBlocks } from "../../../services/ipfs/recent-blocks";

describe("recent blocks for the indexer", () => {
  let dir: string;
  let store: DocumentStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tp-recent-"));
    store = await createHeliaStore({ directory: dir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores through to the node and serves what it put from memory, the rest from the node", async () => {
    const { writer, reader } = withRecentBlocks(store, 2);
    const record = new TextEncoder().encode('{"id":"FL-1"}');
    const { cid } = await writer.put(record, { format: "raw-block" });
    expect(await store.has(cid)).toBe(true); // written through
    expect(Buffer.from(await reader.get(cid)).toString()).toBe('{"id":"FL-1"}');

    // Past its capacity it forgets the oldest, which then comes from the node: the same bytes.
    const others = await Promise.all(
      ["a", "b"].map((text) => writer.put(new TextEncoder().encode(text), { format: "raw-block" })),
    );
    expect(others).toHaveLength(2);
    expect(Buffer.from(await reader.get(cid)).toString()).toBe('{"id":"FL-1"}');

    // What the reader hands out is a copy: a caller changing it changes nothing remembered.
    const copy = await reader.get(others[1]!.cid);
    copy[0] = 0;
    expect(Buffer.from(await reader.get(others[1]!.cid)).toString()).toBe("b");
  });
});
