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
  const checks: CheckResult[] = [];

  // 1. Stages of the rule that come after the classifying component's form happen to the garment itself:
  // a fabric still needs cutting and sewing; a yarn still needs knitting (to shape) and assembly.
  const embodied = stagesEmbodied[component?.form ?? "fabric"];
  for (const stage of alternative.stages.filter((s) => !embodied.includes(s))) {
    const finding = stageHappenedIn(
      facts.processes,
      stage,
      context.territory,
      "processes",
      facts.product.construction,
    );
    checks.push({
      id: `${checkPrefix}.stage.${stage}`,
      ...finding,
      detail: `The garment's ${describeStage(stage)} must happen in the territory: ${finding.detail}`,
    });
  }

  // 2. and 3. Materials, then tolerances for those the rule does not accept.
  const judged = facts.materials.map((material, index) =>
    judgeMaterial(alternative, context, material, index),
  );
  const tolerance = applyTolerances(alternative.tolerances, judged, context, checkPrefix);
  judged.forEach((judgement, index) => {
    const accepted = anyFinding([judgement.qualifies, tolerance.rescued[index] ?? known(false)]);
    const tail = tolerance.words[index] ? `; ${tolerance.words[index]}` : "";
    checks.push({
      id: `${checkPrefix}.${materialPath(index)}`,
      ...accepted,
      detail: `${judgement.detail}${tail}`,
    });
  });
  checks.push(...tolerance.checks);

  // 4. Value tests.
  if (alternative.rvc)
    checks.push({ id: `${checkPrefix}.rvc`, ...rvcFinding(alternative.rvc.minPercent, context) });
  if (alternative.printing)
    checks.push({ id: `${checkPrefix}.printing`, ...printingFinding(alternative.printing, context) });

  const verdict = allFindings(checks.filter((check) => !check.id.includes(".tolerance.")));
  return { ...verdict, checks };
}

/** Whether the rule accepts one material before tolerances, with the reasons in words. */
function judgeMaterial(
  alternative: RuleAlternative,
  context: AssessmentContext,
  material: Material,
  index: number,
): MaterialJudgement & { detail: string } {
  const { table, facts } = context;
  const name = describeMaterial(material, index);
  const outOfScope = scopeExclusion(alternative, context, material, index);
  if (outOfScope) return { index, material, qualifies: known(true), detail: `${name}: ${outOfScope}` };

  // Originating: by a claim that counts, by short supply, or made in the territory from the point the rule
  // reaches back to (yarn forward: spun and knitted there; fabric forward: knitted there).
  const reachesBack = alternative.stages.filter((stage) =>
    stagesEmbodied[materialForm(material)].includes(stage),
  );
  const stageFindings = reachesBack.map((stage) =>
    stageHappenedIn(material.stages, stage, context.territory, `${materialPath(index)}.stages`),
  );
  const byStages = reachesBack.length > 0 ? allFindings(stageFindings) : known(false);
  const claim = context.claims[index];
  const shortSupply = context.shortSupply[index];
  const originating = anyFinding([claim ?? known(false), shortSupply ?? known(false), byStages]);
  const reasons = [
    claim?.detail,
    shortSupply?.detail,
    reachesBack.length > 0
      ? `stages the rule reaches back to: ${stageFindings.map((f) => f.detail).join("; ")}`
      : undefined,
  ].filter((reason): reason is string => reason !== undefined);

  // Not originating: a tariff-shift rule may still accept it; a process rule accepts it only when the rule
  // starts after this material's form (EVFTA's rule starts from yarn, so any yarn is fine).
  let accepted: Finding & { detail?: string };
  if (originating.result === true) accepted = originating;
  else if (alternative.tariffShift)
    accepted = tariffShiftFinding(
      alternative.tariffShift,
      material.hsCode,
      facts.product.hsCode,
      materialPath(index),
    );
  else
    accepted =
      reachesBack.length === 0
        ? { ...known(true), detail: "the rule allows it from anywhere" }
        : known(false);
  if (accepted !== originating && accepted.detail) reasons.push(accepted.detail);

  const qualifies = anyFinding([originating, accepted]);
  const conclusion =
    originating.result === true
      ? "counts as originating"
      : qualifies.result === true
        ? `not shown originating, but accepted under ${table.fta}'s rule`
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
