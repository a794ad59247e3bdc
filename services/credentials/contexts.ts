/**
 * JSON-LD contexts of threadproof's credentials. The context for threadproof's own terms is bundled here (the
 * service serves it at {@link THREADPROOF_CONTEXT_PATH} and offline loaders load it from this module), so a
 * credential's terms have meaning under standard JSON-LD processing instead of being dropped. The VC 2.0 and
 * UNTP contexts are named by their canonical URLs; the service does not ship copies of them.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
/** UNTP Digital Conformity Credential 0.6.1 (its JSON Schema requires exactly this URL second). */
export const UNTP_DCC_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/";
/** UNTP Digital Product Passport 0.6.1. */
export const UNTP_DPP_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/";

/** Where the service serves threadproof's own context, under its public base URL. */
export const THREADPROOF_CONTEXT_PATH = "/contexts/threadproof/v1.jsonld";
export const JSON_LD_MEDIA_TYPE = "application/ld+json";

/** The context's URL for a deployment whose public base URL is `baseUrl` (no trailing slash). */
export function threadproofContextUrl(baseUrl: string): string {
  return `${baseUrl}${THREADPROOF_CONTEXT_PATH}`;
}

/** The vocabulary IRI under which threadproof's terms live, for a deployment at `baseUrl`. */
export function threadproofVocabulary(baseUrl: string): string {
  return `${baseUrl}/vocab/threadproof/v1#`;
}

/**
 * threadproof's context. Terms the VC and UNTP contexts define keep their meaning (theirs are protected and
 * come first); every other term of an origin certificate (the agreement's data elements, the origin facts and
 * checks, the chain anchor) maps into threadproof's vocabulary through `@vocab`, so none is dropped. Its own
 * types are named explicitly. Not protected itself, so that UNTP's type-scoped contexts may still apply.
 */
export function threadproofContext(baseUrl: string): { "@context": Record<string, unknown> } {
  const vocab = threadproofVocabulary(baseUrl);
  // Inside these, `id` is threadproof's own identifier ("EVFTA", a lot or facility id), not an IRI.
  const withLocalId = (term: string) => ({
    "@id": `${vocab}${term}`,
    "@context": { id: { "@id": `${vocab}localId` } },
  });
  return {
    "@context": {
      "@version": 1.1,
      "@vocab": vocab,
      threadproof: vocab,
      OriginCertificate: { "@id": `${vocab}OriginCertificate` },
      ThreadproofChainAnchorStatus: { "@id": `${vocab}ThreadproofChainAnchorStatus` },
      certificateId: { "@id": `${vocab}certificateId` },
      certifierId: { "@id": `${vocab}certifierId` },
      agreement: withLocalId("agreement"),
      subjectLot: withLocalId("subjectLot"),
      exporter: withLocalId("exporter"),
      producer: withLocalId("producer"),
      importer: withLocalId("importer"),
      originDeclaration: { "@id": `${vocab}originDeclaration` },
      facts: { "@id": `${vocab}facts`, "@type": "@json" },
      checks: { "@id": `${vocab}checks`, "@type": "@json" },
      rule: { "@id": `${vocab}rule`, "@type": "@json" },
      cumulation: { "@id": `${vocab}cumulation`, "@type": "@json" },
      shortSupplyItems: { "@id": `${vocab}shortSupplyItems`, "@type": "@json" },
      chainId: { "@id": `${vocab}chainId` },
      contract: { "@id": `${vocab}contract` },
      certificateKey: { "@id": `${vocab}certificateKey` },
    },
  };
}
