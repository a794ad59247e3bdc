/** Schemas of the GS1 Digital Link resolver: its path and query, linksets and the resolver description. */
import { z } from "zod";

/**
 * The rest of a Digital Link after `/01/`, for the document only: the route parses the whole path itself with
 * the GS1 rules (services/garments/digital-link.ts).
 */
export const DigitalLinkPathParams = z.object({
  digitalLinkPath: z.string().meta({
    description:
      "`{gtin}`, `{gtin}/10/{lot}` or `{gtin}/10/{lot}/21/{serial}` (optionally `/22/{cpv}` after the GTIN), " +
      "each value percent-encoded",
    example: "08938505974019/10/SEW-0001/21/17",
  }),
});

export const ResolverQuery = z.object({
  ac: z
    .string()
    .max(128)
    .optional()
    .meta({ description: "The garment's authentication code, from its label" }),
  linkType: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "`all` for the linkset, or a GS1 link type such as `gs1:pip`", example: "gs1:pip" }),
  lang: z.enum(["vi", "en"]).optional().meta({ description: "The page language (else Accept-Language)" }),
});

const LinkTargetSchema = z.object({
  href: z.url(),
  type: z.string().optional(),
  title: z.string().optional(),
  hreflang: z.array(z.string()).optional(),
});

/** An RFC 9264 linkset: one context object per anchor, GS1 link type URIs as member names. */
export const LinksetSchema = z
  .object({
    linkset: z.array(
      z.object({ anchor: z.url() }).catchall(z.union([z.array(LinkTargetSchema), z.string()])),
    ),
  })
  .meta({ id: "Linkset" });

/** The GS1 resolver description file served at `/.well-known/gs1resolver`. */
export const ResolverDescriptionSchema = z
  .object({
    name: z.string(),
    resolverRoot: z.url(),
    supportedLinkType: z.array(z.object({ namespace: z.url(), prefix: z.string() })),
    supportedPrimaryKeys: z.array(z.string()),
    linkTypeDefaultCanBeLinkset: z.boolean(),
    linkTypeDefaultCanBeAll: z.boolean(),
    supportedContextValuesEnumerated: z.array(z.string()),
  })
  .meta({ id: "ResolverDescription" });
