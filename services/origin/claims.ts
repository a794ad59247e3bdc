import { describeCountry } from "./country-names";
import type { OriginFacts } from "./facts";
import { hsMatchesAny } from "./hs-codes";
import { describeMaterial, materialForm, materialPath } from "./materials";
import { inForceOn, partyInForceForBoth, productCovered } from "./membership";
import type { ExtendedCumulation, FtaRuleSet, ShortSupplyItem } from "./rules/types";
import { stageHappenedIn } from "./stages";
import { allFindings, type Finding, known, unknownFor } from "./tri";

/**
 * What makes a material originating other than where it was made: a claim of originating status under this
 * agreement, with its proof, from a country whose materials the agreement lets count (cumulation); or a
 * CPTPP Short Supply List item used for its end use.
 *
 * rules-of-origin.md: "A material's country is not its originating status. Korean fabric counts under
 * EVFTA only when it is originating under the EU-Korea rules and comes with that proof."
 */

export interface ClaimFinding extends Finding {
  readonly detail: string;
  /** The extended cumulation the claim relied on, when it did (Korean fabric, EU materials under UKVFTA). */
  readonly cumulation?: ExtendedCumulation;
}

/** Whether the material's claim under this agreement counts; undefined when it makes none. */
export function claimFinding(table: FtaRuleSet, facts: OriginFacts, index: number): ClaimFinding | undefined {
  const material = facts.materials[index];
  const claim = material?.originating.find((c) => c.fta === table.fta);
  if (!material || !claim) return undefined;
  const path = materialPath(index);
  const claimed = `claimed originating under ${table.fta} (${claim.basis})`;
  if (!claim.proofCid)
    return {
      ...known(false),
      detail: `${claimed}, but no proof is attached: a claim without its proof does not count`,
    };
  if (!material.originCountry)
    return {
      ...unknownFor(`${path}.originCountry`),
      detail: `${claimed}, but the country it comes from is not recorded`,
    };
  const country = describeCountry(material.originCountry);
  const party = partyInForceForBoth(table, facts, material.originCountry);
  if (party.inside.result !== false)
    return { ...party.inside, detail: `${claimed} with proof ${claim.proofCid}; ${country} is ${party.why}` };
  const cumulation = table.cumulation.extended.find((ext) =>
    ext.countries.includes(material.originCountry ?? ""),
  );
  if (!cumulation)
    return {
      ...known(false),
      detail: `${claimed}, but ${country} is ${party.why} and no cumulation covers it`,
    };
  const conditions = extendedCumulationConditions(cumulation, facts, index);
  const finding = allFindings(conditions.map(([f]) => f));
  const unmet = conditions.filter(([f]) => f.result !== true).map(([, words]) => words);
  const detail =
    finding.result === true
      ? `${claimed} with proof ${claim.proofCid}; counts by cumulation: ${cumulation.text} (${cumulation.source})`
      : `${claimed}; cumulation with ${country} (${cumulation.source}) needs ${unmet.join(", and ")}`;
  return { ...finding, detail, ...(finding.result === true ? { cumulation } : {}) };
}

/** Each condition of an extended cumulation, with the words that explain it when it is not met. */
function extendedCumulationConditions(
  cumulation: ExtendedCumulation,
  facts: OriginFacts,
  index: number,
): readonly (readonly [Finding, string])[] {
  const material = facts.materials[index];
  const conditions: (readonly [Finding, string])[] = [
    [inForceOn(cumulation.from, facts.date), `an export date on or after ${cumulation.from}`],
  ];
  if (cumulation.materialForms && material)
    conditions.push([
      known(cumulation.materialForms.includes(materialForm(material))),
      `the material to be ${cumulation.materialForms.join(" or ")}`,
    ]);
  if (cumulation.products)
    conditions.push([
      known(productCovered(cumulation, facts) === true),
      `a garment of ${cumulation.products.join(" or ")}`,
    ]);
  if (cumulation.requiresMakingUpInExportingCountry) {
    const exporter = facts.exportingCountry;
    const inExporter = (country: string) => ({
      inside: known(country === exporter),
      why: country === exporter ? "the exporting country" : "not the exporting country",
    });
    const construction = facts.product.construction;
    conditions.push([
      allFindings(
        (["cutting", "sewing"] as const).map((stage) =>
          stageHappenedIn(facts.processes, stage, inExporter, "processes", construction),
        ),
      ),
      `the garment cut (or knitted to shape) and sewn in ${describeCountry(exporter)}, beyond insufficient operations`,
    ]);
  }
  return conditions;
}

export interface ShortSupplyFinding extends Finding {
  readonly detail: string;
  readonly item?: ShortSupplyItem;
}

/** Whether the material counts as originating as a Short Supply List item; undefined when it names none. */
export function shortSupplyFinding(
  table: FtaRuleSet,
  facts: OriginFacts,
  index: number,
): ShortSupplyFinding | undefined {
  const material = facts.materials[index];
  const number = material?.shortSupplyItem;
  if (!material || number === undefined || number === null) return undefined;
  const words = `${describeMaterial(material, index)} is named as short supply item #${number}`;
  if (table.shortSupply.length === 0)
    return { ...known(false), detail: `${words}, but ${table.fta} has no short supply list` };
  const item = table.shortSupply.find((entry) => entry.item === number);
  if (!item)
    return {
      ...known(false),
      detail: `${words}, which is not in threadproof's copy of the list (items ${table.shortSupply.map((e) => e.item).join(", ")})`,
    };
  const isListedMaterial = hsMatchesAny(material.hsCode, item.materials);
  const isEndUse = hsMatchesAny(facts.product.hsCode, item.endUse) === true;
  if (isListedMaterial === "unknown")
    return {
      ...unknownFor(`${materialPath(index)}.hsCode`),
      detail: `${words}; its HS code needs more digits`,
    };
  if (!isListedMaterial || !isEndUse)
    return {
      ...known(false),
      detail: `${words}, but item #${number} is ${item.description}, for ${item.endUseText}: this use does not match`,
    };
  return {
    ...known(true),
    item,
    detail: `${words}: ${item.description}, for ${item.endUseText}; counts as originating (its description must hold)`,
  };
}
