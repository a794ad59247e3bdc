/**
 * The bulk paths record in batches (services/production/record-batch.ts): through the real service (Hardhat
 * chain, Helia, SQLite, HTTP), a bad event in the middle of a batch is refused alone in `proceed` and refuses
 * the whole capture in `rollback`; two events of one batch taking the same lot are held to what it has; and
 * `Idempotency-Key` on POST /epcis/capture and POST /api/v1/imports answers a retry with the first job and
 * records nothing twice, and refuses the key with another body.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EPCIS_CONTEXT_URL,
  THREADPROOF_NAMESPACE,
  threadproofFacilityUri,
  threadproofLotUri,
} from "../../services/epcis";
import { cidFromDigest, sha256Hex } from "../../services/records/index";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";

let t: TestService;
let key: string;
const FACILITY = "batch-mill";

const fabricEvent = (id: string, extra: Record<string, unknown> = {}) => ({
  type: "ObjectEvent",
  eventTime: "2026-03-01T08:00:00.000Z",
  eventTimeZoneOffset: "+07:00",
  quantityList: [{ epcClass: threadproofLotUri(id), quantity: 1000, uom: "MTR" }],
  action: "ADD",
  bizStep: "commissioning",
  bizLocation: { id: threadproofFacilityUri(FACILITY) },
  ilmd: {
    "tp:description": "cotton single jersey 180 gsm",
    "tp:hsCode": "6006.21",
    "tp:composition": [{ fibre: "cotton", percent: 100 }],
    "tp:supplier": { name: "Nam Dinh Knitting", country: "VN" },
  },
  ...extra,
});

const epcisDocument = (events: unknown[]) => ({
  "@context": [EPCIS_CONTEXT_URL, { tp: THREADPROOF_NAMESPACE }],
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-03-01T09:00:00.000Z",
  epcisBody: { eventList: events },
});

/** A CID no one uploaded: citing it is refused. */
const unknownCid = () => cidFromDigest(sha256Hex(randomBytes(32)));
const citingUnknown = async () => ({ "tp:documents": [{ type: "invoice", cid: await unknownCid() }] });

async function postCapture(document: unknown, behaviour: string, idempotencyKey?: string) {
  return t.call("POST", "/epcis/capture", {
    key,
    rawBody: JSON.stringify(document),
    headers: {
      "content-type": "application/ld+json",
      "gs1-capture-error-behaviour": behaviour,
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
  });
}

async function jobAt(location: string): Promise<Json> {
  for (;;) {
    const job = await t.call("GET", location, { key });
    expect(job.status).toBe(200);
    if (job.body.running === false || (job.body.status !== undefined && job.body.status !== "running"))
      return job.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function captured(document: unknown, behaviour: string): Promise<Json> {
  const answer = await postCapture(document, behaviour);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return jobAt(answer.headers.get("location")!);
}

const lotStatus = async (id: string) => (await t.call("GET", `/api/v1/lots/${id}`)).status;

beforeAll(async () => {
  t = await startTestService();
  const registered = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: {
      id: FACILITY,
      name: "Batch Mill",
      country: "VN",
      roles: ["fabric", "cutting", "sewing", "shipping"],
      gtinPrefixes: ["8938505"],
    },
  });
  expect(registered.status).toBe(201);
  key = registered.body.apiKey as string;
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe("batch recording", () => {
  it("refuses a bad event in the middle of a batch alone in proceed, naming it and its field", async () => {
    const ids = ["BP-1", "BP-2", "BP-3", "BP-4", "BP-5"];
    const bad = await citingUnknown();
    const events = ids.map((id, index) => fabricEvent(id, index === 2 ? bad : {}));
    const job = await captured(epcisDocument(events), "proceed");
    expect(job.success).toBe(false);
    expect(job.events.map((event: Json) => event.outcome)).toEqual([
      "recorded",
      "recorded",
      "refused",
      "recorded",
      "recorded",
    ]);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ eventIndex: 2, code: "VALIDATION_FAILED" });
    expect(String(job.errors[0].pointer)).toContain("documents");
    expect(await Promise.all(ids.map(lotStatus))).toEqual([200, 200, 404, 200, 200]);
  });

  it("records nothing of a capture in rollback when one event of a batch is refused", async () => {
    const ids = ["BR-1", "BR-2", "BR-3", "BR-4"];
    const bad = await citingUnknown();
    const events = ids.map((id, index) => fabricEvent(id, index === 1 ? bad : {}));
    const job = await captured(epcisDocument(events), "rollback");
    expect(job.success).toBe(false);
    expect(job.errors.map((error: Json) => error.eventIndex)).toEqual([1]);
    expect(job.events.map((event: Json) => event.outcome)).toEqual([
      "not-captured",
      "refused",
      "not-captured",
      "not-captured",
    ]);
    expect(await Promise.all(ids.map(lotStatus))).toEqual([404, 404, 404, 404]);
    // The same capture fixed records every event.
    const fixed = await captured(epcisDocument(ids.map((id) => fabricEvent(id))), "rollback");
    expect(fixed.success, JSON.stringify(fixed.errors)).toBe(true);
    expect(await Promise.all(ids.map(lotStatus))).toEqual([200, 200, 200, 200]);
  });

  it("answers a capture retried with its Idempotency-Key with the first job, and refuses the key with another document", async () => {
    const document = epcisDocument([fabricEvent("BI-1"), fabricEvent("BI-2")]);
    const first = await postCapture(document, "proceed", "capture-retry-1");
    expect(first.status).toBe(202);
    const location = first.headers.get("location")!;
    const job = await jobAt(location);
    expect(job.success).toBe(true);
    const again = await postCapture(document, "proceed", "capture-retry-1");
    expect(again.status).toBe(202);
    expect(again.headers.get("location")).toBe(location);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await postCapture(epcisDocument([fabricEvent("BI-3")]), "proceed", "capture-retry-1");
    expect(other.status).toBe(422);
    expect(other.body.code ?? other.body.error?.code ?? JSON.stringify(other.body)).toContain(
      "IDEMPOTENCY_KEY_REUSED",
    );
    // Another behaviour is another request.
    expect((await postCapture(document, "rollback", "capture-retry-1")).status).toBe(422);
    expect(await lotStatus("BI-3")).toBe(404);
  });

  it("answers an import retried with its Idempotency-Key with the first job, and refuses the key with another file", async () => {
    const header =
      "Lot id,Date,Description,HS code,Composition,Quantity,Unit,Weight (kg),Supplier,Supplier country";
    const rows = (prefix: string, count: number) =>
      Array.from(
        { length: count },
        (_, n) => `${prefix}-${n},02/03/2026,cotton jersey,6006.21,cotton:100,"1,200.5",m,260,Nam Dinh,VN`,
      );
    const file = (lines: string[]) => new TextEncoder().encode(`\ufeff${[header, ...lines].join("\r\n")}`);
    const upload = (bytes: Uint8Array, idempotencyKey: string) => {
      const form = new FormData();
      form.append("kind", "fabric-lots");
      form.append("mode", "commit");
      form.append("file", new Blob([Buffer.from(bytes)]), "lots.csv");
      return t.call("POST", "/api/v1/imports", {
        key,
        rawBody: form,
        headers: { "idempotency-key": idempotencyKey },
      });
    };
    const bytes = file(rows("BK", 300));
    const first = await upload(bytes, "import-retry-1");
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const location = first.headers.get("location")!;
    expect(location).toBe(`/api/v1/imports/${first.body.id}`);
    const again = await upload(bytes, "import-retry-1");
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("location")).toBe(location);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const job = await jobAt(location);
    expect(job).toMatchObject({ status: "success", total: 300, recorded: 300, skipped: 0 });
    const other = await upload(file(rows("BK-OTHER", 2)), "import-retry-1");
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).toContain("IDEMPOTENCY_KEY_REUSED");
    expect(await lotStatus("BK-OTHER-0")).toBe(404);
    // Without the key, the same file again records nothing twice: every row is skipped.
    const form = new FormData();
    form.append("kind", "fabric-lots");
    form.append("mode", "commit");
    form.append("file", new Blob([Buffer.from(bytes)]), "lots.csv");
    const reimport = await t.call("POST", "/api/v1/imports", { key, rawBody: form });
    expect(reimport.body.id).not.toBe(first.body.id);
    expect(await jobAt(reimport.headers.get("location")!)).toMatchObject({
      status: "success",
      recorded: 0,
      skipped: 300,
    });
  });
});
