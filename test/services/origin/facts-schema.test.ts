import { describe, expect, it } from "vitest";
import { originFactsSchema } from "../../../services/origin";
import { garment, mainFabric, proofCid, usd } from "./garments";

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

function withChange(change: (body: Record<string, any>) => void): unknown {
  const body = structuredClone(valid) as Record<string, any>;
  change(body);
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

  it.each<[string, (body: Record<string, any>) => void, string, RegExp]>([
    ["an unknown agreement", (b) => (b.fta = "NAFTA"), "fta", /CPTPP, EVFTA/],
    ["a lower-case country", (b) => (b.importingCountry = "jp"), "importingCountry", /upper case/],
    ["UK for the United Kingdom", (b) => (b.importingCountry = "UK"), "importingCountry", /use GB/],
    ["the EU as a country", (b) => (b.importingCountry = "EU"), "importingCountry", /member state/],
    [
      "a code that is no country",
      (b) => (b.exportingCountry = "XX"),
      "exportingCountry",
      /not an ISO 3166-1/,
    ],
    ["an impossible date", (b) => (b.date = "2026-02-30"), "date", /YYYY-MM-DD/],
    ["a date with a time", (b) => (b.date = "2026-03-01T10:00:00Z"), "date", /YYYY-MM-DD/],
    ["a product HS code of 4 digits", (b) => (b.product.hsCode = "6109"), "product.hsCode", /6 to 10 digits/],
    [
      "a product outside chapters 61 and 62",
      (b) => (b.product.hsCode = "8471.30"),
      "product.hsCode",
      /chapter 61 or 62/,
    ],
    ["an HS code with letters", (b) => (b.materials[0].hsCode = "60O6.21"), "materials.0.hsCode", /HS code/],
    ["a material without an HS code", (b) => delete b.materials[0].hsCode, "materials.0.hsCode", /HS code/],
    [
      "an unknown construction",
      (b) => (b.product.construction = "crocheted"),
      "product.construction",
      /cut-and-sewn/,
    ],
    [
      "a zero ex-works price",
      (b) => (b.product.exWorksPrice = usd(0)),
      "product.exWorksPrice.amount",
      /more than 0/,
    ],
    [
      "a price in euros",
      (b) => (b.product.exWorksPrice = { amount: 4, currency: "EUR" }),
      "product.exWorksPrice.currency",
      /USD/,
    ],
    ["an unknown material role", (b) => (b.materials[0].role = "fabric"), "materials.0.role", /main-fabric/],
    [
      "an unknown stage",
      (b) => (b.materials[0].stages[0].stage = "weaving"),
      "materials.0.stages.0.stage",
      /fabric-formation/,
    ],
    [
      "a stage without a country",
      (b) => delete b.materials[0].stages[1].country,
      "materials.0.stages.1.country",
      /country code/,
    ],
    ["a negative weight", (b) => (b.materials[0].weightKg = -1), "materials.0.weightKg", /more than 0 kg/],
    ["a negative value", (b) => (b.materials[0].value = usd(-1)), "materials.0.value.amount", /negative/],
    [
      "a proof that is not a CID",
      (b) => (b.materials[0].originating[0].proofCid = "see email"),
      "materials.0.originating.0.proofCid",
      /CID/,
    ],
    [
      "a claim without its basis",
      (b) => (b.materials[0].originating[0].basis = " "),
      "materials.0.originating.0.basis",
      /what the claim rests on/,
    ],
    [
      "a fractional short supply item",
      (b) => (b.materials[0].shortSupplyItem = 19.5),
      "materials.0.shortSupplyItem",
      /whole item number/,
    ],
    [
      "an elastomeric flag that is a string",
      (b) => (b.materials[0].elastomeric = "yes"),
      "materials.0.elastomeric",
      /true or false/,
    ],
    [
      "an empty product description",
      (b) => (b.product.description = ""),
      "product.description",
      /describe the product/,
    ],
  ])("rejects %s, naming the field", (_name, change, path, message) => {
    const issues = issuesOf(withChange(change));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("reports every bad field at once", () => {
    const issues = issuesOf(
      withChange((b) => {
        b.fta = "TPP";
        b.materials[0].role = "fabric";
        b.product.hsCode = "9999.99";
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(["fta", "materials.0.role", "product.hsCode"]);
  });
});
