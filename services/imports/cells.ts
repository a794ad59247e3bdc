/**
 * Reading one spreadsheet cell as a clerk typed it: text in any Unicode normal form (kept as NFC), numbers
 * with the separators of the file's language, dates as dd/mm/yyyy, ISO dates, Excel date cells and Excel
 * serial numbers. A cell that cannot be read gives a message key, never a guess.
 *
 * Numbers: a Vietnamese file (Vietnamese headers) writes 1.234,5 (dot groups thousands, comma is the
 * decimal mark), an English one 1,234.5. A group of other than three digits is refused in both, so "1.5" in
 * a Vietnamese file or "300,5" in an English one is an error, not a silent factor of a thousand.
 *
 * Dates and times are the factory's wall clock in Viet Nam (UTC+07:00, no daylight saving time).
 */
import type { ImportLanguage, MessageKey } from "./messages";

/** A cell as the parsers give it: CSV cells are strings, XLSX cells keep their type. */
export type CellValue = string | number | boolean | Date | null;

export type CellResult<T> =
  { ok: true; value: T } | { ok: false; key: MessageKey; values?: Record<string, string> };

/** The offset dates and times are read in (Viet Nam keeps one all year). */
export const WALL_CLOCK_OFFSET = "+07:00";

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Text as NFC, trimmed, inner runs of white space kept; null for a blank cell. */
export function cellText(value: CellValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const text = String(value).normalize("NFC").trim();
  return text === "" ? null : text;
}

/** The example a number message shows in each language. */
export const NUMBER_EXAMPLE: Record<ImportLanguage, string> = { vi: "1.234,5", en: "1,234.5" };

/** A number typed in `language`'s convention (spaces and no-break spaces between groups are allowed too). */
export function parseNumberText(text: string, language: ImportLanguage): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "");
  const [group, decimal] = language === "vi" ? [".", ","] : [",", "."];
  const g = `\\${group}`;
  const d = `\\${decimal}`;
  const pattern = new RegExp(`^(-?)(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${d}(\\d+))?$`);
  const match = pattern.exec(compact);
  if (!match) return null;
  const [, sign, whole, fraction] = match;
  const value = Number(`${sign}${whole!.split(group).join("")}${fraction ? `.${fraction}` : ""}`);
  return Number.isFinite(value) ? value : null;
}

/** A number typed where no file language decides the convention (a console form): how it reads. */
export type EitherWayReading =
  | { kind: "number"; value: number }
  | { kind: "ambiguous"; readings: readonly [number, number] }
  | { kind: "not-a-number" };

/**
 * A number read in both conventions: taken when only one reads it or both read the same value (1234,5,
 * 1.234,5, 1,234.5, 1.5, 1234), ambiguous when they disagree (1.234 is 1234 or 1.234), never guessed.
 * @example parseNumberEitherWay("1.234,5") // { kind: "number", value: 1234.5 }
 */
export function parseNumberEitherWay(text: string): EitherWayReading {
  const vi = parseNumberText(text, "vi");
  const en = parseNumberText(text, "en");
  if (vi !== null && en !== null && vi !== en) return { kind: "ambiguous", readings: [en, vi] };
  const value = vi ?? en;
  return value === null ? { kind: "not-a-number" } : { kind: "number", value };
}

export function readNumber(value: CellValue, language: ImportLanguage): CellResult<number> {
  if (typeof value === "number") {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, key: "number" };
  }
  const text = cellText(value);
  if (text === null) return { ok: false, key: "required" };
  const parsed = parseNumberText(text, language);
  return parsed === null
    ? { ok: false, key: "number", values: { example: NUMBER_EXAMPLE[language] } }
    : { ok: true, value: parsed };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function wallClock(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): string | null {
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    year < 1900 ||
    year > 9999 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${WALL_CLOCK_OFFSET}`;
}

/** An Excel serial day number (1900 date system, fractions are the time of day) as wall-clock time. */
function fromSerial(serial: number): string | null {
  // 60 is Excel's phantom 29 February 1900; real dates start after it. Beyond 2958465 is past year 9999.
  if (!Number.isFinite(serial) || serial <= 60 || serial > 2_958_465) return null;
  return fromWallDate(new Date(EXCEL_EPOCH_MS + Math.round((serial * DAY_MS) / 1000) * 1000));
}

/** A Date whose UTC fields are the wall-clock time (what Excel readers give for date cells). */
function fromWallDate(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return wallClock(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
}

const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date (and time) as an ISO 8601 date-time with the wall clock's offset. */
export function readDate(value: CellValue): CellResult<string> {
  if (value instanceof Date) {
    const iso = fromWallDate(value);
    return iso === null ? { ok: false, key: "date" } : { ok: true, value: iso };
  }
  if (typeof value === "number") {
    const iso = fromSerial(value);
    return iso === null ? { ok: false, key: "date" } : { ok: true, value: iso };
  }
  const text = cellText(value);
  if (text === null) return { ok: false, key: "required" };
  const numbers = (parts: (string | undefined)[]) =>
    parts.map((part) => (part === undefined ? 0 : Number(part)));
  let iso: string | null = null;
  const dayFirst = DAY_FIRST.exec(text);
  const isoDate = ISO_DATE.exec(text);
  if (dayFirst) {
    const [day, month, year, hour, minute, second] = numbers(dayFirst.slice(1));
    iso = wallClock(year!, month!, day!, hour, minute, second);
  } else if (isoDate) {
    const [year, month, day, hour, minute, second] = numbers(isoDate.slice(1));
    iso = wallClock(year!, month!, day!, hour, minute, second);
  } else if (ISO_WITH_OFFSET.test(text) && !Number.isNaN(Date.parse(text))) {
    iso = text;
  } else if (/^\d{2,7}([.,]\d+)?$/.test(text)) {
    // An Excel serial exported as text (a date cell saved without its format).
    iso = fromSerial(Number(text.replace(",", ".")));
  }
  return iso === null ? { ok: false, key: "date" } : { ok: true, value: iso };
}

/**
 * A header as it is matched: NFC, lower case, white space collapsed, and the spaces inside brackets dropped,
 * so "Khối lượng (kg)", "khối  lượng(KG)" and its NFD spelling are one header.
 */
export function headerKey(value: CellValue): string {
  return (cellText(value) ?? "")
    .replace(/^\ufeff/, "")
    .toLocaleLowerCase("vi")
    .replace(/\s+/g, " ")
    .replace(/\s*\(\s*/g, " (")
    .replace(/\s*\)\s*/g, ")")
    .trim();
}
