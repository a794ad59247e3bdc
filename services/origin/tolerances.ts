import {
  type AmountRange,
  describeLimit,
  formatRange,
  formatShare,
  sumAmounts,
  type Unit,
  withinShare,
} from "./amounts";
import type { AssessmentContext, CheckResult } from "./context";
import type { Material } from "./facts";
import { describeMaterial, isTextileMaterial, materialPath, weighedMaterials } from "./materials";
import type { Tolerance } from "./rules/types";
import { agreeing, allFindings, type Finding, known, unknownFor } from "./tri";

/**
 * Tolerances let a little non-qualifying material through: CPTPP's de minimis (10 % of the classifying
 * component's weight, elastomeric yarn excluded), EVFTA/UKVFTA notes 6 and 7.1 (10 % of the textile
 * weight, 20 % for elastane; trims 8 % of the ex-works price), RCEP's 10 % of the good's weight, ATIGA's
 * 10 % of FOB. Each non-qualifying material is counted against the first tolerance that may cover it.
 * "Up to" a share means not exceeding it: a share exactly at the limit is within it (amounts.ts compares in
 * integers).
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
    const buckets = limitBuckets(tolerance, entries);
    const limits = entries.map((entry) => {
      // A yarn not known to be elastane or not may sit in either of note 6's buckets: it is within the
      // tolerance only if it is within either way, over it only if over it either way.
      const readings = buckets
        .filter((bucket) => bucket.entries.includes(entry))
        .map((bucket) => shareFinding(tolerance, bucket, context, entry));
      return allFindings([
        entry.covered,
        agreeing(readings, `${materialPath(entry.judgement.index)}.elastomeric`),
      ]);
    });
    entries.forEach((entry, i) => {
      rescued[entry.judgement.index] = limits[i] ?? known(false);
      words[entry.judgement.index] = `counted against ${tolerance.id} (${tolerance.source})`;
    });
    const figures = buckets.map((bucket) => shareFinding(tolerance, bucket, context).detail);
    checks.push({
      id: `${checkPrefix}.tolerance.${tolerance.id}`,
      ...allFindings(limits),
      detail: `${tolerance.text} (${tolerance.source}): ${figures.join("; ")}`,
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

interface Bucket {
  readonly percent: number;
  readonly entries: readonly Covered[];
  /** Entries that may or may not belong here (elastane not recorded either way): counted only as possible. */
  readonly uncertain: ReadonlySet<Covered>;
}

/**
 * EU note 6 gives elastane yarn its own limit (20 %) beside the general one (10 %); a material whose
 * elastomeric flag is not recorded may belong to either. Other tolerances have one limit for all they cover.
 */
function limitBuckets(tolerance: Tolerance, entries: readonly Covered[]): readonly Bucket[] {
  const own = tolerance.elastomeric;
  if (own === undefined || own === "excluded")
    return [{ percent: tolerance.percent, entries, uncertain: new Set() }];
  const uncertain = new Set(entries.filter((e) => e.judgement.material.elastomeric === undefined));
  return [
    {
      percent: tolerance.percent,
      entries: entries.filter((e) => e.judgement.material.elastomeric !== true),
      uncertain,
    },
    {
      percent: own.percent,
      entries: entries.filter((e) => e.judgement.material.elastomeric !== false),
      uncertain,
    },
  ].filter((bucket) => bucket.entries.length > 0);
}

/**
 * Whether the covered materials stay within the share, with the figures in words. Uncertain members count
 * only as possible, except `assumeMember`, whose reading is being tested.
 */
function shareFinding(
  tolerance: Tolerance,
  bucket: Bucket,
  context: AssessmentContext,
  assumeMember?: Covered,
): Finding & { detail: string } {
  const { percent, entries } = bucket;
  const unit: Unit = tolerance.measure === "weight" ? "kg" : "USD";
  const part = sumAmounts(
    entries.map((entry) => ({
      amount:
        tolerance.measure === "weight"
          ? entry.judgement.material.weightKg
          : entry.judgement.material.value?.amount,
      path: `${materialPath(entry.judgement.index)}.${tolerance.measure === "weight" ? "weightKg" : "value"}`,
      definite:
        entry.judgement.qualifies.result === false &&
        entry.covered.result === true &&
        (entry === assumeMember || !bucket.uncertain.has(entry)),
    })),
  );
  const whole = wholeFor(tolerance, context);
  const within = withinShare(part, whole.range, percent);
  const names = entries.map((e) => describeMaterial(e.judgement.material as Material)).join(", ");
  const detail =
    `${names} ${entries.length === 1 ? "is" : "are"} ${formatRange(part, unit)}` +
    `${formatShare(part, whole.range, percent)} against ${whole.words} ${formatRange(whole.range, unit)}; ` +
    describeLimit(part, whole.range, percent, unit, within);
  if (within !== "unknown") return { ...known(within), detail };
  const undecided = entries.flatMap((e) => [
    ...e.judgement.qualifies.missing,
    ...e.covered.missing,
    ...(bucket.uncertain.has(e) ? [`${materialPath(e.judgement.index)}.elastomeric`] : []),
  ]);
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
