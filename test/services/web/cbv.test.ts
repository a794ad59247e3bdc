/**
 * The business steps and dispositions the buyer's page words are exactly the CBV 2.0 vocabulary (the GS1
 * JSON-LD contexts in shared/standards), each with a Vietnamese and an English word, whichever way an event
 * writes it; a value outside the CBV is shown by its short name.
 */
import { describe, expect, it } from "vitest";
import {
  bizStepWords,
  CBV_BIZ_STEPS,
  CBV_DISPOSITIONS,
  cbvShortName,
  dispositionWords,
} from "../../../web/i18n/cbv";
import { readStandardsJson } from "../../support/standards";

/** The terms a CBV context defines (its `@`-keywords and the `cbv` prefix aside). */
function cbvTerms(file: string): string[] {
  const context = (readStandardsJson("epcis", "context", file) as { "@context": Record<string, unknown> })[
    "@context"
  ];
  return Object.keys(context).filter((key) => !key.startsWith("@") && key !== "cbv");
}

describe("CBV words", () => {
  it.each([
    ["business steps", "cbv-context-bizstep.jsonld", CBV_BIZ_STEPS, bizStepWords],
    ["dispositions", "cbv-context-disposition.jsonld", CBV_DISPOSITIONS, dispositionWords],
  ] as const)("words every one of the CBV's %s in vi and en, differently", (_, file, table, words) => {
    const terms = cbvTerms(file);
    expect(terms.length).toBeGreaterThan(30);
    expect([...table].sort()).toEqual([...terms].sort());
    for (const term of terms) {
      const vi = words(term, "vi");
      const en = words(term, "en");
      expect(vi, term).not.toBe(term);
      expect(en, term).not.toBe(term);
      expect(vi, term).not.toBe(en);
    }
  });

  it.each([
    ["inspecting", "inspecting"],
    ["urn:epcglobal:cbv:bizstep:inspecting", "inspecting"],
    ["https://ref.gs1.org/cbv/BizStep-inspecting", "inspecting"],
    ["https://ref.gs1.org/cbv/Disp-in_transit", "in_transit"],
    ["urn:epcglobal:cbv:disp:in_transit", "in_transit"],
    ["https://example.com/steps/overdyeing", "overdyeing"],
  ])("reads %s as %s", (value, short) => {
    expect(cbvShortName(value)).toBe(short);
  });

  it("words a CBV value however it is written, and one outside the CBV by its short name", () => {
    expect(bizStepWords("https://ref.gs1.org/cbv/BizStep-inspecting", "vi")).toBe("Kiểm tra");
    expect(dispositionWords("urn:epcglobal:cbv:disp:non_conformant", "en")).toBe("Not conformant");
    expect(bizStepWords("https://example.com/steps/overdyeing", "vi")).toBe("overdyeing");
    expect(dispositionWords("constructor", "en")).toBe("constructor");
  });
});
