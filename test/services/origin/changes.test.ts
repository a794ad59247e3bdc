/**
 * The smallest change that would make a garment originate, found by assessing changed facts: domain
 * example 2 (EVFTA trousers of Chinese-woven fabric: weave it in Viet Nam or the EU), CPTPP's yarn forward
 * needing two changes, and no change proposed where none helps or the answer is already originating.
 */
import { describe, expect, it } from "vitest";
import { smallestChange } from "../../../services/origin/changes";
import { assessOrigin, originFactsSchema, type FtaId } from "../../../services/origin";

function trousers(fta: FtaId, importingCountry: string, fabricIn: string, sewnIn = "VN") {
  return originFactsSchema.parse({
    fta,
    exportingCountry: "VN",
    importingCountry,
    date: "2026-03-05",
    product: { hsCode: "6203.42", description: "Men's woven cotton trousers", construction: "cut-and-sewn" },
    processes: [
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: sewnIn },
    ],
    materials: [
      {
        description: "cotton denim",
        hsCode: "5209.42",
        role: "main-fabric",
        originCountry: fabricIn,
        stages: [
          { stage: "spinning", country: fabricIn },
          { stage: "fabric-formation", country: fabricIn },
        ],
        weightKg: 0.5,
        elastomeric: false,
      },
    ],
  });
}

describe("smallestChange", () => {
  it("EVFTA, fabric woven in China: weave it in Viet Nam or the EU (one change)", () => {
    const facts = trousers("EVFTA", "DE", "CN");
    expect(assessOrigin(facts).status).toBe("not-originating");
    const change = smallestChange(facts);
    expect(change).toMatchObject({
      text: "weave or knit the cotton denim (HS 5209.42) in Viet Nam or the EU",
      changes: 1,
      rule: { id: "EVFTA-62/weave-and-make-up" },
    });
    // The change it states does make it originate.
    const changed = originFactsSchema.parse({
      ...facts,
      materials: [{ ...facts.materials[0]!, stages: [{ stage: "fabric-formation", country: "VN" }] }],
    });
    expect(assessOrigin(changed).status).toBe("originating");
  });

  it("CPTPP, yarn and fabric from China: spinning and weaving both, a pair", () => {
    const change = smallestChange(trousers("CPTPP", "JP", "CN"));
    expect(change).toMatchObject({ changes: 2 });
    expect(change!.text).toBe(
      "weave or knit the cotton denim (HS 5209.42) in Viet Nam or another CPTPP party, and spin the yarn of the cotton denim (HS 5209.42) in Viet Nam or another CPTPP party",
    );
  });

  it("EVFTA, sewn in China too: the sewing and the weaving", () => {
    const change = smallestChange(trousers("EVFTA", "DE", "CN", "CN"));
    expect(change?.changes).toBe(2);
    expect(change?.text).toContain("sew the garment in Viet Nam or the EU");
  });

  it("nothing to change for an originating answer, nor for an agreement not in force", () => {
    expect(smallestChange(trousers("EVFTA", "DE", "VN"))).toBeNull();
    expect(smallestChange(trousers("EVFTA", "US", "CN"))).toBeNull();
  });
});
