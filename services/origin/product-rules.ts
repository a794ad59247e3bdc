import type { Construction } from "./facts";
import { hsSpecificity } from "./hs-codes";
import type { FtaRuleSet, ProductRule } from "./rules/types";

/**
 * The product rules for the garment: those naming its HS code most specifically (6110.30 over chapter 61);
 * where rules differ by construction and the construction is not recorded, every candidate (their answers
 * must then agree, or the construction is missing). `hsCode` is digits only.
 *
 * @example
 * productRulesFor(ruleSetFor("CPTPP"), "611030", "knit-to-shape-panels")[0]?.id; // "CPTPP-6110.30"
 */
export function productRulesFor(
  table: FtaRuleSet,
  hsCode: string,
  construction: Construction | undefined,
): readonly ProductRule[] {
  const specificity = (rule: ProductRule) => hsSpecificity(hsCode, rule.products);
  const best = Math.max(...table.productRules.map(specificity));
  const matching = table.productRules.filter((rule) => best > 0 && specificity(rule) === best);
  const forConstruction = construction
    ? matching.filter((rule) => !rule.constructions || rule.constructions.includes(construction))
    : matching;
  // The schema admits only chapters 61 and 62, and every table covers both (tested): a gap is a defect.
  if (forConstruction.length === 0) throw new Error(`${table.fta} has no rule for HS ${hsCode}`);
  return forConstruction;
}
