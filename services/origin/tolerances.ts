import { type AmountRange, formatRange, formatShare, sumAmounts, type Unit, withinShare } from "./amounts";
import type { AssessmentContext, CheckResult } from "./context";
import type { Material } from "./facts";
import { isTextileMaterial, materialPath, weighedMaterials } from "./materials";
import type { Tolerance } from "./rules/types";
import { allFindings, type Finding, known, unknownFor } from "./tri";

/**
 * Tolerances let a little non-qualifying material through: CPTPP's de minimis (10 % of the classifying
 * component's weight, elastomeric yarn excluded), EVFTA/UKVFTA notes 6 and 7.1 (10 % of the textile
 * weight, 20 % for elastane; trims 8 % of the ex-works price), RCEP's 10 % of the good's weight, ATIGA's
 * 10 % of FOB. Each non-qualifying material is counted against the first tolerance that may cover it.
 */

/** A material the rule does not (yet) accept, with why. */
export interface MaterialJudgement {
  readonly index: number;
  readonly material: Material;
  readonly qualifies: Finding;
}

export interface ToleranceOutcome {
  readonly checks: readonly CheckResult[];
  /** Per material index: whether a tolerance lets it through. */
  readonly rescued: readonly Finding[];
  /** Per material index: how the tolerances treated it, in words ("" when it qualified). */
  readonly words: readonly string[];
}

interface Covered {
  readonly judgement: MaterialJudgement;
  readonly covered: Finding;
}

export function applyTolerances(
  tolerances: readonly Tolerance[],
  judgements: readonly MaterialJudgement[],
  context: AssessmentContext,
  checkPrefix: string,
): ToleranceOutcome {
  const count = context.facts.materials.length;
  const rescued: Finding[] = Array.from({ length: count }, () => known(false));
  const words: string[] = Array.from({ length: count }, () => "");
  const assigned = new Map<Tolerance, Covered[]>();
  for (const judgement of judgements.filter((j) => j.qualifies.result !== true)) {
    const match = tolerances
      .map((tolerance) => ({ tolerance, covered: covers(tolerance, judgement, context) }))
      .find(({ covered }) => covered.result !== false);
    if (!match) {
      words[judgement.index] =
        tolerances.length > 0 ? "no tolerance covers it" : "the rule allows no tolerance";
      continue;
    }
    assigned.set(match.tolerance, [
      ...(assigned.get(match.tolerance) ?? []),
      { judgement, covered: match.covered },
    ]);
  }
  const checks: CheckResult[] = [];
  for (const [tolerance, entries] of assigned) {
    const buckets = elastomericBuckets(tolerance, entries).map((bucket) => ({
      ...bucket,
      ...shareFinding(tolerance, bucket.percent, bucket.entries, context),
    }));
    for (const bucket of buckets)
      for (const { judgement, covered } of bucket.entries) {
        rescued[judgement.index] = allFindings([covered, bucket]);
        words[judgement.index] = `counted against ${tolerance.id} (${tolerance.source})`;
      }
    checks.push({
      id: `${checkPrefix}.tolerance.${tolerance.id}`,
      ...allFindings(buckets),
      detail: `${tolerance.text} (${tolerance.source}): ${buckets.map((b) => b.detail).join("; ")}`,
    });
  }
  return { checks, rescued, words };
}

/** Whether a tolerance may cover a material: its selection, and the elastomeric-yarn exclusion. */
function covers(tolerance: Tolerance, judgement: MaterialJudgement, context: AssessmentContext): Finding {
  const { material, index } = judgement;
  const textile = isTextileMaterial(material);
  const selected = {
    "classifying-component": context.component?.members.has(index) ?? false,
    "textile-non-trims": textile && material.role !== "trim",
    "textile-trims": textile && material.role === "trim",
    "all-materials": true,
  }[tolerance.covers];
  if (!selected || tolerance.elastomeric !== "excluded") return known(selected);
  // CPTPP Art. 4.2.4: de minimis does not apply to elastomeric yarn, so whether it is elastomeric matters.
  if (material.elastomeric === undefined) return unknownFor(`${materialPath(index)}.elastomeric`);
  return known(!material.elastomeric);
}

/** EU note 6 gives elastane its own 20 % limit; other tolerances have one limit for all they cover. */
function elastomericBuckets(tolerance: Tolerance, entries: readonly Covered[]) {
  const own = tolerance.elastomeric;
  if (own === undefined || own === "excluded")
    return [{ label: "non-qualifying materials", percent: tolerance.percent, entries }];
  const isElastane = (e: Covered) => e.judgement.material.elastomeric === true;
  return [
    {
      label: "non-qualifying materials",
      percent: tolerance.percent,
      entries: entries.filter((e) => !isElastane(e)),
    },
    { label: "non-qualifying elastane yarn", percent: own.percent, entries: entries.filter(isElastane) },
  ].filter((bucket) => bucket.entries.length > 0);
}

/** Whether the covered materials stay within the share, with the figures in words. */
function shareFinding(
  tolerance: Tolerance,
  percent: number,
  entries: readonly Covered[],
  context: AssessmentContext,
): Finding & { detail: string } {
  const unit: Unit = tolerance.measure === "weight" ? "kg" : "USD";
  const part = sumAmounts(
    entries.map(({ judgement: { material, index, qualifies }, covered }) => ({
      amount: tolerance.measure === "weight" ? material.weightKg : material.value?.amount,
      path: `${materialPath(index)}.${tolerance.measure === "weight" ? "weightKg" : "value"}`,
      definite: qualifies.result === false && covered.result === true,
    })),
  );
  const whole = wholeFor(tolerance, context);
  const within = withinShare(part, whole.range, percent);
  const names = entries.map((e) => materialPath(e.judgement.index)).join(", ");
  const detail =
    `${names} ${entries.length === 1 ? "is" : "are"} ${formatRange(part, unit)}${formatShare(part, whole.range)} ` +
    `against ${whole.words} ${formatRange(whole.range, unit)}; the limit is ${percent} % — ` +
    (within === "unknown" ? "cannot be decided" : within ? "within it" : "over it");
  if (within !== "unknown") return { ...known(within), detail };
  const undecided = entries.flatMap((e) => [...e.judgement.qualifies.missing, ...e.covered.missing]);
  return { ...unknownFor(...new Set([...part.missing, ...whole.range.missing, ...undecided])), detail };
}

/** What a tolerance's share is of: a weight summed from the materials, or the ex-works price. */
function wholeFor(tolerance: Tolerance, context: AssessmentContext): { range: AmountRange; words: string } {
  const { facts, component } = context;
  if (tolerance.of === "ex-works-price")
    return {
      range: sumAmounts([{ amount: facts.product.exWorksPrice?.amount, path: "product.exWorksPrice" }]),
      words: "the ex-works price",
    };
  const weighed = weighedMaterials(facts.materials);
  const indices = {
    "classifying-component": component?.primary ?? [],
    "textile-materials": weighed.filter((i) => isTextileMaterial(facts.materials[i] as Material)),
    good: weighed,
  }[tolerance.of];
  const words = {
    "classifying-component": "the classifying component's weight",
    "textile-materials": "the weight of all textile materials",
    good: "the garment's weight",
  }[tolerance.of];
  const range = sumAmounts(
    indices.map((index) => ({
      amount: facts.materials[index]?.weightKg,
      path: `${materialPath(index)}.weightKg`,
    })),
  );
  return { range, words };
}
