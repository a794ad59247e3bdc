/**
 * RFC 9264 linksets for GS1 Digital Links: what the resolver answers to `Accept: application/linkset+json` (or
 * `?linkType=all`), and the links `?linkType=` chooses among. Every relation type is a registered GS1 Web
 * Vocabulary link type (`https://gs1.org/voc/…`; `gs1:dpp` is the digital product passport), so GS1 and UNTP
 * tools read them without a private vocabulary.
 *
 * Three kinds of item resolve: a product (`/01/{gtin}`), a batch (`/01/{gtin}/10/{lot}`) and one garment
 * (`/01/{gtin}/10/{lot}/21/{serial}`). Each has its own links; this module knows their relation types, builds
 * the linkset and picks the links a `linkType` asks for.
 */
import { parseDigitalLink } from "../garments/digital-link";
import { InvalidDigitalLinkError } from "../garments/digital-link-errors";

/** Media type of a linkset document (RFC 9264 §4.2). */
export const LINKSET_MEDIA_TYPE = "application/linkset+json";

/** The GS1 Web Vocabulary namespace; `gs1:pip` is `https://gs1.org/voc/pip`. */
export const GS1_VOC = "https://gs1.org/voc/";

/** The link relation types threadproof uses, all registered in the GS1 Web Vocabulary. */
export const LINK_TYPES = {
  /** Where a resolver sends a client that asked for nothing in particular. */
  defaultLink: `${GS1_VOC}defaultLink`,
  /** Product information page: the viewer page. */
  pip: `${GS1_VOC}pip`,
  /** Certification information: the origin certificates. */
  certificationInfo: `${GS1_VOC}certificationInfo`,
  /** Traceability information: the verified provenance JSON. */
  traceability: `${GS1_VOC}traceability`,
  /** Digital product passport (`gs1:dpp`, equivalent to IANA's `dpp` relation). */
  dpp: `${GS1_VOC}dpp`,
  /** EPCIS events about the item: linked once the EPCIS query routes exist. */
  epcis: `${GS1_VOC}epcis`,
} as const;

export type LinkTypeName = keyof typeof LINK_TYPES;

/** One link target (RFC 9264 §4.2.4: target attributes). */
export interface LinkTarget {
  href: string;
  /** Media type of the target, e.g. `text/html`. */
  type?: string;
  /** In the language of the request that asked for it. */
  title?: string;
  /** Languages the target is available in, e.g. `["vi", "en"]`. */
  hreflang?: string[];
}

/** A link of an item: its relation type and target. */
export interface ItemLink {
  rel: LinkTypeName;
  target: LinkTarget;
}

/** An RFC 9264 JSON linkset: one context object per anchor, relation types as keys. */
export interface Linkset {
  linkset: ({ anchor: string } & Record<string, LinkTarget[] | string>)[];
}

/**
 * The certificationInfo target of a certificate as provenance verification judged it: titled with its
 * agreement and id, and — unless it is valid and checks out — what is wrong with it (revoked, expired, not
 * verified now, or not what was anchored), so a client reading only the linkset is not misled. `notes` gives
 * the words for those states in the request's language (English by default).
 *
 * @example
 * certificateLinkTarget("https://trace.example.vn/certificates/CO-1", { id: "CO-1", fta: "EVFTA", status: "expired", verified: "passed" });
 * // { href: "https://trace.example.vn/certificates/CO-1", title: "EVFTA CO-1 (expired)" }
 */
export function certificateLinkTarget(
  href: string,
  certificate: {
    id: string;
    fta: string;
    status: "valid" | "revoked" | "expired" | "invalid" | "unverified";
    verified?: "passed" | "failed" | "unavailable";
  },
  notes: CertificateNoteWords = ENGLISH_NOTES,
): LinkTarget {
  const shown = [
    ...(certificate.status === "valid" ? [] : [notes.status[certificate.status]]),
    ...(certificate.verified === "failed"
      ? [notes.mismatch]
      : certificate.verified === "unavailable"
        ? [notes.unverifiedNow]
        : []),
  ];
  return {
    href,
    title: `${certificate.fta} ${certificate.id}${shown.length ? ` (${shown.join(", ")})` : ""}`,
  };
}

/** The words {@link certificateLinkTarget} adds to a title that is not plainly valid. */
export interface CertificateNoteWords {
  status: Record<"revoked" | "expired" | "invalid" | "unverified", string>;
  mismatch: string;
  unverifiedNow: string;
}

const ENGLISH_NOTES: CertificateNoteWords = {
  status: { revoked: "revoked", expired: "expired", invalid: "invalid", unverified: "unverified" },
  mismatch: "does not match its anchor",
  unverifiedNow: "not verified now",
};

function checkHref(target: LinkTarget): LinkTarget {
  try {
    const url = new URL(target.href);
    if (url.protocol === "https:" || url.protocol === "http:") return { ...target, href: url.href };
  } catch {
    // reported below
  }
  throw new InvalidDigitalLinkError("uri", "a linkset target must be an absolute http(s) URI", target.href);
}

/**
 * Builds the linkset of an item from its links, relation types in the order first given. The anchor must be
 * a valid Digital Link without query (INVALID_GTIN or INVALID_DIGITAL_LINK otherwise); every href must be
 * absolute (RFC 9264 resolves relative references against the linkset's own URI, which many clients get wrong).
 *
 * @example
 * buildLinkset("https://trace.example.vn/01/08938505974019/10/SEW-0001", [
 *   { rel: "pip", target: { href: "https://trace.example.vn/01/08938505974019/10/SEW-0001", type: "text/html" } },
 * ]);
 */
export function buildLinkset(anchor: string, links: readonly ItemLink[]): Linkset {
  const checkedAnchor = checkHref({ href: anchor }).href;
  if (new URL(checkedAnchor).search) {
    throw new InvalidDigitalLinkError(
      "uri",
      "the anchor is the item's identity: leave the query out",
      anchor,
    );
  }
  parseDigitalLink(checkedAnchor); // the anchor must itself be a valid Digital Link
  const context: { anchor: string } & Record<string, LinkTarget[] | string> = { anchor: checkedAnchor };
  for (const { rel, target } of links) {
    const key = LINK_TYPES[rel];
    const targets = (context[key] as LinkTarget[] | undefined) ?? [];
    targets.push(checkHref(target));
    context[key] = targets;
  }
  return { linkset: [context] };
}

/**
 * The relation type URI a `linkType` value names: a compact `gs1:pip`, the full `https://gs1.org/voc/pip`
 * (or `http://`, `www.`), or null for anything else.
 */
export function linkTypeUri(value: string): string | null {
  const match = /^(?:gs1:|https?:\/\/(?:www\.)?gs1\.org\/voc\/)([A-Za-z][A-Za-z0-9]{0,63})$/.exec(value);
  return match ? `${GS1_VOC}${match[1]}` : null;
}

/** The links of `links` whose relation type `linkType` names (none for an unknown or malformed one). */
export function linksOfType(links: readonly ItemLink[], linkType: string): ItemLink[] {
  const uri = linkTypeUri(linkType);
  return uri === null ? [] : links.filter((l) => LINK_TYPES[l.rel] === uri);
}

/** What {@link buildGarmentLinkset} links a garment to. */
export interface GarmentLinksetParameters {
  /** The garment's Digital Link, without its authentication code: the thing the links are about. */
  anchor: string;
  /** The viewer page (also the default link). */
  page: LinkTarget;
  /** The provenance JSON. */
  provenance?: LinkTarget;
  /** The origin certificates covering the garment. */
  certificates?: LinkTarget[];
  /** The digital product passport. */
  passport?: LinkTarget;
  /** The EPCIS events of the garment's life (once the EPCIS routes exist). */
  epcis?: LinkTarget;
}

/** The links of a garment, batch or product, in linkset order. */
export function itemLinks(params: Omit<GarmentLinksetParameters, "anchor">): ItemLink[] {
  return [
    { rel: "defaultLink", target: params.page },
    { rel: "pip", target: params.page },
    ...(params.provenance ? [{ rel: "traceability" as const, target: params.provenance }] : []),
    ...(params.certificates ?? []).map((target) => ({ rel: "certificationInfo" as const, target })),
    ...(params.passport ? [{ rel: "dpp" as const, target: params.passport }] : []),
    ...(params.epcis ? [{ rel: "epcis" as const, target: params.epcis }] : []),
  ];
}

/**
 * Builds the linkset of a garment.
 * @example
 * res.type(LINKSET_MEDIA_TYPE).json(buildGarmentLinkset({
 *   anchor: "https://trace.example.vn/01/08938505974019/10/SEW-0001/21/17",
 *   page: { href: "https://trace.example.vn/01/08938505974019/10/SEW-0001/21/17?ac=K3J9XQ2M7P", type: "text/html", hreflang: ["vi", "en"] },
 * }));
 */
export function buildGarmentLinkset(params: GarmentLinksetParameters): Linkset {
  return buildLinkset(params.anchor, itemLinks(params));
}
