import type { Material, MaterialRole } from "./facts";
import { formatHs, hsMatchesAny, isTextile } from "./hs-codes";
import type { HsPattern } from "./hs-codes";
import type { MaterialForm, MaterialSelector, RequiredStage } from "./rules/types";
import { allFindings, type Finding, known, unknownFor } from "./tri";

// What a textile material is, by its heading in Section XI; every other heading of chapters 50-60 is a
// fabric (woven, knitted, felt, nonwoven, narrow, coated).
const formsByHeading: readonly (readonly [MaterialForm, readonly HsPattern[]])[] = [
  ["fibre", ["5001-5003", "5101-5105", "5201-5203", "5301-5305", "5501-5507"]],
  ["yarn", ["5004-5006", "5106-5110", "5204-5207", "5306-5308", "5401-5406", "5508-5511", "5604-5607"]],
  ["made-up", ["61", "62", "63"]],
];

/**
 * How far a material has been made before the garment maker uses it, read from its HS code rather than its
 * role: yarn used as the main component of a garment knitted to shape is still yarn.
 */
export function materialForm(material: Material): MaterialForm {
  if (!isTextile(material.hsCode)) return "non-textile";
  const match = formsByHeading.find(([, headings]) => hsMatchesAny(material.hsCode, headings) === true);
  return match ? match[0] : "fabric";
}

/** Textile materials are those of chapters 50-63. */
export function isTextileMaterial(material: Material): boolean {
  return materialForm(material) !== "non-textile";
}

/** The stages of the rules' notation that a material of this form has already been through. */
export const stagesEmbodied: Readonly<Record<MaterialForm, readonly RequiredStage[]>> = {
  fibre: ["fibre"],
  yarn: ["fibre", "spinning"],
  fabric: ["fibre", "spinning", "fabric-formation"],
  // Cut panels and made-up parts (61.17, 62.17) have been cut already.
  "made-up": ["fibre", "spinning", "fabric-formation", "cutting"],
  "non-textile": [],
};

/**
 * The component that determines the garment's classification (CPTPP chapter rule 1): its main fabric; for a
 * garment knitted to shape from yarn, the yarn; for one sewn from bought-in panels, the panels. `primary`
 * are the materials whose weight is the component's weight; `members` adds yarn knitted or woven into the
 * main fabric (counted in its weight).
 */
export interface ClassifyingComponent {
  readonly form: MaterialForm;
  readonly primary: readonly number[];
  readonly members: ReadonlySet<number>;
}

export function classifyingComponent(materials: readonly Material[]): ClassifyingComponent | undefined {
  const withRole = (role: MaterialRole) => materials.flatMap((m, i) => (m.role === role ? [i] : []));
  const mainFabric = withRole("main-fabric");
  const yarn = withRole("yarn");
  const [primary, members] =
    mainFabric.length > 0
      ? [mainFabric, [...mainFabric, ...yarn]]
      : yarn.length > 0
        ? [yarn, yarn]
        : [withRole("cut-panels")];
  const first = materials[primary[0] ?? -1];
  if (!first) return undefined;
  return { form: materialForm(first), primary, members: new Set(members ?? primary) };
}

/**
 * The materials whose weights make up the garment's weight: all, except yarn already counted in a main
 * fabric's weight.
 */
export function weighedMaterials(materials: readonly Material[]): readonly number[] {
  const hasMainFabric = materials.some((m) => m.role === "main-fabric");
  return materials.flatMap((m, i) => (hasMainFabric && m.role === "yarn" ? [] : [i]));
}

/** Whether a material matches a selector (unknown when a fact the selector needs is missing). */
export function matchesSelector(
  selector: MaterialSelector,
  material: Material,
  index: number,
  component: ClassifyingComponent | undefined,
): Finding {
  const path = materialPath(index);
  const parts: Finding[] = [];
  if (selector.roles) parts.push(known(selector.roles.includes(material.role)));
  if (selector.classifyingComponent) parts.push(known(component?.members.has(index) ?? false));
  if (selector.elastomeric)
    parts.push(
      material.elastomeric === undefined ? unknownFor(`${path}.elastomeric`) : known(material.elastomeric),
    );
  if (selector.hs) {
    const match = hsMatchesAny(material.hsCode, selector.hs);
    parts.push(match === "unknown" ? unknownFor(`${path}.hsCode`) : known(match));
  }
  return allFindings(parts);
}

export function materialPath(index: number): string {
  return `materials[${index}]`;
}

/**
 * "stripe yarn (HS 5509.22)": how checks name a material to a person, by what it is rather than its index in
 * the facts (check ids and `missing` paths keep the index for machines). `index` is kept for callers that
 * name a material without its description.
 */
export function describeMaterial(material: Material, _index?: number): string {
  return `${material.description} (HS ${formatHs(material.hsCode)})`;
}
