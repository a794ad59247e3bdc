/**
 * VJEPA — Japan-Viet Nam Economic Partnership Agreement (Form VJ): garments of HS 61 and 62.
 *
 * Source: Japan Customs' product-specific rule list for the Japan-Viet Nam EPA (Annex 2).
 * Version: in force 2009-10-01 (recalled).
 * Status: provisional. [C] the chapter 62 rule; [U] chapter 61, assumed the same; [U] the entry-into-force
 * date. No de minimis was found, so none is assumed (not even 10 %).
 */
import { changeOfChapterMadeInParty } from "./common-alternatives";
import { aseanMemberStates } from "./country-groups";
import type { FtaRuleSet, MaterialCondition } from "./types";

const source = "VJEPA Annex 2 (Japan Customs product-specific rule list)";

// A change of chapter alone would let any woven fabric through; VJEPA adds that the listed non-originating
// fabrics must be wholly woven (or knitted) in Japan, Viet Nam or an ASEAN member state.
const fabricWovenInRegion = {
  id: "vjepa-fabric-woven-in-region",
  text:
    "Non-originating fabric of 50.07, 51.11-51.13, 52.08-52.12, 53.09-53.11, 54.07, 54.08, 55.12-55.16 or " +
    "chapter 60 must be wholly woven (or knitted) in Japan, Viet Nam or an ASEAN member state",
  source,
  materials: [
    { hs: ["50.07", "51.11-51.13", "52.08-52.12", "53.09-53.11", "54.07", "54.08", "55.12-55.16", "60"] },
  ],
  stages: ["fabric-formation"],
  in: ["JP", ...aseanMemberStates],
  nonOriginatingOnly: true,
} as const satisfies MaterialCondition;

export const vjepa = {
  fta: "VJEPA",
  name: "Japan-Viet Nam Economic Partnership Agreement",
  source,
  version: "In force 2009-10-01 (recalled)",
  confirmed: false,
  confirmationNote:
    "Only the chapter 62 rule is confirmed; chapter 61 and the entry-into-force date are assumed: answers are provisional",
  members: [
    { country: "JP", inForce: "2009-10-01", side: "JP" },
    { country: "VN", inForce: "2009-10-01", side: "VN" },
  ],
  cumulation: {
    kind: "bilateral",
    text: "Originating materials of the other Party count as originating",
    source: "VJEPA chapter 3 (not read)",
    extended: [],
  },
  productRules: [
    {
      id: "VJEPA-62",
      products: ["62"],
      text: `Change of chapter, provided that: ${fabricWovenInRegion.text}`,
      source,
      confirmed: true,
      alternatives: [changeOfChapterMadeInParty],
      conditions: [fabricWovenInRegion],
    },
    {
      id: "VJEPA-61-assumed",
      products: ["61"],
      text: `Assumed as chapter 62: change of chapter, provided that: ${fabricWovenInRegion.text}`,
      source: `${source} (chapter 61 assumed from chapter 62)`,
      confirmed: false,
      alternatives: [changeOfChapterMadeInParty],
      conditions: [fabricWovenInRegion],
    },
  ],
  shortSupply: [],
  proof: {
    text: "Certificate of origin Form VJ issued by the exporting Party's issuing authority",
    source: "VJEPA chapter 3 (not read)",
    confirmed: false,
    forms: ["Certificate of origin Form VJ"],
    dataElements: [],
  },
} as const satisfies FtaRuleSet;
