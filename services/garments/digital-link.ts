/**
 * GS1 Digital Link URIs for garments: `https://{host}/01/{gtin14}/10/{lot}/21/{serial}?ac={code}`.
 *
 * Rules applied (GS1 Digital Link standard 1.x and the GS1 General Specifications):
 * - The GTIN (AI 01) is 8, 12, 13 or 14 digits, left-padded with zeros to 14, with a valid mod-10 check digit.
 * - Key qualifiers follow the GTIN in this order, each at most once: 22 (consumer product variant), 10 (lot),
 *   21 (serial), 235 (third-party controlled serial extension).
 * - Qualifier values use the GS1 AI encodable character set 82 (CSET 82); lengths: 22 ≤ 20, 10 ≤ 20, 21 ≤ 20,
 *   235 ≤ 28. In the URI every character other than `A-Z a-z 0-9 - . _` is percent-encoded.
 * - Further attributes go in the query string. threadproof puts the garment's authentication code there as
 *   `ac` (`?ac=<code>`): short enough for a small QR code, and not a GS1 AI (those are numeric), so GS1
 *   resolvers pass it through untouched. Other query parameters (GS1 AIs such as `17`, or the resolver's
 *   `linkType`) are kept as `attributes`.
 */
import { InvalidDigitalLinkError, InvalidGtinError } from "./digital-link-errors";
import type { DigitalLinkPart } from "./digital-link-errors";

/** Query-string name of the garment's authentication code: `?ac=<code>`. */
export const AUTH_CODE_PARAM = "ac";

/** Key qualifiers after the GTIN, in the only order GS1 allows, with their AI and maximum length. */
const QUALIFIERS = [
  { ai: "22", part: "cpv", maxLength: 20 },
  { ai: "10", part: "lot", maxLength: 20 },
  { ai: "21", part: "serial", maxLength: 20 },
  { ai: "235", part: "tpx", maxLength: 28 },
] as const;

type QualifierPart = (typeof QUALIFIERS)[number]["part"];

/** What a Digital Link identifies: a GTIN and its optional qualifiers, plus query-string attributes. */
export interface DigitalLinkParts {
  /** GTIN-8, -12, -13 or -14 (digits only); built and parsed links carry it as 14 digits. */
  gtin: string;
  /** AI 22, consumer product variant. */
  cpv?: string;
  /** AI 10, batch or lot number: for a garment, the sewing lot id. */
  lot?: string;
  /** AI 21, serial number: for a garment, its serial within the batch. */
  serial?: string;
  /** AI 235, third-party controlled serial extension. */
  tpx?: string;
  /** The garment's authentication code, carried as `?ac=`. */
  authCode?: string;
  /** Other query-string attributes (GS1 AIs by number, `linkType`, ...), as decoded strings. */
  attributes?: Record<string, string>;
}

/** A parsed Digital Link: the GTIN is always 14 digits and `attributes` always present. */
export interface DigitalLink extends DigitalLinkParts {
  gtin: string;
  attributes: Record<string, string>;
  /** For an absolute URI, what came before `/01/`: scheme, host and any path prefix (no trailing slash). */
  baseUrl?: string;
}

/** A Digital Link that names one garment: lot and serial are present. */
export interface GarmentDigitalLink extends DigitalLink {
  lot: string;
  serial: string;
}

/** Options of {@link buildDigitalLink}. */
export interface BuildDigitalLinkOptions {
  /** Scheme, host and optional path prefix, e.g. `https://trace.example.vn` (PUBLIC_BASE_URL). */
  baseUrl: string;
}

// GS1 AI encodable character set 82 (General Specifications, figure 7.11-1).
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const DIGITS = /^\d+$/;

/**
 * The GS1 mod-10 check digit for the digits that precede it (any GS1 key: GTIN, SSCC, GLN).
 *
 * Weights 3 and 1 alternate from the rightmost digit, which weighs 3.
 * @example gtinCheckDigit("400638133393") // 1, the check digit of GTIN-13 4006381333931
 */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck) || digitsWithoutCheck.length > 17) {
    throw new InvalidGtinError(digitsWithoutCheck, "expected 1 to 17 digits before the check digit");
  }
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Validates a GTIN-8, -12, -13 or -14 and returns it left-padded with zeros to 14 digits.
 * @throws InvalidGtinError (`INVALID_GTIN`) on wrong length, non-digits or a wrong check digit.
 * @example normalizeGtin("96385074") // "00000096385074"
 */
export function normalizeGtin(gtin: string): string {
  if (!DIGITS.test(gtin)) throw new InvalidGtinError(gtin, "a GTIN has digits only");
  if (![8, 12, 13, 14].includes(gtin.length)) {
    throw new InvalidGtinError(gtin, `a GTIN has 8, 12, 13 or 14 digits, not ${gtin.length}`);
  }
  const expected = gtinCheckDigit(gtin.slice(0, -1));
  if (Number(gtin.at(-1)) !== expected) {
    throw new InvalidGtinError(gtin, `the check digit should be ${expected}`, {
      expectedCheckDigit: expected,
    });
  }
  return gtin.padStart(14, "0");
}

/** True when `gtin` is a valid GTIN-8, -12, -13 or -14. */
export function isValidGtin(gtin: string): boolean {
  try {
    normalizeGtin(gtin);
    return true;
  } catch {
    return false;
  }
}

/** Percent-encodes a CSET 82 value for a URI path segment: all but `A-Z a-z 0-9 - . _` become `%XX`. */
export function encodeGs1Segment(value: string): string {
  return value.replace(
    /[^A-Za-z0-9\-._]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"),
  );
}

function checkQualifier(part: QualifierPart, value: string, maxLength: number): void {
  if (value.length === 0) throw new InvalidDigitalLinkError(part, "must not be empty", value);
  if (value.length > maxLength) {
    throw new InvalidDigitalLinkError(part, `at most ${maxLength} characters, got ${value.length}`, value);
  }
  if (value === "." || value === "..") {
    // URI normalisation removes dot segments, even percent-encoded ones (%2E), so they cannot travel.
    throw new InvalidDigitalLinkError(part, "'.' and '..' cannot be a URI path segment", value);
  }
  if (!CSET82.test(value)) {
    const bad = [...value].find((c) => !CSET82.test(c)) ?? "";
    throw new InvalidDigitalLinkError(
      part,
      `character ${JSON.stringify(bad)} is outside the GS1 character set 82 (A-Z a-z 0-9 and !"%&'()*+,-./:;<=>?_)`,
      value,
    );
  }
}

function checkAuthCode(code: string): void {
  // Printed on the label next to the QR code, so the same GS1 character set and a bounded length.
  if (code.length === 0 || code.length > 128 || !CSET82.test(code)) {
    throw new InvalidDigitalLinkError("authCode", "1 to 128 characters of the GS1 character set 82");
  }
}

/**
 * The root every Digital Link of `baseUrl` starts with (scheme, host and path, no trailing slash): the
 * resolver's root in the GS1 sense.
 * @example digitalLinkRoot("https://trace.example.vn/") // "https://trace.example.vn"
 */
export function digitalLinkRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidDigitalLinkError("uri", "the base URL is not an absolute URL", baseUrl);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidDigitalLinkError("uri", "the base URL must be http or https", baseUrl);
  }
  if (url.search || url.hash) {
    throw new InvalidDigitalLinkError("uri", "the base URL must not have a query or fragment", baseUrl);
  }
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

/**
 * The path and query of a Digital Link (`/01/…?ac=…`), validated; for a route or a relative link.
 * @example buildDigitalLinkPath({ gtin: "8938505974019", lot: "SEW-0001", serial: "17" })
 * // "/01/08938505974019/10/SEW-0001/21/17"
 */
export function buildDigitalLinkPath(parts: DigitalLinkParts): string {
  let path = `/01/${normalizeGtin(parts.gtin)}`;
  for (const { ai, part, maxLength } of QUALIFIERS) {
    const value = parts[part];
    if (value === undefined) continue;
    checkQualifier(part, value, maxLength);
    path += `/${ai}/${encodeGs1Segment(value)}`;
  }
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.attributes ?? {})) {
    if (name === AUTH_CODE_PARAM) {
      throw new InvalidDigitalLinkError(
        "query",
        `pass the authentication code as authCode, not as '${name}'`,
      );
    }
    if (name.length === 0) throw new InvalidDigitalLinkError("query", "an attribute name must not be empty");
    query.append(name, value);
  }
  if (parts.authCode !== undefined) {
    checkAuthCode(parts.authCode);
    query.append(AUTH_CODE_PARAM, parts.authCode);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * Builds a GS1 Digital Link URI.
 * @throws InvalidGtinError, InvalidDigitalLinkError naming the bad part.
 * @example
 * buildDigitalLink({ gtin: "08938505974019", lot: "SEW-0001", serial: "17", authCode: "k3J9x" },
 *   { baseUrl: "https://trace.example.vn" })
 * // "https://trace.example.vn/01/08938505974019/10/SEW-0001/21/17?ac=k3J9x"
 */
export function buildDigitalLink(parts: DigitalLinkParts, options: BuildDigitalLinkOptions): string {
  return digitalLinkRoot(options.baseUrl) + buildDigitalLinkPath(parts);
}

function decodeSegment(part: DigitalLinkPart, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new InvalidDigitalLinkError(part, "malformed percent-encoding", raw);
  }
}

/**
 * Parses a Digital Link: an absolute `http(s)` URI (any path prefix before `/01/` is kept as `baseUrl`), or a
 * path starting with `/01/` as an HTTP route sees it (e.g. Express's `req.originalUrl`), query included.
 * @throws InvalidGtinError, InvalidDigitalLinkError naming the bad part.
 * @example
 * parseDigitalLink("/01/8938505974019/10/SEW-0001/21/17?ac=k3J9x")
 * // { gtin: "08938505974019", lot: "SEW-0001", serial: "17", authCode: "k3J9x", attributes: {} }
 */
export function parseDigitalLink(input: string): DigitalLink {
  let pathname: string;
  let search: string;
  let origin: string | undefined;
  if (input.startsWith("/")) {
    const withoutHash = input.split("#", 1)[0] ?? "";
    const q = withoutHash.indexOf("?");
    pathname = q === -1 ? withoutHash : withoutHash.slice(0, q);
    search = q === -1 ? "" : withoutHash.slice(q);
  } else {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new InvalidDigitalLinkError("uri", "neither an absolute URI nor a path starting with /", input);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new InvalidDigitalLinkError("uri", "the scheme must be http or https", input);
    }
    origin = url.origin;
    pathname = url.pathname;
    search = url.search;
  }

  const segments = pathname.split("/").slice(1);
  if (segments.length > 1 && segments.at(-1) === "") segments.pop(); // tolerate one trailing slash
  const keyIndex = segments.indexOf("01");
  if (keyIndex === -1) throw new InvalidDigitalLinkError("path", "no /01/{gtin} primary key", pathname);
  if (origin === undefined && keyIndex !== 0) {
    throw new InvalidDigitalLinkError("path", "a relative Digital Link starts with /01/", pathname);
  }
  const rawGtin = segments[keyIndex + 1];
  if (rawGtin === undefined || rawGtin === "")
    throw new InvalidDigitalLinkError("gtin", "missing after /01/");
  const link: DigitalLink = { gtin: normalizeGtin(decodeSegment("gtin", rawGtin)), attributes: {} };
  if (origin !== undefined) {
    link.baseUrl =
      origin +
      segments
        .slice(0, keyIndex)
        .map((s) => `/${s}`)
        .join("");
  }

  let nextQualifier = 0;
  for (let i = keyIndex + 2; i < segments.length; i += 2) {
    const ai = segments[i] ?? "";
    const position = QUALIFIERS.findIndex((q) => q.ai === ai);
    if (position === -1) {
      throw new InvalidDigitalLinkError(
        "path",
        `'${ai}' is not a key qualifier of a GTIN (expected 22, 10, 21, 235)`,
        pathname,
      );
    }
    const qualifier = QUALIFIERS[position]!;
    if (position < nextQualifier) {
      throw new InvalidDigitalLinkError(
        qualifier.part,
        `qualifier ${ai} is repeated or out of order (the order is 22, 10, 21, 235)`,
        pathname,
      );
    }
    const raw = segments[i + 1];
    if (raw === undefined) throw new InvalidDigitalLinkError(qualifier.part, `no value after /${ai}/`);
    const value = decodeSegment(qualifier.part, raw);
    checkQualifier(qualifier.part, value, qualifier.maxLength);
    link[qualifier.part] = value;
    nextQualifier = position + 1;
  }

  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (seen.has(name)) throw new InvalidDigitalLinkError("query", `attribute '${name}' appears twice`);
    seen.add(name);
    if (name === AUTH_CODE_PARAM) {
      checkAuthCode(value);
      link.authCode = value;
    } else {
      link.attributes[name] = value;
    }
  }
  return link;
}

/**
 * Parses a Digital Link that must name one garment: GTIN, lot (AI 10) and serial (AI 21).
 * @throws InvalidDigitalLinkError with part `lot` or `serial` when one is missing.
 */
export function parseGarmentDigitalLink(input: string): GarmentDigitalLink {
  const link = parseDigitalLink(input);
  if (link.lot === undefined) throw new InvalidDigitalLinkError("lot", "a garment link needs /10/{lot}");
  if (link.serial === undefined)
    throw new InvalidDigitalLinkError("serial", "a garment link needs /21/{serial}");
  return link as GarmentDigitalLink;
}
