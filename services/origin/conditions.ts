import type { AssessmentContext, CheckResult } from "./context";
import { hsMatchesAny } from "./hs-codes";
import { describeMaterial, matchesSelector, materialPath } from "./materials";
import type { Place } from "./membership";
import type { MaterialCondition } from "./rules/types";
import { stageHappenedIn } from "./stages";
import { allFindings, anyFinding, known, negate } from "./tri";

/**
 * Conditions on particular materials that hold whatever else the rule says: CPTPP's narrow fabrics and
 * sewing thread formed in the Parties (chapter rules 2 and 3), its elastomeric yarn wholly formed there
 * (Art. 4.2.4), VJEPA's listed fabrics woven in Japan, Viet Nam or ASEAN. No tolerance applies to them.
 * One check per material a condition may concern.
 */
export function assessConditions(
  conditions: readonly MaterialCondition[],
  context: AssessmentContext,
): CheckResult[] {
  const { facts, component } = context;
  return conditions.flatMap((condition) => {
    if (condition.exceptProducts && hsMatchesAny(facts.product.hsCode, condition.exceptProducts) === true)
      return [];
    const place = condition.in ? listedCountries(condition.in) : context.territory;
    return facts.materials.flatMap((material, index) => {
      const selected = anyFinding(
        condition.materials.map((s) => matchesSelector(s, material, index, component)),
      );
      if (selected.result === false) return [];
      const claim = context.claims[index] ?? known(false);
      // VJEPA's condition is about non-originating fabric: an originating one is not concerned.
      const concerned = condition.nonOriginatingOnly ? allFindings([selected, negate(claim)]) : selected;
      const stages = condition.stages.map((stage) =>
        stageHappenedIn(material.stages, stage, place, `${materialPath(index)}.stages`),
      );
      const satisfied = condition.nonOriginatingOnly
        ? allFindings(stages)
        : anyFinding([claim, allFindings(stages)]);
      const finding = anyFinding([negate(concerned), satisfied]);
      const name = describeMaterial(material, index);
      const verdict =
        finding.result === true ? "met" : finding.result === false ? "not met" : "cannot be decided";
      return [
        {
          id: `condition.${condition.id}.${materialPath(index)}`,
          ...finding,
          detail: `${condition.text} (${condition.source}). ${name}: ${stages.map((s) => s.detail).join("; ")} — ${verdict}`,
        },
      ];
    });
  });
}

function listedCountries(countries: readonly string[]): (country: string) => Place {
  return (country) =>
    countries.includes(country)
      ? { inside: known(true), why: "one of the countries the rule names" }
      : { inside: known(false), why: "not one of the countries the rule names" };
}
