import type { FtaId } from "../facts";
import { aanzfta } from "./aanzfta";
import { acfta } from "./acfta";
import { ajcep } from "./ajcep";
import { akfta } from "./akfta";
import { atiga } from "./atiga";
import { cptpp } from "./cptpp";
import { evfta } from "./evfta";
import { rcep } from "./rcep";
import type { FtaRuleSet, ProofRequirements } from "./types";
import { ukvfta } from "./ukvfta";
import { vjepa } from "./vjepa";
import { vkfta } from "./vkfta";

export type * from "./types";

/** Every agreement's rule table, by its id. */
export const ruleSets: Readonly<Record<FtaId, FtaRuleSet>> = {
  CPTPP: cptpp,
  EVFTA: evfta,
  UKVFTA: ukvfta,
  RCEP: rcep,
  AANZFTA: aanzfta,
  ATIGA: atiga,
  ACFTA: acfta,
  AKFTA: akfta,
  VKFTA: vkfta,
  AJCEP: ajcep,
  VJEPA: vjepa,
};

/**
 * The rule table for an agreement.
 *
 * @example
 * ruleSetFor("CPTPP").confirmed; // true
 */
export function ruleSetFor(fta: FtaId): FtaRuleSet {
  return ruleSets[fta];
}

/**
 * What a proof of origin under the agreement must be and hold (forms, data elements, declaration text,
 * validity), for the certificate issuer. `confirmed: false` means the requirement is not checked against the
 * legal text.
 *
 * @example
 * proofRequirementsFor("CPTPP").dataElements.length; // 9
 */
export function proofRequirementsFor(fta: FtaId): ProofRequirements {
  return ruleSets[fta].proof;
}
