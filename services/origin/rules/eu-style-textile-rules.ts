import type { ProductRule, Tolerance } from "./types";

/**
 * The product-specific rules and tolerances for chapters 61 and 62 that EVFTA writes and UKVFTA repeats
 * ("product-specific rules and tolerances as EVFTA [C]", rules-of-origin.md). One builder keeps the two
 * tables from drifting apart; each passes its own agreement name and legal source.
 *
 * The rules are process rules ("double transformation"): the fabric must be made in the territory and the
 * garment made up there. Yarn origin does not matter (the rule starts from yarn), so there is no tariff
 * shift test; non-qualifying materials pass only within notes 6 and 7.
 */
export function euStyleTextileRules(
  agreement: "EVFTA" | "UKVFTA",
  legalSource: string,
): readonly ProductRule[] {
  const tolerances = euStyleTolerances(legalSource);
  return [
    {
      id: `${agreement}-61-made-up`,
      products: ["61"],
      constructions: ["cut-and-sewn", "knit-to-shape-panels"],
      text:
        "Garments made of two or more pieces cut or knitted to form: knitting combined with making-up " +
        "including cutting (F, C, S in the territory)",
      source: `${legalSource}, Annex II, chapter 61`,
      confirmed: true,
      alternatives: [
        {
          id: "knit-and-make-up",
          text: "Knitting combined with making-up including cutting in the territory",
          stages: ["fabric-formation", "cutting", "sewing"],
          scope: "textile-materials",
          tolerances,
        },
      ],
      conditions: [],
    },
    {
      id: `${agreement}-61-whole-garment`,
      products: ["61"],
      constructions: ["whole-garment"],
      text:
        "Garments knitted in one piece: spinning of staple fibres or extrusion of filament combined with " +
        "knitting (Y and F in the territory)",
      source: `${legalSource}, Annex II, chapter 61`,
      confirmed: true,
      alternatives: [
        {
          id: "spin-and-knit",
          text: "Spinning (or extrusion) combined with knitting in the territory",
          stages: ["spinning", "fabric-formation"],
          scope: "textile-materials",
          tolerances,
        },
      ],
      conditions: [],
    },
    {
      id: `${agreement}-62`,
      products: ["62"],
      text:
        "Weaving combined with making-up including cutting (F, C, S in the territory); or printing accompanied " +
        "by at least two preparatory or finishing operations, combined with making-up, where the unprinted " +
        "fabric is at most 47.5 % of the ex-works price",
      source: `${legalSource}, Annex II, chapter 62`,
      confirmed: true,
      alternatives: [
        {
          id: "weave-and-make-up",
          text: "Weaving combined with making-up including cutting in the territory",
          stages: ["fabric-formation", "cutting", "sewing"],
          scope: "textile-materials",
          tolerances,
        },
        {
          id: "print-and-make-up",
          text:
            "Printing with at least two preparatory or finishing operations, combined with making-up, the " +
            "unprinted fabric at most 47.5 % of the ex-works price",
          stages: ["cutting", "sewing"],
          scope: "textile-materials",
          printing: { minPreparatoryOrFinishing: 2, maxUnprintedFabricPercent: 47.5 },
          tolerances,
        },
      ],
      conditions: [],
    },
  ];
}

function euStyleTolerances(legalSource: string): readonly Tolerance[] {
  return [
    {
      id: "note-6",
      text:
        // The facts do not record fibre composition, so the note's condition that the product mixes two or
        // more basic textile materials (e.g. cotton and elastane) cannot be checked: the text says so.
        "Introductory note 6: in a product mixing two or more basic textile materials (confirm the " +
        "composition), non-qualifying basic textile materials up to 10 % of the total weight of the basic " +
        "textile materials used (20 % for polyurethane/elastane yarn)",
      source: `${legalSource}, Annex I, note 6`,
      measure: "weight",
      percent: 10,
      of: "textile-materials",
      covers: "textile-non-trims",
      elastomeric: { percent: 20 },
    },
    {
      id: "note-7.1",
      text: "Introductory note 7.1: textile trims classified in another heading up to 8 % of the ex-works price",
      source: `${legalSource}, Annex I, note 7.1`,
      measure: "value",
      percent: 8,
      of: "ex-works-price",
      covers: "textile-trims",
    },
  ];
}

/**
 * The product side of a table: the rules, no short supply list, and note 7.2 (materials outside chapters
 * 50-63, such as buttons and zips, may be used freely).
 */
export function euStyleProductParts(agreement: "EVFTA" | "UKVFTA", legalSource: string) {
  return {
    productRules: euStyleTextileRules(agreement, legalSource),
    shortSupply: [],
    freeMaterials: {
      text: "Introductory note 7.2: materials outside chapters 50-63, such as buttons and zips, may be used freely",
      source: `${legalSource}, Annex I, note 7.2`,
    },
  } as const;
}

/** The proofs both agreements use: a EUR.1 certificate, or the exporter's origin declaration, valid 12 months. */
export const euStyleProofParts = {
  forms: ["EUR.1 movement certificate", "Origin declaration"],
  dataElements: [
    "Exporter's customs or competent governmental authorisation number",
    "Preferential origin",
    "Place and date",
    "Signature",
  ],
  // Followed by place, date and signature.
  declarationText:
    "The exporter of the products covered by this document (customs or competent governmental authorisation " +
    "No ...) declares that, except where otherwise clearly indicated, these products are of ... preferential origin.",
  validityMonths: 12,
} as const;
