import {
  assessOrigin,
  ftaIds,
  type FtaId,
  type FtaRuleSet,
  type OriginFactsInput,
  originFactsSchema,
  productRulesFor,
  ruleSetFor,
} from "../../../services/origin";
import type { ProductRule, RuleAlternative, Tolerance } from "../../../services/origin/rules/types";
import { at, type MaterialInput, usd } from "./garments";

/**
 * Every numeric threshold of every rule table, read from the tables themselves, and a garment that puts one
 * amount against it while everything else the alternative tests is met. A new tolerance, value test or
 * printing rule in a table is covered without touching the tests; one whose shape no builder here knows
 * fails loudly ("no scenario for ...").
 *
 * Amounts are whole millionths of their unit (milligrams, millionths of a dollar), as bigints, so the
 * reference decision below is plain integer arithmetic, independent of the engine's.
 */

interface Base {
  readonly fta: FtaId;
  readonly table: FtaRuleSet;
  readonly rule: ProductRule;
  readonly alternative: RuleAlternative;
  /** The percentage the amount is judged against. */
  readonly percent: number;
  /** How the table names it, for test titles. */
  readonly name: string;
}

/** A tolerance's limit ("up to", "does not exceed"): the part must be at most percent % of the whole. */
export interface ToleranceThreshold extends Base {
  readonly kind: "tolerance";
  readonly tolerance: Tolerance;
  /** Whether the material is elastomeric yarn (EU note 6's own bucket) or not. */
  readonly elastomeric: boolean;
}

/** A regional value content minimum ("at least"): (price - non-originating) must be at least percent %. */
export interface RvcThreshold extends Base {
  readonly kind: "rvc";
}

/** The printing rule's value cap: the unprinted fabric at most percent % of the ex-works price. */
export interface PrintingValueThreshold extends Base {
  readonly kind: "printing-value";
}

export type ShareThreshold = ToleranceThreshold | RvcThreshold | PrintingValueThreshold;

/** The printing rule's count: at least this many preparatory or finishing operations. */
export interface PrintingOperationsThreshold extends Omit<Base, "percent"> {
  readonly kind: "printing-operations";
  readonly minimum: number;
}

export type Threshold = ShareThreshold | PrintingOperationsThreshold;

/** Every threshold of every table, one entry per table, rule, alternative and limit. */
export function allThresholds(): Threshold[] {
  return ftaIds.flatMap((fta) => {
    const table = ruleSetFor(fta);
    return table.productRules.flatMap((rule) =>
      rule.alternatives.flatMap((alternative): Threshold[] => {
        const base = { fta, table, rule, alternative };
        const where = `${rule.id}/${alternative.id}`;
        const found: Threshold[] = alternative.tolerances.flatMap((tolerance): ToleranceThreshold[] => {
          const own = tolerance.elastomeric;
          const general = {
            ...base,
            kind: "tolerance" as const,
            tolerance,
            percent: tolerance.percent,
            elastomeric: false,
            name: `${where} ${tolerance.id} ${tolerance.percent} % (${tolerance.measure} of ${tolerance.of})`,
          };
          if (own === undefined || own === "excluded") return [general];
          return [
            general,
            {
              ...general,
              percent: own.percent,
              elastomeric: true,
              name: `${where} ${tolerance.id} elastane ${own.percent} % (${tolerance.measure} of ${tolerance.of})`,
            },
          ];
        });
        if (alternative.rvc)
          found.push({
            ...base,
            kind: "rvc",
            percent: alternative.rvc.minPercent,
            name: `${where} RVC at least ${alternative.rvc.minPercent} %`,
          });
        if (alternative.printing) {
          const { maxUnprintedFabricPercent, minPreparatoryOrFinishing } = alternative.printing;
          found.push(
            {
              ...base,
              kind: "printing-value",
              percent: maxUnprintedFabricPercent,
              name: `${where} unprinted fabric at most ${maxUnprintedFabricPercent} % of the price`,
            },
            {
              ...base,
              kind: "printing-operations",
              minimum: minPreparatoryOrFinishing,
              name: `${where} at least ${minPreparatoryOrFinishing} preparatory or finishing operations`,
            },
          );
        }
        return found;
      }),
    );
  });
}

/** A percentage as an exact fraction a / b. */
export function fraction(percent: number): { a: bigint; b: bigint } {
  const [whole = "", decimals = ""] = String(percent).split(".");
  const b = 10n ** BigInt(decimals.length);
  return { a: BigInt(whole + decimals), b };
}

/**
 * How one share threshold is put to the test: the garment for an amount `part` (the non-qualifying
 * material's weight or value, the non-originating value, the unprinted fabric's value) and `other`, the rest
 * of the whole (`includesPart`: a share of a weight the part is in) or the whole itself.
 */
export interface Plan {
  readonly threshold: ShareThreshold;
  readonly includesPart: boolean;
  readonly build: (part: bigint, other: bigint) => Scenario;
}

/**
 * Whether the part's share is in what the rule allows — the reference decision, in integers: a tolerance
 * or a value cap passes when part / whole ≤ percent / 100; an RVC minimum when (price - non-originating) /
 * price ≥ percent / 100.
 */
export function referenceDecision(plan: Plan, part: bigint, other: bigint): boolean {
  const { a, b } = fraction(plan.threshold.percent);
  const whole = plan.includesPart ? other + part : other;
  if (plan.threshold.kind === "rvc") {
    const regional = part >= whole ? 0n : whole - part;
    return regional * 100n * b >= a * whole;
  }
  return part * 100n * b <= a * whole;
}

/**
 * How far the part is over (or, for an RVC, the regional value short of) the limit, in millionths, as an
 * exact fraction `numerator / denominator`.
 */
export function excess(plan: Plan, part: bigint, other: bigint): { numerator: bigint; denominator: bigint } {
  const { a, b } = fraction(plan.threshold.percent);
  const whole = plan.includesPart ? other + part : other;
  const denominator = 100n * b;
  if (plan.threshold.kind === "rvc")
    return { numerator: a * whole - (whole - part) * denominator, denominator };
  return { numerator: part * denominator - a * whole, denominator };
}

/** An exact fraction of millionths as a decimal: (9, 10) -> "0.0000009". */
export function decimal({ numerator, denominator }: { numerator: bigint; denominator: bigint }): string {
  let places = 6;
  let value = numerator;
  while (value % denominator !== 0n) {
    value *= 10n;
    places += 1;
  }
  const digits = (value / denominator).toString().padStart(places + 1, "0");
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`.replace(/\.?0+$/, "");
  return text;
}

/** The unit the table cases step by: a gram for weights, a cent for values, in millionths. */
export function unitOf(threshold: ShareThreshold): { step: bigint; name: string; measure: "kg" | "USD" } {
  return threshold.kind === "tolerance" && threshold.tolerance.measure === "weight"
    ? { step: 1_000n, name: "gram", measure: "kg" }
    : { step: 10_000n, name: "cent", measure: "USD" };
}

/**
 * A part and the rest of the whole that put the share exactly at the limit, in whole grams or cents, the
 * whole about a kilogram or ten dollars: for 10 % of a component, 0.1 kg of 1 kg.
 */
export function exactlyAtLimit(plan: Plan): { part: bigint; other: bigint } {
  const { threshold } = plan;
  const { a, b } = fraction(threshold.percent);
  const hundred = 100n * b;
  const { step } = unitOf(threshold);
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? x : gcd(y, x % y));
  // For an RVC the part is the non-originating value: (100 - percent) % of the price.
  const partShare = threshold.kind === "rvc" ? hundred - a : a;
  const g = gcd(partShare, hundred);
  const wholeUnits = hundred / g;
  const k = (1_000n + wholeUnits - 1n) / wholeUnits;
  const part = (partShare / g) * k * step;
  const whole = wholeUnits * k * step;
  return { part, other: plan.includesPart ? whole - part : whole };
}

/** A number of millionths as the JSON number a client sends: 70000n -> 0.07. */
export const amount = (millionths: bigint) => Number(millionths) / 1_000_000;

const everyStageInVietNam = {
  fibre: "VN",
  spinning: "VN",
  "fabric-formation": "VN",
  dyeing: "VN",
  finishing: "VN",
} as const;

/** A code of the rule's products for which the table picks this rule (with the given construction). */
function productCodeFor(
  threshold: Omit<Base, "percent">,
  construction: NonNullable<OriginFactsInput["product"]["construction"]>,
) {
  const candidates = threshold.rule.products.flatMap((pattern) => {
    const from = pattern.split("-")[0]?.replaceAll(".", "") ?? "";
    return [(from + "0110").slice(0, 6), (from + "1010").slice(0, 6), from.padEnd(6, "9")];
  });
  const code = candidates.find((candidate) =>
    productRulesFor(threshold.table, candidate, construction).some((rule) => rule.id === threshold.rule.id),
  );
  if (!code) throw new Error(`no product code picks ${threshold.rule.id}`);
  return code;
}

/** A country Viet Nam exports to under the agreement. */
function partnerOf(table: FtaRuleSet): string {
  const vietNam = table.members.find((m) => m.country === "VN");
  const partner = table.members.find(
    (m) => m.country !== "VN" && (m.side === undefined || m.side !== vietNam?.side),
  );
  if (!partner) throw new Error(`${table.fta} has no partner for Viet Nam`);
  return partner.country;
}

/** What one scenario holds: the facts, and the ids of the checks that judge the amount. */
export interface Scenario {
  readonly facts: OriginFactsInput;
  /** The check of the limit itself (tolerance, RVC or printing). */
  readonly limitCheck: string;
  /** The material's own check, which the tolerance rescues (tolerances only). */
  readonly materialCheck?: string;
}

function garmentFor(
  threshold: Omit<Base, "percent">,
  materials: MaterialInput[],
  price: number,
): OriginFactsInput {
  const construction = threshold.rule.constructions?.[0] ?? "cut-and-sewn";
  const hsCode = productCodeFor(threshold, construction);
  const makingUp =
    construction === "whole-garment"
      ? at({ "knit-to-shape": "VN", assembly: "VN" })
      : construction === "knit-to-shape-panels"
        ? at({ "knit-to-shape": "VN", sewing: "VN" })
        : at({ cutting: "VN", sewing: "VN" });
  return {
    fta: threshold.fta,
    exportingCountry: "VN",
    importingCountry: partnerOf(threshold.table),
    date: "2026-03-01",
    processes: makingUp,
    materials,
    product: { hsCode, description: `garment of ${hsCode}`, construction, exWorksPrice: usd(price) },
  };
}

/** A main fabric made wholly in Viet Nam: it meets every rule's stages, so only the amount decides. */
function vietnameseMainFabric(
  threshold: Omit<Base, "percent">,
  extra: Partial<MaterialInput>,
): MaterialInput {
  const knitted = threshold.rule.products.every((p) => p.startsWith("61"));
  return {
    description: "main fabric made wholly in Viet Nam",
    hsCode: knitted ? "6006.21" : "5208.21",
    role: "main-fabric",
    stages: at(everyStageInVietNam),
    elastomeric: false,
    ...extra,
  };
}

/** Where the non-qualifying materials come from: a country party to none of the agreements. */
const outside = "US";

/**
 * Materials that a tolerance of the given reach may cover and that the rule does not accept on their own:
 * made outside every territory where the rule reaches back, or of the garment's own heading where it asks
 * for a tariff shift. Tried in order; the first the tolerance judges is used. `inComponentWeight`: the
 * material is weighed as part of the classifying component (a second main fabric), not beside it (a yarn).
 */
function nonQualifying(
  tolerance: Tolerance,
  elastomeric: boolean,
  productHs: string,
): (MaterialInput & { inComponentWeight?: true })[] {
  const ownHeading = `${productHs.slice(0, 4)}.${productHs.slice(4, 6)}`;
  const chapterParts = productHs.startsWith("61") ? "6117.90" : "6217.90";
  const partsCutOutside = (role: MaterialInput["role"]): MaterialInput => ({
    description: `${role} parts cut in the United States`,
    hsCode: chapterParts,
    role,
    originCountry: outside,
    stages: at({ spinning: outside, "fabric-formation": outside, cutting: outside }),
    elastomeric,
  });
  const byReach: Record<Tolerance["covers"], (MaterialInput & { inComponentWeight?: true })[]> = {
    "classifying-component": [
      {
        description: "stripe yarn spun in the United States",
        hsCode: "5509.21",
        role: "yarn",
        originCountry: outside,
        stages: at({ fibre: outside, spinning: outside }),
        elastomeric,
      },
      // Under a rule that any yarn or fabric passes (change of chapter, no exceptions), only a part of the
      // garment's own chapter in the component needs the tolerance.
      {
        ...partsCutOutside("main-fabric"),
        description: "knitted or woven parts of the garment's own heading, cut in the United States",
        hsCode: ownHeading,
        inComponentWeight: true,
      },
    ],
    "textile-non-trims": [
      elastomeric
        ? {
            description: "elastane narrow fabric knitted in the United States",
            hsCode: "5806.20",
            role: "narrow-elastic",
            originCountry: outside,
            stages: at({ spinning: outside, "fabric-formation": outside }),
            elastomeric: true,
          }
        : {
            description: "lining fabric knitted in the United States",
            hsCode: "6006.22",
            role: "lining",
            originCountry: outside,
            stages: at({ spinning: outside, "fabric-formation": outside }),
            elastomeric: false,
          },
      // Under a rule that starts from fabric (printing), only made-up parts cut elsewhere need it.
      partsCutOutside("lining"),
    ],
    "textile-trims": [
      {
        description: "woven labels from the United States",
        hsCode: "5807.10",
        role: "trim",
        originCountry: outside,
        stages: at({ "fabric-formation": outside }),
        elastomeric,
      },
      partsCutOutside("trim"),
    ],
    "all-materials": [
      {
        description: "parts of the garment's own heading from the United States",
        hsCode: ownHeading,
        role: "accessory",
        originCountry: outside,
        stages: at({ "fabric-formation": outside, cutting: outside }),
        elastomeric,
      },
    ],
  };
  return byReach[tolerance.covers];
}

/** The plan for a share threshold; throws when no material of the builders reaches it. */
export function planFor(threshold: ShareThreshold): Plan {
  const where = `${threshold.rule.id}/${threshold.alternative.id}`;
  if (threshold.kind === "rvc")
    return {
      threshold,
      includesPart: false,
      build: (part, other) => {
        // The main fabric is originating (every stage in Viet Nam); buttons from outside carry the
        // non-originating value.
        const buttons: MaterialInput = {
          description: "buttons from the United States",
          hsCode: "9606.21",
          role: "accessory",
          originCountry: outside,
          stages: [],
          weightKg: 0.004,
          value: usd(amount(part)),
        };
        const main = vietnameseMainFabric(threshold, { weightKg: 0.2, value: usd(0) });
        return { facts: garmentFor(threshold, [main, buttons], amount(other)), limitCheck: `${where}.rvc` };
      },
    };
  if (threshold.kind === "printing-value")
    return {
      threshold,
      includesPart: false,
      build: (part, other) => {
        const printed = vietnameseMainFabric(threshold, {
          description: "fabric woven outside, dyed, printed and finished in Viet Nam",
          stages: at({ "fabric-formation": outside, dyeing: "VN", printing: "VN", finishing: "VN" }),
          weightKg: 0.3,
          value: usd(amount(part)),
        });
        return { facts: garmentFor(threshold, [printed], amount(other)), limitCheck: `${where}.printing` };
      },
    };
  const { tolerance, elastomeric } = threshold;
  const weight = tolerance.measure === "weight";
  const limitCheck = `${where}.tolerance.${tolerance.id}`;
  const productHs = garmentFor(threshold, [], 1).product.hsCode;
  for (const candidate of nonQualifying(tolerance, elastomeric, productHs)) {
    const { inComponentWeight, ...judged } = candidate;
    const includesPart =
      tolerance.of === "classifying-component"
        ? inComponentWeight === true
        : tolerance.of === "textile-materials" || tolerance.of === "good";
    const build = (part: bigint, other: bigint): Scenario => {
      const price = tolerance.of === "ex-works-price" ? amount(other) : 10;
      // For a share of a weight, the main fabric's weight is the rest of the whole.
      const main = vietnameseMainFabric(threshold, {
        weightKg: weight ? amount(other) : 0.5,
        value: usd(0.5),
      });
      const material = {
        ...judged,
        ...(weight ? { weightKg: amount(part) } : { value: usd(amount(part)), weightKg: 0.001 }),
      };
      return {
        facts: garmentFor(threshold, [main, material], price),
        limitCheck,
        materialCheck: `${where}.materials[1]`,
      };
    };
    const probe = build(1_000n, 1_000_000n);
    const checks = assessOrigin(originFactsSchema.parse(probe.facts)).checks;
    if (checks.some((check) => check.id === limitCheck)) return { threshold, includesPart, build };
  }
  throw new Error(`no scenario for ${threshold.name}: no builder's material reaches ${tolerance.id}`);
}

/** The printing rule with `operations` preparatory or finishing operations in Viet Nam, the value well within. */
export function operationsScenario(threshold: PrintingOperationsThreshold, operations: number): Scenario {
  const where = `${threshold.rule.id}/${threshold.alternative.id}`;
  const kinds = ["dyeing", "finishing"] as const;
  const stages = [
    { stage: "fabric-formation" as const, country: outside },
    { stage: "printing" as const, country: "VN" },
    ...Array.from({ length: operations }, (_, i) => ({ stage: kinds[i % 2] ?? "dyeing", country: "VN" })),
  ];
  const printed = vietnameseMainFabric(threshold, {
    description: "fabric woven outside, printed in Viet Nam",
    stages,
    weightKg: 0.3,
    value: usd(1),
  });
  return { facts: garmentFor(threshold, [printed], 10), limitCheck: `${where}.printing` };
}
