/**
 * ATIGA — ASEAN Trade in Goods Agreement (Form D): garments of HS 61 and 62.
 *
 * Source: ATIGA chapter 3 and Annex 3 (product-specific rules), from a transcription of the agreement.
 * Version: ATIGA as signed 2009-02-26, in force 2010-05-17.
 * Status: provisional. The rules below are [C] only "from a transcription of the agreement", which is not
 * a legal text or an official consolidated copy; the entry-into-force date is recalled.
 */
import { rvc40MadeInParty } from "./common-alternatives";
import { aseanMemberStates, membersFrom } from "./country-groups";
import type { FtaRuleSet, RuleAlternative } from "./types";

const source = "ATIGA chapter 3 and Annex 3 (transcription)";

// De minimis: 10 % of FOB value. Facts carry the ex-works price, which is at most FOB, so measuring
// against it can only make the test stricter.
const changeOfHeading = {
  id: "change-of-heading",
  text: "Change of tariff heading, the good produced (sewn or assembled) in a Member State",
  stages: ["sewing"],
  scope: "all-materials",
  tariffShift: { level: "heading", except: [] },
  tolerances: [
    {
      id: "atiga-de-minimis",
      text: "De minimis: non-originating materials that do not change heading up to 10 % of the FOB value",
      source: "ATIGA Art. 30",
      measure: "value",
      percent: 10,
      of: "ex-works-price",
      covers: "all-materials",
    },
  ],
} as const satisfies RuleAlternative;

export const atiga = {
  fta: "ATIGA",
  name: "ASEAN Trade in Goods Agreement",
  source,
  version: "In force 2010-05-17",
  confirmed: false,
  confirmationNote:
    "Built from a transcription of the agreement, not a legal text or official consolidated copy: answers " +
    "are provisional",
  members: membersFrom(aseanMemberStates, "2010-05-17"),
  cumulation: {
    kind: "accumulation",
    text: "Originating materials of any Member State count as originating",
    source: "ATIGA Art. 30",
    extended: [],
  },
  productRules: [
    {
      id: "ATIGA-61-62",
      products: ["61", "62"],
      text: "Regional value content of at least 40 % or change of tariff heading, at the exporter's choice",
      source,
      confirmed: false,
      alternatives: [rvc40MadeInParty, changeOfHeading],
      conditions: [],
    },
    {
      id: "ATIGA-textile-process",
      products: ["6109.10", "6203.42"],
      text:
        "Regional value content of at least 40 %, change of tariff heading, or the textile process rule: " +
        "cutting and assembly of parts into a complete article from fabric",
      source: `${source}, textile process rules`,
      confirmed: false,
      alternatives: [
        rvc40MadeInParty,
        changeOfHeading,
        {
          id: "textile-process",
          text: "Cutting and assembly of parts into a complete article, from fabric, in a Member State",
          stages: ["cutting", "sewing"],
          scope: "textile-materials",
          tolerances: [],
        },
      ],
      conditions: [],
    },
  ],
  shortSupply: [],
  proof: {
    text: "Certificate of Origin Form D issued by the exporting Member State's issuing authority",
    source: "ATIGA Annex 8 (operational certification procedure)",
    confirmed: false,
    forms: ["Certificate of Origin Form D"],
    dataElements: [],
  },
} as const satisfies FtaRuleSet;
