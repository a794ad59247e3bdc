/**
 * Field schemas shared by the record formats, and so by the HTTP bodies derived from them. zod is the single
 * source of validation, of the TypeScript types and of the OpenAPI document (`.meta({ id })` names a component).
 */
import { z } from "zod";
import type { Hex } from "../chain/ledger";
import { isChainAmount } from "./amounts";

/** The format version every record written today carries; readers accept this one and the ones before. */
export const RECORD_VERSION = 1;
export const RecordVersionSchema = z.literal(RECORD_VERSION);

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/**
 * Lot and facility ids: letters, digits and `-_.`, at most 64 (DESIGN.md §5). An id is one path segment of
 * every URL that names it (`/api/v1/lots/{id}`, the Digital Link's lot), so `.` and `..` (dot segments, which
 * URL resolution removes) and colons (a scheme or port separator to many parsers) are refused. Records stored
 * with such ids still read: readers do not apply writer patterns.
 */
export const IdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9\-_.]{1,64}$/,
    "must be 1 to 64 letters, digits or -_. (no colon ':' or other characters)",
  )
  .refine((id) => id !== "." && id !== "..", "must not be '.' or '..' (a dot segment of a URL)")
  .meta({ id: "Id", example: "FL-0001" });

/** ISO 3166-1 alpha-2, upper case, a code that names a region. */
export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as VN")
  // Only two upper-case letters reach Intl, which throws on anything else.
  .refine(
    (code) => !/^[A-Z]{2}$/.test(code) || regionNames.of(code) !== code,
    "is not an ISO 3166-1 alpha-2 country code",
  )
  .meta({ id: "Country", example: "VN" });

/** Whether `name` is an IANA time zone this runtime knows (Intl throws a RangeError on any other). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name, as Intl knows it (`Asia/Ho_Chi_Minh`). */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, "is not an IANA time zone such as Asia/Ho_Chi_Minh")
  .meta({ id: "TimeZone", example: "Asia/Ho_Chi_Minh" });

export const UnitSchema = z.enum(["m", "kg", "pcs"]).meta({ id: "Unit" });

/** An amount the chain can hold: positive, at most three decimals (it stores thousandths). */
export const AmountSchema = z
  .number()
  .positive()
  .max(1e12)
  .refine(isChainAmount, "must be at least 0.001 with at most 3 decimals");

export const QuantitySchema = z
  .strictObject({ amount: AmountSchema, unit: UnitSchema })
  .meta({ id: "Quantity", example: { amount: 1200, unit: "m" } });

export const MoneySchema = z
  .strictObject({ amount: z.number().nonnegative().max(1e12), currency: z.literal("USD") })
  .meta({ id: "Money", example: { amount: 3600, currency: "USD" } });

export const TimestampSchema = z.iso
  .datetime({ offset: true })
  .meta({ id: "Timestamp", example: "2026-03-01T08:00:00Z" });

/** HS code: at least 4 digits, dots optional (6109.10, 610910, 6006.21.00). */
export const HsCodeSchema = z
  .string()
  .regex(/^\d{4}(\.?\d{2}){0,3}$/, "must be an HS code such as 6109.10")
  .meta({ id: "HsCode", example: "6109.10" });

/** A CIDv1 (base32, `b...`) or CIDv0 (`Qm...`). */
export const CidSchema = z
  .string()
  .regex(/^(b[a-z2-7]{20,200}|Qm[1-9A-HJ-NP-Za-km-z]{44})$/, "must be an IPFS CID")
  .meta({ id: "Cid", example: "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq" });

export const DocumentTypeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9\-_. ]{0,63}$/, "must be 1 to 64 letters, digits, spaces or -_.")
  .meta({ example: "supplier-invoice" });

/** A document as a request names it: its kind and the CID it was uploaded under. */
export const DocumentReferenceSchema = z
  .strictObject({ type: DocumentTypeSchema, cid: CidSchema })
  .meta({ id: "DocumentReference" });
export type DocumentReference = z.output<typeof DocumentReferenceSchema>;

export const DocumentsSchema = z.array(DocumentReferenceSchema).max(50);

/**
 * Characters that change how text around them is displayed without being visible themselves: bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E/U+200F/U+061C, zero-width
 * characters (U+200B–U+200D, U+2060–U+2064, U+FEFF), the invisible separators U+180E and soft hyphen, and the
 * other controls. A name with them can pose as another ("Acme\u202Eevil") on a page, a label or a certificate.
 */
const INVISIBLE_OR_BIDI =
  // Control characters are exactly what this refuses.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/u;

/**
 * A name of a facility, supplier or buyer as people read it: 1 to 200 characters after trimming, no bidi
 * controls, zero-width or control characters (see above). Any script and its combining marks are fine
 * (Vietnamese diacritics precomposed or decomposed).
 */
export const NameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    (name) => !INVISIBLE_OR_BIDI.test(name),
    "must not contain bidi controls, zero-width or control characters (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF and the like)",
  );

/** A sha-256 as a document citation carries it: 64 lower-case hex digits. */
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** A sha-256 as the chain keeps it: `0x` and 64 lower-case hex digits. */
export const HexDigestSchema = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/)
  .refine((value): value is Hex => value.startsWith("0x"));
