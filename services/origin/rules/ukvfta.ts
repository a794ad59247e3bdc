/**
 * UKVFTA — UK-Viet Nam Free Trade Agreement, Protocol 1: garments of HS 61 and 62.
 *
 * Source: UK Trade Tariff rules-of-origin data (Viet Nam scheme: product rules, introductory notes 5-7);
 * HMRC's Viet Nam Origin Reference Document v1.1 (2021-12-28).
 * Version: in force 2021-01-01.
 * Status: [C] for product rules, tolerances, cumulation and members. The proof regime is not spelled out for
 * UKVFTA in rules-of-origin.md; it is taken as EVFTA's and marked unconfirmed on `proof`.
 */
import { euMemberStates } from "./country-groups";
import { euStyleProductParts, euStyleProofParts } from "./eu-style-textile-rules";
import type { FtaRuleSet } from "./types";

const legalSource = "UKVFTA Protocol 1";

export const ukvfta = {
  fta: "UKVFTA",
  name: "UK-Viet Nam Free Trade Agreement",
  source: `${legalSource} (UK Trade Tariff data, Viet Nam scheme); HMRC Viet Nam Origin Reference Document v1.1`,
  version: "In force 2021-01-01; ORD v1.1 (2021-12-28)",
  confirmed: true,
  confirmationNote:
    "Rules, tolerances and cumulation confirmed against the UK's official data and reference document",
  members: [
    { country: "GB", inForce: "2021-01-01", side: "GB" },
    { country: "VN", inForce: "2021-01-01", side: "VN" },
  ],
  cumulation: {
    kind: "bilateral",
    text: "Materials originating in the UK count as originating in Viet Nam, and the reverse",
    source: `${legalSource}, Art. 3`,
    extended: [
      {
        id: "ukvfta-eu-materials",
        text: "Materials originating in the EU, and working or processing carried out in the EU, count",
        source: `${legalSource}, Art. 3`,
        countries: euMemberStates,
        from: "2021-01-01",
        processingCounts: true,
      },
      {
        id: "ukvfta-korean-fabric",
        text:
          "Fabric originating in the Republic of Korea under the UK-Korea FTA, with its proof, counts as " +
          "originating in Viet Nam for garments of chapters 61 and 62 made up in Viet Nam",
        source: `${legalSource}, Art. 3(11)`,
        countries: ["KR"],
        // No later start is given for it; it cannot apply before the agreement itself.
        from: "2021-01-01",
        processingCounts: false,
        materialForms: ["fabric"],
        products: ["61", "62"],
        requiresMakingUpInExportingCountry: true,
        proofEntry: "Application of Article 3(11) of Protocol 1 to the Viet Nam-UK FTA",
      },
    ],
  },
  ...euStyleProductParts("UKVFTA", legalSource),
  sets: {
    text: "A set is originating when its non-originating items are at most 15 % of its ex-works price",
    source: `${legalSource}, sets (HMRC Viet Nam Origin Reference Document v1.1)`,
    maxNonOriginatingPercent: 15,
    of: "ex-works-price",
  },
  proof: {
    text: "As EVFTA: a EUR.1 movement certificate, or an origin declaration by the exporter (not confirmed for UKVFTA)",
    source: `${legalSource}, Title V`,
    confirmed: false,
    ...euStyleProofParts,
  },
} as const satisfies FtaRuleSet;
