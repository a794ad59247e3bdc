/**
 * Bounded document reads per scan (services/provenance/document-checks.ts): a lot citing many large documents
 * costs one scan at most DOCUMENT_CHECK_BUDGET_BYTES of reads; the rest are "not yet checked" (never
 * verified) and checked in the background into the register of checked documents, which later scans use
 * without reading. A document whose CID was never checked is still read, so a tampered block is caught.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCheckedDocument, forgetCheckedDocument } from "../../../services/service-db/checked-documents";
import { UNIXFS_CHUNK_SIZE } from "../../../services/ipfs/document-store";
import { startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";
import { overwriteBlock } from "../../support/blockstore";
import { HEAVY_GTIN, recordHeavyLot } from "../../support/document-heavy";
import type { HeavyLot } from "../../support/document-heavy";

const MiB = 1024 * 1024;
const BUDGET = 3 * MiB;

describe("document checks within a byte budget", () => {
  let t: TestService;
  let heavy: HeavyLot;

  const scan = (serial: number) =>
    t.call("GET", `/api/v1/garments/${HEAVY_GTIN}/${heavy.batch}/${serial}?ac=${heavy.code(serial)}`);
  const sizeOf = (cid: string) => heavy.documents.find((d) => d.cid === cid)!.size;
  const allChecked = () => heavy.documents.every((d) => findCheckedDocument(t.service.serviceDb, d.cid));

  /** Waits (bounded) until the background checker has filled the register; not a timing assertion. */
  async function registerFilled(): Promise<boolean> {
    for (let attempt = 0; attempt < 600 && !allChecked(); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    return allChecked();
  }

  beforeAll(async () => {
    t = await startTestService({ DOCUMENT_CHECK_BUDGET_BYTES: String(BUDGET) });
    // 3 events x 8 documents of 1 MiB: 24 MiB a scan would read and hash, eight times the budget.
    heavy = await recordHeavyLot(t, { suffix: "b1", perEvent: 8, documentBytes: MiB });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("shows every uploaded document checked from the register, reading none of them", async () => {
    // Uploading hashed each document and filled the register.
    expect(allChecked()).toBe(true);
    const answer = await scan(1);
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe("authentic");
    expect((answer.body.documents as Json[]).map((d) => d.status)).toEqual(
      heavy.documents.map(() => "passed"),
    );
  });

  /**
   * Forgets every document, as for a second instance on the same chain or documents stored before the
   * register existed; first lets a running background pass finish, so that it cannot refill the register.
   */
  async function neverChecked(): Promise<void> {
    expect(await registerFilled()).toBe(true);
    for (const d of heavy.documents) forgetCheckedDocument(t.service.serviceDb, d.cid);
  }

  it("reads at most the budget on a first scan of never-checked documents, the rest not yet checked", async () => {
    await neverChecked();
    const first = await scan(2);
    expect(first.status).toBe(200);
    const documents = first.body.documents as Json[];
    expect(documents).toHaveLength(heavy.documents.length);
    const read = documents.filter((d) => d.status === "passed");
    const notYet = documents.filter((d) => d.status === "unchecked");
    expect(read.length + notYet.length).toBe(documents.length);
    expect(read.reduce((sum, d) => sum + sizeOf(d.cid), 0)).toBeLessThanOrEqual(BUDGET);
    expect(notYet.length).toBeGreaterThanOrEqual(heavy.documents.length - BUDGET / MiB);
    // Not yet checked is never verified: the verdict says so, and each such check could not be made now.
    expect(first.body.verdict).toBe("unverified");
    const documentChecks = (first.body.checks as Json[]).filter((c) => c.kind === "document-hash");
    expect(documentChecks.filter((c) => c.status === "unavailable")).toHaveLength(notYet.length);
    for (const check of documentChecks.filter((c) => c.status === "unavailable"))
      expect(check.detail).toContain("not yet checked");

    for (const [lang, words] of [
      ["en", "Not yet checked"],
      ["vi", "Đang chờ kiểm tra"],
    ] as const) {
      await neverChecked();
      const page = await fetch(
        `${t.service.url}/01/${HEAVY_GTIN}/10/${heavy.batch}/21/2?ac=${heavy.code(2)}&lang=${lang}`,
        { headers: { accept: "text/html" } },
      );
      const html = await page.text();
      expect(html).toContain('data-verdict="unverified"');
      expect(html).toMatch(/data-cid="[^"]+" data-document-status="unchecked"/);
      expect(html).toContain(`<span class="badge badge-unchecked">${words}</span>`);
    }

    // The background checker fills the register; the next scan shows everything checked.
    expect(await registerFilled()).toBe(true);
    const later = await scan(3);
    expect(later.body.verdict).toBe("authentic");
    expect((later.body.documents as Json[]).every((d) => d.status === "passed")).toBe(true);
  });

  it("does not re-read a checked CID: the register answers for it, even if its block is later changed", async () => {
    // What the register trades: a CID's bytes are hashed once. Content addressing makes the answer lasting;
    // the block store's own durability and the /ipfs route (which re-hashes what it serves) guard the disk.
    const document = heavy.documents[0]!;
    const chunk = document.bytes.subarray(0, UNIXFS_CHUNK_SIZE);
    const changed = new Uint8Array(chunk);
    changed[100] = changed[100]! ^ 0x01;
    const restore = overwriteBlock(t.dataDir, chunk, changed);
    try {
      const answer = await scan(4);
      expect(answer.body.documents.find((d: Json) => d.cid === document.cid).status).toBe("passed");
    } finally {
      restore();
    }
  });

  it("catches a tampered block of a CID that was never checked", async () => {
    const document = heavy.documents[5]!;
    forgetCheckedDocument(t.service.serviceDb, document.cid);
    const chunk = document.bytes.subarray(UNIXFS_CHUNK_SIZE, 2 * UNIXFS_CHUNK_SIZE);
    const changed = new Uint8Array(chunk);
    changed[7] = changed[7]! ^ 0x01;
    const restore = overwriteBlock(t.dataDir, chunk, changed);
    try {
      const answer = await scan(5);
      expect(answer.body.verdict).toBe("tampered");
      expect(answer.body.documents.find((d: Json) => d.cid === document.cid).status).toBe("failed");
      // A mismatch is never remembered: the next read tries again.
      expect(findCheckedDocument(t.service.serviceDb, document.cid)).toBeNull();
    } finally {
      restore();
    }
    const repaired = await scan(6);
    expect(repaired.body.verdict).toBe("authentic");
    expect(findCheckedDocument(t.service.serviceDb, document.cid)).not.toBeNull();
  });
});
