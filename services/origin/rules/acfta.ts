/**
 * ACFTA — ASEAN-China Free Trade Area: garments of HS 61 and 62.
 *
 * Source: none confirmed; rules-of-origin.md gives a working assumption [U] for ACFTA (Form E).
 * Version: Trade in Goods Agreement, in force 2005-07-20 (recalled).
 * Status: provisional — the product rule and the entry-into-force dates (recalled) are unconfirmed.
 */
import { aseanMemberStates, membersFrom } from "./country-groups";
import type { FtaRuleSet } from "./types";
import { workingAssumptionParts } from "./working-assumption";

export const acfta = {
  ...workingAssumptionParts("ACFTA", "E"),
  name: "ASEAN-China Free Trade Area",
  version: "Trade in Goods Agreement, in force 2005-07-20 (recalled)",
  members: [
    ...membersFrom(aseanMemberStates, "2005-07-20", "ASEAN"),
    { country: "CN", inForce: "2005-07-20", side: "CN" },
  ],
} as const satisfies FtaRuleSet;
