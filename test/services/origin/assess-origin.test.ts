import { describe, expect, it } from "vitest";
import { originAssessmentSchema } from "../../../services/origin/assessment";
import { assessOrigin } from "../../../services/origin/evaluate";
import { type OriginFactsInput, originFactsSchema } from "../../../services/origin/facts";
import { at, garment, mainFabric, material, proofCid, usd } from "./garments";

/**
 * The table of cases: every worked example of rules-of-origin.md, the traps it names, and the other
 * situations each rule table must get right. Each case states the status and the checks that decide it.
 */

interface Case {
  name: string;
  facts: OriginFactsInput;
  status: "originating" | "not-originating" | "insufficient-data";
  provisional?: boolean;
  rule?: string;
  passed?: string[];
  failed?: string[];
  /** Exactly the missing facts (insufficient-data). */
  missing?: string[];
  /** Check id -> words its detail must contain. */
  details?: Record<string, string>;
  proofEntries?: string[];
  cumulation?: { id: string; countries: string[]; materials: string[] };
  shortSupplyItems?: number[];
}

const allVietNam = { fibre: "US", spinning: "VN", "fabric-formation": "VN" } as const;
const jersey = (stages: Parameters<typeof mainFabric>[1], extra = {}) => mainFabric("6006.21", stages, extra);
const buttons = material(
  "accessory",
  "9606.21",
  {},
  { originCountry: "CN", weightKg: 0.004, value: usd(0.05) },
);
const koreanJersey = (claim: Record<string, unknown>) =>
  jersey({ spinning: "KR", "fabric-formation": "KR" }, { originCountry: "KR", originating: [claim] });
const knittedToShape = at({ "knit-to-shape": "VN", assembly: "VN" });
/** Narrow elastic knitted in CN, 0.03 kg: elastane or not, or not recorded. */
const chineseNarrowElastic = (elastomeric: boolean | undefined) =>
  material("narrow-elastic", "5806.20", { "fabric-formation": "CN" }, { weightKg: 0.03, elastomeric });
/** A knitted rib from CN of the given weight, beside a main fabric of 0.2 kg. */
const chineseRib = (weightKg: number) =>
  material("lining", "6006.22", { "fabric-formation": "CN" }, { weightKg });
/** Woven labels from CN of the given value. */
const chineseLabels = (amount: number) =>
  material("trim", "5807.10", { "fabric-formation": "CN" }, { value: usd(amount) });
/** Cotton fabric woven in CN, then dyed, printed and finished in VN, of the given value. */
const printedInVietNam = (amount: number) =>
  mainFabric(
    "5208.12",
    { "fabric-formation": "CN", dyeing: "VN", printing: "VN", finishing: "VN" },
    { value: usd(amount) },
  );
/** A T-shirt made wholly in Australia, exported to the UK on the date. */
const australianToUk = (date: string) =>
  garment("CPTPP", "GB", "6109.10", [jersey({ spinning: "AU", "fabric-formation": "AU" })], {
    exportingCountry: "AU",
    date,
    processes: at({ cutting: "AU", sewing: "AU" }),
  });
/** A sweater knitted in VN from one yarn: to shape (or whole), then assembled. */
const knitted = (
  fta: OriginFactsInput["fta"],
  importer: string,
  hsCode: string,
  mainYarn: ReturnType<typeof material>,
  construction: "knit-to-shape-panels" | "whole-garment" | undefined,
) => garment(fta, importer, hsCode, [mainYarn], { product: { construction }, processes: knittedToShape });
const yarn = (hsCode: string, stages: Parameters<typeof material>[2], extra = {}) =>
  material("yarn", hsCode, stages, { weightKg: 0.3, value: usd(1.5), ...extra });

const cptpp: Case[] = [
  {
    name: "worked example 1: CPTPP to CA, cotton T-shirt, US fibre spun, knitted, cut and sewn in VN",
    facts: garment("CPTPP", "CA", "6109.10", [jersey(allVietNam), buttons]),
    status: "originating",
    provisional: false,
    rule: "CPTPP-61/yarn-forward",
    passed: ["parties", "CPTPP-61/yarn-forward.materials[0]", "CPTPP-61/yarn-forward.materials[1]"],
  },
  {
    name: "worked example 4: CPTPP to CA, knit polo with a non-originating stripe yarn of 6 % (de minimis)",
    facts: garment("CPTPP", "CA", "6105.10", [
      jersey(allVietNam),
      yarn("5509.21", { spinning: "CN" }, { weightKg: 0.012, description: "stripe yarn" }),
    ]),
    status: "originating",
    passed: ["CPTPP-61/yarn-forward.materials[1]", "CPTPP-61/yarn-forward.tolerance.cptpp-de-minimis"],
    details: { "CPTPP-61/yarn-forward.tolerance.cptpp-de-minimis": "6.0 %" },
  },
  {
    name: "CPTPP polo with a stripe yarn of 12 % exceeds de minimis",
    facts: garment("CPTPP", "CA", "6105.10", [
      jersey(allVietNam),
      yarn("5509.21", { spinning: "CN" }, { weightKg: 0.024 }),
    ]),
    status: "not-originating",
    failed: ["CPTPP-61/yarn-forward.materials[1]", "CPTPP-61/yarn-forward.tolerance.cptpp-de-minimis"],
  },
  {
    name: "trap: elastomeric yarn of 5 % spun in KR fails although under 10 % (Art. 4.2.4)",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(allVietNam),
      yarn("5402.44", { spinning: "KR" }, { weightKg: 0.01, elastomeric: true, description: "elastane" }),
    ]),
    status: "not-originating",
    failed: ["condition.cptpp-elastomeric-yarn.materials[1]", "CPTPP-61/yarn-forward.materials[1]"],
  },
  {
    name: "elastomeric yarn spun in JP, a Party, is fine",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(allVietNam),
      yarn("5402.44", { spinning: "JP" }, { weightKg: 0.01, elastomeric: true }),
    ]),
    status: "originating",
    passed: ["condition.cptpp-elastomeric-yarn.materials[1]"],
  },
  {
    name: "CPTPP T-shirt knitted in VN from yarn spun in CN is not yarn forward",
    facts: garment("CPTPP", "JP", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "VN" })]),
    status: "not-originating",
    failed: ["CPTPP-61/yarn-forward.materials[0]"],
    details: { "CPTPP-61/yarn-forward.materials[0]": "excepts 6001-6006" },
  },
  {
    name: "trap: fibre forward 6110.30, synthetic staple fibre from CN spun in VN",
    facts: knitted(
      "CPTPP",
      "JP",
      "6110.30",
      yarn("5509.21", { fibre: "CN", spinning: "VN" }),
      "knit-to-shape-panels",
    ),
    status: "not-originating",
    rule: "CPTPP-6110.30",
    failed: ["CPTPP-6110.30/fibre-forward.materials[0]"],
    passed: [
      "CPTPP-6110.30/fibre-forward.stage.fabric-formation",
      "CPTPP-6110.30/fibre-forward.stage.sewing",
    ],
  },
  {
    name: "6110.30 with the fibre made in VN is originating",
    facts: knitted(
      "CPTPP",
      "JP",
      "6110.30",
      yarn("5509.21", { fibre: "VN", spinning: "VN" }),
      "knit-to-shape-panels",
    ),
    status: "originating",
    rule: "CPTPP-6110.30/fibre-forward",
  },
  {
    name: "6110.20 cotton sweater: fibre from anywhere (yarn forward)",
    facts: knitted(
      "CPTPP",
      "JP",
      "6110.20",
      yarn("5205.12", { fibre: "US", spinning: "VN" }),
      "whole-garment",
    ),
    status: "originating",
    rule: "CPTPP-6110.11-20/yarn-forward",
  },
  {
    name: "6110.30 without the fibre's country cannot be decided",
    facts: knitted("CPTPP", "JP", "6110.30", yarn("5509.21", { spinning: "VN" }), "knit-to-shape-panels"),
    status: "insufficient-data",
    missing: ["materials[0].stages.fibre"],
  },
  {
    name: "CPTPP T-shirt sewn from cut panels made in CN",
    facts: garment(
      "CPTPP",
      "JP",
      "6109.10",
      [
        material(
          "cut-panels",
          "6117.90",
          { spinning: "CN", "fabric-formation": "CN", cutting: "CN" },
          { weightKg: 0.2 },
        ),
      ],
      { processes: at({ sewing: "VN" }) },
    ),
    status: "not-originating",
    failed: ["CPTPP-61/yarn-forward.materials[0]"],
    details: { "CPTPP-61/yarn-forward.materials[0]": "garment's own chapter 61" },
  },
  {
    name: "trap: UK importer under CPTPP the day before its accession (2024-12-14)",
    facts: garment("CPTPP", "GB", "6109.10", [jersey(allVietNam)], { date: "2024-12-14" }),
    status: "not-originating",
    failed: ["parties"],
    details: { parties: "2024-12-15" },
  },
  {
    name: "UK importer under CPTPP on the accession date (2024-12-15)",
    facts: garment("CPTPP", "GB", "6109.10", [jersey(allVietNam)], { date: "2024-12-15" }),
    status: "originating",
    passed: ["parties"],
  },
  {
    name: "AU to GB under CPTPP on 2024-12-23: not yet in force for that pair",
    facts: australianToUk("2024-12-23"),
    status: "not-originating",
    failed: ["parties"],
    details: { parties: "2024-12-24" },
  },
  {
    name: "AU to GB under CPTPP on 2024-12-24",
    facts: australianToUk("2024-12-24"),
    status: "originating",
  },
  {
    name: "trap: CA-GB are not CPTPP partners (no dated entry into force)",
    facts: garment("CPTPP", "GB", "6109.10", [jersey({ spinning: "CA", "fabric-formation": "CA" })], {
      exportingCountry: "CA",
      processes: at({ cutting: "CA", sewing: "CA" }),
    }),
    status: "not-originating",
    failed: ["parties"],
    details: { parties: "not in force between Canada (CA) and United Kingdom (GB)" },
  },
  {
    name: "Canadian fabric does not count for a VN export to GB (CA not in force with GB)",
    facts: garment("CPTPP", "GB", "6109.10", [
      jersey(
        { spinning: "CA", "fabric-formation": "CA" },
        { originCountry: "CA", originating: [{ fta: "CPTPP", basis: "producer's certification", proofCid }] },
      ),
    ]),
    status: "not-originating",
    failed: ["CPTPP-61/yarn-forward.materials[0]"],
    details: { "CPTPP-61/yarn-forward.materials[0]": "not in force with United Kingdom (GB)" },
  },
  {
    name: "Canadian fabric counts for a VN export to JP (accumulation)",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(
        { spinning: "CA", "fabric-formation": "CA" },
        { originCountry: "CA", originating: [{ fta: "CPTPP", basis: "producer's certification", proofCid }] },
      ),
    ]),
    status: "originating",
    cumulation: { id: "CPTPP-accumulation", countries: ["CA"], materials: ["materials[0]"] },
  },
  {
    name: "missing export date: cannot tell whether CPTPP applied",
    facts: garment("CPTPP", "CA", "6109.10", [jersey(allVietNam)], { date: undefined }),
    status: "insufficient-data",
    missing: ["date"],
  },
  {
    name: "missing export date cannot matter when the yarn is spun outside the Parties",
    facts: garment("CPTPP", "CA", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "VN" })], {
      date: undefined,
    }),
    status: "not-originating",
    missing: [],
  },
  {
    name: "missing spinning country of the main fabric",
    facts: garment("CPTPP", "CA", "6109.10", [jersey({ "fabric-formation": "VN" })]),
    status: "insufficient-data",
    missing: ["materials[0].stages.spinning"],
  },
  {
    name: "CPTPP chapter rule 2: narrow elastic of 5806.20 from CN in knitted briefs",
    facts: garment("CPTPP", "JP", "6108.21", [
      jersey(allVietNam),
      material("narrow-elastic", "5806.20", { spinning: "CN", "fabric-formation": "CN" }, { weightKg: 0.01 }),
    ]),
    status: "not-originating",
    failed: ["condition.cptpp-narrow-fabrics.materials[1]"],
    passed: ["CPTPP-61/yarn-forward.materials[1]"],
  },
  {
    name: "CPTPP brassières 6212.10: change of chapter only, narrow-fabric rule does not apply",
    facts: garment("CPTPP", "JP", "6212.10", [
      mainFabric("6006.32", { spinning: "CN", "fabric-formation": "CN" }),
      material("narrow-elastic", "5806.20", { spinning: "CN", "fabric-formation": "CN" }, { weightKg: 0.01 }),
    ]),
    status: "originating",
    rule: "CPTPP-babies-brassieres/cut-and-sew",
  },
  {
    name: "CPTPP chapter rule 3: sewing thread of 54.01 spun in CN",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(allVietNam),
      material("sewing-thread", "5401.10", { spinning: "CN" }, { weightKg: 0.002 }),
    ]),
    status: "not-originating",
    failed: ["condition.cptpp-sewing-thread.materials[1]"],
  },
  {
    name: "CPTPP short supply item #19: artificial filament fabric of 5408.22 in a woven dress",
    facts: garment("CPTPP", "JP", "6204.44", [
      mainFabric("5408.22", { spinning: "CN", "fabric-formation": "CN" }, { shortSupplyItem: 19 }),
    ]),
    status: "originating",
    shortSupplyItems: [19],
  },
  {
    name: "short supply item #19 is for chapter 62 only: not for a knitted dress",
    facts: garment("CPTPP", "JP", "6104.44", [
      mainFabric("5408.22", { spinning: "CN", "fabric-formation": "CN" }, { shortSupplyItem: 19 }),
    ]),
    status: "not-originating",
    details: { "CPTPP-61/yarn-forward.materials[0]": "this use does not match" },
  },
  {
    name: "CPTPP synthetic babies' garment 6209.30: fabric from anywhere",
    facts: garment("CPTPP", "JP", "6209.30", [
      mainFabric("5407.61", { spinning: "CN", "fabric-formation": "CN" }),
    ]),
    status: "originating",
    rule: "CPTPP-babies-brassieres/cut-and-sew",
  },
  {
    name: "trap: cut panels under a change-of-chapter rule (6111.30) stay in chapter 61",
    facts: garment(
      "CPTPP",
      "JP",
      "6111.30",
      [
        material(
          "cut-panels",
          "6117.90",
          { spinning: "CN", "fabric-formation": "CN", cutting: "CN" },
          { weightKg: 0.1 },
        ),
      ],
      { processes: at({ sewing: "VN" }) },
    ),
    status: "not-originating",
    failed: ["CPTPP-babies-brassieres/cut-and-sew.materials[0]"],
  },
];

const koreanProofEntry = "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA";
const evfta: Case[] = [
  {
    name: "worked example 2: EVFTA to DE, trousers of fabric woven in CN",
    facts: garment("EVFTA", "DE", "6203.42", [
      mainFabric("5209.42", { "fabric-formation": "CN" }, { weightKg: 0.5 }),
    ]),
    status: "not-originating",
    failed: ["EVFTA-62/weave-and-make-up.materials[0]", "EVFTA-62/print-and-make-up.printing"],
  },
  {
    name: "worked example 5: EVFTA to NL, T-shirt of yarn spun in CN, knitted, cut and sewn in VN",
    facts: garment("EVFTA", "NL", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "VN" }), buttons]),
    status: "originating",
    provisional: false,
    rule: "EVFTA-61-made-up/knit-and-make-up",
    details: { "EVFTA-61-made-up/knit-and-make-up.materials[1]": "note 7.2" },
  },
  {
    name: "trap: Korean fabric with its EU-Korea proof counts (Art. 3(7)) and needs the proof entry",
    facts: garment("EVFTA", "DE", "6109.10", [
      koreanJersey({ fta: "EVFTA", basis: "EU-KR FTA origin declaration", proofCid }),
    ]),
    status: "originating",
    proofEntries: [koreanProofEntry],
    cumulation: { id: "evfta-korean-fabric", countries: ["KR"], materials: ["materials[0]"] },
  },
  {
    name: "trap: Korean fabric without its proof does not count",
    facts: garment("EVFTA", "DE", "6109.10", [koreanJersey({ fta: "EVFTA", basis: "supplier says so" })]),
    status: "not-originating",
    failed: ["EVFTA-61-made-up/knit-and-make-up.materials[0]"],
    details: { "EVFTA-61-made-up/knit-and-make-up.materials[0]": "no proof is attached" },
  },
  {
    name: "Korean fabric before the cumulation applied (2020-12-01)",
    facts: garment(
      "EVFTA",
      "DE",
      "6109.10",
      [koreanJersey({ fta: "EVFTA", basis: "EU-KR proof", proofCid })],
      {
        date: "2020-12-01",
      },
    ),
    status: "not-originating",
    passed: ["parties"],
    details: { "EVFTA-61-made-up/knit-and-make-up.materials[0]": "on or after 2020-12-23" },
  },
  {
    name: "trap: whole-garment knitting under EVFTA needs spinning too (Y+F): yarn spun in CN",
    facts: knitted(
      "EVFTA",
      "DE",
      "6110.20",
      yarn("5205.12", { fibre: "US", spinning: "CN" }),
      "whole-garment",
    ),
    status: "not-originating",
    rule: "EVFTA-61-whole-garment",
    failed: ["EVFTA-61-whole-garment/spin-and-knit.materials[0]"],
  },
  {
    name: "whole garment knitted in VN from yarn spun in VN",
    facts: knitted(
      "EVFTA",
      "DE",
      "6110.20",
      yarn("5205.12", { fibre: "US", spinning: "VN" }),
      "whole-garment",
    ),
    status: "originating",
    rule: "EVFTA-61-whole-garment/spin-and-knit",
  },
  {
    name: "knit-to-shape panels under EVFTA: yarn from anywhere (F, C, S)",
    facts: knitted("EVFTA", "DE", "6110.20", yarn("5205.12", { spinning: "CN" }), "knit-to-shape-panels"),
    status: "originating",
    rule: "EVFTA-61-made-up/knit-and-make-up",
  },
  {
    name: "EVFTA chapter 61 without the construction, when the two rules disagree",
    facts: knitted("EVFTA", "DE", "6110.20", yarn("5205.12", { spinning: "CN" }), undefined),
    status: "insufficient-data",
    missing: ["product.construction"],
  },
  {
    name: "EVFTA chapter 61 without the construction, when both rules are met",
    facts: knitted("EVFTA", "DE", "6110.20", yarn("5205.12", { spinning: "VN" }), undefined),
    status: "originating",
    missing: [],
  },
  {
    name: "note 6: a rib of knitted fabric from CN at 7.4 % of the textile weight",
    facts: garment("EVFTA", "FR", "6109.10", [jersey(allVietNam), chineseRib(0.016)]),
    status: "originating",
    passed: ["EVFTA-61-made-up/knit-and-make-up.tolerance.note-6"],
  },
  {
    name: "note 6: the same rib at 16.7 % is over the 10 % limit",
    facts: garment("EVFTA", "FR", "6109.10", [jersey(allVietNam), chineseRib(0.04)]),
    status: "not-originating",
    failed: ["EVFTA-61-made-up/knit-and-make-up.tolerance.note-6"],
  },
  {
    name: "note 6: elastane narrow fabric from CN at 13 % is within its own 20 % limit",
    facts: garment("EVFTA", "FR", "6108.21", [jersey(allVietNam), chineseNarrowElastic(true)]),
    status: "originating",
  },
  {
    name: "note 6: the same narrow fabric without elastane is over 10 %",
    facts: garment("EVFTA", "FR", "6108.21", [jersey(allVietNam), chineseNarrowElastic(false)]),
    status: "not-originating",
  },
  {
    name: "note 6: whether that narrow fabric is elastane decides it, and is not recorded",
    facts: garment("EVFTA", "FR", "6108.21", [jersey(allVietNam), chineseNarrowElastic(undefined)]),
    status: "insufficient-data",
    missing: ["materials[1].elastomeric"],
  },
  {
    name: "note 7.1: a woven label from CN at 5 % of the ex-works price",
    facts: garment("EVFTA", "DE", "6109.10", [jersey(allVietNam), chineseLabels(0.21)]),
    status: "originating",
    passed: ["EVFTA-61-made-up/knit-and-make-up.tolerance.note-7.1"],
  },
  {
    name: "note 7.1: labels at 10 % of the ex-works price are over 8 %",
    facts: garment("EVFTA", "DE", "6109.10", [jersey(allVietNam), chineseLabels(0.42)]),
    status: "not-originating",
    failed: ["EVFTA-61-made-up/knit-and-make-up.tolerance.note-7.1"],
  },
  {
    name: "EU fabric: trousers of fabric woven in IT, exported to FR",
    facts: garment("EVFTA", "FR", "6203.42", [mainFabric("5209.42", { "fabric-formation": "IT" })]),
    status: "originating",
  },
  {
    name: "chapter 62 printing alternative: CN fabric printed and finished in VN, 40 % of the price",
    facts: garment("EVFTA", "DE", "6204.52", [printedInVietNam(1.68)]),
    status: "originating",
    rule: "EVFTA-62/print-and-make-up",
  },
  {
    name: "chapter 62 printing alternative: unprinted fabric at 50 % of the price is over 47.5 %",
    facts: garment("EVFTA", "DE", "6204.52", [printedInVietNam(2.1)]),
    status: "not-originating",
    failed: ["EVFTA-62/print-and-make-up.printing"],
  },
  {
    name: "EVFTA before it entered into force (2020-07-31)",
    facts: garment("EVFTA", "DE", "6109.10", [jersey(allVietNam)], { date: "2020-07-31" }),
    status: "not-originating",
    failed: ["parties"],
  },
  {
    name: "EU member states do not trade with each other under EVFTA",
    facts: garment("EVFTA", "FR", "6109.10", [jersey({ spinning: "DE", "fabric-formation": "DE" })], {
      exportingCountry: "DE",
      processes: at({ cutting: "DE", sewing: "DE" }),
    }),
    status: "not-originating",
    details: { parties: "same side (EU)" },
  },
  {
    name: "GB is not a party to EVFTA",
    facts: garment("EVFTA", "GB", "6109.10", [jersey(allVietNam)]),
    status: "not-originating",
    failed: ["parties"],
  },
];

const ukvfta: Case[] = [
  {
    name: "UKVFTA: Korean fabric under the UK-Korea FTA with its proof (Art. 3(11))",
    facts: garment("UKVFTA", "GB", "6109.10", [
      koreanJersey({ fta: "UKVFTA", basis: "UK-KR proof", proofCid }),
    ]),
    status: "originating",
    provisional: false,
    proofEntries: ["Application of Article 3(11) of Protocol 1 to the Viet Nam-UK FTA"],
  },
  {
    name: "UKVFTA: fabric woven in DE counts (EU processing)",
    facts: garment("UKVFTA", "GB", "6203.42", [mainFabric("5209.42", { "fabric-formation": "DE" })]),
    status: "originating",
  },
  {
    name: "UKVFTA: fabric woven in CN does not",
    facts: garment("UKVFTA", "GB", "6203.42", [mainFabric("5209.42", { "fabric-formation": "CN" })]),
    status: "not-originating",
  },
  {
    name: "UKVFTA before it entered into force (2020-12-31)",
    facts: garment("UKVFTA", "GB", "6109.10", [jersey(allVietNam)], { date: "2020-12-31" }),
    status: "not-originating",
    failed: ["parties"],
  },
];

const rcep: Case[] = [
  {
    name: "worked example 3: RCEP to JP, men's woven shirt of 5208 woven in CN (provisional)",
    facts: garment("RCEP", "JP", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" })]),
    status: "originating",
    provisional: true,
    rule: "RCEP-61-62/change-of-chapter",
  },
  {
    name: "RCEP: a shirt sewn from cut panels of chapter 62 fails change of chapter",
    facts: garment(
      "RCEP",
      "JP",
      "6205.20",
      [material("cut-panels", "6217.90", { "fabric-formation": "CN", cutting: "CN" }, { weightKg: 0.2 })],
      { processes: at({ sewing: "VN" }) },
    ),
    status: "not-originating",
    failed: [
      "RCEP-61-62/change-of-chapter.materials[0]",
      "RCEP-61-62/change-of-chapter.tolerance.rcep-de-minimis",
    ],
  },
  {
    name: "RCEP: a small cut collar within 10 % of the good's weight",
    facts: garment("RCEP", "JP", "6205.20", [
      mainFabric("5208.21", { "fabric-formation": "CN" }),
      material("cut-panels", "6217.90", { cutting: "CN" }, { weightKg: 0.01 }),
    ]),
    status: "originating",
    passed: ["RCEP-61-62/change-of-chapter.tolerance.rcep-de-minimis"],
  },
  {
    name: "RCEP: the US is not a party",
    facts: garment("RCEP", "US", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" })]),
    status: "not-originating",
    failed: ["parties"],
  },
];

const sash = material("accessory", "6217.10", {}, { originCountry: "CN", weightKg: 0.02, value: usd(0.2) });
const others: Case[] = [
  {
    name: "AANZFTA to AU: change of chapter (answers provisional: dates unconfirmed)",
    facts: garment("AANZFTA", "AU", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "CN" })]),
    status: "originating",
    provisional: true,
    rule: "AANZFTA-61-62/change-of-chapter",
  },
  {
    name: "AANZFTA: a chapter 62 accessory fails change of chapter; RVC 40 % is met instead",
    facts: garment("AANZFTA", "NZ", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" }), sash]),
    status: "originating",
    rule: "AANZFTA-61-62/rvc-40",
    failed: ["AANZFTA-61-62/change-of-chapter.materials[1]"],
    passed: ["AANZFTA-61-62/rvc-40.rvc"],
  },
  {
    name: "AANZFTA: without the ex-works price the RVC cannot be computed",
    facts: garment("AANZFTA", "NZ", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" }), sash], {
      product: { exWorksPrice: undefined },
    }),
    status: "insufficient-data",
    missing: ["product.exWorksPrice"],
  },
  {
    name: "ATIGA to TH: trousers of CN fabric (provisional)",
    facts: garment("ATIGA", "TH", "6203.42", [mainFabric("5209.42", { "fabric-formation": "CN" })]),
    status: "originating",
    provisional: true,
  },
  {
    name: "VJEPA to JP: fabric of 52.08 woven in CN fails the fabric condition",
    facts: garment("VJEPA", "JP", "6205.20", [mainFabric("5208.21", { "fabric-formation": "CN" })]),
    status: "not-originating",
    failed: ["condition.vjepa-fabric-woven-in-region.materials[0]"],
  },
  {
    name: "VJEPA to JP: fabric woven in TH, an ASEAN member state",
    facts: garment("VJEPA", "JP", "6205.20", [mainFabric("5208.21", { "fabric-formation": "TH" })]),
    status: "originating",
    provisional: true,
  },
  {
    name: "VKFTA to KR under the working assumption (provisional)",
    facts: garment("VKFTA", "KR", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "CN" })]),
    status: "originating",
    provisional: true,
  },
  {
    name: "ACFTA: VN to TH is intra-ASEAN, not under ACFTA",
    facts: garment("ACFTA", "TH", "6109.10", [jersey(allVietNam)]),
    status: "not-originating",
    failed: ["parties"],
  },
  {
    name: "AJCEP to JP under the working assumption",
    facts: garment("AJCEP", "JP", "6109.10", [jersey({ spinning: "CN", "fabric-formation": "CN" })]),
    status: "originating",
    provisional: true,
  },
  {
    name: "AKFTA to KR: a garment sewn from imported cut panels fails both alternatives",
    facts: garment(
      "AKFTA",
      "KR",
      "6109.10",
      [material("cut-panels", "6117.90", { cutting: "CN" }, { weightKg: 0.2, value: usd(3.5) })],
      { processes: at({ sewing: "VN" }) },
    ),
    status: "not-originating",
    failed: ["AKFTA-61-62-assumed/change-of-chapter.materials[0]", "AKFTA-61-62-assumed/rvc-40.rvc"],
  },
];

/** Claims, cumulation and facts that need more detail, across the agreements. */
const claimsAndGaps: Case[] = [
  {
    name: "EVFTA: Italian fabric claimed originating with its proof counts by bilateral cumulation",
    facts: garment("EVFTA", "DE", "6203.42", [
      mainFabric(
        "5209.42",
        {},
        { originCountry: "IT", originating: [{ fta: "EVFTA", basis: "supplier's statement", proofCid }] },
      ),
    ]),
    status: "originating",
    cumulation: { id: "EVFTA-bilateral", countries: ["IT"], materials: ["materials[0]"] },
  },
  {
    name: "UKVFTA: German fabric claimed originating counts through EU cumulation",
    facts: garment("UKVFTA", "GB", "6203.42", [
      mainFabric(
        "5209.42",
        {},
        { originCountry: "DE", originating: [{ fta: "UKVFTA", basis: "EU supplier's statement", proofCid }] },
      ),
    ]),
    status: "originating",
    cumulation: { id: "ukvfta-eu-materials", countries: ["DE"], materials: ["materials[0]"] },
  },
  {
    name: "RCEP: Chinese cut panels claimed RCEP-originating with proof count by accumulation",
    facts: garment(
      "RCEP",
      "JP",
      "6205.20",
      [
        material(
          "cut-panels",
          "6217.90",
          { cutting: "CN" },
          {
            weightKg: 0.2,
            originCountry: "CN",
            originating: [{ fta: "RCEP", basis: "Form RCEP", proofCid }],
          },
        ),
      ],
      { processes: at({ sewing: "VN" }) },
    ),
    status: "originating",
    cumulation: { id: "RCEP-accumulation", countries: ["CN"], materials: ["materials[0]"] },
  },
  {
    name: "a claim under another agreement does not count (RCEP claim in a CPTPP assessment)",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(
        { spinning: "CN", "fabric-formation": "CN" },
        { originCountry: "CN", originating: [{ fta: "RCEP", basis: "Form RCEP", proofCid }] },
      ),
    ]),
    status: "not-originating",
  },
  {
    name: "CPTPP: a short supply item threadproof does not hold is not taken on trust",
    facts: garment("CPTPP", "JP", "6204.44", [
      mainFabric("5408.22", { spinning: "CN", "fabric-formation": "CN" }, { shortSupplyItem: 99 }),
    ]),
    status: "not-originating",
    details: { "CPTPP-62/yarn-forward.materials[0]": "not in threadproof's copy of the list" },
  },
  {
    name: "CPTPP: a 4-digit HS code cannot tell whether a yarn is in an excepted subheading range",
    facts: garment("CPTPP", "JP", "6109.10", [
      jersey(allVietNam),
      yarn("5403", { spinning: "CN" }, { weightKg: 0.05 }),
    ]),
    status: "insufficient-data",
    missing: ["materials[1].hsCode"],
  },
  {
    name: "CPTPP whole garment without its assembly recorded",
    facts: garment("CPTPP", "JP", "6110.20", [yarn("5205.12", { fibre: "US", spinning: "VN" })], {
      product: { construction: "whole-garment" },
      processes: at({ "knit-to-shape": "VN" }),
    }),
    status: "insufficient-data",
    missing: ["processes.assembly"],
  },
  {
    name: "a yarn recorded as the main fabric is read as yarn from its HS code (knitted to shape under EVFTA)",
    facts: garment("EVFTA", "DE", "6110.20", [mainFabric("5205.12", { spinning: "CN" })], {
      product: { construction: "knit-to-shape-panels" },
      processes: knittedToShape,
    }),
    status: "originating",
    missing: [],
  },
  {
    name: "Korean cumulation under EVFTA is for fabric: Korean yarn does not count",
    facts: garment(
      "EVFTA",
      "DE",
      "6110.20",
      [
        yarn(
          "5205.12",
          { spinning: "KR" },
          {
            originCountry: "KR",
            originating: [{ fta: "EVFTA", basis: "EU-KR proof", proofCid }],
          },
        ),
      ],
      { product: { construction: "whole-garment" }, processes: knittedToShape },
    ),
    status: "not-originating",
    details: { "EVFTA-61-whole-garment/spin-and-knit.materials[0]": "needs the material to be fabric" },
  },
  {
    name: "no main fabric, yarn or cut panels: the classifying component is unknown",
    facts: garment("CPTPP", "JP", "6109.10", [buttons]),
    status: "insufficient-data",
    missing: ["materials"],
  },
];

const cases = [...cptpp, ...evfta, ...ukvfta, ...rcep, ...others, ...claimsAndGaps];

describe("assessOrigin: the table of cases", () => {
  it("holds at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const assessment = originAssessmentSchema.parse(assessOrigin(originFactsSchema.parse(c.facts)));
    const byId = new Map(assessment.checks.map((check) => [check.id, check]));
    const explain = JSON.stringify(assessment, null, 2);

    expect(assessment.status, explain).toBe(c.status);
    expect(assessment.fta).toBe(c.facts.fta);
    if (c.provisional !== undefined) expect(assessment.provisional).toBe(c.provisional);
    if (c.rule !== undefined) expect(assessment.rule.id).toBe(c.rule);
    for (const id of c.passed ?? []) expect(byId.get(id)?.passed, `${id} passes\n${explain}`).toBe(true);
    for (const id of c.failed ?? []) expect(byId.get(id)?.passed, `${id} fails\n${explain}`).toBe(false);
    if (c.missing !== undefined) expect([...assessment.missing].sort()).toEqual([...c.missing].sort());
    for (const [id, words] of Object.entries(c.details ?? {}))
      expect(byId.get(id)?.detail, `${id} explains\n${explain}`).toContain(words);
    if (c.proofEntries !== undefined) expect(assessment.requiredProofEntries).toEqual(c.proofEntries);
    if (c.cumulation !== undefined)
      expect(assessment.cumulation?.used).toEqual([expect.objectContaining(c.cumulation)]);
    if (c.shortSupplyItems !== undefined) expect(assessment.shortSupplyItems).toEqual(c.shortSupplyItems);
    // Every check explains itself in words.
    for (const check of assessment.checks) expect(check.detail.length, check.id).toBeGreaterThan(20);
  });
});
