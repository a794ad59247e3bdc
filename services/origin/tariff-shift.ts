import { formatHs, hsAtLevel, hsMatches, type TariffLevel } from "./hs-codes";
import type { TariffShift } from "./rules/types";
import { type Finding, known, unknownFor } from "./tri";

export interface ShiftFinding extends Finding {
  readonly detail: string;
}

/**
 * The change-in-tariff-classification test on one non-originating material: it must be classified in another
 * chapter (heading, subheading) than the garment, and not in one of the rule's excepted headings
 * (rules-of-origin.md: "each must come from a different chapter (or heading) than the product").
 */
export function tariffShiftFinding(
  shift: TariffShift,
  materialHs: string,
  productHs: string,
  materialPath: string,
): ShiftFinding {
  const level = shift.level;
  const materialAt = hsAtLevel(materialHs, level);
  if (materialAt === undefined)
    return {
      ...unknownFor(`${materialPath}.hsCode`),
      detail: `its HS code has too few digits to test the change of ${level}`,
    };
  const productAt = hsAtLevel(productHs, level) ?? productHs;
  if (materialAt === productAt)
    return {
      ...known(false),
      detail: `it is classified in the garment's own ${describeLevel(level, productAt)}, so it does not change ${level}`,
    };
  const excepted = shift.except.map((pattern) => ({ pattern, match: hsMatches(materialHs, pattern) }));
  const hit = excepted.find((e) => e.match === true);
  if (hit)
    return {
      ...known(false),
      detail:
        `it changes ${level} (${formatHs(materialAt)} to ${formatHs(productAt)}), but the rule excepts ` +
        `${hit.pattern}: a non-originating material from there does not qualify`,
    };
  const maybe = excepted.find((e) => e.match === "unknown");
  if (maybe)
    return {
      ...unknownFor(`${materialPath}.hsCode`),
      detail: `its HS code needs more digits to tell whether it falls in the excepted ${maybe.pattern}`,
    };
  return {
    ...known(true),
    detail: `it changes ${level} (${formatHs(materialAt)} to ${formatHs(productAt)})`,
  };
}

function describeLevel(level: TariffLevel, code: string): string {
  return level === "chapter" ? `chapter ${code}` : `${level} ${formatHs(code)}`;
}
