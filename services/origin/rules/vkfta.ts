/**
 * VKFTA — Viet Nam-Korea Free Trade Agreement: garments of HS 61 and 62.
 *
 * Source: none confirmed; rules-of-origin.md gives a working assumption [U] for VKFTA (Form VK).
 * Version: In force 2015-12-20 (recalled).
 * Status: provisional — the product rule and the entry-into-force dates (recalled) are unconfirmed.
 */
import type { FtaRuleSet } from "./types";
import { workingAssumptionParts } from "./working-assumption";

export const vkfta = {
  ...workingAssumptionParts("VKFTA", "VK"),
  name: "Viet Nam-Korea Free Trade Agreement",
  version: "In force 2015-12-20 (recalled)",
  members: [
    { country: "VN", inForce: "2015-12-20", side: "VN" },
    { country: "KR", inForce: "2015-12-20", side: "KR" },
  ],
} as const satisfies FtaRuleSet;
