/**
 * The GS1 resolver description file (`/.well-known/gs1resolver`, GS1-Conformant Resolver standard 1.2.0,
 * section "Resolver description file", and its artefact `description-file-schema`): the resolver's name and
 * root (where its Digital Links start), the link type vocabulary it uses, the primary keys it resolves, and
 * whether `linkset` (and `all`) can stand for the default link type. Only the standard's members.
 */
import { digitalLinkRoot } from "../../garments/digital-link";
import { GS1_VOC } from "../../scans/linkset";

/**
 * The description of the resolver at `publicBaseUrl`.
 * @example resolverDescription("https://trace.example.vn").resolverRoot // "https://trace.example.vn"
 */
export function resolverDescription(publicBaseUrl: string) {
  return {
    name: "threadproof garment provenance resolver",
    resolverRoot: digitalLinkRoot(publicBaseUrl),
    supportedLinkType: [{ namespace: GS1_VOC, prefix: "gs1:" }],
    // GTINs only (AI 01), with their qualifiers 22, 10 and 21.
    supportedPrimaryKeys: ["01"],
    // `Accept: application/linkset+json` without a linkType answers with the linkset, and `?linkType=all` too.
    linkTypeDefaultCanBeLinkset: true,
    linkTypeDefaultCanBeAll: true,
    // No `context` values: the resolver chooses by link type and language only.
    supportedContextValuesEnumerated: [],
  };
}
