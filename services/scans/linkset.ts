/**
 * RFC 9264 linksets for a garment's GS1 Digital Link: what a GS1 resolver answers to
 * `Accept: application/linkset+json` (or `?linkType=all`). Link relation types are GS1 Web Vocabulary URIs
 * (`gs1:pip`, `gs1:certificationInfo`, `gs1:traceability`, `gs1:defaultLink`) and the IANA-registered `dpp`
 * relation for the digital product passport, as UNTP identity resolvers do.
 */
import { parseDigitalLink } from "../garments/digital-link";
import { InvalidDigitalLinkError } from "../garments/digital-link-errors";

/** Media type of a linkset document (RFC 9264 §4.2). */
export const LINKSET_MEDIA_TYPE = "application/linkset+json";

/** The link relation types threadproof uses. */
export const LINK_TYPES = {
  /** Where a resolver sends a client that asked for nothing in particular. */
  defaultLink: "https://gs1.org/voc/defaultLink",
  /** Product information page: the viewer page. */
  pip: "https://gs1.org/voc/pip",
  /** Certification information: the origin certificates. */
  certificationInfo: "https://gs1.org/voc/certificationInfo",
  /** Traceability information: the provenance JSON. */
  traceability: "https://gs1.org/voc/traceability",
  /** Digital product passport (IANA link relation `dpp`). */
  dpp: "dpp",
} as const;

/** One link target (RFC 9264 §4.2.4: target attributes). */
export interface LinkTarget {
  href: string;
  /** Media type of the target, e.g. `text/html`. */
  type?: string;
  title?: string;
  /** Languages the target is available in, e.g. `["vi", "en"]`. */
  hreflang?: string[];
}

/** What {@link buildGarmentLinkset} links the garment to. */
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
}

/** An RFC 9264 JSON linkset: one context object per anchor, relation types as keys. */
export interface Linkset {
  linkset: ({ anchor: string } & Record<string, LinkTarget[] | string>)[];
}

/**
 * The certificationInfo target of a certificate as provenance verification judged it: titled with its
 * agreement and id, and — unless it is valid and checks out — what is wrong with it (revoked, expired, not
 * verified now, or not what was anchored), so a client reading only the linkset is not misled.
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
): LinkTarget {
  const notes = [
    ...(certificate.status === "valid" ? [] : [certificate.status]),
    ...(certificate.verified === "failed"
      ? ["does not match its anchor"]
      : certificate.verified === "unavailable"
        ? ["not verified now"]
        : []),
  ];
  return {
    href,
    title: `${certificate.fta} ${certificate.id}${notes.length ? ` (${notes.join(", ")})` : ""}`,
  };
}

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
 * Builds the linkset of a garment. The anchor must be a valid Digital Link without query (INVALID_GTIN or
 * INVALID_DIGITAL_LINK otherwise). Every href must be absolute (RFC 9264 resolves relative references
 * against the linkset's own URI, which many clients get wrong).
 * @example
 * res.type(LINKSET_MEDIA_TYPE).json(buildGarmentLinkset({
 *   anchor: "https://trace.example.vn/01/08938505974019/10/SEW-0001/21/17",
 *   page: { href: "https://trace.example.vn/01/08938505974019/10/SEW-0001/21/17?ac=K3J9XQ2M7P", type: "text/html", hreflang: ["vi", "en"] },
 * }));
 */
export function buildGarmentLinkset(params: GarmentLinksetParameters): Linkset {
  const anchor = checkHref({ href: params.anchor }).href;
  if (new URL(anchor).search) {
    throw new InvalidDigitalLinkError(
      "uri",
      "the anchor is the garment's identity: leave the query out",
      anchor,
    );
  }
  parseDigitalLink(anchor); // the anchor must itself be a valid Digital Link
  const page = checkHref(params.page);
  const context: { anchor: string } & Record<string, LinkTarget[] | string> = {
    anchor,
    [LINK_TYPES.defaultLink]: [page],
    [LINK_TYPES.pip]: [page],
  };
  if (params.provenance) context[LINK_TYPES.traceability] = [checkHref(params.provenance)];
  if (params.certificates?.length) context[LINK_TYPES.certificationInfo] = params.certificates.map(checkHref);
  if (params.passport) context[LINK_TYPES.dpp] = [checkHref(params.passport)];
  return { linkset: [context] };
}
