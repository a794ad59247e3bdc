import { z } from "zod";
import { AMOUNT_DECIMALS, isExactAmount } from "./amounts";

/**
 * OriginFacts: what a compliance officer (or the provenance deriver) knows about a garment, in the shape of
 * DESIGN.md §5. This schema is the single source of validation, of the `OriginFacts` type and of the OpenAPI
 * document for `POST /api/v1/origin/assess`.
 *
 * Every material's HS code is required: it decides whether the material is textile at all, and so which
 * tests apply. Facts the evaluator may do without are optional on purpose: when one of them decides the
 * answer, the assessment says `insufficient-data` and names its path (e.g. `materials[0].stages.spinning`)
 * instead of the request being rejected.
 *
 * Every object is strict, like every other body of the API: an unknown field (a misspelt `weigthKg`, a field
 * of another version) is refused by name rather than silently dropped, since a dropped fact can change the
 * answer.
 */

/** The agreements threadproof can assess (rules-of-origin.md). */
export const ftaIds = [
  "CPTPP",
  "EVFTA",
  "UKVFTA",
  "RCEP",
  "AANZFTA",
  "ATIGA",
  "ACFTA",
  "AKFTA",
  "VKFTA",
  "AJCEP",
  "VJEPA",
] as const;
export type FtaId = (typeof ftaIds)[number];

/** The stages that make a material (fibre to finished fabric), before the garment is cut. */
export const materialStageNames = [
  "fibre",
  "spinning",
  "fabric-formation",
  "dyeing",
  "printing",
  "finishing",
] as const;

/** Production stages, upstream (fibre) to downstream (assembly). */
export const stageNames = [...materialStageNames, "cutting", "sewing", "knit-to-shape", "assembly"] as const;
export type StageName = (typeof stageNames)[number];

export const materialRoles = [
  "main-fabric",
  "lining",
  "pocketing",
  "sewing-thread",
  "narrow-elastic",
  "trim",
  "accessory",
  "cut-panels",
  "yarn",
  // A component like lining: textile, not a trim under the EU-style trims note (note 7 excludes interlinings).
  "interlining",
] as const;
export type MaterialRole = (typeof materialRoles)[number];

export const constructions = ["cut-and-sewn", "knit-to-shape-panels", "whole-garment"] as const;
export type Construction = (typeof constructions)[number];

/** Codes that look like ISO 3166-1 alpha-2 and that ICU knows, but are not countries. */
const notCountries: Readonly<Record<string, string>> = {
  UK: "use GB for the United Kingdom",
  EU: "name the EU member state (e.g. DE), not the EU",
  EZ: "name the member state, not the euro area",
  UN: "name a country, not the United Nations",
  ZZ: "ZZ means an unknown region",
};
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** An ISO 3166-1 alpha-2 country code in upper case, e.g. `VN`. */
export const countryCodeSchema = z
  .string({ error: "must be a country code such as VN" })
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. VN")
  .superRefine((code, ctx) => {
    // zod runs refinements after a failed regex too; Intl throws on anything but two letters.
    if (!/^[A-Z]{2}$/.test(code)) return;
    const reason = notCountries[code];
    if (reason) ctx.addIssue({ code: "custom", message: `'${code}' is not a country code: ${reason}` });
    else if (regionNames.of(code) === undefined)
      ctx.addIssue({ code: "custom", message: `'${code}' is not an ISO 3166-1 alpha-2 country code` });
  })
  .describe("ISO 3166-1 alpha-2 country code, upper case (EU member states by their own code)");

/** HS code with or without dots, normalised to its digits ("6109.10" -> "610910"). */
function hsCodeSchema(minDigits: 4 | 6, what: string) {
  // Digits in pairs, a dot optional between pairs: "6109.10", "610910", "52.04", "6109.10.00".
  const pattern = minDigits === 6 ? /^\d{2}(\.?\d{2}){2,4}$/ : /^\d{2}(\.?\d{2}){1,4}$/;
  return z
    .string({ error: `must be an HS code such as ${minDigits === 6 ? "6109.10" : "5208"}` })
    .trim()
    .regex(pattern, `must be an HS code of ${minDigits} to 10 digits, dots optional (e.g. 6109.10)`)
    .overwrite((code) => code.replaceAll(".", ""))
    .describe(`${what}: HS code of at least ${minDigits} digits, dots optional; normalised to digits`);
}

const isoDateSchema = z.iso.date({ error: "must be a calendar date written YYYY-MM-DD" });

/**
 * An amount in US dollars, the only currency threadproof compares; a price must be more than 0. Amounts have
 * at most six decimals: the rules compare them exactly, as integers (amounts.ts).
 */
function moneySchema(kind: "price" | "value") {
  const number = z.number({ error: "must be a number" });
  const amount = (
    kind === "price" ? number.positive("must be more than 0") : number.nonnegative("must not be negative")
  ).refine(
    isExactAmount,
    `must have at most ${AMOUNT_DECIMALS} decimals (origin rules compare amounts in millionths of a dollar)`,
  );
  return z
    .strictObject({
      amount: amount.describe(`The ${kind}'s amount`),
      currency: z
        .literal("USD", { error: "must be USD (the only currency threadproof compares)" })
        .describe("Always USD"),
    })
    .describe(`A ${kind} in US dollars`);
}

export const stageRecordSchema = z
  .strictObject({
    stage: z.enum(stageNames, { error: `must be one of ${stageNames.join(", ")}` }).describe("The stage"),
    country: countryCodeSchema.describe("Where the stage happened"),
  })
  .describe("Where one production stage happened");

export const originatingClaimSchema = z
  .strictObject({
    fta: z
      .enum(ftaIds, { error: `must be one of ${ftaIds.join(", ")}` })
      .describe("The agreement claimed under"),
    basis: z
      .string({ error: "must say what the claim rests on" })
      .trim()
      .min(1, "must say what the claim rests on")
      .max(500, "must be at most 500 characters")
      .describe("What the claim rests on, e.g. 'EU-KR FTA origin declaration'"),
    proofCid: z
      .string({ error: "must be the CID of the proof document" })
      .regex(
        /^(b[a-z2-7]{20,}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/,
        "must be an IPFS CID (bafy..., bafk... or Qm...)",
      )
      .optional()
      .describe("CID of the uploaded proof of origin; a claim without proof does not count"),
  })
  .describe("A claim that the material is originating under an agreement");

export const materialSchema = z
  .strictObject({
    description: z
      .string({ error: "must describe the material" })
      .trim()
      .min(1, "must describe the material")
      .max(300, "must be at most 300 characters")
      .describe("What the material is"),
    hsCode: hsCodeSchema(4, "The material's classification"),
    role: z
      .enum(materialRoles, { error: `must be one of ${materialRoles.join(", ")}` })
      .describe(
        "The material's part in the garment. main-fabric is the component that determines the garment's " +
          "classification; yarn is yarn knitted or woven into the garment or its main fabric (a main fabric's " +
          "weight includes such yarn)",
      ),
    originCountry: countryCodeSchema.optional().describe("Country the material was obtained from"),
    stages: z
      .array(stageRecordSchema, { error: "must be a list of stages" })
      .max(20, "must hold at most 20 stages")
      .default([])
      .describe("Where each upstream step of the material happened, where known"),
    weightKg: z
      .number({ error: "must be a number of kilograms" })
      .positive("must be more than 0 kg")
      .refine(
        isExactAmount,
        `must have at most ${AMOUNT_DECIMALS} decimals (origin rules compare weights in milligrams)`,
      )
      .optional()
      .describe("The material's weight in one garment, kg, to the milligram (at most 6 decimals)"),
    value: moneySchema("value").optional().describe("The material's value in one garment"),
    elastomeric: z
      .boolean({ error: "must be true or false" })
      .optional()
      .describe("True for elastomeric (elastane, spandex) yarn or material containing it"),
    originating: z
      .array(originatingClaimSchema, { error: "must be a list of claims" })
      .max(20, "must hold at most 20 claims")
      .default([])
      .describe("Claims of originating status, per agreement, each with its proof"),
    shortSupplyItem: z
      .number({ error: "must be an item number of the CPTPP short supply list" })
      .int("must be a whole item number")
      .min(1, "must be an item number of the CPTPP short supply list")
      .nullable()
      .optional()
      .describe("CPTPP Short Supply List item (Appendix 1 to Annex 4-A) the material falls under"),
  })
  .describe("One material used in the garment");

export const productSchema = z
  .strictObject({
    hsCode: hsCodeSchema(6, "The garment's classification").refine(
      (code) => code.startsWith("61") || code.startsWith("62"),
      "must be in HS chapter 61 or 62: threadproof's origin rules cover knitted and woven garments",
    ),
    description: z
      .string({ error: "must describe the product" })
      .trim()
      .min(1, "must describe the product")
      .max(300, "must be at most 300 characters")
      .describe("What the garment is"),
    construction: z
      .enum(constructions, { error: `must be one of ${constructions.join(", ")}` })
      .optional()
      .describe(
        "How the garment is made: cut and sewn from fabric, sewn from knitted-to-shape panels, or knitted whole",
      ),
    exWorksPrice: moneySchema("price").optional().describe("Ex-works price of one garment"),
  })
  .describe("The garment being exported");

export const originFactsSchema = z
  .strictObject({
    fta: z
      .enum(ftaIds, { error: `must be one of ${ftaIds.join(", ")}` })
      .describe("The agreement to assess under"),
    exportingCountry: countryCodeSchema.describe("Country the garment is exported from"),
    importingCountry: countryCodeSchema.describe("Country the garment is imported into"),
    date: isoDateSchema
      .optional()
      .describe("Export date, YYYY-MM-DD: decides which members the agreement is in force for"),
    product: productSchema,
    processes: z
      .array(stageRecordSchema, { error: "must be a list of stages" })
      .max(20, "must hold at most 20 stages")
      .default([])
      .describe("Work done on the garment itself (cutting, sewing, knitting to shape, ...)"),
    materials: z
      .array(materialSchema, { error: "must be a list of materials" })
      .max(100, "must hold at most 100 materials")
      .default([])
      .describe("The materials used, each with where it was made and its claims"),
  })
  .describe("The facts about one garment that decide its preferential origin");

/** Validated OriginFacts: HS codes are digits only, defaults applied. */
export type OriginFacts = z.output<typeof originFactsSchema>;
/** OriginFacts as a client sends them (HS codes may carry dots, lists may be omitted). */
export type OriginFactsInput = z.input<typeof originFactsSchema>;
export type Material = OriginFacts["materials"][number];
export type StageRecord = z.output<typeof stageRecordSchema>;
