import {
  compareShare,
  describeLimit,
  formatAmount,
  formatPercent,
  formatRange,
  formatShare,
  gapToLimit,
  limitAmount,
  sumAmounts,
  withinShare,
} from "./amounts";
import type { AssessmentContext } from "./context";
import type { StageRecord } from "./facts";
import { describeMaterial, materialForm, materialPath, stagesEmbodied } from "./materials";
import type { RuleAlternative } from "./rules/types";
import { stageHappenedIn } from "./stages";
import { allFindings, anyFinding, type Finding, known, unknownFor } from "./tri";

/**
 * Tests on values: regional value content (AANZFTA, ATIGA and the provisional tables) and EVFTA/UKVFTA's
 * chapter 62 printing alternative.
 */

/**
 * RVC, build-down (rules-of-origin.md): (FOB - value of non-originating materials) / FOB x 100. Facts carry
 * the ex-works price, which is at most FOB, so the RVC computed here can only understate the true one. A
 * material counts as originating for value only by a claim, short supply, or when every stage of it was in
 * the territory: value bought in from elsewhere is never counted as regional.
 */
export function rvcFinding(minPercent: number, context: AssessmentContext): Finding & { detail: string } {
  const { facts } = context;
  const priceRange = sumAmounts([
    { amount: facts.product.exWorksPrice?.amount, path: "product.exWorksPrice" },
  ]);
  const price = priceRange.max === "unbounded" ? 0n : priceRange.max;
  if (price === 0n)
    return {
      ...unknownFor("product.exWorksPrice"),
      detail: `Regional value content of at least ${minPercent} % needs the ex-works price, which is not recorded`,
    };
  const origin = facts.materials.map((_, index) => originatingForValue(context, index));
  const nonOriginating = sumAmounts(
    facts.materials.flatMap((material, index) =>
      origin[index]?.result === true
        ? []
        : [
            {
              amount: material.value?.amount,
              path: `${materialPath(index)}.value`,
              definite: origin[index]?.result === false,
            },
          ],
    ),
  );
  // RVC = (price - non-originating) / price, at least minPercent: compared in integers, never as a ratio.
  const regional = (nonOriginatingValue: bigint) =>
    nonOriginatingValue >= price ? 0n : price - nonOriginatingValue;
  const meets = (nonOriginatingValue: bigint) =>
    compareShare(regional(nonOriginatingValue), price, minPercent) >= 0;
  const within =
    nonOriginating.max !== "unbounded" && meets(nonOriginating.max)
      ? true
      : !meets(nonOriginating.min)
        ? false
        : "unknown";
  const rvcOf = (nonOriginatingValue: bigint) =>
    formatPercent(regional(nonOriginatingValue), price, minPercent);
  const rvc =
    nonOriginating.min === nonOriginating.max
      ? `is ${rvcOf(nonOriginating.min)}`
      : nonOriginating.max !== "unbounded"
        ? `is ${rvcOf(nonOriginating.max)} to ${rvcOf(nonOriginating.min)}`
        : `is at most ${rvcOf(nonOriginating.min)}`;
  const verdict =
    nonOriginating.min !== nonOriginating.max
      ? within === "unknown"
        ? "cannot be decided"
        : within
          ? "at least the minimum either way"
          : "below the minimum either way"
      : minimumWords(regional(nonOriginating.min), price, minPercent);
  const detail =
    `Regional value content must be at least ${minPercent} %: non-originating materials are worth ` +
    `${formatRange(nonOriginating, "USD")} of the ex-works price ${formatAmount(price, "USD")}, so RVC ${rvc} ` +
    `— ${verdict} (computed on the ex-works price, which is at most FOB, so it can only understate RVC)`;
  if (within !== "unknown") return { ...known(within), detail };
  const undecided = origin.flatMap((finding) => finding.missing);
  return { ...unknownFor(...new Set([...nonOriginating.missing, ...undecided])), detail };
}

/** How a known regional value stands against the minimum, with the figures, exactly. */
function minimumWords(regional: bigint, price: bigint, minPercent: number): string {
  const order = compareShare(regional, price, minPercent);
  const needed = limitAmount(price, minPercent, "USD");
  const value = formatAmount(regional, "USD");
  if (order === 0)
    return `exactly the minimum, which meets "at least ${minPercent} %" (regional value ${value} of the ${needed} needed)`;
  const gap = gapToLimit(regional, price, minPercent, "USD");
  return order > 0
    ? `above the minimum: regional value ${value}, ${gap} more than the ${needed} needed`
    : `below the minimum: regional value ${value}, ${gap} short of the ${needed} needed`;
}

function originatingForValue(context: AssessmentContext, index: number): Finding {
  const material = context.facts.materials[index];
  if (!material) return known(false);
  const embodied = stagesEmbodied[materialForm(material)];
  const wholly =
    embodied.length === 0
      ? known(false)
      : allFindings(
          embodied.map((stage) =>
            stageHappenedIn(material.stages, stage, context.territory, `${materialPath(index)}.stages`),
          ),
        );
  return anyFinding([
    context.claims[index] ?? known(false),
    context.shortSupply[index] ?? known(false),
    wholly,
  ]);
}

/**
 * EVFTA/UKVFTA chapter 62: printing accompanied by at least two preparatory or finishing operations (dyeing,
 * finishing), combined with making-up, where the unprinted fabric is at most 47.5 % of the ex-works price.
 * The main fabric's recorded value stands for the unprinted fabric; where it was bought printed that
 * overstates it, which can only make the test stricter.
 */
export function printingFinding(
  printing: NonNullable<RuleAlternative["printing"]>,
  context: AssessmentContext,
): Finding & { detail: string } {
  const { facts, territory, component } = context;
  const fabrics = (component?.form === "fabric" ? component.primary : []).map((index) => ({
    index,
    material: facts.materials[index],
  }));
  if (fabrics.length === 0)
    return { ...known(false), detail: "The printing rule needs a printed main fabric, and none is recorded" };
  const perFabric = fabrics.map(({ index, material }) => {
    const records: readonly StageRecord[] = [...(material?.stages ?? []), ...facts.processes];
    const printed = records.filter((record) => record.stage === "printing");
    // Preparatory or finishing operations done in the territory; where that depends on a missing fact,
    // an operation counts only as possible.
    const operations = records
      .filter((r) => r.stage === "dyeing" || r.stage === "finishing")
      .map((r) => territory(r.country).inside);
    const name = material ? describeMaterial(material, index) : "a main fabric";
    if (printed.length === 0) return { ...known(false), detail: `${name} is not recorded as printed` };
    const printedInside = allFindings(printed.map((record) => territory(record.country).inside));
    const needed = printing.minPreparatoryOrFinishing;
    const surely = operations.filter((f) => f.result === true).length;
    const possibly = operations.filter((f) => f.result !== false);
    const enoughOperations =
      surely >= needed
        ? known(true)
        : possibly.length < needed
          ? known(false)
          : unknownFor(...new Set(possibly.flatMap((f) => f.missing)));
    return {
      ...allFindings([printedInside, enoughOperations]),
      detail:
        `${name} printed in ${printed.map((r) => r.country).join(", ")} with ${surely} preparatory or ` +
        `finishing operation(s) in the territory (at least ${needed} needed)`,
    };
  });
  const unprinted = sumAmounts(
    fabrics.map(({ index, material }) => ({
      amount: material?.value?.amount,
      path: `${materialPath(index)}.value`,
    })),
  );
  const price = sumAmounts([{ amount: facts.product.exWorksPrice?.amount, path: "product.exWorksPrice" }]);
  const share = withinShare(unprinted, price, printing.maxUnprintedFabricPercent);
  const valueFinding =
    share === "unknown" ? unknownFor(...unprinted.missing, ...price.missing) : known(share);
  return {
    ...allFindings([...perFabric, valueFinding]),
    detail:
      `Printing alternative: ${perFabric.map((f) => f.detail).join("; ")}; the unprinted fabric is ` +
      `${formatRange(unprinted, "USD")}${formatShare(unprinted, price, printing.maxUnprintedFabricPercent)} ` +
      `against the ex-works price ${formatRange(price, "USD")}, at most ` +
      `${printing.maxUnprintedFabricPercent} % allowed: ` +
      describeLimit(unprinted, price, printing.maxUnprintedFabricPercent, "USD", share),
  };
}
