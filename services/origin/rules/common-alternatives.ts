import type { RuleAlternative } from "./types";

/**
 * Alternatives several agreements write alike. Every rule presumes the good is produced in a Party; for a
 * garment, sewing or assembly is that production step, so even a bare change of chapter asks for it.
 */

/** Change of chapter (no exceptions), the garment sewn or assembled in a Party: RCEP, AANZFTA, VJEPA. */
export const changeOfChapterMadeInParty = {
  id: "change-of-chapter",
  text: "Change of chapter, the good produced (sewn or assembled) in a Party",
  stages: ["sewing"],
  scope: "all-materials",
  tariffShift: { level: "chapter", except: [] },
  tolerances: [],
} as const satisfies RuleAlternative;

/**
 * Regional value content of at least 40 %, the garment sewn or assembled in a Party: ATIGA and others. RVC
 * is a test of value; the stages it names are the garment's own, so only the classifying component is
 * followed back (bought-in cut panels as the main component are not cut in the territory; an accessory is
 * just a value).
 */
export const rvc40MadeInParty = {
  id: "rvc-40",
  text: "Regional value content of at least 40 %, the good produced (sewn or assembled) in a Party",
  stages: ["sewing"],
  scope: "classifying-component",
  rvc: { minPercent: 40 },
  tolerances: [],
} as const satisfies RuleAlternative;
