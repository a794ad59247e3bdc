import type { AssessmentContext, CheckResult } from "./context";
import type { Material } from "./facts";
import { describeMaterial, isTextileMaterial, materialForm, materialPath, stagesEmbodied } from "./materials";
import type { RuleAlternative } from "./rules/types";
import { describeStage, stageHappenedIn } from "./stages";
import { tariffShiftFinding } from "./tariff-shift";
import { applyTolerances, type MaterialJudgement } from "./tolerances";
import { allFindings, anyFinding, type Finding, known } from "./tri";
import { printingFinding, rvcFinding } from "./value-tests";

/**
 * One way of meeting a product rule, tested in the order the rule reads:
 *  1. the stages the garment itself must go through in the territory (cutting, sewing, knitting to shape);
 *  2. each material: is it originating (claim, short supply, or made in the territory as far as the rule
 *     reaches back), and if not, does the rule accept it anyway (tariff shift; or a process rule that starts
 *     after this material's form, like yarn under a fabric-forward rule)?
 *  3. the tolerances, for the materials the rule does not accept;
 *  4. value tests where the alternative has them (RVC, EVFTA's printing rule).
 */
export function assessAlternative(
  alternative: RuleAlternative,
  context: AssessmentContext,
  checkPrefix: string,
): Finding & { checks: readonly CheckResult[] } {
  const { facts, component } = context;

  // 1. Stages of the rule that come after the classifying component's form happen to the garment itself:
  // a fabric still needs cutting and sewing; a yarn still needs knitting (to shape) and assembly.
  const embodied = stagesEmbodied[component?.form ?? "fabric"];
  const stageChecks = alternative.stages
    .filter((stage) => !embodied.includes(stage))
    .map((stage): CheckResult => {
      const where = stageHappenedIn(
        facts.processes,
        stage,
        context.territory,
        "processes",
        facts.product.construction,
      );
      return {
        id: `${checkPrefix}.stage.${stage}`,
        ...where,
        detail: `The garment's ${describeStage(stage)} must happen in the territory: ${where.detail}`,
      };
    });

  // 2. and 3. Materials, then tolerances for those the rule does not accept.
  const judged = facts.materials.map((material, index) =>
    judgeMaterial(alternative, context, material, index),
  );
  const tolerance = applyTolerances(alternative.tolerances, judged, context, checkPrefix);
  const materialChecks = judged.map((judgement, index): CheckResult => {
    const tail = tolerance.words[index] ? `; ${tolerance.words[index]}` : "";
    return {
      id: `${checkPrefix}.${materialPath(index)}`,
      ...anyFinding([judgement.qualifies, tolerance.rescued[index] ?? known(false)]),
      detail: `${judgement.detail}${tail}`,
    };
  });

  // 4. Value tests.
  const valueChecks: CheckResult[] = [];
  if (alternative.rvc)
    valueChecks.push({ id: `${checkPrefix}.rvc`, ...rvcFinding(alternative.rvc.minPercent, context) });
  if (alternative.printing)
    valueChecks.push({ id: `${checkPrefix}.printing`, ...printingFinding(alternative.printing, context) });

  // The tolerance checks explain the figures; their verdicts are already in each material's check.
  return {
    ...allFindings([...stageChecks, ...materialChecks, ...valueChecks]),
    checks: [...stageChecks, ...materialChecks, ...tolerance.checks, ...valueChecks],
  };
}

/** Whether the rule accepts one material before tolerances, with the reasons in words. */
function judgeMaterial(
  alternative: RuleAlternative,
  context: AssessmentContext,
  material: Material,
  index: number,
): MaterialJudgement & { detail: string } {
  const name = describeMaterial(material, index);
  const outOfScope = scopeExclusion(alternative, context, material, index);
  if (outOfScope) return { index, material, qualifies: known(true), detail: `${name}: ${outOfScope}` };

  const origin = originOf(alternative, context, material, index);
  const anyway = origin.result === true ? undefined : acceptedAnyway(alternative, context, material, index);
  const qualifies = anyFinding([origin, anyway ?? known(false)]);
  const reasons = [...origin.reasons, ...(anyway?.detail ? [anyway.detail] : [])];
  const conclusion =
    origin.result === true
      ? "counts as originating"
      : qualifies.result === true
        ? `not shown originating, but accepted under ${context.table.fta}'s rule`
        : qualifies.result === false
          ? "not originating and not accepted by the rule"
          : "cannot be decided";
  return {
    index,
    material,
    qualifies,
    detail: `${name}: ${reasons.join("; ") || "no claim or stages"} — ${conclusion}`,
  };
}

/**
 * Whether a material is originating: by a claim that counts, by short supply, or made in the territory from
 * the point the rule reaches back to (yarn forward: spun and knitted there; fabric forward: knitted there).
 */
function originOf(
  alternative: RuleAlternative,
  context: AssessmentContext,
  material: Material,
  index: number,
) {
  const stages = stagesReachingBack(alternative, material).map((stage) =>
    stageHappenedIn(material.stages, stage, context.territory, `${materialPath(index)}.stages`),
  );
  const claim = context.claims[index];
  const shortSupply = context.shortSupply[index];
  const finding = anyFinding([
    claim ?? known(false),
    shortSupply ?? known(false),
    stages.length > 0 ? allFindings(stages) : known(false),
  ]);
  // Where a claim or short supply settles it, where the material was made does not matter.
  const settled = claim?.result === true || shortSupply?.result === true;
  const reasons = [
    ...(claim ? [claim.detail] : []),
    ...(shortSupply ? [shortSupply.detail] : []),
    ...(stages.length > 0 && !settled
      ? [`stages the rule reaches back to: ${stages.map((f) => f.detail).join("; ")}`]
      : []),
  ];
  return { ...finding, reasons };
}

/**
 * Whether the rule accepts a material that is not (shown) originating: a tariff-shift rule tests its
 * classification; a process rule accepts it only when the rule starts after this material's form (EVFTA's
 * rule starts from yarn, so any yarn is fine; a fabric must be woven or knitted in the territory).
 */
function acceptedAnyway(
  alternative: RuleAlternative,
  context: AssessmentContext,
  material: Material,
  index: number,
): Finding & { detail?: string } {
  if (alternative.tariffShift)
    return tariffShiftFinding(
      alternative.tariffShift,
      material.hsCode,
      context.facts.product.hsCode,
      materialPath(index),
    );
  const reachesBack = stagesReachingBack(alternative, material).length > 0;
  return reachesBack ? known(false) : { ...known(true), detail: "the rule allows it from anywhere" };
}

/** The stages the rule requires that the material has already been through: where it must have been made. */
function stagesReachingBack(alternative: RuleAlternative, material: Material) {
  return alternative.stages.filter((stage) => stagesEmbodied[materialForm(material)].includes(stage));
}

/** Why the alternative does not test this material at all, or undefined when it does. */
function scopeExclusion(
  alternative: RuleAlternative,
  context: AssessmentContext,
  material: Material,
  index: number,
): string | undefined {
  if (alternative.scope === "classifying-component" && !context.component?.members.has(index))
    return "not part of the component that determines classification, which alone the rule tests (chapter rule 1)";
  if (alternative.scope === "textile-materials" && !isTextileMaterial(material))
    return context.table.freeMaterials
      ? `outside chapters 50-63: ${context.table.freeMaterials.text} (${context.table.freeMaterials.source})`
      : "outside chapters 50-63: the rule tests only textile materials";
  return undefined;
}
