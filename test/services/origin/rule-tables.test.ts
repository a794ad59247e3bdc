import { describe, expect, it } from "vitest";
import {
  constructions,
  ftaIds,
  productRulesFor,
  proofRequirementsFor,
  ruleSetFor,
  ruleSets,
} from "../../../services/origin";
import { formatHs, hsMatches, parseHsPattern } from "../../../services/origin/hs-codes";
import { inForceBetweenFrom } from "../../../services/origin/membership";
import { euMemberStates } from "../../../services/origin/rules/country-groups";

/** Every HS pattern a table holds, wherever it holds one. */
function patternsOf(fta: (typeof ftaIds)[number]): string[] {
  const table = ruleSetFor(fta);
  return [
    ...table.productRules.flatMap((rule) => [
      ...rule.products,
      ...rule.alternatives.flatMap((a) => a.tariffShift?.except ?? []),
      ...rule.conditions.flatMap((c) => [
        ...c.materials.flatMap((m) => m.hs ?? []),
        ...(c.exceptProducts ?? []),
      ]),
    ]),
    ...table.shortSupply.flatMap((item) => [...item.materials, ...item.endUse]),
    ...table.cumulation.extended.flatMap((ext) => ext.products ?? []),
  ];
}

/**
 * Garment subheadings to cover: the real subheadings of the headings that the tables split (6110, 6111,
 * 6209, 6212), and two for every other heading of chapters 61 and 62.
 */
const splitHeadings: Record<string, string[]> = {
  "6110": ["11", "12", "19", "20", "30", "90"],
  "6111": ["20", "30", "90"],
  "6209": ["20", "30", "90"],
  "6212": ["10", "20", "30", "90"],
};
const garmentCodes = ["61", "62"].flatMap((chapter) =>
  Array.from({ length: 17 }, (_, i) => `${chapter}${String(i + 1).padStart(2, "0")}`).flatMap((heading) =>
    (splitHeadings[heading] ?? ["10", "90"]).map((sub) => `${heading}${sub}`),
  ),
);

describe("HS patterns", () => {
  it("reads abbreviated ranges, dotted headings and chapters", () => {
    expect(parseHsPattern("5403.33-.39")).toEqual({ from: "540333", to: "540339" });
    expect(parseHsPattern("6212.20-.90")).toEqual({ from: "621220", to: "621290" });
    expect(parseHsPattern("51.11-51.13")).toEqual({ from: "5111", to: "5113" });
    expect(parseHsPattern("52.04")).toEqual({ from: "5204", to: "5204" });
    expect(parseHsPattern("61")).toEqual({ from: "61", to: "61" });
    expect(() => parseHsPattern("5113-5106")).toThrow();
    expect(() => parseHsPattern("61-62-63")).toThrow();
  });

  it("matches codes, and says unknown when a code is too short to tell", () => {
    expect(hsMatches("540335", "5403.33-.39")).toBe(true);
    expect(hsMatches("540341", "5403.33-.39")).toBe(false);
    expect(hsMatches("5403", "5403.33-.39")).toBe("unknown");
    expect(hsMatches("5209", "5204-5212")).toBe(true);
    expect(hsMatches("52", "5204-5212")).toBe("unknown");
    expect(hsMatches("53", "5204-5212")).toBe(false);
    expect(formatHs("610910")).toBe("6109.10");
    expect(formatHs("61091000")).toBe("6109.10.00");
  });

  it.each(ftaIds)("%s: every pattern in the table parses", (fta) => {
    const patterns = patternsOf(fta);
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(() => parseHsPattern(pattern), pattern).not.toThrow();
  });
});

describe("rule tables", () => {
  it.each(ftaIds)("%s: exactly one rule for every garment code and construction", (fta) => {
    const table = ruleSetFor(fta);
    expect(table.fta).toBe(fta);
    for (const code of garmentCodes)
      for (const construction of constructions) {
        const rules = productRulesFor(table, code, construction);
        expect(
          rules.map((r) => r.id),
          `${fta} ${code} ${construction}`,
        ).toHaveLength(1);
      }
  });

  it.each(ftaIds)("%s: cites its source and says whether it is confirmed", (fta) => {
    const table = ruleSets[fta];
    expect(table.source.length).toBeGreaterThan(10);
    expect(table.version.length).toBeGreaterThan(4);
    expect(table.confirmationNote.length).toBeGreaterThan(10);
    const ids = table.productRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of table.productRules) {
      expect(rule.source.length).toBeGreaterThan(5);
      // A confirmed table holds only confirmed rules.
      if (table.confirmed) expect(rule.confirmed, rule.id).toBe(true);
    }
  });

  it("confirms only the tables rules-of-origin.md confirms in full", () => {
    const confirmed = ftaIds.filter((fta) => ruleSets[fta].confirmed);
    expect(confirmed).toEqual(["CPTPP", "EVFTA", "UKVFTA"]);
    // RCEP's chapter 61/62 rule is [U]; AANZFTA's product rule is [C] but its dates are recalled.
    expect(ruleSetFor("RCEP").productRules[0]?.confirmed).toBe(false);
    expect(ruleSetFor("AANZFTA").productRules[0]?.confirmed).toBe(true);
    expect(ruleSetFor("VJEPA").productRules.map((r) => [r.id, r.confirmed])).toEqual([
      ["VJEPA-62", true],
      ["VJEPA-61-assumed", false],
    ]);
  });

  it("has CPTPP's entry-into-force dates, with the UK's accession partner by partner", () => {
    const cptpp = ruleSetFor("CPTPP");
    expect(inForceBetweenFrom(cptpp, "VN", "JP")).toBe("2019-01-14");
    expect(inForceBetweenFrom(cptpp, "VN", "PE")).toBe("2021-09-19");
    expect(inForceBetweenFrom(cptpp, "MY", "VN")).toBe("2022-11-29");
    expect(inForceBetweenFrom(cptpp, "CL", "AU")).toBe("2023-02-21");
    expect(inForceBetweenFrom(cptpp, "BN", "SG")).toBe("2023-07-12");
    expect(inForceBetweenFrom(cptpp, "GB", "VN")).toBe("2024-12-15");
    expect(inForceBetweenFrom(cptpp, "AU", "GB")).toBe("2024-12-24");
    expect(inForceBetweenFrom(cptpp, "GB", "CA")).toBeUndefined();
    expect(inForceBetweenFrom(cptpp, "MX", "GB")).toBeUndefined();
    expect(inForceBetweenFrom(cptpp, "US", "VN")).toBeUndefined();
  });

  it("lists the EU member states by their own codes under EVFTA, and not the UK", () => {
    const evfta = ruleSetFor("EVFTA");
    expect(euMemberStates).toHaveLength(27);
    for (const state of euMemberStates) expect(inForceBetweenFrom(evfta, "VN", state)).toBe("2020-08-01");
    expect(inForceBetweenFrom(evfta, "VN", "GB")).toBeUndefined();
    expect(inForceBetweenFrom(ruleSetFor("UKVFTA"), "VN", "GB")).toBe("2021-01-01");
  });

  it("holds the Korean-fabric cumulation with its proof entries", () => {
    const korean = (fta: "EVFTA" | "UKVFTA") =>
      ruleSetFor(fta).cumulation.extended.find((e) => e.countries.includes("KR"));
    expect(korean("EVFTA")).toMatchObject({
      from: "2020-12-23",
      products: ["61", "62"],
      proofEntry: "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
    });
    expect(korean("UKVFTA")?.proofEntry).toBe(
      "Application of Article 3(11) of Protocol 1 to the Viet Nam-UK FTA",
    );
  });

  it("holds CPTPP's tolerances and chapter rules as data", () => {
    const rule = productRulesFor(ruleSetFor("CPTPP"), "610910", "cut-and-sewn")[0];
    const alternative = rule?.alternatives[0];
    expect(alternative?.stages).toEqual(["spinning", "fabric-formation", "cutting", "sewing"]);
    expect(alternative?.tolerances[0]).toMatchObject({
      percent: 10,
      of: "classifying-component",
      elastomeric: "excluded",
    });
    expect(rule?.conditions.map((c) => c.id)).toEqual([
      "cptpp-elastomeric-yarn",
      "cptpp-narrow-fabrics",
      "cptpp-sewing-thread",
    ]);
    const sweater = productRulesFor(ruleSetFor("CPTPP"), "611030", "whole-garment")[0]?.alternatives[0];
    expect(sweater?.stages[0]).toBe("fibre");
    expect(sweater?.tariffShift?.except).toEqual(expect.arrayContaining(["5503", "5506.30", "5606"]));
    const cottonSweater = productRulesFor(ruleSetFor("CPTPP"), "611020", "whole-garment")[0]?.alternatives[0];
    expect(cottonSweater?.tariffShift?.except).not.toContain("5606");
    expect(ruleSetFor("CPTPP").shortSupply.map((item) => item.item)).toEqual([19, 26, 41]);
  });

  it("holds EVFTA's notes 6 and 7 and the printing alternative as data", () => {
    const [weave, print] =
      productRulesFor(ruleSetFor("EVFTA"), "620342", "cut-and-sewn")[0]?.alternatives ?? [];
    expect(weave?.tolerances.map((t) => [t.id, t.percent, t.measure])).toEqual([
      ["note-6", 10, "weight"],
      ["note-7.1", 8, "value"],
    ]);
    expect(weave?.tolerances[0]?.elastomeric).toEqual({ percent: 20 });
    expect(print?.printing).toEqual({ minPreparatoryOrFinishing: 2, maxUnprintedFabricPercent: 47.5 });
    expect(
      productRulesFor(ruleSetFor("EVFTA"), "611020", "whole-garment")[0]?.alternatives[0]?.stages,
    ).toEqual(["spinning", "fabric-formation"]);
  });
});

describe("proof requirements", () => {
  it("gives CPTPP's nine data elements, a year's validity and five years of records", () => {
    const proof = proofRequirementsFor("CPTPP");
    expect(proof.dataElements).toHaveLength(9);
    expect(proof).toMatchObject({
      confirmed: true,
      validityMonths: 12,
      recordKeepingYears: 5,
      blanketPeriodMaxMonths: 12,
    });
  });

  it("gives the EVFTA origin declaration text, the EUR 6,000 limit and three years of records", () => {
    const proof = proofRequirementsFor("EVFTA");
    expect(proof.declarationText).toMatch(
      /^The exporter of the products covered by this document \(customs or competent/,
    );
    expect(proof.declarationText).toContain("these products are of ... preferential origin.");
    expect(proof).toMatchObject({ validityMonths: 12, recordKeepingYears: 3 });
    expect(proof.valueLimit).toEqual({ amount: 6000, currency: "EUR", appliesTo: "Origin declaration" });
  });

  it("gives RCEP's form and marks the unread proofs unconfirmed", () => {
    expect(proofRequirementsFor("RCEP")).toMatchObject({ confirmed: true, validityMonths: 12 });
    expect(proofRequirementsFor("RCEP").forms[0]).toContain("Form RCEP");
    for (const fta of ["UKVFTA", "AANZFTA", "ATIGA", "ACFTA", "AKFTA", "VKFTA", "AJCEP", "VJEPA"] as const)
      expect(proofRequirementsFor(fta).confirmed, fta).toBe(false);
  });
});
