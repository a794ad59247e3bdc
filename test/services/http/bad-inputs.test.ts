/**
 * Bad input never gets a 5xx and never changes state: each case names its status, code and (for invalid
 * bodies) the field; after all of them the chain has not moved.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { blockCount } from "../../support/blockstore";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe("bad inputs", () => {
  let t: TestService;
  let mill: string;
  let other: string;
  let shipper: string;
  let blockBefore: number;
  let ipfsBlocksBefore: number;
  /** Blocks in the embedded IPFS store. */
  const ipfsBlocks = () => blockCount(t.dataDir);

  beforeAll(async () => {
    t = await startTestService({ UPLOAD_LIMIT_BYTES: "4096", JSON_BODY_LIMIT_BYTES: "8192" });
    const register = async (id: string, roles: string[]) =>
      (
        await t.call("POST", "/api/v1/facilities", {
          key: OPERATOR_KEY,
          body: {
            id,
            name: id,
            country: "VN",
            roles,
            gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
          },
        })
      ).body.apiKey as string;
    mill = await register("mill", ["fabric", "cutting", "sewing", "shipping"]);
    other = await register("other", ["fabric", "cutting", "sewing", "shipping"]);
    shipper = await register("shipper", ["shipping"]);
    expect(
      (await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot("FL-1") })).status,
    ).toBe(201);
    expect(
      (await t.call("POST", "/api/v1/events/fabric-lots", { key: other, body: fabricLot("FL-OTHER") }))
        .status,
    ).toBe(201);
    expect(
      (await t.call("POST", "/api/v1/events/cuttings", { key: mill, body: cutting("CUT-1", "FL-1") })).status,
    ).toBe(201);
    blockBefore = await t.service.ledger.blockNumber();
    ipfsBlocksBefore = ipfsBlocks();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const invalidBodies: [string, string, unknown, string][] = [
    ["fabric lot without an id", "/events/fabric-lots", { ...fabricLot("X"), id: undefined }, "id"],
    ["lot id with a space", "/events/fabric-lots", fabricLot("FL 1"), "id"],
    ["lot id over 64 characters", "/events/fabric-lots", fabricLot("F".repeat(65)), "id"],
    [
      "negative quantity",
      "/events/fabric-lots",
      fabricLot("X", { quantity: { amount: -1, unit: "m" } }),
      "quantity.amount",
    ],
    [
      "four decimals",
      "/events/fabric-lots",
      fabricLot("X", { quantity: { amount: 1.0001, unit: "m" } }),
      "quantity.amount",
    ],
    [
      "fabric in pieces",
      "/events/fabric-lots",
      fabricLot("X", { quantity: { amount: 1, unit: "pcs" } }),
      "quantity.unit",
    ],
    [
      "unknown unit",
      "/events/fabric-lots",
      fabricLot("X", { quantity: { amount: 1, unit: "yd" } }),
      "quantity.unit",
    ],
    [
      "composition not 100 %",
      "/events/fabric-lots",
      fabricLot("X", { composition: [{ fibre: "cotton", percent: 90 }] }),
      "composition",
    ],
    [
      "lower-case country",
      "/events/fabric-lots",
      fabricLot("X", { supplier: { name: "A", country: "kr" } }),
      "supplier.country",
    ],
    [
      "country that is no country",
      "/events/fabric-lots",
      fabricLot("X", { supplier: { name: "A", country: "XX" } }),
      "supplier.country",
    ],
    [
      "unknown stage",
      "/events/fabric-lots",
      fabricLot("X", { stages: [{ stage: "weaving", country: "VN" }] }),
      "stages.0.stage",
    ],
    ["not a timestamp", "/events/fabric-lots", fabricLot("X", { occurredAt: "yesterday" }), "occurredAt"],
    [
      "money in another currency",
      "/events/fabric-lots",
      fabricLot("X", { value: { amount: 1, currency: "EUR" } }),
      "value.currency",
    ],
    ["unknown field", "/events/fabric-lots", fabricLot("X", { colour: "red" }), "colour"],
    ["bad HS code", "/events/fabric-lots", fabricLot("X", { hsCode: "61-09" }), "hsCode"],
    [
      "document CID that is no CID",
      "/events/fabric-lots",
      fabricLot("X", { documents: [{ type: "invoice", cid: "hello" }] }),
      "documents.0.cid",
    ],
    [
      "document never uploaded",
      "/events/fabric-lots",
      fabricLot("X", {
        documents: [{ type: "invoice", cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" }],
      }),
      "documents.0.cid",
    ],
    [
      "origin proof never uploaded",
      "/events/fabric-lots",
      fabricLot("X", {
        originating: [
          {
            fta: "EVFTA",
            basis: "EU-KR origin declaration",
            proofCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
          },
        ],
      }),
      "originating.0.proofCid",
    ],
    [
      "unknown FTA",
      "/events/fabric-lots",
      fabricLot("X", { originating: [{ fta: "NAFTA", basis: "b" }] }),
      "originating.0.fta",
    ],
    ["cutting without inputs", "/events/cuttings", cutting("C", "FL-1", 1, { inputs: [] }), "inputs"],
    [
      "cutting listing a lot twice",
      "/events/cuttings",
      cutting("C", "FL-1", 1, {
        inputs: [
          { lotId: "FL-1", quantity: { amount: 1, unit: "m" } },
          { lotId: "FL-1", quantity: { amount: 1, unit: "m" } },
        ],
      }),
      "inputs",
    ],
    [
      "cutting output in metres",
      "/events/cuttings",
      cutting("C", "FL-1", 1, { output: { quantity: { amount: 5, unit: "m" } } }),
      "output.quantity.unit",
    ],
    [
      "an amount below a thousandth, which would round to zero on chain",
      "/events/cuttings",
      cutting("C", "FL-1", 5e-324),
      "inputs.0.quantity.amount",
    ],
    [
      "half a garment",
      "/events/sewings",
      sewing("S", "CUT-1", { output: { quantity: { amount: 1.5, unit: "pcs" } } }),
      "output.quantity.amount",
    ],
    [
      "GTIN with a wrong check digit",
      "/events/sewings",
      sewing("S", "CUT-1", { product: { ...sewing("S", "CUT-1").product, gtin: "08938505974018" } }),
      "product.gtin",
    ],
    [
      "unknown construction",
      "/events/sewings",
      sewing("S", "CUT-1", { product: { ...sewing("S", "CUT-1").product, construction: "glued" } }),
      "product.construction",
    ],
    [
      "export without buyer",
      "/events/shipments",
      {
        id: "S",
        inputs: [{ lotId: "X", quantity: { amount: 1, unit: "pcs" } }],
        destinationCountry: "DE",
        occurredAt: "2026-03-01T00:00:00Z",
      },
      "buyer",
    ],
    [
      "transfer with a buyer too",
      "/events/shipments",
      {
        id: "S",
        inputs: [{ lotId: "X", quantity: { amount: 1, unit: "pcs" } }],
        toFacilityId: "other",
        buyer: { name: "B", country: "DE" },
        occurredAt: "2026-03-01T00:00:00Z",
      },
      "buyer",
    ],
    ["body that is an array", "/events/fabric-lots", [fabricLot("X")], ""],
  ];

  it.each(invalidBodies)("%s → 400 VALIDATION_FAILED naming the field", async (_name, path, body, field) => {
    const answer = await t.call("POST", `/api/v1${path}`, { key: mill, body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.code).toBe("VALIDATION_FAILED");
    expect(answer.body.error.details.fields.map((issue: { path: string }) => issue.path)).toContain(field);
  });

  const refusals: [string, string, () => Record<string, unknown>, number, string][] = [
    ["unknown input lot", "/events/cuttings", () => cutting("C-404", "FL-NOPE"), 404, "NOT_FOUND"],
    ["another facility's lot", "/events/cuttings", () => cutting("C-403", "FL-OTHER"), 403, "FORBIDDEN"],
    [
      "duplicate lot id",
      "/events/fabric-lots",
      () => fabricLot("FL-1", { description: "another" }),
      409,
      "DUPLICATE_ID",
    ],
    [
      "more than remains",
      "/events/cuttings",
      () => cutting("C-409", "FL-1", 901),
      409,
      "INSUFFICIENT_QUANTITY",
    ],
    [
      "wrong kind (sewing fabric)",
      "/events/sewings",
      () => sewing("S-K", "FL-1", { inputs: [{ lotId: "FL-1", quantity: { amount: 1, unit: "m" } }] }),
      409,
      "WRONG_LOT_KIND",
    ],
    [
      "wrong unit",
      "/events/cuttings",
      () => cutting("C-U", "FL-1", 1, { inputs: [{ lotId: "FL-1", quantity: { amount: 1, unit: "kg" } }] }),
      409,
      "UNIT_MISMATCH",
    ],
    [
      "transfer to an unknown facility",
      "/events/shipments",
      () => ({
        id: "T-404",
        inputs: [{ lotId: "CUT-1", quantity: { amount: 1, unit: "pcs" } }],
        toFacilityId: "nobody",
        occurredAt: "2026-03-01T00:00:00Z",
      }),
      404,
      "NOT_FOUND",
    ],
    [
      "transfer to oneself",
      "/events/shipments",
      () => ({
        id: "T-SELF",
        inputs: [{ lotId: "CUT-1", quantity: { amount: 1, unit: "pcs" } }],
        toFacilityId: "mill",
        occurredAt: "2026-03-01T00:00:00Z",
      }),
      400,
      "VALIDATION_FAILED",
    ],
  ];

  it.each(refusals)("%s → %i %s", async (_name, path, body, status, code) => {
    const answer = await t.call("POST", `/api/v1${path}`, { key: mill, body: body() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  it("refuses an event from a facility without the role for it (403 FACILITY_ROLE_MISSING)", async () => {
    const answer = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: shipper,
      body: fabricLot("FL-SHIPPER"),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "FACILITY_ROLE_MISSING", details: { role: "fabric" } });
  });

  it("names requested and available on over-consumption", async () => {
    const answer = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("C-409", "FL-1", 901),
    });
    expect(answer.body.error.details).toEqual({ lotId: "FL-1", requested: 901, available: 900, unit: "m" });
  });

  it.each([
    [
      "malformed JSON",
      { rawBody: '{"id": "x",', headers: { "content-type": "application/json" } },
      400,
      "INVALID_JSON",
    ],
    [
      "JSON over the body limit",
      {
        rawBody: JSON.stringify({ id: "x", pad: "a".repeat(10_000) }),
        headers: { "content-type": "application/json" },
      },
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    [
      "a body that is not JSON",
      { rawBody: "id=FL-9", headers: { "content-type": "application/x-www-form-urlencoded" } },
      400,
      "VALIDATION_FAILED",
    ],
    [
      "an unsupported charset",
      { rawBody: "{}", headers: { "content-type": "application/json; charset=koi8-r" } },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "a malformed Idempotency-Key",
      { body: fabricLot("FL-9"), headers: { "idempotency-key": "x".repeat(300) } },
      400,
      "VALIDATION_FAILED",
    ],
  ] as const)("%s → %i %s", async (_name, options, status, code) => {
    const answer = await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, ...options });
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  it.each([
    ["no key", undefined, 401, "UNAUTHENTICATED"],
    ["an unknown key", "A".repeat(43), 401, "UNAUTHENTICATED"],
    ["a facility key on an operator route", "mill", 403, "FORBIDDEN"],
  ] as const)("registering a facility with %s → %i", async (_name, key, status, code) => {
    const answer = await t.call("POST", "/api/v1/facilities", {
      key: key === "mill" ? mill : key,
      body: { id: "intruder", name: "x", country: "VN", roles: ["fabric"] },
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  it("names bad facility fields and refuses a duplicate facility", async () => {
    const bad = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id: "f 1", name: "", country: "Vietnam", roles: ["weaving"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((issue: { path: string }) => issue.path)).toEqual(
      expect.arrayContaining(["id", "name", "country", "roles.0"]),
    );
    const duplicate = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id: "mill", name: "Another mill", country: "VN", roles: ["fabric"] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("DUPLICATE_ID");
  });

  it.each([
    [
      "a file over the upload limit",
      fileForm(new Uint8Array(5000).fill(65), "text/plain"),
      413,
      "PAYLOAD_TOO_LARGE",
    ],
    [
      "an executable",
      fileForm(new Uint8Array([0x4d, 0x5a, 0x90, 0]), "application/x-msdownload"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["a PNG labelled as PDF", fileForm(png, "application/pdf"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a PDF labelled as text", fileForm(samplePdf(), "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"],
    [
      "JSON that does not parse",
      fileForm(new TextEncoder().encode("{nope"), "application/json"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    ["an empty file", fileForm(new Uint8Array(0), "text/plain"), 400, "VALIDATION_FAILED"],
    [
      "the file in another field",
      fileForm(samplePdf(), "application/pdf", {}, "document"),
      400,
      "VALIDATION_FAILED",
    ],
    [
      "no file at all",
      (() => {
        const form = new FormData();
        form.append("type", "invoice");
        return form;
      })(),
      400,
      "VALIDATION_FAILED",
    ],
    [
      "a bad document type",
      fileForm(samplePdf(), "application/pdf", { type: "../../etc" }),
      400,
      "VALIDATION_FAILED",
    ],
  ] as const)("uploading %s → %i %s", async (_name, form, status, code) => {
    const answer = await t.call("POST", "/api/v1/documents", { key: mill, rawBody: form });
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  it("refuses a truncated multipart body with a 400", async () => {
    const answer = await t.call("POST", "/api/v1/documents", {
      key: mill,
      rawBody:
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4',
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
    });
    expect(answer.status).toBe(400);
  });

  it.each([
    ["GET", "/api/v1/nothing-here", 404, "ROUTE_NOT_FOUND"],
    ["GET", "/api/v1/lots/NO-SUCH-LOT", 404, "NOT_FOUND"],
    ["GET", "/api/v1/provenance/NO-SUCH-LOT", 404, "NOT_FOUND"],
    ["GET", "/api/v1/lots/%E0%A4%A", 400, "BAD_REQUEST"],
    ["GET", `/api/v1/lots/${"L".repeat(65)}`, 400, "VALIDATION_FAILED"],
    ["DELETE", "/api/v1/lots/FL-1", 404, "ROUTE_NOT_FOUND"],
  ] as const)("%s %s → %i %s", async (method, path, status, code) => {
    const answer = await t.call(method, path);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });

  it("never answers arbitrary JSON with a 5xx or a state change", async () => {
    const paths = [
      "/events/fabric-lots",
      "/events/cuttings",
      "/events/sewings",
      "/events/shipments",
      "/facilities",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }), async (path, body) => {
        const answer = await t.call("POST", `/api/v1${path}`, {
          key: path === "/facilities" ? OPERATOR_KEY : mill,
          rawBody: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it("left the chain where it was: no refused request was recorded", async () => {
    expect(await t.service.ledger.blockNumber()).toBe(blockBefore);
    // ...and stored nothing in IPFS either: no record, garment manifest or document of a refused request.
    expect(ipfsBlocks()).toBe(ipfsBlocksBefore);
  });
  it("never answers a valid body with one field replaced by arbitrary JSON with a 5xx (runs last: it may record)", async () => {
    const templates: [string, Record<string, unknown>][] = [
      ["/events/fabric-lots", fabricLot("FUZZ-F")],
      ["/events/cuttings", cutting("FUZZ-C", "FL-1", 1)],
      ["/events/sewings", sewing("FUZZ-S", "CUT-1")],
      [
        "/events/shipments",
        {
          id: "FUZZ-T",
          inputs: [{ lotId: "CUT-1", quantity: { amount: 1, unit: "pcs" } }],
          toFacilityId: "other",
          occurredAt: "2026-03-01T00:00:00Z",
        },
      ],
      ["/facilities", { id: "fuzz", name: "Fuzz", country: "VN", roles: ["fabric"] }],
    ];
    const leafPaths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      value !== null && typeof value === "object"
        ? [
            prefix,
            ...Object.entries(value).flatMap(([key, item]) =>
              leafPaths(item, [...prefix, Array.isArray(value) ? Number(key) : key]),
            ),
          ]
        : [prefix];
    const replaced = (value: unknown, path: (string | number)[], replacement: unknown): unknown => {
      if (path.length === 0) return replacement;
      const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
        string | number,
        unknown
      >;
      copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), replacement);
      return copy;
    };
    const cases = templates.flatMap(([path, body]) =>
      leafPaths(body)
        .slice(1)
        .map((leaf) => ({ path, body, leaf })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.jsonValue({ maxDepth: 3 }),
        async ({ path, body, leaf }, junk) => {
          // Junk that happens to be valid (an id "0", another description) is recorded: that is a 201, not a fault.
          const answer = await t.call("POST", `/api/v1${path}`, {
            key: path === "/facilities" ? OPERATOR_KEY : mill,
            body: replaced(body, leaf, junk),
          });
          expect([201, 400, 403, 404, 409], JSON.stringify({ leaf, junk, answer: answer.body })).toContain(
            answer.status,
          );
          if (answer.status !== 201) expect(answer.body.error.code).toMatch(/^[A-Z_]+$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
