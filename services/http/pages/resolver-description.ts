/**
 * The GS1 resolver description file (`/.well-known/gs1resolver`, GS1-Conformant Resolver standard): the
 * resolver's name and root, the link type vocabulary it uses and the primary keys it resolves.
 */
import { GS1_VOC } from "../../scans/linkset";
import { PAGE_LANGUAGES } from "./resolver-answer";

/**
 * The description of the resolver at `publicBaseUrl`.
 * @example resolverDescription("https://trace.example.vn").resolverRoot // "https://trace.example.vn"
 */
export function resolverDescription(publicBaseUrl: string) {
  return {
    name: "threadproof garment provenance resolver",
    resolverRoot: new URL(publicBaseUrl).origin,
    supportedLinkType: [{ namespace: GS1_VOC, prefix: "gs1:", profile: `${GS1_VOC}?show=linktypes` }],
    // GTINs only (AI 01), with their qualifiers 22, 10 and 21.
    supportedPrimaryKeys: ["01"],
    // `Accept: application/linkset+json` without a linkType answers with the linkset.
    linkTypeDefaultCanBeLinkset: true,
    linkTypeDefaultCanBeAll: true,
    supportedContextValuesEnumerated: [],
    supportedLanguages: PAGE_LANGUAGES,
  };
}
