/**
 * AKFTA — ASEAN-Korea Free Trade Area: garments of HS 61 and 62.
 *
 * Source: none confirmed; rules-of-origin.md gives a working assumption [U] for AKFTA (Form AK).
 * Version: Trade in Goods Agreement, in force 2007-06-01 (recalled).
 * Status: provisional — the product rule and the entry-into-force dates (recalled) are unconfirmed.
 */
import { aseanMemberStates, membersFrom } from "./country-groups";
import type { FtaRuleSet } from "./types";
import { workingAssumptionParts } from "./working-assumption";

export const akfta = {
  ...workingAssumptionParts("AKFTA", "AK"),
  name: "ASEAN-Korea Free Trade Area",
  version: "Trade in Goods Agreement, in force 2007-06-01 (recalled)",
  members: [
    ...membersFrom(
      aseanMemberStates.filter((country) => country !== "TH"),
      "2007-06-01",
      "ASEAN",
    ),
    { country: "TH", inForce: "2010-01-01", side: "ASEAN" },
    { country: "KR", inForce: "2007-06-01", side: "KR" },
  ],
} as const satisfies FtaRuleSet;
