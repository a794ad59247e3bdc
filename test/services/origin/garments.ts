import type { OriginFactsInput, StageName } from "../../../services/origin/facts";

/**
 * Builders for OriginFacts in tests: a garment exported from Viet Nam, cut and sewn there, with materials
 * whose stages are written as `{ spinning: "CN", "fabric-formation": "VN" }`.
 */

export type MaterialInput = NonNullable<OriginFactsInput["materials"]>[number];
export type ProductInput = OriginFactsInput["product"];

/** Stage records in the order given. */
export function at(stages: Partial<Record<StageName, string>>): { stage: StageName; country: string }[] {
  return Object.entries(stages).map(([stage, country]) => ({
    stage: stage as StageName,
    country: country ?? "",
  }));
}

export function usd(amount: number) {
  return { amount, currency: "USD" as const };
}

export const madeUpInVietNam = at({ cutting: "VN", sewing: "VN" });

/** A main fabric of 0.2 kg worth USD 1.10. */
export function mainFabric(
  hsCode: string,
  stages: Partial<Record<StageName, string>>,
  extra: Partial<MaterialInput> = {},
): MaterialInput {
  return {
    description: "main fabric",
    hsCode,
    role: "main-fabric",
    stages: at(stages),
    weightKg: 0.2,
    value: usd(1.1),
    elastomeric: false,
    ...extra,
  };
}

/** A material in any role. */
export function material(
  role: MaterialInput["role"],
  hsCode: string,
  stages: Partial<Record<StageName, string>>,
  extra: Partial<MaterialInput> = {},
): MaterialInput {
  return { description: role, hsCode, role, stages: at(stages), elastomeric: false, ...extra };
}

export interface GarmentOptions {
  exportingCountry?: string;
  date?: string | undefined;
  product?: Partial<ProductInput>;
  processes?: OriginFactsInput["processes"];
}

/** A garment exported from Viet Nam on 2026-03-01, cut and sewn there, ex-works USD 4.20. */
export function garment(
  fta: OriginFactsInput["fta"],
  importingCountry: string,
  hsCode: string,
  materials: MaterialInput[],
  options: GarmentOptions = {},
): OriginFactsInput {
  const { product, ...rest } = options;
  return {
    fta,
    exportingCountry: "VN",
    importingCountry,
    date: "2026-03-01",
    processes: madeUpInVietNam,
    materials,
    ...rest,
    product: {
      hsCode,
      description: `garment of ${hsCode}`,
      construction: "cut-and-sewn",
      exWorksPrice: usd(4.2),
      ...product,
    },
  };
}

/** A proof CID that looks like the real thing. */
export const proofCid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
