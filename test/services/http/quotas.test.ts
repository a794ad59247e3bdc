/**
 * Bounds and quotas through the real API (embedded chain, IPFS, SQLite, HTTP on port 0), with small limits
 * configured so that each can be reached: a suspended facility writes nothing (uploads, stored assessments);
 * an event cites a bounded number and size of documents; cutting and sewing yields are plausible; each key
 * has daily quotas of uploads, upload bytes and stored assessments. Each refusal sits beside its "may".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WRITE_LIMITS, loadConfig } from "../../../services/config/index";
import { openServiceDatabase } from "../../../services/service-db/database";
import { chargeUsage, usageDay, usageOf } from "../../../services/service-db/usage";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../../support/api-harness";
import type { ApiAnswer, TestService } from "../../support/api-harness";

const LIMITS = {
  MAX_DOCUMENTS_PER_EVENT: "3",
  MAX_DOCUMENT_BYTES_PER_LOT: "4096",
  MAX_CUT_PIECES_PER_METRE: "50",
  MAX_CUT_PIECES_PER_KG: "200",
  UPLOADS_PER_DAY: "6",
  UPLOAD_BYTES_PER_DAY: String(1024 * 1024),
  ASSESSMENTS_PER_DAY: "2",
};

/** A PDF of exactly `size` bytes (distinct per `tag`). */
function pdfOfSize(size: number, tag: string): Uint8Array {
  const head = samplePdf(tag);
  const bytes = new Uint8Array(size);
  bytes.set(head.subarray(0, Math.min(head.length, size)));
  bytes.fill(0x20, head.length);
  return bytes;
}

/** The instant the UTC day after today starts. */
const nextUtcMidnight = () => usageDay(new Date()).resetsAt;

describe("bounds and quotas per key", () => {
  let t: TestService;
  const keys: Record<string, string> = {};
  let certifierKey = "";

  const upload = (who: string, bytes: Uint8Array): Promise<ApiAnswer> =>
    t.call("POST", "/api/v1/documents", {
      key: keys[who] ?? who,
      rawBody: fileForm(bytes, "application/pdf", { type: "test-report" }),
    });

  beforeAll(async () => {
    t = await startTestService(LIMITS);
    for (const id of ["alpha", "beta", "gamma", "delta"]) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name: `Facility ${id}`,
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: ["8938505"],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      keys[id] = answer.body.apiKey;
    }
    certifierKey = (
      await t.call("POST", "/api/v1/certifiers", {
        key: OPERATOR_KEY,
        body: { id: "cert", name: "Certifier" },
      })
    ).body.apiKey;
    // alpha's garment batch, which the assessment cases assess.
    for (const [path, body] of [
      ["fabric-lots", fabricLot("FL-A")],
      ["cuttings", cutting("CUT-A", "FL-A")],
      ["sewings", sewing("GB-A", "CUT-A")],
    ] as const) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key: keys.alpha, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  describe("a suspended facility writes nothing", () => {
    it("uploads and stores assessments while active; is refused both, 403 FACILITY_SUSPENDED, while suspended; may again once reinstated", async () => {
      expect((await upload("beta", samplePdf("beta active"))).status).toBe(201);
      const assessed = await t.call("POST", "/api/v1/origin/assessments", {
        key: keys.beta,
        body: { subjectId: "GB-A", fta: "EVFTA" },
      });
      expect(assessed.status, JSON.stringify(assessed.body)).toBe(201);

      expect((await t.call("POST", "/api/v1/facilities/beta/suspend", { key: OPERATOR_KEY })).status).toBe(
        200,
      );
      const refusedUpload = await upload("beta", samplePdf("beta suspended"));
      expect(refusedUpload.status).toBe(403);
      expect(refusedUpload.body.error).toMatchObject({
        code: "FACILITY_SUSPENDED",
        details: { facilityId: "beta" },
      });
      const refusedAssessment = await t.call("POST", "/api/v1/origin/assessments", {
        key: keys.beta,
        body: { subjectId: "GB-A", fta: "EVFTA" },
      });
      expect(refusedAssessment.status).toBe(403);
      expect(refusedAssessment.body.error.code).toBe("FACILITY_SUSPENDED");
      // Nothing was stored or charged for the refused upload.
      expect(usageOf(t.service.serviceDb, "facility:beta", "uploads")).toBe(1);
      expect(usageOf(t.service.serviceDb, "facility:beta", "assessments")).toBe(1);

      expect((await t.call("POST", "/api/v1/facilities/beta/reinstate", { key: OPERATOR_KEY })).status).toBe(
        200,
      );
      expect((await upload("beta", samplePdf("beta reinstated"))).status).toBe(201);
    });

    it("lets a certifier and the operator upload (they are not facilities)", async () => {
      expect((await upload(certifierKey, samplePdf("certifier"))).status).toBe(201);
      expect((await upload(OPERATOR_KEY, samplePdf("operator"))).status).toBe(201);
    });
  });

  describe("documents per event and bytes per lot", () => {
    const cids: string[] = [];
    let bigCid = "";

    beforeAll(async () => {
      for (const tag of ["one", "two", "three", "four"]) {
        const answer = await upload("alpha", samplePdf(`alpha ${tag}`));
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        cids.push(answer.body.cid);
      }
      const big = await upload("alpha", pdfOfSize(5000, "alpha big"));
      expect(big.status, JSON.stringify(big.body)).toBe(201);
      bigCid = big.body.cid;
    });

    const cite = (list: string[]) => list.map((cid) => ({ type: "test-report", cid }));

    it("records an event citing the limit's number of documents; refuses one more, 400 DOCUMENTS_TOO_MANY, storing nothing", async () => {
      const ok = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-DOC3", { documents: cite(cids.slice(0, 3)) }),
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);

      const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-DOC4", { documents: cite(cids) }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "DOCUMENTS_TOO_MANY",
        details: { limit: 3, count: 4 },
      });
      expect((await t.call("GET", "/api/v1/lots/FL-DOC4")).status).toBe(404);
    });

    it("counts origin proofs among the documents an event cites", async () => {
      const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-PROOF", {
          documents: cite(cids.slice(0, 3)),
          originating: [{ fta: "EVFTA", basis: "supplier declaration", proofCid: cids[3] }],
        }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "DOCUMENTS_TOO_MANY",
        details: { limit: 3, count: 4 },
      });
      expect((await t.call("GET", "/api/v1/lots/FL-PROOF")).status).toBe(404);
    });

    it("refuses documents that total more bytes than a lot may cite, 413 DOCUMENTS_TOO_LARGE, storing nothing", async () => {
      const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-BIG", { documents: cite([bigCid]) }),
      });
      expect(refused.status).toBe(413);
      expect(refused.body.error).toMatchObject({
        code: "DOCUMENTS_TOO_LARGE",
        details: { limitBytes: 4096, totalBytes: 5000 },
      });
      expect((await t.call("GET", "/api/v1/lots/FL-BIG")).status).toBe(404);
    });

    it("counts a document cited twice once towards the bytes", async () => {
      const small = await upload("alpha", pdfOfSize(3000, "alpha 3000"));
      expect(small.status).toBe(201);
      const ok = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-TWICE", {
          documents: [
            { type: "test-report", cid: small.body.cid },
            { type: "invoice", cid: small.body.cid },
          ],
        }),
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    });
  });

  describe("plausible yields", () => {
    it("cuts 10 m into 500 pieces (50 per m); refuses 501, 400 IMPLAUSIBLE_YIELD with the numbers", async () => {
      const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-Y", { quantity: { amount: 100, unit: "m" } }),
      });
      expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);
      const refused = await t.call("POST", "/api/v1/events/cuttings", {
        key: keys.alpha,
        body: cutting("CUT-Y1", "FL-Y", 10, { output: { quantity: { amount: 501, unit: "pcs" } } }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "IMPLAUSIBLE_YIELD",
        details: { maximum: 500, requested: 501, consumed: { m: 10 }, field: "output.quantity.amount" },
      });
      expect((await t.call("GET", "/api/v1/lots/CUT-Y1")).status).toBe(404);
      expect((await t.call("GET", "/api/v1/lots/FL-Y")).body.remaining).toBe(100);

      const ok = await t.call("POST", "/api/v1/events/cuttings", {
        key: keys.alpha,
        body: cutting("CUT-Y2", "FL-Y", 10, { output: { quantity: { amount: 500, unit: "pcs" } } }),
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    });

    it("cuts 2 kg into 400 pieces (200 per kg); refuses 401", async () => {
      const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
        key: keys.alpha,
        body: fabricLot("FL-KG", { quantity: { amount: 10, unit: "kg" } }),
      });
      expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);
      const inputs = [{ lotId: "FL-KG", quantity: { amount: 2, unit: "kg" }, role: "main-fabric" }];
      const refused = await t.call("POST", "/api/v1/events/cuttings", {
        key: keys.alpha,
        body: cutting("CUT-KG1", "FL-KG", 2, { inputs, output: { quantity: { amount: 401, unit: "pcs" } } }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "IMPLAUSIBLE_YIELD",
        details: { maximum: 400, requested: 401 },
      });
      const ok = await t.call("POST", "/api/v1/events/cuttings", {
        key: keys.alpha,
        body: cutting("CUT-KG2", "FL-KG", 2, { inputs, output: { quantity: { amount: 400, unit: "pcs" } } }),
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    });

    it("sews 300 pieces into 300 garments; refuses 301 garments from 300 pieces", async () => {
      const inputs = [{ lotId: "CUT-Y2", quantity: { amount: 300, unit: "pcs" } }];
      const refused = await t.call("POST", "/api/v1/events/sewings", {
        key: keys.alpha,
        body: sewing("GB-Y1", "CUT-Y2", { inputs, output: { quantity: { amount: 301, unit: "pcs" } } }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "IMPLAUSIBLE_YIELD",
        details: {
          limit: "MAX_GARMENTS_PER_CUT_PIECE",
          maximum: 300,
          requested: 301,
          consumed: { pcs: 300 },
        },
      });
      expect((await t.call("GET", "/api/v1/lots/GB-Y1")).status).toBe(404);
      const ok = await t.call("POST", "/api/v1/events/sewings", {
        key: keys.alpha,
        body: sewing("GB-Y2", "CUT-Y2", { inputs, output: { quantity: { amount: 300, unit: "pcs" } } }),
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    });
  });

  describe("daily quotas per key", () => {
    it("takes the day's uploads up to the quota, then 429 QUOTA_EXCEEDED naming it and its reset; other keys are unaffected", async () => {
      for (let index = 0; index < 6; index++) {
        const answer = await upload("gamma", samplePdf(`gamma ${index}`));
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      }
      const refused = await upload("gamma", samplePdf("gamma 6"));
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({
        code: "QUOTA_EXCEEDED",
        details: { quota: "uploads", limit: 6, used: 6, requested: 1, resetsAt: nextUtcMidnight() },
      });
      expect(usageOf(t.service.serviceDb, "facility:gamma", "uploads")).toBe(6);
      expect((await upload("delta", samplePdf("delta small"))).status).toBe(201);
    });

    it("takes the day's upload bytes up to the quota, then refuses the upload that would pass it", async () => {
      const first = await upload("delta", pdfOfSize(600 * 1024, "delta first"));
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const refused = await upload("delta", pdfOfSize(600 * 1024, "delta second"));
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({
        code: "QUOTA_EXCEEDED",
        details: { quota: "upload-bytes", limit: 1024 * 1024, requested: 600 * 1024 },
      });
      // The refused upload was neither stored nor counted.
      expect(usageOf(t.service.serviceDb, "facility:delta", "uploads")).toBe(2);
      expect((await upload("delta", pdfOfSize(100 * 1024, "delta third"))).status).toBe(201);
    });

    it("does not keep a 429 as the answer to an Idempotency-Key: the retry after the reset does the work", async () => {
      const body = fileForm(samplePdf("gamma retried"), "application/pdf", { type: "test-report" });
      const refused = await t.call("POST", "/api/v1/documents", {
        key: keys.gamma,
        rawBody: body,
        idempotencyKey: "gamma-retry-1",
      });
      expect(refused.status).toBe(429);
      // The next UTC day, as far as the register is concerned: gamma's usage is given back.
      t.service.serviceDb.prepare("DELETE FROM usage WHERE principal = 'facility:gamma'").run();
      const retried = await t.call("POST", "/api/v1/documents", {
        key: keys.gamma,
        rawBody: fileForm(samplePdf("gamma retried"), "application/pdf", { type: "test-report" }),
        idempotencyKey: "gamma-retry-1",
      });
      expect(retried.status, JSON.stringify(retried.body)).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBeNull();
    });

    it("exempts the operator's key", async () => {
      for (let index = 0; index < 7; index++) {
        expect((await upload(OPERATOR_KEY, samplePdf(`operator ${index}`))).status).toBe(201);
      }
    });

    it("stores the day's assessments up to the quota; a failed one costs nothing; then 429", async () => {
      const missing = await t.call("POST", "/api/v1/origin/assessments", {
        key: certifierKey,
        body: { subjectId: "NO-SUCH-LOT", fta: "EVFTA" },
      });
      expect(missing.status).toBe(404);
      for (let index = 0; index < 2; index++) {
        const answer = await t.call("POST", "/api/v1/origin/assessments", {
          key: certifierKey,
          body: { subjectId: "GB-A", fta: "EVFTA" },
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      }
      const refused = await t.call("POST", "/api/v1/origin/assessments", {
        key: certifierKey,
        body: { subjectId: "GB-A", fta: "EVFTA" },
      });
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({
        code: "QUOTA_EXCEEDED",
        details: { quota: "assessments", limit: 2, used: 2, resetsAt: nextUtcMidnight() },
      });
    });
  });
});

describe("the usage register", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tp-usage-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes all charges or none, gives a refund back once, and starts afresh on the next UTC day", () => {
    const db = openServiceDatabase(join(dir, "service.sqlite"));
    const day1 = new Date("2026-05-01T23:59:59Z");
    const day2 = new Date("2026-05-02T00:00:00Z");
    const charges = (amount: number) => [
      { quota: "uploads", limit: 2, amount: 1 },
      { quota: "upload-bytes", limit: 100, amount },
    ];
    chargeUsage(db, "facility:x", charges(60), day1);
    // The bytes would overshoot: neither quota is charged.
    expect(() => chargeUsage(db, "facility:x", charges(50), day1)).toThrow(
      expect.objectContaining({ code: "QUOTA_EXCEEDED" }),
    );
    expect(usageOf(db, "facility:x", "uploads", day1)).toBe(1);
    const receipt = chargeUsage(db, "facility:x", charges(40), day1);
    expect(usageOf(db, "facility:x", "upload-bytes", day1)).toBe(100);
    receipt.refund();
    receipt.refund();
    expect(usageOf(db, "facility:x", "upload-bytes", day1)).toBe(60);
    expect(usageOf(db, "facility:x", "uploads", day1)).toBe(1);
    expect(usageDay(day1)).toEqual({ day: "2026-05-01", resetsAt: "2026-05-02T00:00:00.000Z" });
    expect(usageOf(db, "facility:x", "uploads", day2)).toBe(0);
    chargeUsage(db, "facility:x", charges(100), day2);
    db.close();
  });
});

describe("write limits in the configuration", () => {
  it("defaults to bounds a real factory never meets, and reads each from its variable", () => {
    expect(loadConfig({}).writeLimits).toEqual(DEFAULT_WRITE_LIMITS);
    expect(DEFAULT_WRITE_LIMITS).toMatchObject({
      maxDocumentsPerEvent: 20,
      maxDocumentBytesPerLot: 50 * 1024 * 1024,
      maxCutPiecesPerMetre: 50,
      maxCutPiecesPerKg: 200,
      maxGarmentsPerCutPiece: 1,
      uploadsPerDay: 1000,
      uploadBytesPerDay: 1024 ** 3,
      assessmentsPerDay: 1000,
    });
    expect(loadConfig({ ...LIMITS, MAX_GARMENTS_PER_CUT_PIECE: "0.5" }).writeLimits).toMatchObject({
      maxDocumentsPerEvent: 3,
      uploadsPerDay: 6,
      maxGarmentsPerCutPiece: 0.5,
    });
    expect(() => loadConfig({ UPLOADS_PER_DAY: "0" })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID" }),
    );
  });
});
