/**
 * The grammar of what a client may name: ids without dot segments or colons, names without bidi controls,
 * zero-width or control characters (each refusal names the field and says why), Vietnamese names valid in
 * NFC and NFD, and origin facts that refuse an unknown field by name. Each "may not" beside its "may".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fabricLot, OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { ApiAnswer, TestService } from "../../support/api-harness";

const fieldsOf = (answer: ApiAnswer) =>
  (answer.body.error?.details?.fields ?? []) as { path: string; message: string }[];

describe("input grammar", () => {
  let t: TestService;
  let mill: string;
  const facility = (id: string, name = "Mill") =>
    t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id, name, country: "VN", roles: ["fabric"] },
    });

  beforeAll(async () => {
    t = await startTestService();
    mill = (await facility("mill")).body.apiKey as string;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    [".", "dot segment"],
    ["..", "dot segment"],
    ["a:b", "':'"],
    ["urn:x", "':'"],
    ["FL 1", "-_."],
  ])("refuses the lot id %j, saying why (%s)", async (id, reason) => {
    const answer = await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot(id) });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("VALIDATION_FAILED");
    const issue = fieldsOf(answer).find((field) => field.path === "id");
    expect(issue?.message).toContain(reason);
  });

  it.each(["FL-0001", "FL.2026.03", "fl_a-1", "...x", "a".repeat(64)])(
    "accepts the lot id %j",
    async (id) => {
      const answer = await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot(id) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    },
  );

  it("refuses facility ids with a colon or a dot segment, and accepts a dotted one", async () => {
    for (const id of ["mill:2", ".", ".."]) {
      const answer = await facility(id);
      expect(answer.status, id).toBe(400);
      expect(
        fieldsOf(answer).map((field) => field.path),
        id,
      ).toContain("id");
    }
    expect((await facility("mill.2")).status).toBe(201);
  });

  it.each([
    ["right-to-left override", "Acme\u202Eliam"],
    ["left-to-right embedding", "\u202AAcme"],
    ["right-to-left isolate", "Acme \u2067x\u2069"],
    ["right-to-left mark", "Acme\u200F"],
    ["zero-width space", "Ac\u200Bme"],
    ["zero-width joiner", "Ac\u200Dme"],
    // (A leading or trailing U+FEFF is whitespace to trim(): it is removed, not refused.)
    ["byte order mark inside", "Ac\uFEFFme"],
    ["control character", "Acme\u0007"],
  ])("refuses a facility name with a %s, naming the field", async (_kind, name) => {
    const answer = await facility("spoof", name);
    expect(answer.status).toBe(400);
    const issue = fieldsOf(answer).find((field) => field.path === "name");
    expect(issue?.message).toMatch(/bidi|zero-width|control/);
  });

  it("accepts Vietnamese names precomposed (NFC) and decomposed (NFD)", async () => {
    const name = "Công ty Dệt may Hưng Yên";
    expect((await facility("hung-yen-nfc", name.normalize("NFC"))).status).toBe(201);
    expect((await facility("hung-yen-nfd", name.normalize("NFD"))).status).toBe(201);
  });

  it("refuses a supplier name with a bidi override, and accepts a Vietnamese one", async () => {
    const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-SPOOF", { supplier: { name: "Hanil\u202ETextile", country: "KR" } }),
    });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused).map((field) => field.path)).toContain("supplier.name");
    const accepted = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-VN-SUP", { supplier: { name: "Dệt Nam Định".normalize("NFD"), country: "VN" } }),
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });

  const facts = (extra: Record<string, unknown> = {}, materialExtra: Record<string, unknown> = {}) => ({
    fta: "CPTPP",
    exportingCountry: "VN",
    importingCountry: "CA",
    product: { hsCode: "6109.10", description: "T-shirt" },
    processes: [
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: "VN" },
    ],
    materials: [
      {
        description: "cotton jersey",
        hsCode: "6006.21",
        role: "main-fabric",
        stages: [{ stage: "fabric-formation", country: "VN" }],
        ...materialExtra,
      },
    ],
    ...extra,
  });

  it("assesses origin facts as given, and refuses an unknown field by name at any depth", async () => {
    const ok = await t.call("POST", "/api/v1/origin/assess", { key: mill, body: facts() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const top = await t.call("POST", "/api/v1/origin/assess", {
      key: mill,
      body: facts({ originating: true }),
    });
    expect(top.status).toBe(400);
    expect(JSON.stringify(fieldsOf(top))).toContain("originating");
    const nested = await t.call("POST", "/api/v1/origin/assess", {
      key: mill,
      body: facts({}, { weigthKg: 0.2 }),
    });
    expect(nested.status).toBe(400);
    expect(JSON.stringify(fieldsOf(nested))).toContain("weigthKg");
  });
});
