import type { FtaId } from "../facts";
import { changeOfChapterMadeInParty, rvc40MadeInParty } from "./common-alternatives";
import type { FtaRuleSet } from "./types";

/**
 * rules-of-origin.md gives ACFTA, AKFTA, VKFTA and AJCEP one working assumption [U]: change of chapter with
 * the good cut and sewn in a Party, or a regional value content of at least 40 %. One builder gives the four
 * tables the same unconfirmed rule, cumulation and proof; each table adds its name, version and members.
 */
export function workingAssumptionParts(fta: FtaId, form: string) {
  return {
    fta,
    source: "rules-of-origin.md working assumption (no legal text read)",
    confirmed: false,
    confirmationNote:
      "A working assumption, not checked against the agreement: answers are provisional and no certificate " +
      "may be issued from them",
    cumulation: {
      kind: "accumulation",
      text: "Originating materials of any Party count as originating (assumed)",
      source: `${fta} rules of origin (not read)`,
      extended: [],
    },
    productRules: [
      {
        id: `${fta}-61-62-assumed`,
        products: ["61", "62"],
        text: "Working assumption: change of chapter with the good cut and sewn in a Party, or RVC of at least 40 %",
        source: `rules-of-origin.md working assumption for ${fta} (unconfirmed)`,
        confirmed: false,
        alternatives: [
          {
            ...changeOfChapterMadeInParty,
            text: "Change of chapter, the good cut and sewn in a Party",
            stages: ["cutting", "sewing"],
          },
          rvc40MadeInParty,
        ],
        conditions: [],
      },
    ],
    shortSupply: [],
    proof: {
      text: `Certificate of origin Form ${form} issued by the exporting Party's issuing authority`,
      source: `${fta} operational certification procedures (not read)`,
      confirmed: false,
      forms: [`Certificate of origin Form ${form}`],
      dataElements: [],
    },
  } as const satisfies Omit<FtaRuleSet, "name" | "version" | "members">;
}
