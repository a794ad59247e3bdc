import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessOrigin,
  type OriginAssessment,
  originFactsSchema,
  type OriginFactsInput,
} from "../../../services/origin";
import {
  compareShare,
  formatPercent,
  millionthsOfDecimal,
  toMillionths,
} from "../../../services/origin/amounts";
import { at, garment, mainFabric, material, usd } from "./garments";
import {
  allThresholds,
  decimal,
  exactlyAtLimit,
  excess,
  operationsScenario,
  planFor,
  type PrintingOperationsThreshold,
  referenceDecision,
  type Scenario,
  type ShareThreshold,
  unitOf,
} from "./thresholds";

/**
 * Limits as the legal texts write them: "does not exceed" and "at least". A share exactly at a limit meets
 * it; one unit (a gram, a cent, even a millionth) over fails; and the explanation says so in exact figures.
 * The boundary table is generated from every rule table's own tolerances, RVC minimums and printing rules.
 */

const assess = (facts: OriginFactsInput) => assessOrigin(originFactsSchema.parse(facts));

function checkOf(assessment: OriginAssessment, id: string) {
  const check = assessment.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} among ${assessment.checks.map((c) => c.id).join(", ")}`);
  return check;
}

/** The limit check's verdict, and the material check's where a tolerance rescues a material. */
function verdictOf(scenario: Scenario) {
  const assessment = assess(scenario.facts);
  const limit = checkOf(assessment, scenario.limitCheck);
  const judged = scenario.materialCheck ? checkOf(assessment, scenario.materialCheck) : undefined;
  return { assessment, limit, judged };
}

const thresholds = allThresholds();
const shareThresholds = thresholds.filter((t): t is ShareThreshold => t.kind !== "printing-operations");
const operationThresholds = thresholds.filter(
  (t): t is PrintingOperationsThreshold => t.kind === "printing-operations",
);

describe("the rule tables' thresholds", () => {
  it("are all found: every tolerance, RVC minimum and printing rule of every table", () => {
    const kinds = new Set(thresholds.map((t) => `${t.fta} ${t.kind}`));
    // The tables as they stand; a new one adds to these, never takes away.
    for (const expected of [
      "CPTPP tolerance",
      "EVFTA tolerance",
      "EVFTA printing-value",
      "EVFTA printing-operations",
      "UKVFTA tolerance",
      "UKVFTA printing-value",
      "RCEP tolerance",
      "ATIGA tolerance",
      "ATIGA rvc",
      "AANZFTA rvc",
      "ACFTA rvc",
      "AKFTA rvc",
      "VKFTA rvc",
      "AJCEP rvc",
    ])
      expect(kinds, expected).toContain(expected);
    expect(shareThresholds.length).toBeGreaterThanOrEqual(20);
  });
});

describe.each(shareThresholds.map((t) => [t.name, t] as const))("%s", (_name, threshold) => {
  const plan = planFor(threshold);
  const { part, other } = exactlyAtLimit(plan);
  const { step, name: unitName, measure } = unitOf(threshold);
  const money = (text: string) => (measure === "kg" ? `${text} kg` : `USD ${text}`);

  it("passes exactly at the limit, and says it is at the limit", () => {
    expect(referenceDecision(plan, part, other)).toBe(true);
    const { limit, judged } = verdictOf(plan.build(part, other));
    expect(limit.passed, limit.detail).toBe(true);
    if (judged) expect(judged.passed, judged.detail).toBe(true);
    expect(limit.detail).toMatch(/exactly (at the limit|the minimum)/);
    expect(limit.detail).not.toMatch(/over it|below the minimum/);
  });

  it(`fails one ${unitName} over the limit, saying by exactly how much`, () => {
    expect(referenceDecision(plan, part + step, other)).toBe(false);
    const { limit, judged } = verdictOf(plan.build(part + step, other));
    expect(limit.passed, limit.detail).toBe(false);
    if (judged) expect(judged.passed, judged.detail).toBe(false);
    const gap = money(decimal(excess(plan, part + step, other)));
    expect(limit.detail).toContain(threshold.kind === "rvc" ? `${gap} short of` : `over it by ${gap}`);
  });

  it("fails one millionth over the limit", () => {
    expect(referenceDecision(plan, part + 1n, other)).toBe(false);
    const { limit } = verdictOf(plan.build(part + 1n, other));
    expect(limit.passed, limit.detail).toBe(false);
    expect(limit.detail).not.toContain("exactly");
  });

  it(`passes one ${unitName} within the limit`, () => {
    expect(referenceDecision(plan, part - step, other)).toBe(true);
    const { limit, judged } = verdictOf(plan.build(part - step, other));
    expect(limit.passed, limit.detail).toBe(true);
    if (judged) expect(judged.passed, judged.detail).toBe(true);
  });

  it("decides as integer arithmetic does, for random exact amounts", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n * part + 10n * step }),
        fc.bigInt({ min: 1n, max: 2n * other + 10n * step }),
        fc.boolean(),
        (randomPart, randomOther, coarse) => {
          // Half the runs in whole grams or cents, where floating-point ratios go wrong most often.
          const p = coarse ? (randomPart / step + 1n) * step : randomPart;
          const o = coarse ? (randomOther / step + 1n) * step : randomOther;
          const { limit } = verdictOf(plan.build(p, o));
          expect(limit.passed, limit.detail).toBe(referenceDecision(plan, p, o));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe.each(operationThresholds.map((t) => [t.name, t] as const))("%s", (_name, threshold) => {
  it("passes with exactly the minimum number of operations", () => {
    const { limit } = verdictOf(operationsScenario(threshold, threshold.minimum));
    expect(limit.passed, limit.detail).toBe(true);
    expect(limit.detail).toContain(`${threshold.minimum} preparatory or finishing operation(s)`);
  });

  it("fails with one operation fewer", () => {
    const { limit } = verdictOf(operationsScenario(threshold, threshold.minimum - 1));
    expect(limit.passed, limit.detail).toBe(false);
  });
});

describe("the two examples of the issue, by hand", () => {
  const component = (weightKg: number) =>
    mainFabric("6006.21", { spinning: "VN", "fabric-formation": "VN" }, { weightKg });
  const stripeYarn = (weightKg: number) =>
    material("yarn", "5509.21", { spinning: "CN" }, { weightKg, description: "stripe yarn" });
  const polo = (yarnKg: number) => garment("CPTPP", "CA", "6105.10", [component(0.7), stripeYarn(yarnKg)]);
  const deMinimis = "CPTPP-61/yarn-forward.tolerance.cptpp-de-minimis";

  it("0.07 kg of non-originating yarn in a 0.70 kg component is within CPTPP's 10 % (0.1 * 0.7 is 0.0699... in floating point)", () => {
    expect(0.1 * 0.7).toBeLessThan(0.07); // the trap
    const assessment = assess(polo(0.07));
    expect(assessment.status).toBe("originating");
    const check = checkOf(assessment, deMinimis);
    expect(check.passed).toBe(true);
    expect(check.detail).toContain("stripe yarn (HS 5509.21) is 0.07 kg (10.0 %)");
    expect(check.detail).toContain("the classifying component's weight 0.7 kg");
    expect(check.detail).toContain(
      "the limit is 10 % (0.07 kg) — exactly at the limit, which it does not exceed",
    );
    expect(check.detail).not.toContain("over it");
  });

  it("0.071 kg is over it, by 0.001 kg, and 0.070001 kg by a milligram", () => {
    const over = assess(polo(0.071));
    expect(over.status).toBe("not-originating");
    expect(checkOf(over, deMinimis).detail).toContain("(about 10.15 %)");
    expect(checkOf(over, deMinimis).detail).toContain("over it by 0.001 kg");
    const hair = checkOf(assess(polo(0.070001)), deMinimis);
    expect(hair.passed).toBe(false);
    // Never "10.0 % ... over it": a share just over the limit is rounded up, away from it.
    expect(hair.detail).toContain("(about 10.01 %)");
    expect(hair.detail).toContain("over it by 0.000001 kg");
  });

  /** Cut panels from the United States (they fail change of chapter), worth `panels` of a USD `price` garment. */
  const fromPanels = (panels: number, price: number) =>
    garment(
      "ACFTA",
      "CN",
      "6109.10",
      [
        material(
          "cut-panels",
          "6117.90",
          { fibre: "US", spinning: "US", "fabric-formation": "US", cutting: "US" },
          { originCountry: "US", weightKg: 0.2, value: usd(panels) },
        ),
      ],
      { product: { exWorksPrice: usd(price) }, processes: at({ sewing: "VN" }) },
    );

  it("a regional value content of exactly 40 % meets 'at least 40 %'", () => {
    const assessment = assess(fromPanels(2.52, 4.2));
    expect(assessment.status).toBe("originating");
    expect(assessment.rule.id).toBe("ACFTA-61-62-assumed/rvc-40");
    const rvc = checkOf(assessment, "ACFTA-61-62-assumed/rvc-40.rvc");
    expect(rvc.detail).toContain("worth USD 2.52 of the ex-works price USD 4.20, so RVC is 40.0 %");
    expect(rvc.detail).toContain('exactly the minimum, which meets "at least 40 %"');
    const short = assess(fromPanels(2.53, 4.2));
    expect(short.status).toBe("not-originating");
    expect(checkOf(short, "ACFTA-61-62-assumed/rvc-40.rvc").detail).toContain(
      "RVC is about 39.76 % — below the minimum: regional value USD 1.67, USD 0.01 short of the USD 1.68 needed",
    );
  });

  it("every exact-cent price at exactly 40 % RVC meets it, and one cent more of non-originating value does not", () => {
    const failures: string[] = [];
    // Prices of USD 0.05 to 20.00 in steps of 5 cents, where 60 % of the price is a whole number of cents.
    for (let cents = 5; cents <= 2000; cents += 5) {
      const price = cents / 100;
      const panels = (cents * 60) / 100; // in cents, whole
      if (assess(fromPanels(panels / 100, price)).status !== "originating") failures.push(`at ${price}`);
      if (assess(fromPanels((panels + 1) / 100, price)).status !== "not-originating")
        failures.push(`over ${price}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("exact amounts", () => {
  it("reads a JSON number as the decimal written, in millionths, and refuses finer ones", () => {
    expect(toMillionths(0.07)).toBe(70_000n);
    expect(toMillionths(4.2)).toBe(4_200_000n);
    expect(toMillionths(0.000001)).toBe(1n);
    expect(toMillionths(123456789.123456)).toBe(123_456_789_123_456n);
    expect(toMillionths(1e21)).toBe(10n ** 27n);
    expect(toMillionths(0.0000001)).toBeUndefined();
    expect(toMillionths(0.1 * 0.7)).toBeUndefined(); // 0.06999999999999999 has more than 6 decimals
    expect(toMillionths(Number.NaN)).toBeUndefined();
    expect(toMillionths(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it("reads amounts the same by arithmetic and by their spelling", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => n / 1_000_000),
          fc.double({ min: 0, max: 1e12, noNaN: true }),
        ),
        (value) => {
          if (value >= 1e9) return;
          expect(toMillionths(value)).toBe(millionthsOfDecimal(value));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("compares a share with a limit by cross-multiplying", () => {
    expect(compareShare(70_000n, 700_000n, 10)).toBe(0);
    expect(compareShare(70_001n, 700_000n, 10)).toBe(1);
    expect(compareShare(69_999n, 700_000n, 10)).toBe(-1);
    expect(compareShare(1_900_000n, 4_000_000n, 47.5)).toBe(0);
    expect(compareShare(1_900_001n, 4_000_000n, 47.5)).toBe(1);
  });

  it("prints a share exactly, or rounded away from the limit and marked 'about'", () => {
    expect(formatPercent(12n, 200n)).toBe("6.0 %");
    expect(formatPercent(19n, 40n)).toBe("47.5 %");
    expect(formatPercent(1n, 3n)).toBe("about 33.33 %");
    expect(formatPercent(2n, 3n)).toBe("about 66.67 %");
    expect(formatPercent(100_001n, 1_000_000n, 10)).toBe("10.0001 %");
    expect(formatPercent(99_999n, 1_000_000n, 10)).toBe("9.9999 %");
    expect(formatPercent(99_999_999n, 1_000_000_000n, 10)).toBe("about 9.99 %");
    expect(formatPercent(100_000_001n, 1_000_000_000n, 10)).toBe("about 10.01 %");
  });

  it("refuses facts with amounts finer than a millionth, naming the field", () => {
    const facts = garment("CPTPP", "CA", "6105.10", [
      mainFabric("6006.21", {}, { weightKg: 0.1 * 0.7, value: usd(1.0000001) }),
    ]);
    const result = originFactsSchema.safeParse({
      ...facts,
      product: { ...facts.product, exWorksPrice: usd(4.2000001) },
    });
    expect(result.success).toBe(false);
    const issues = (result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["materials.0.weightKg", expect.stringMatching(/at most 6 decimals/)],
        ["materials.0.value.amount", expect.stringMatching(/at most 6 decimals/)],
        ["product.exWorksPrice.amount", expect.stringMatching(/at most 6 decimals/)],
      ]),
    );
    // The same facts at whole millionths are accepted.
    expect(
      originFactsSchema.safeParse(
        garment("CPTPP", "CA", "6105.10", [
          mainFabric("6006.21", {}, { weightKg: 0.07, value: usd(1.000001) }),
        ]),
      ).success,
    ).toBe(true);
  });
});
