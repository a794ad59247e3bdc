/**
 * EVFTA — EU-Viet Nam Free Trade Agreement, Protocol 1 (rules of origin): garments of HS 61 and 62.
 *
 * Source: EVFTA Protocol 1 and its Annex II product-specific rules as published in the EU's consolidated
 * data; UK Trade Tariff rules-of-origin data (introductory notes 5-7); European Commission notice on EU-Viet
 * Nam Korean-fabric cumulation (2021-01-13).
 * Version: in force 2020-08-01; Korean-fabric cumulation from 2020-12-23.
 * Status: [C] — product rules, notes 6 and 7, cumulation and proofs are confirmed in rules-of-origin.md.
 */
import { euMemberStates, membersFrom } from "./country-groups";
import { euStyleProductParts, euStyleProofParts } from "./eu-style-textile-rules";
import type { FtaRuleSet } from "./types";

const legalSource = "EVFTA Protocol 1";

export const evfta = {
  fta: "EVFTA",
  name: "EU-Viet Nam Free Trade Agreement",
  source: `${legalSource} and Annex II (EU consolidated data); Commission notice 2021-01-13 on Korean fabric`,
  version: "In force 2020-08-01",
  confirmed: true,
  confirmationNote: "Rules, tolerances, cumulation and proofs confirmed against the legal text",
  // The importing country is the EU member state; member states do not trade with each other under EVFTA.
  members: [
    ...membersFrom(euMemberStates, "2020-08-01", "EU"),
    { country: "VN", inForce: "2020-08-01", side: "VN" },
  ],
  cumulation: {
    kind: "bilateral",
    text: "Materials originating in the EU count as originating in Viet Nam, and the reverse",
    source: `${legalSource}, Art. 3`,
    extended: [
      {
        // Korean fabric counts only when originating under the EU-Korea FTA, proven as if exported from
        // Korea to the EU, for garments of chapters 61/62 made up in Viet Nam (not mere insufficient work).
        id: "evfta-korean-fabric",
        text:
          "Fabric originating in the Republic of Korea under the EU-Korea FTA, with a proof made out as if " +
          "exported from Korea to the EU, counts as originating in Viet Nam for garments of chapters 61 and 62 " +
          "made up in Viet Nam",
        source: `${legalSource}, Art. 3(7); Commission notice 2021-01-13`,
        countries: ["KR"],
        from: "2020-12-23",
        processingCounts: false,
        materialForms: ["fabric"],
        products: ["61", "62"],
        requiresMakingUpInExportingCountry: true,
        proofEntry: "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
      },
    ],
  },
  ...euStyleProductParts("EVFTA", legalSource),
  proof: {
    text:
      "A EUR.1 movement certificate issued by an authorised body, or an origin declaration by the exporter " +
      "for consignments up to EUR 6,000 (Viet Nam does not use the EU's REX system for its exports)",
    source: `${legalSource}, Title V`,
    confirmed: true,
    ...euStyleProofParts,
    recordKeepingYears: 3,
    valueLimit: { amount: 6000, currency: "EUR", appliesTo: "Origin declaration" },
  },
} as const satisfies FtaRuleSet;
