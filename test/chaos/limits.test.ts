/**
 * Limits at the edge: upload size (413), media types (415), files whose bytes are not what their label says
 * (415), the JSON body limit (413, with and without a Content-Length), and the rate limit on public reads (429
 * after the configured number, with Retry-After and RateLimit headers, on every public read route; writes
 * not counted). Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request as httpRequest } from "node:http";
import { cutting, fabricLot, fileForm, samplePdf, sewing } from "../support/api-harness";
import { buildWorld, expectErrorShape, rawRequest, snapshot } from "./world";
import type { RawAnswer, World } from "./world";

const UPLOAD_LIMIT = 64 * 1024;
const JSON_LIMIT = 16 * 1024;
const READ_LIMIT = 5;

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/** Bytes that are not UTF-8 (a lone continuation byte, an invalid lead byte, a truncated sequence). */
const NOT_UTF8 = Uint8Array.from([0x41, 0x80, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);

/** A PDF of exactly `size` bytes. */
function pdfOfSize(size: number): Uint8Array {
  const head = samplePdf("padding");
  const bytes = new Uint8Array(size);
  bytes.set(head.subarray(0, Math.min(head.length, size)));
  bytes.fill(0x20, head.length);
  return bytes;
}

async function upload(world: World, bytes: Uint8Array, mediaType: string): Promise<RawAnswer> {
  const response = await fetch(`${world.t.service.url}/api/v1/documents`, {
    method: "POST",
    headers: { authorization: world.authorization["facility A"]! },
    body: fileForm(bytes, mediaType, { type: "test-report" }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, text, json };
}

/** POSTs `body` with chunked transfer encoding: no Content-Length for the parser to refuse up front. */
function postChunked(world: World, path: string, body: string): Promise<RawAnswer> {
  const url = new URL(world.t.service.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path,
        headers: {
          authorization: world.authorization["facility A"]!,
          "content-type": "application/json",
          "transfer-encoding": "chunked",
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
    req.end();
  });
}

describe("upload and body limits", () => {
  let world: World;
  let before: string;

  beforeAll(async () => {
    world = await buildWorld({
      UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
      JSON_BODY_LIMIT_BYTES: String(JSON_LIMIT),
      PUBLIC_RATE_LIMIT_PER_MINUTE: "100000",
    });
    before = await snapshot(world);
  });
  afterAll(async () => {
    await world?.t.stop();
  });

  it("refuses a file one byte over the upload limit with 413 and takes one at the limit", async () => {
    const over = await upload(world, pdfOfSize(UPLOAD_LIMIT + 1), "application/pdf");
    expect(over.status).toBe(413);
    expect(expectErrorShape(over, "upload over the limit")).toBe("PAYLOAD_TOO_LARGE");
    const far = await upload(world, pdfOfSize(UPLOAD_LIMIT * 8), "application/pdf");
    expect(far.status).toBe(413);
    expect(await snapshot(world)).toBe(before);

    const at = await upload(world, pdfOfSize(UPLOAD_LIMIT), "application/pdf");
    expect(at.status, at.text).toBe(201);
    before = await snapshot(world);
  });

  it.each([
    ["an executable", ELF, "application/x-msdownload"],
    ["HTML", new TextEncoder().encode("<html><script>alert(1)</script></html>"), "text/html"],
    ["SVG", new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/svg+xml"],
    ["a zip", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "application/zip"],
    ["an unlabelled file with no known magic number", ELF, "application/octet-stream"],
  ])("refuses %s with 415", async (_name, bytes, mediaType) => {
    const answer = await upload(world, bytes, mediaType);
    expect(answer.status, answer.text).toBe(415);
    expect(expectErrorShape(answer, mediaType)).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await snapshot(world)).toBe(before);
  });

  it.each([
    ["PNG bytes labelled as a PDF", PNG, "application/pdf"],
    ["a PDF labelled as a PNG", samplePdf(), "image/png"],
    ["a PDF labelled as JPEG", samplePdf(), "image/jpeg"],
    ["a PDF labelled as plain text", samplePdf(), "text/plain"],
    ["an executable labelled as a PDF", ELF, "application/pdf"],
    ["bytes that are not UTF-8 labelled as plain text", NOT_UTF8, "text/plain"],
    ["bytes that are not UTF-8 labelled as XML", NOT_UTF8, "application/xml"],
    ["text labelled as JSON that does not parse", new TextEncoder().encode("{not json"), "application/json"],
    ["bytes that are not UTF-8 labelled as CSV", NOT_UTF8, "text/csv"],
  ])("refuses %s with 415", async (_name, bytes, mediaType) => {
    const answer = await upload(world, bytes, mediaType);
    expect(answer.status, answer.text).toBe(415);
    expect(expectErrorShape(answer, mediaType)).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses a JSON body over the limit with 413, with a Content-Length and chunked", async () => {
    const body = JSON.stringify(fabricLot("BIG-1", { description: "x".repeat(JSON_LIMIT) }));
    const answer = await rawRequest(world.t.service.url, {
      method: "POST",
      path: "/api/v1/events/fabric-lots",
      headers: { authorization: world.authorization["facility A"]!, "content-type": "application/json" },
      body,
    });
    expect(answer.status).toBe(413);
    expect(expectErrorShape(answer, "JSON over the limit")).toBe("PAYLOAD_TOO_LARGE");

    const chunked = await postChunked(world, "/api/v1/events/fabric-lots", body);
    expect(chunked.status).toBe(413);
    expect(expectErrorShape(chunked, "chunked JSON over the limit")).toBe("PAYLOAD_TOO_LARGE");
    expect(await snapshot(world)).toBe(before);
  });
});

describe("rate limit on public reads", () => {
  let world: World;
  afterAll(async () => {
    await world?.t.stop();
  });

  it(`answers 429 after ${READ_LIMIT} reads on every public read route, with Retry-After and RateLimit headers`, async () => {
    world = await buildWorld({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(READ_LIMIT) });
    const sewn = world.lots.A.sewn;
    const publicReads = [
      `/api/v1/lots/${sewn}`,
      `/api/v1/provenance/${sewn}`,
      `/api/v1/facilities/fac-a`,
      `/api/v1/documents/${world.documentCid}`,
      `/api/v1/lots/${sewn}/certificates`,
      `/api/v1/origin/certificates/NO-SUCH-CERT`,
      `/01/${world.gtin}/10/${sewn}/21/1`,
      `/ipfs/${world.documentCid}`,
    ];
    // Each route gets its budget's worth of reads and one more; the last must be refused, whether the routes
    // share one budget per client (refused at once) or count separately.
    const unlimited: string[] = [];
    let refusals = 0;
    for (const path of publicReads) {
      let answer: RawAnswer | undefined;
      for (let i = 0; i <= READ_LIMIT; i++) {
        answer = await rawRequest(world.t.service.url, { method: "GET", path });
        if (answer.status === 429) break;
      }
      if (answer!.status !== 429) {
        unlimited.push(`${path} answered ${answer!.status} after ${READ_LIMIT + 1} reads`);
        continue;
      }
      refusals++;
      const retryAfter = Number(answer!.headers["retry-after"]);
      expect(retryAfter, path).toBeGreaterThan(0);
      expect(retryAfter, path).toBeLessThanOrEqual(60);
      expect(String(answer!.headers["ratelimit-policy"]), path).toContain(String(READ_LIMIT));
      expect(String(answer!.headers.ratelimit), path).toMatch(/r=0/);
      if (path.startsWith("/api/")) expect(expectErrorShape(answer!, path)).toBe("RATE_LIMITED");
    }
    expect(unlimited, `public reads without the rate limit:\n${unlimited.join("\n")}`).toEqual([]);
    expect(refusals).toBe(publicReads.length);

    // Writes are not counted against the public read budget.
    const write = await rawRequest(world.t.service.url, {
      method: "POST",
      path: "/api/v1/events/fabric-lots",
      headers: { authorization: world.authorization["facility A"]!, "content-type": "application/json" },
      body: JSON.stringify(fabricLot("RL-1")),
    });
    expect(write.status, write.text).toBe(201);
    console.log(
      `rate limit: ${READ_LIMIT} reads then 429 on ${publicReads.length} public read routes, with Retry-After and RateLimit headers; writes unaffected`,
    );
  }, 120_000);
});

describe("write bounds at their defaults", () => {
  let world: World;
  let before: string;

  beforeAll(async () => {
    world = await buildWorld({ PUBLIC_RATE_LIMIT_PER_MINUTE: "100000" });
    before = await snapshot(world);
  });
  afterAll(async () => {
    await world?.t.stop();
  });

  const post = (path: string, body: unknown) =>
    world.t.call("POST", `/api/v1/events/${path}`, {
      headers: { authorization: world.authorization["facility A"]! },
      body,
    });

  it("refuses 1 mm of fabric cut into 10^12 pieces, naming the numbers, and changes nothing", async () => {
    const answer = await post(
      "cuttings",
      cutting("CUT-HUGE", world.lots.A.fabric, 0.001, {
        output: { quantity: { amount: 1e12, unit: "pcs" } },
      }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "IMPLAUSIBLE_YIELD",
      details: { maximum: 0, requested: 1e12, consumed: { m: 0.001 } },
    });
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses 1 cut piece sewn into 100,000 garments before building their tree, and changes nothing", async () => {
    const started = performance.now();
    const answer = await post(
      "sewings",
      sewing("SEW-HUGE", world.lots.A.cut, {
        inputs: [{ lotId: world.lots.A.cut, quantity: { amount: 1, unit: "pcs" } }],
        output: { quantity: { amount: 100_000, unit: "pcs" } },
      }),
    );
    const elapsedMs = performance.now() - started;
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "IMPLAUSIBLE_YIELD",
      details: { limit: "MAX_GARMENTS_PER_CUT_PIECE", maximum: 1, requested: 100_000 },
    });
    // No 100,000-leaf garment commitment was built for it (that takes seconds on this machine).
    expect(elapsedMs).toBeLessThan(3_000);
    expect(await snapshot(world)).toBe(before);
  });

  it("refuses an event citing 21 documents (400 DOCUMENTS_TOO_MANY) and records one citing 20", async () => {
    const cite = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ type: `report-${index}`, cid: world.documentCid }));
    const refused = await post("fabric-lots", fabricLot("FL-DOCS-21", { documents: cite(21) }));
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: "DOCUMENTS_TOO_MANY",
      details: { limit: 20, count: 21 },
    });
    expect(await snapshot(world)).toBe(before);

    const ok = await post("fabric-lots", fabricLot("FL-DOCS-20", { documents: cite(20) }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
