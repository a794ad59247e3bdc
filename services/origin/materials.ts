import type { Material, MaterialRole } from "./facts";
import { formatHs, hsMatchesAny, isTextile } from "./hs-codes";
import type { MaterialSelector, RequiredStage } from "./rules/types";
import { allFindings, type Finding, known, unknownFor } from "./tri";

/** How far a material has been made before the garment maker uses it. */
export type MaterialForm = "yarn" | "fabric" | "cut-panels" | "non-textile";

const formByRole: Readonly<Record<MaterialRole, MaterialForm>> = {
  "main-fabric": "fabric",
  lining: "fabric",
  pocketing: "fabric",
  "narrow-elastic": "fabric",
  trim: "fabric",
  "sewing-thread": "yarn",
  yarn: "yarn",
  "cut-panels": "cut-panels",
  accessory: "non-textile",
};

/**
 * The material's form: from its role, except that an HS code outside chapters 50-63 makes it non-textile
 * (a plastic trim) and one inside makes an accessory textile (a woven tape).
 */
export function materialForm(material: Material): MaterialForm {
  const byRole = formByRole[material.role];
  if (!isTextile(material.hsCode)) return "non-textile";
  return byRole === "non-textile" ? "fabric" : byRole;
}

/** Textile materials are those of chapters 50-63. */
export function isTextileMaterial(material: Material): boolean {
  return materialForm(material) !== "non-textile";
}

/** The stages of the rules' notation that a material of this form has already been through. */
export const stagesEmbodied: Readonly<Record<MaterialForm, readonly RequiredStage[]>> = {
  yarn: ["fibre", "spinning"],
  fabric: ["fibre", "spinning", "fabric-formation"],
  "cut-panels": ["fibre", "spinning", "fabric-formation", "cutting"],
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
  if (mainFabric.length > 0)
    return { form: "fabric", primary: mainFabric, members: new Set([...mainFabric, ...yarn]) };
  if (yarn.length > 0) return { form: "yarn", primary: yarn, members: new Set(yarn) };
  const panels = withRole("cut-panels");
  if (panels.length > 0) return { form: "cut-panels", primary: panels, members: new Set(panels) };
  return undefined;
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

/** "materials[1] (stripe yarn, HS 5509.22)": how checks name a material. */
export function describeMaterial(material: Material, index: number): string {
  return `${materialPath(index)} (${material.description}, HS ${formatHs(material.hsCode)})`;
}
