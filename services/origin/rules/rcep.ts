/**
 * RCEP — Regional Comprehensive Economic Partnership: garments of HS 61 and 62.
 *
 * Source: RCEP text, chapter 3 (rules of origin) and Annex 3A (product-specific rules).
 * Version: in force for Viet Nam 2022-01-01.
 * Status: provisional. [U] the chapter 61/62 rule (change of chapter) until the Annex 3A page is confirmed,
 * and the other parties' entry-into-force dates (recalled). [C] de minimis (Art. 3.7), accumulation
 * (Art. 3.4) and proofs.
 */
import { changeOfChapterMadeInParty } from "./common-alternatives";
import { membersFrom } from "./country-groups";
import type { FtaRuleSet } from "./types";

const source = "RCEP chapter 3 and Annex 3A";

export const rcep = {
  fta: "RCEP",
  name: "Regional Comprehensive Economic Partnership",
  source,
  version: "In force for Viet Nam 2022-01-01",
  confirmed: false,
  confirmationNote:
    "The chapter 61/62 rule (Annex 3A) and the other parties' entry-into-force dates are not yet confirmed " +
    "against the legal text: answers are provisional and no certificate may be issued from them",
  members: [
    ...membersFrom(["BN", "KH", "LA", "SG", "TH", "VN", "AU", "CN", "JP", "NZ"], "2022-01-01"),
    { country: "KR", inForce: "2022-02-01" },
    { country: "MY", inForce: "2022-03-18" },
    { country: "ID", inForce: "2023-01-02" },
    { country: "PH", inForce: "2023-06-02" },
    // Myanmar is left out: several parties do not recognise its entry into force.
  ],
  cumulation: {
    kind: "accumulation",
    text: "Originating goods and materials of any Party count as originating",
    source: "RCEP Art. 3.4",
    extended: [],
  },
  productRules: [
    {
      id: "RCEP-61-62",
      products: ["61", "62"],
      // A plain change of chapter: fabric, yarn and fibre from anywhere pass; cut panels already in chapter
      // 61/62 do not change chapter and fail unless within de minimis.
      text: "Change of chapter: every non-originating material must be classified outside the garment's chapter",
      source: `${source} (chapters 61 and 62)`,
      confirmed: false,
      alternatives: [
        {
          ...changeOfChapterMadeInParty,
          tolerances: [
            {
              id: "rcep-de-minimis",
              text:
                "De minimis for chapters 50-63: non-originating materials that do not change classification " +
                "may be up to 10 % of the total weight of the good",
              source: "RCEP Art. 3.7",
              measure: "weight",
              percent: 10,
              of: "good",
              covers: "all-materials",
            },
          ],
        },
      ],
      conditions: [],
    },
  ],
  shortSupply: [],
  proof: {
    text: "A Certificate of Origin (Form RCEP) from an issuing body, or a declaration of origin by an approved exporter",
    source: "RCEP Art. 3.16-3.17",
    confirmed: true,
    forms: ["Certificate of Origin (Form RCEP)", "Declaration of origin by an approved exporter"],
    // Annex 3B's minimum information requirements are not summarised in rules-of-origin.md.
    dataElements: [],
    validityMonths: 12,
  },
} as const satisfies FtaRuleSet;
