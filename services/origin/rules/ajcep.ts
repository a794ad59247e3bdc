/**
 * AJCEP — ASEAN-Japan Comprehensive Economic Partnership: garments of HS 61 and 62.
 *
 * Source: none confirmed; rules-of-origin.md gives a working assumption [U] for AJCEP (Form AJ).
 * Version: In force for Viet Nam 2008-12-01 (recalled).
 * Status: provisional — the product rule and the entry-into-force dates (recalled) are unconfirmed.
 */
import { membersFrom } from "./country-groups";
import type { FtaRuleSet } from "./types";
import { workingAssumptionParts } from "./working-assumption";

export const ajcep = {
  ...workingAssumptionParts("AJCEP", "AJ"),
  name: "ASEAN-Japan Comprehensive Economic Partnership",
  version: "In force for Viet Nam 2008-12-01 (recalled)",
  members: [
    ...membersFrom(["SG", "LA", "VN", "MM"], "2008-12-01", "ASEAN"),
    { country: "BN", inForce: "2009-01-01", side: "ASEAN" },
    { country: "MY", inForce: "2009-02-01", side: "ASEAN" },
    { country: "TH", inForce: "2009-06-01", side: "ASEAN" },
    { country: "KH", inForce: "2009-12-01", side: "ASEAN" },
    { country: "PH", inForce: "2010-07-01", side: "ASEAN" },
    { country: "ID", inForce: "2018-03-01", side: "ASEAN" },
    { country: "JP", inForce: "2008-12-01", side: "JP" },
  ],
} as const satisfies FtaRuleSet;
