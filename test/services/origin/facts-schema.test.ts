import { describe, expect, it } from "vitest";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { originAssessmentSchema, originFactsSchema } from "../../../services/origin";
import { garment, mainFabric, proofCid } from "./garments";

const valid = garment("CPTPP", "JP", "6109.10", [
  mainFabric(
    "6006.21",
    { spinning: "VN", "fabric-formation": "VN" },
    {
      originating: [{ fta: "CPTPP", basis: "supplier's certification", proofCid }],
    },
  ),
]);

/** The paths and messages of the issues a body raises, e.g. "materials.0.role". */
function issuesOf(body: unknown): { path: string; message: string }[] {
  const result = originFactsSchema.safeParse(body);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
}

const remove = Symbol("remove");

/** A copy of the valid facts with the value at `path` replaced (or removed). */
function withValueAt(path: readonly (string | number)[], value: unknown): unknown {
  const body: unknown = structuredClone(valid);
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], body);
  const key = path[path.length - 1] as string | number;
  if (value === remove) delete (parent as Record<string, unknown>)[key];
  else (parent as Record<string, unknown>)[key] = value;
  return body;
}

describe("originFactsSchema", () => {
  it("accepts valid facts, normalises HS codes to digits and fills the lists' defaults", () => {
    const facts = originFactsSchema.parse({
      ...valid,
      processes: undefined,
      product: { ...valid.product, hsCode: "6109.10.00" },
      materials: [{ description: "cotton yarn", hsCode: "52.05.12", role: "yarn" }],
    });
    expect(facts.product.hsCode).toBe("61091000");
    expect(facts.materials[0]?.hsCode).toBe("520512");
    expect(facts.materials[0]?.stages).toEqual([]);
    expect(facts.materials[0]?.originating).toEqual([]);
    expect(facts.processes).toEqual([]);
  });

  it("accepts facts without the optional ones the evaluator can report missing", () => {
    const facts = originFactsSchema.parse({
      fta: "EVFTA",
      exportingCountry: "VN",
      importingCountry: "DE",
      product: { hsCode: "620342", description: "trousers" },
      materials: [{ description: "denim", hsCode: "5209", role: "main-fabric" }],
    });
    expect(facts.date).toBeUndefined();
    expect(facts.product.construction).toBeUndefined();
  });

  it.each<[string, (string | number)[], unknown, RegExp]>([
    ["an unknown agreement", ["fta"], "NAFTA", /CPTPP, EVFTA/],
    ["a lower-case country", ["importingCountry"], "jp", /upper case/],
    ["UK for the United Kingdom", ["importingCountry"], "UK", /use GB/],
    ["the EU as a country", ["importingCountry"], "EU", /member state/],
    ["a code that is no country", ["exportingCountry"], "XX", /not an ISO 3166-1/],
    ["an impossible date", ["date"], "2026-02-30", /YYYY-MM-DD/],
    ["a date with a time", ["date"], "2026-03-01T10:00:00Z", /YYYY-MM-DD/],
    ["a product HS code of 4 digits", ["product", "hsCode"], "6109", /6 to 10 digits/],
    ["a product outside chapters 61 and 62", ["product", "hsCode"], "8471.30", /chapter 61 or 62/],
    ["an HS code with letters", ["materials", 0, "hsCode"], "60O6.21", /HS code/],
    ["a material without an HS code", ["materials", 0, "hsCode"], remove, /HS code/],
    ["an unknown construction", ["product", "construction"], "crocheted", /cut-and-sewn/],
    ["a zero ex-works price", ["product", "exWorksPrice", "amount"], 0, /more than 0/],
    ["a price in euros", ["product", "exWorksPrice", "currency"], "EUR", /USD/],
    ["an unknown material role", ["materials", 0, "role"], "fabric", /main-fabric/],
    ["an unknown stage", ["materials", 0, "stages", 0, "stage"], "weaving", /fabric-formation/],
    ["a stage without a country", ["materials", 0, "stages", 1, "country"], remove, /country code/],
    ["a negative weight", ["materials", 0, "weightKg"], -1, /more than 0 kg/],
    ["a negative value", ["materials", 0, "value", "amount"], -1, /negative/],
    ["a proof that is not a CID", ["materials", 0, "originating", 0, "proofCid"], "see email", /CID/],
    [
      "a claim without its basis",
      ["materials", 0, "originating", 0, "basis"],
      " ",
      /what the claim rests on/,
    ],
    ["a fractional short supply item", ["materials", 0, "shortSupplyItem"], 19.5, /whole item number/],
    ["an elastomeric flag that is a string", ["materials", 0, "elastomeric"], "yes", /true or false/],
    ["an empty product description", ["product", "description"], "", /describe the product/],
  ])("rejects %s, naming the field", (_name, path, value, message) => {
    const issues = issuesOf(withValueAt(path, value));
    expect(issues).toContainEqual({ path: path.join("."), message: expect.stringMatching(message) });
  });

  it("reports every bad field at once", () => {
    const body = { ...valid, fta: "TPP", product: { ...valid.product, hsCode: "9999.99" }, date: "tomorrow" };
    expect(
      issuesOf(body)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["date", "fta", "product.hsCode"]);
  });

  it("documents every field of the facts in OpenAPI", () => {
    const registry = new OpenAPIRegistry();
    registry.registerPath({
      method: "post",
      path: "/api/v1/origin/assess",
      request: { body: { content: { "application/json": { schema: originFactsSchema } } } },
      responses: {
        200: {
          description: "The assessment",
          content: { "application/json": { schema: originAssessmentSchema } },
        },
      },
    });
    const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "origin", version: "1" },
    });
    const body = document.paths?.["/api/v1/origin/assess"]?.post?.requestBody;
    const schema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
    const fields: string[] = [];
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== "object") return;
      const { properties, items } = node as { properties?: Record<string, unknown>; items?: unknown };
      for (const [name, child] of Object.entries(properties ?? {})) {
        fields.push(`${path}${name}`);
        if (!(child as { description?: string }).description) undocumented.push(`${path}${name}`);
        walk(child, `${path}${name}.`);
      }
      walk(items, `${path}[].`);
    };
    walk(schema, "");
    expect(schema).toMatchObject({ type: "object", required: expect.arrayContaining(["fta", "product"]) });
    expect(fields).toContain("materials.[].originating.[].proofCid");
    expect(undocumented).toEqual([]);
  });
});
