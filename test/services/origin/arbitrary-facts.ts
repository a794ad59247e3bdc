import fc from "fast-check";
import {
  constructions,
  ftaIds,
  materialRoles,
  type OriginFactsInput,
  ruleSetFor,
} from "../../../services/origin";
import type { MaterialInput } from "./garments";
import { proofCid, usd } from "./garments";

/**
 * Random but plausible OriginFacts for property tests: countries from a pool mixing parties and
 * non-parties of every agreement, dates around the entry-into-force dates that matter, the HS codes the
 * rule tables split on, and materials with any role, stages, weights, values and claims.
 */

export const countries = ["VN", "CN", "JP", "KR", "DE", "FR", "GB", "CA", "AU", "US", "TH", "IT"] as const;
type FtaId = (typeof ftaIds)[number];
const country = fc.constantFrom(...countries);
const mostlyVietNam = fc.oneof(
  { weight: 3, arbitrary: fc.constant("VN") },
  { weight: 1, arbitrary: country },
);

const interestingDates = [
  "2019-01-13",
  "2020-08-01",
  "2020-12-22",
  "2020-12-23",
  "2024-12-14",
  "2024-12-15",
  "2024-12-24",
];
const dateBetween = (from: number, to: number) =>
  fc
    .integer({ min: Date.UTC(from, 0, 1) / 86_400_000, max: Date.UTC(to, 11, 31) / 86_400_000 })
    .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
export const isoDate = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...interestingDates) },
  { weight: 1, arbitrary: dateBetween(2015, 2027) },
  { weight: 3, arbitrary: dateBetween(2025, 2026) },
);

/** Countries Viet Nam exports to under the agreement. */
function partnersOf(fta: FtaId): string[] {
  const members = ruleSetFor(fta).members;
  const vietNamSide = members.find((m) => m.country === "VN")?.side;
  return members
    .filter((m) => m.country !== "VN" && (m.side === undefined || m.side !== vietNamSide))
    .map((m) => m.country);
}

const productCodes = [
  "6109.10",
  "6105.10",
  "6108.21",
  "6110.20",
  "6110.30",
  "6111.30",
  "6203.42",
  "6204.44",
  "6204.52",
  "6205.20",
  "6209.30",
  "6212.10",
];
const materialCodes = [
  "6006.21",
  "6002.40",
  "5208.21",
  "5209.42",
  "5408.22",
  "5509.21",
  "5205.12",
  "5402.44",
  "5806.20",
  "5401.10",
  "6117.90",
  "6217.90",
  "5807.10",
  "9606.21",
  "6001.91",
  "5503.20",
  "5201.00",
];
const materialStages = ["fibre", "spinning", "fabric-formation", "dyeing", "printing", "finishing"] as const;
const processStages = [
  "cutting",
  "sewing",
  "knit-to-shape",
  "assembly",
  "printing",
  "dyeing",
  "finishing",
] as const;

/**
 * Weights and prices as the facts schema admits them: whole milligrams and millionths of a dollar (the
 * precision origin amounts are compared at), often whole grams and cents.
 */
const exactAmount = (min: number, max: number, coarse: number) =>
  fc
    .oneof(
      fc.integer({ min, max }),
      fc.integer({ min: Math.ceil(min / coarse), max: Math.floor(max / coarse) }).map((n) => n * coarse),
    )
    .map((millionths) => millionths / 1_000_000);
const milligrams = (min: number, max: number) => exactAmount(min, max, 1_000);
const millionthsOfADollar = (min: number, max: number) => exactAmount(min, max, 10_000);

/** Some of the stages, mostly all in Viet Nam (so that originating answers are common enough to test). */
const stageRecords = <S extends string>(stages: readonly S[]) =>
  fc.uniqueArray(fc.constantFrom(...stages), { maxLength: stages.length }).chain((picked) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(picked.map((stage) => ({ stage, country: "VN" }))) },
      {
        weight: 1,
        arbitrary: fc.tuple(...picked.map((stage) => mostlyVietNam.map((c) => ({ stage, country: c })))),
      },
    ),
  );

/** Any agreement, the confirmed ones (whose rules reach furthest) more often. */
const ftaArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ftaIds) },
  { weight: 3, arbitrary: fc.constant("CPTPP" as const) },
  { weight: 3, arbitrary: fc.constant("EVFTA" as const) },
  { weight: 2, arbitrary: fc.constant("UKVFTA" as const) },
);

/** A claim, mostly under the agreement being assessed. */
const claim = (fta: FtaId) =>
  fc.record(
    {
      fta: fc.oneof(
        { weight: 3, arbitrary: fc.constant(fta) },
        { weight: 1, arbitrary: fc.constantFrom(...ftaIds) },
      ),
      basis: fc.constant("supplier's declaration"),
      proofCid: fc.constant(proofCid),
    },
    { requiredKeys: ["fta", "basis"] },
  );

const materialArbitrary = (fta: FtaId): fc.Arbitrary<MaterialInput> =>
  fc.record(
    {
      description: fc.constant("material"),
      hsCode: fc.constantFrom(...materialCodes),
      role: fc.constantFrom(...materialRoles),
      originCountry: country,
      stages: stageRecords(materialStages),
      weightKg: milligrams(1_000, 500_000),
      value: millionthsOfADollar(0, 3_000_000).map(usd),
      elastomeric: fc.boolean(),
      originating: fc.array(claim(fta), { maxLength: 1 }),
      shortSupplyItem: fc.constantFrom(19, 26, 41, 99, null),
    },
    { requiredKeys: ["description", "hsCode", "role"] },
  ) as fc.Arbitrary<MaterialInput>;

/** Facts with every optional fact either present or absent. */
export const originFactsArbitrary: fc.Arbitrary<OriginFactsInput> = ftaArbitrary.chain((fta) =>
  fc.record({
    fta: fc.constant(fta),
    exportingCountry: fc.oneof(
      { weight: 6, arbitrary: fc.constant("VN") },
      { weight: 1, arbitrary: country },
    ),
    importingCountry: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...partnersOf(fta)) },
      { weight: 1, arbitrary: country },
    ),
    date: fc.option(isoDate, { nil: undefined, freq: 8 }),
    product: fc.record({
      hsCode: fc.constantFrom(...productCodes),
      description: fc.constant("garment"),
      construction: fc.option(fc.constantFrom(...constructions), { nil: undefined, freq: 6 }),
      exWorksPrice: fc.option(millionthsOfADollar(500_000, 20_000_000).map(usd), {
        nil: undefined,
        freq: 6,
      }),
    }),
    processes: stageRecords(processStages),
    materials: fc.array(materialArbitrary(fta), { minLength: 1, maxLength: 4 }),
  }),
);
