import { describe, expect, it } from "vitest";
import { hasCode } from "../../../services/errors";
import {
  assertCertifiable,
  assessOrigin,
  certificationBlockers,
  type OriginFactsInput,
  originFactsSchema,
} from "../../../services/origin";
import { garment, mainFabric } from "./garments";

const made = { spinning: "VN", "fabric-formation": "VN" } as const;
const assess = (facts: OriginFactsInput) => assessOrigin(originFactsSchema.parse(facts));

describe("certification guard", () => {
  it("lets an originating answer from a confirmed table be certified", () => {
    const assessment = assess(garment("CPTPP", "JP", "6109.10", [mainFabric("6006.21", made)]));
    expect(assessment.status).toBe("originating");
    expect(certificationBlockers(assessment)).toEqual([]);
    expect(() => assertCertifiable(assessment)).not.toThrow();
  });

  it.each<[string, OriginFactsInput, RegExp]>([
    [
      "a provisional answer, even when originating",
      garment("RCEP", "JP", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" })]),
      /provisional/,
    ],
    [
      "a not-originating answer",
      garment("EVFTA", "DE", "6203.42", [mainFabric("5209.42", { "fabric-formation": "CN" })]),
      /not originating/,
    ],
    [
      "an undecided answer",
      garment("CPTPP", "JP", "6109.10", [mainFabric("6006.21", made)], { date: undefined }),
      /undecided for want of date/,
    ],
  ])("refuses %s with ORIGIN_NOT_CERTIFIABLE", (_name, facts, reason) => {
    const assessment = assess(facts);
    expect(certificationBlockers(assessment).join("; ")).toMatch(reason);
    let thrown: unknown;
    try {
      assertCertifiable(assessment);
    } catch (error) {
      thrown = error;
    }
    expect(hasCode(thrown, "ORIGIN_NOT_CERTIFIABLE")).toBe(true);
    expect(thrown).toMatchObject({ status: 409, details: { status: assessment.status } });
  });
});
