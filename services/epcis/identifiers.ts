/**
 * GS1 identifiers as EPCIS carries them — EPC URIs (`urn:epc:id:sgtin:…`), EPC class URIs
 * (`urn:epc:class:lgtin:…`), EPC pattern URIs (`urn:epc:idpat:sgtin:…`) and GS1 Digital Link URIs on any host —
 * turned into one form: the canonical Digital Link on `https://id.gs1.org`, at the finest level given (a serial
 * drops the lot), without query string or CPV. This is the normalisation the CBV 2.0 event hash asks for
 * (CBV 2.0 §8.9), and what lets a lot named by an LGTIN and the same lot named by a Digital Link match.
 */
import { gtinCheckDigit } from "../garments/digital-link";

const ID_HOST = "https://id.gs1.org";

/** The GS1 mod-10 check digit appended: `digits` are a key without its check digit (GTIN, GLN, SSCC, …). */
function withCheckDigit(digits: string): string {
  if (!/^\d{1,17}$/.test(digits)) throw new RangeError(`not a GS1 key: ${digits}`);
  return `${digits}${gtinCheckDigit(digits)}`;
}

/** Characters a Digital Link path segment must percent-encode that an EPC URI may carry literally. */
function encodeSegment(value: string): string {
  return value.replace(/[!()*+,:]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Splits `prefix.reference[.rest]` where the company prefix is 6 to 12 digits. */
function splitCompany(body: string): { company: string; reference: string; rest: string[] } | null {
  const parts = body.split(".");
  const [company, reference = "", ...rest] = parts;
  if (company === undefined || !/^\d{6,12}$/.test(company)) return null;
  return { company, reference, rest };
}

/** GTIN-14 from an SGTIN/LGTIN company prefix and item reference (indicator digit first). */
function gtinOf(company: string, itemReference: string): string | null {
  if (!/^\d+$/.test(itemReference) || company.length + itemReference.length !== 13) return null;
  return withCheckDigit(`${itemReference.slice(0, 1)}${company}${itemReference.slice(1)}`);
}

/** A 13-digit GLN (or other 12+1 key) from a company prefix and a reference that together make 12 digits. */
function key13Of(company: string, reference: string): string | null {
  if (!/^\d*$/.test(reference) || company.length + reference.length !== 12) return null;
  return withCheckDigit(`${company}${reference}`);
}

type EpcConverter = (body: string) => string | null;

const EPC_ID: Record<string, EpcConverter> = {
  sgtin(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length === 0) return null;
    const gtin = gtinOf(split.company, split.reference);
    return gtin && `${ID_HOST}/01/${gtin}/21/${encodeSegment(split.rest.join("."))}`;
  },
  sscc(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length > 0 || split.company.length + split.reference.length !== 17) return null;
    const { company, reference } = split;
    return `${ID_HOST}/00/${withCheckDigit(`${reference.slice(0, 1)}${company}${reference.slice(1)}`)}`;
  },
  sgln(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length === 0) return null;
    const gln = key13Of(split.company, split.reference);
    const extension = split.rest.join(".");
    if (!gln) return null;
    return extension === "0"
      ? `${ID_HOST}/414/${gln}`
      : `${ID_HOST}/414/${gln}/254/${encodeSegment(extension)}`;
  },
  pgln(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length > 0) return null;
    const gln = key13Of(split.company, split.reference);
    return gln && `${ID_HOST}/417/${gln}`;
  },
  grai(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length === 0) return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/8003/0${key}${encodeSegment(split.rest.join("."))}`;
  },
  giai(body) {
    const split = splitCompany(body);
    if (!split) return null;
    return `${ID_HOST}/8004/${split.company}${encodeSegment([split.reference, ...split.rest].join("."))}`;
  },
  gsrn(body) {
    const split = splitCompany(body);
    if (!split || split.company.length + split.reference.length !== 17) return null;
    return `${ID_HOST}/8018/${withCheckDigit(`${split.company}${split.reference}`)}`;
  },
  gsrnp(body) {
    const split = splitCompany(body);
    if (!split || split.company.length + split.reference.length !== 17) return null;
    return `${ID_HOST}/8017/${withCheckDigit(`${split.company}${split.reference}`)}`;
  },
  gdti(body) {
    const split = splitCompany(body);
    if (!split) return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/253/${key}${encodeSegment(split.rest.join("."))}`;
  },
  sgcn(body) {
    const split = splitCompany(body);
    if (!split) return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/255/${key}${split.rest.join("")}`;
  },
  cpi(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length !== 1) return null;
    return `${ID_HOST}/8010/${encodeSegment(`${split.company}${split.reference}`)}/8011/${split.rest[0]}`;
  },
  ginc(body) {
    const split = splitCompany(body);
    if (!split) return null;
    return `${ID_HOST}/401/${split.company}${encodeSegment([split.reference, ...split.rest].join("."))}`;
  },
  gsin(body) {
    const split = splitCompany(body);
    if (!split || split.company.length + split.reference.length !== 16) return null;
    return `${ID_HOST}/402/${withCheckDigit(`${split.company}${split.reference}`)}`;
  },
  itip(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length < 3) return null;
    const gtin = gtinOf(split.company, split.reference);
    const [piece, total, ...serial] = split.rest;
    return gtin && `${ID_HOST}/8006/${gtin}${piece}${total}/21/${encodeSegment(serial.join("."))}`;
  },
  upui(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length === 0) return null;
    const gtin = gtinOf(split.company, split.reference);
    return gtin && `${ID_HOST}/01/${gtin}/235/${encodeSegment(split.rest.join("."))}`;
  },
};

const EPC_PATTERN: Record<string, EpcConverter> = {
  sgtin(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    const gtin = gtinOf(split.company, split.reference);
    return gtin && `${ID_HOST}/01/${gtin}`;
  },
  grai(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/8003/0${key}`;
  },
  gdti(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/253/${key}`;
  },
  sgcn(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    const key = key13Of(split.company, split.reference);
    return key && `${ID_HOST}/255/${key}`;
  },
  cpi(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    return `${ID_HOST}/8010/${encodeSegment(`${split.company}${split.reference}`)}`;
  },
  itip(body) {
    const split = splitCompany(body);
    if (!split || split.rest.length !== 3 || split.rest[2] !== "*") return null;
    const gtin = gtinOf(split.company, split.reference);
    return gtin && `${ID_HOST}/8006/${gtin}${split.rest[0]}${split.rest[1]}`;
  },
  upui(body) {
    const split = splitCompany(body);
    if (!split || split.rest.join(".") !== "*") return null;
    const gtin = gtinOf(split.company, split.reference);
    return gtin && `${ID_HOST}/01/${gtin}`;
  },
};

/** Short names some Digital Links use for application identifiers. */
const AI_ALIASES: Record<string, string> = {
  gtin: "01",
  itip: "8006",
  cpid: "8010",
  gln: "414",
  party: "417",
  gsrnp: "8017",
  gsrn: "8018",
  gcn: "255",
  sscc: "00",
  gdti: "253",
  ginc: "401",
  gsin: "402",
  grai: "8003",
  giai: "8004",
  cpv: "22",
  lot: "10",
  ser: "21",
};

const PRIMARY_KEYS = new Set([
  "01",
  "8006",
  "8010",
  "414",
  "417",
  "8017",
  "8018",
  "255",
  "00",
  "253",
  "401",
  "402",
  "8003",
  "8004",
]);

/**
 * What every http(s) URL starts with as the URL parser reads it (leading spaces and controls dropped, tabs and
 * newlines ignored, any case). The event hash asks about every string of an event; most are no URL, and a
 * failed `new URL` (it throws) cost more than the rest of the hash.
 */
// eslint-disable-next-line no-control-regex -- the controls are what the URL parser drops before the scheme
const MAYBE_HTTP_URL = /^[\x00-\x20]*h[\t\n\r]*t[\t\n\r]*t[\t\n\r]*p/i;

/** A Digital Link URI on any host as the canonical `https://id.gs1.org/…` form, or null when it is none. */
function normaliseDigitalLink(uri: string): string | null {
  if (!MAYBE_HTTP_URL.test(uri)) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const keyAt = segments.findIndex(
    (segment, index) => PRIMARY_KEYS.has(AI_ALIASES[segment] ?? segment) && index + 1 < segments.length,
  );
  if (keyAt < 0) return null;
  const pairs: [string, string][] = [];
  for (let index = keyAt; index + 1 < segments.length; index += 2) {
    const ai = segments[index] as string;
    pairs.push([AI_ALIASES[ai] ?? ai, segments[index + 1] as string]);
  }
  const [primary, ...qualifiers] = pairs;
  if (!primary) return null;
  if (primary[0] === "01") {
    if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(primary[1])) return null;
    primary[1] = primary[1].padStart(14, "0");
  }
  // The finest level only: a serial makes the lot redundant; the CPV is dropped.
  const kept = qualifiers.filter(([ai]) => ai !== "22");
  const finest = kept.some(([ai]) => ai === "21") ? kept.filter(([ai]) => ai !== "10") : kept;
  return [ID_HOST, ...[primary, ...finest].flat()].join("/");
}

/**
 * The canonical Digital Link of a GS1 identifier in any of EPCIS's notations, or null when `uri` names none
 * (a `geo:` point, a business transaction URN, a private URL).
 *
 * @example
 * normaliseGs1Identifier("urn:epc:class:lgtin:4012345.012345.998877");
 * // "https://id.gs1.org/01/04012345123456/10/998877"
 */
export function normaliseGs1Identifier(uri: string): string | null {
  const epc = /^urn:epc:(id|idpat|class):([a-z]+):(.+)$/.exec(uri);
  if (epc) {
    const [, kind, scheme = "", body = ""] = epc;
    if (kind === "class") {
      if (scheme !== "lgtin") return null;
      const split = splitCompany(body);
      if (!split || split.rest.length === 0) return null;
      const gtin = gtinOf(split.company, split.reference);
      return gtin && `${ID_HOST}/01/${gtin}/10/${encodeSegment(split.rest.join("."))}`;
    }
    const converter = (kind === "id" ? EPC_ID : EPC_PATTERN)[scheme];
    try {
      return converter ? converter(body) : null;
    } catch {
      return null; // a reference with letters where digits belong: not an EPC this converts
    }
  }
  return normaliseDigitalLink(uri);
}

/** A lot named by a GS1 identifier: its GTIN-14 and lot number (AI 10), or null for any other identifier. */
export interface GtinLot {
  gtin: string;
  lot: string;
}

/**
 * The GTIN and lot of a class-level identifier — an LGTIN or a Digital Link `…/01/{gtin}/10/{lot}` — or null.
 *
 * @example
 * gtinLotOf("https://id.gs1.org/01/08938505974019/10/FL-0001"); // { gtin: "08938505974019", lot: "FL-0001" }
 */
export function gtinLotOf(uri: string): GtinLot | null {
  const canonical = normaliseGs1Identifier(uri);
  const match = canonical && /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/10\/([^/]+)$/.exec(canonical);
  if (!match) return null;
  return { gtin: match[1] as string, lot: decodeURIComponent(match[2] as string) };
}

/** The Digital Link of a lot of a product: `https://id.gs1.org/01/{gtin14}/10/{lot}`. */
export function lotDigitalLink(gtin: string, lot: string): string {
  return `${ID_HOST}/01/${gtin.padStart(14, "0")}/10/${encodeURIComponent(lot)}`;
}

/** The Digital Link of one serialised item: `https://id.gs1.org/01/{gtin14}/21/{serial}` (its lot is redundant). */
export function itemDigitalLink(gtin: string, serial: string): string {
  return `${ID_HOST}/01/${gtin.padStart(14, "0")}/21/${encodeURIComponent(serial)}`;
}
