/**
 * AANZFTA — ASEAN-Australia-New Zealand Free Trade Agreement: garments of HS 61 and 62.
 *
 * Source: AANZFTA Annex 2 (product-specific rules), chapter 3 (rules of origin).
 * Version: as amended by the First Protocol (product rules as in Annex 2).
 * Status: provisional. [C] the chapter 61/62 rule (change of chapter, or RVC 40 % with cutting/knitting to
 * shape and assembly in the Parties). [U] the entry-into-force dates (recalled), accumulation and proof,
 * which rules-of-origin.md does not cover. No de minimis is assumed: rules-of-origin.md gives none.
 */
import { changeOfChapterMadeInParty, rvc40MadeInParty } from "./common-alternatives";
import { membersFrom } from "./country-groups";
import type { FtaRuleSet } from "./types";

const source = "AANZFTA Annex 2 (chapters 61 and 62)";

export const aanzfta = {
  fta: "AANZFTA",
  name: "ASEAN-Australia-New Zealand Free Trade Agreement",
  source,
  version: "Annex 2 product-specific rules",
  confirmed: false,
  confirmationNote:
    "The chapter 61/62 rule is confirmed, but the parties' entry-into-force dates, accumulation and the proof " +
    "are recalled: answers are provisional",
  members: [
    ...membersFrom(["AU", "NZ", "BN", "MM", "MY", "PH", "SG", "VN"], "2010-01-01"),
    { country: "TH", inForce: "2010-03-12" },
    { country: "LA", inForce: "2011-01-01" },
    { country: "KH", inForce: "2011-01-04" },
    { country: "ID", inForce: "2012-01-10" },
  ],
  cumulation: {
    kind: "accumulation",
    text: "Originating goods of a Party used in another Party count as originating there",
    source: "AANZFTA chapter 3, Art. 4 (recalled)",
    extended: [],
  },
  productRules: [
    {
      id: "AANZFTA-61-62",
      products: ["61", "62"],
      text:
        "Change of chapter; or a regional value content of at least 40 % where the good is cut or knit to " +
        "shape and assembled in the Parties",
      source,
      confirmed: true,
      alternatives: [
        changeOfChapterMadeInParty,
        {
          ...rvc40MadeInParty,
          text: "Regional value content of at least 40 %, cut or knit to shape and assembled in the Parties",
          stages: ["cutting", "sewing"],
        },
      ],
      conditions: [],
    },
  ],
  shortSupply: [],
  proof: {
    text: "A certificate of origin issued by the exporting Party's issuing authority (Form AANZ; recalled)",
    source: "AANZFTA chapter 3 (recalled)",
    confirmed: false,
    forms: ["Certificate of origin (Form AANZ)"],
    dataElements: [],
  },
} as const satisfies FtaRuleSet;
