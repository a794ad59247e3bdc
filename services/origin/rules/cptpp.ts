/**
 * CPTPP — Comprehensive and Progressive Agreement for Trans-Pacific Partnership: garments of HS 61 and 62.
 *
 * Source: TPP text chapters 3-4 with Annexes 3-A/3-B and Annex 4-A (incorporated by CPTPP Art. 1); the UK's
 * CPTPP Origin Reference Document v1.1 (2024-09-30: chapter notes, short supply list); UK Trade Tariff
 * rules-of-origin data (CPTPP scheme); NZ MFAT as depositary (entry-into-force dates, Peru).
 * Version: as summarised in rules-of-origin.md, 2026.
 * Status: [C] — every rule, date and tolerance below is marked confirmed there.
 */
import { membersFrom } from "./country-groups";
import type { FtaRuleSet, MaterialCondition, RuleAlternative, Tolerance } from "./types";

const source = "CPTPP (TPP Annex 4-A, chapter 61/62 rules; UK CPTPP Origin Reference Document v1.1)";

// The yarn and fabric headings a non-originating material may not come from: together they make the rule
// "yarn forward" (rules-of-origin.md, CPTPP). Cotton fibre (5201-5203) is not listed, so fibre may come
// from anywhere.
const yarnAndFabricExceptions = [
  "5106-5113", "5204-5212", "5401-5402", "5403.33-.39", "5403.42-.49", "5404-5408", "5508-5516", "5606",
  "6001-6006",
] as const; // prettier-ignore

// Art. 4.2.3: non-originating fibres or yarns in the classifying component up to 10 % of its weight;
// Art. 4.2.4 takes elastomeric yarn out of it.
const deMinimis = {
  id: "cptpp-de-minimis",
  text:
    "Non-originating fibres or yarns in the component that determines tariff classification may be up to " +
    "10 % of that component's weight; this does not apply to elastomeric yarn",
  source: "CPTPP Art. 4.2.3-4.2.4",
  measure: "weight",
  percent: 10,
  of: "classifying-component",
  covers: "classifying-component",
  elastomeric: "excluded",
} as const satisfies Tolerance;

const elastomericYarn = {
  id: "cptpp-elastomeric-yarn",
  text: "Elastomeric yarn in the component that determines tariff classification must be wholly formed in the Parties",
  source: "CPTPP Art. 4.2.4",
  materials: [{ classifyingComponent: true, elastomeric: true }],
  stages: ["spinning"],
} as const satisfies MaterialCondition;

// Chapter rule 2: narrow fabrics of 5806.20 and fabric of 60.02 formed and finished in the Parties from yarn
// formed and finished there. For chapter 62 the chapter note excepts brassières (6212.10).
const narrowFabrics = {
  id: "cptpp-narrow-fabrics",
  text:
    "Narrow elastic fabrics of 5806.20 and fabrics of 60.02 must be formed and finished in the Parties " +
    "from yarn formed and finished in the Parties",
  source: "CPTPP Annex 4-A, chapter 61 note 2 and chapter 62 note 2",
  materials: [{ hs: ["5806.20", "6002"] }],
  stages: ["spinning", "fabric-formation", "finishing"],
  exceptProducts: ["6212.10"],
} as const satisfies MaterialCondition;

// Chapter rule 3: sewing thread of 52.04, 54.01 or 55.08, or yarn of 54.02 used as sewing thread.
const sewingThread = {
  id: "cptpp-sewing-thread",
  text: "Sewing thread of 52.04, 54.01 or 55.08, or yarn of 54.02 used as sewing thread, must be formed and finished in the Parties",
  source: "CPTPP Annex 4-A, chapter 61 note 3 and chapter 62 note 3",
  materials: [{ hs: ["5204", "5401", "5508"] }, { hs: ["5402"], roles: ["sewing-thread"] }],
  stages: ["spinning", "finishing"],
} as const satisfies MaterialCondition;

const chapterConditions = [elastomericYarn, narrowFabrics, sewingThread] as const;
const yarnForward = ["spinning", "fabric-formation", "cutting", "sewing"] as const;

/** The chapter 61 yarn-forward alternative with a given exception list. */
function knittedYarnForward(except: readonly string[]) {
  return {
    id: "yarn-forward",
    text: "Yarn forward: spinning, knitting, cutting (or knitting to shape) and sewing in the Parties",
    stages: yarnForward,
    scope: "classifying-component",
    tariffShift: { level: "chapter", except },
    tolerances: [deMinimis],
  } as const satisfies RuleAlternative;
}

export const cptpp = {
  fta: "CPTPP",
  name: "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
  source,
  version: "TPP text as incorporated by CPTPP; UK CPTPP ORD v1.1 (2024-09-30)",
  confirmed: true,
  confirmationNote:
    "Rules, dates and tolerances confirmed against the legal text and official reference documents",
  members: [
    ...membersFrom(["AU", "CA", "JP", "MX", "NZ", "SG"], "2018-12-30"),
    { country: "VN", inForce: "2019-01-14" },
    { country: "PE", inForce: "2021-09-19" },
    { country: "MY", inForce: "2022-11-29" },
    { country: "CL", inForce: "2023-02-21" },
    { country: "BN", inForce: "2023-07-12" },
    // The UK acceded partner by partner. Canada and Mexico approved in 2026 but no dated source gives entry
    // into force for them, so CA-GB and MX-GB are not partners here.
    {
      country: "GB",
      inForce: "2024-12-15",
      inForceWith: {
        BN: "2024-12-15",
        CL: "2024-12-15",
        JP: "2024-12-15",
        MY: "2024-12-15",
        NZ: "2024-12-15",
        PE: "2024-12-15",
        SG: "2024-12-15",
        VN: "2024-12-15",
        AU: "2024-12-24",
      },
    },
  ],
  cumulation: {
    kind: "accumulation",
    text: "Originating materials of any Party, and production in any Party, count as originating",
    source: "CPTPP Art. 3.10",
    extended: [],
  },
  productRules: [
    {
      id: "CPTPP-61",
      // 6110.12/.19/.90 keep the chapter's exception list; 6110.11/.20 and 6110.30 differ (below).
      products: ["6101-6109", "6110.12", "6110.19", "6110.90", "6111.20", "6111.90", "6112-6117"],
      text:
        "Change of chapter, except from the yarn and fabric headings 5106-5113, 5204-5212, 5401-5402, " +
        "5403.33-.39, 5403.42-.49, 5404-5408, 5508-5516, 5606 and 6001-6006, and the good is cut or knit to " +
        "shape (or both) and sewn or otherwise assembled in the Parties (yarn forward)",
      source,
      confirmed: true,
      alternatives: [knittedYarnForward(yarnAndFabricExceptions)],
      conditions: chapterConditions,
    },
    {
      id: "CPTPP-6110.11-20",
      products: ["6110.11", "6110.20"],
      text: "As chapter 61, but 5606 (gimped yarn) is not excepted: yarn forward",
      source,
      confirmed: true,
      alternatives: [
        // 6110.11 and 6110.20 drop gimped yarn (5606) from the exceptions.
        knittedYarnForward(yarnAndFabricExceptions.filter((heading) => heading !== "5606")),
      ],
      conditions: chapterConditions,
    },
    {
      // 5503 and 5506.30 are synthetic staple fibres: excepting them makes the sweater fibre forward.
      id: "CPTPP-6110.30",
      products: ["6110.30"],
      text: "As chapter 61, but synthetic staple fibres of 5503 and 5506.30 are also excepted: fibre forward",
      source,
      confirmed: true,
      alternatives: [
        {
          id: "fibre-forward",
          text: "Fibre forward: fibre, spinning, knitting, cutting (or knitting to shape) and sewing in the Parties",
          stages: ["fibre", ...yarnForward],
          scope: "classifying-component",
          tariffShift: { level: "chapter", except: [...yarnAndFabricExceptions, "5503", "5506.30"] },
          tolerances: [deMinimis],
        },
      ],
      conditions: chapterConditions,
    },
    {
      // Chapter 62's kimono/obi rule is not modelled: no such garment is in threadproof's scope yet.
      id: "CPTPP-62",
      products: ["6201-6208", "6209.20", "6209.90", "6210-6211", "6212.20-.90", "6213-6217"],
      text:
        "Change of chapter, except from the yarn and fabric headings of chapter 61's rule and 5801-5802, and " +
        "the good is cut and sewn or otherwise assembled in the Parties (yarn forward)",
      source,
      confirmed: true,
      alternatives: [
        {
          id: "yarn-forward",
          text: "Yarn forward: spinning, weaving, cutting and sewing in the Parties",
          stages: yarnForward,
          scope: "classifying-component",
          tariffShift: { level: "chapter", except: [...yarnAndFabricExceptions, "5801-5802"] },
          tolerances: [deMinimis],
        },
      ],
      conditions: chapterConditions,
    },
    {
      id: "CPTPP-babies-brassieres",
      products: ["6111.30", "6209.30", "6212.10"],
      text:
        "Change of chapter, and the good is cut and sewn or otherwise assembled in the Parties; no yarn or " +
        "fabric exceptions (synthetic babies' garments, brassières)",
      source,
      confirmed: true,
      alternatives: [
        {
          id: "cut-and-sew",
          text: "Change of chapter, cut and sewn in the Parties",
          stages: ["cutting", "sewing"],
          scope: "classifying-component",
          tariffShift: { level: "chapter", except: [] },
          tolerances: [deMinimis],
        },
      ],
      conditions: chapterConditions,
    },
  ],
  // Only permanent items (numbered 9-187) remain: the "temporary" ones ran five years from entry into force.
  shortSupply: [
    {
      item: 19,
      description: "Dyed or white woven fabric of artificial filament yarn of 5408.21, .22, .31 or .32",
      materials: ["5408.21-.22", "5408.31-.32"],
      endUse: ["62"],
      endUseText: "garments of chapter 62",
    },
    {
      item: 26,
      description: "Velour fabric of 6001.91, 70-83 % cotton and 17-30 % polyester, 200-275 g/m²",
      materials: ["6001.91"],
      endUse: ["61"],
      endUseText: "garments and accessories of chapter 61",
    },
    {
      item: 41,
      description: "Woven cotton fabric of 52.12 with 35-49 % vegetable fibres of chapter 53",
      materials: ["5212"],
      endUse: ["61", "62"],
      endUseText: "garments of chapters 61 or 62",
    },
  ],
  sets: {
    text: "A set is originating only if every item is, or the non-originating items are at most 10 % of the set's value",
    source: "CPTPP Art. 4.3",
    maxNonOriginatingPercent: 10,
    of: "set-value",
  },
  proof: {
    text:
      "A certification of origin completed by the exporter, producer or importer, in no set form, holding " +
      "nine data elements; valid one year, or longer where the importing Party allows",
    source: "CPTPP Art. 3.20 and Annex 3-B",
    confirmed: true,
    forms: ["Certification of origin (no set form)"],
    dataElements: [
      "Certifier: importer, exporter or producer",
      "Certifier's name, address, telephone number and e-mail address",
      "Exporter's name, address, telephone number and e-mail address (if not the certifier)",
      "Producer's name, address, telephone number and e-mail address (if not the certifier or exporter)",
      "Importer's name, address, telephone number and e-mail address (if known)",
      "Description and HS tariff classification of the good to 6 digits; invoice number for a single shipment",
      "Origin criterion",
      "Blanket period, at most 12 months, for multiple shipments of identical goods",
      "Authorised signature and date, with the certifying statement",
    ],
    validityMonths: 12,
    recordKeepingYears: 5,
    blanketPeriodMaxMonths: 12,
  },
} as const satisfies FtaRuleSet;
