/**
 * Languages of the viewer (Vietnamese and English): choosing one for a request, its strings, and formatting
 * of dates, numbers and countries in it (Intl, so no locale data ships with the page).
 */
import type { Lang } from "../view-model";
import { en } from "./en";
import type { Messages } from "./messages";
import { vi } from "./vi";

export type { Messages } from "./messages";

/** Every language the viewer speaks. */
export const LANGS: readonly Lang[] = ["vi", "en"];
/** The language when neither the query nor Accept-Language names one we speak. */
export const DEFAULT_LANG: Lang = "en";

const MESSAGES: Record<Lang, Messages> = { vi, en };

/** The strings of `lang`. */
export function messagesFor(lang: Lang): Messages {
  return MESSAGES[lang];
}

function asLang(value: unknown): Lang | undefined {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value.toLowerCase())
    ? (value.toLowerCase() as Lang)
    : undefined;
}

/**
 * Picks the page language: an explicit `?lang=vi|en` wins; otherwise the Accept-Language entry with the
 * highest q-value whose primary subtag we speak (`vi-VN` → vi, `en-US` → en; order breaks ties; q=0 excludes);
 * otherwise {@link DEFAULT_LANG}.
 * @example negotiateLanguage("fr-FR,fr;q=0.9,vi;q=0.8,en;q=0.5", undefined) // "vi"
 * @example negotiateLanguage("vi-VN", "en") // "en"
 */
export function negotiateLanguage(acceptLanguageHeader: string | undefined, queryLang?: unknown): Lang {
  const explicit = asLang(Array.isArray(queryLang) ? queryLang[0] : queryLang);
  if (explicit) return explicit;
  let best: { lang: Lang; q: number } | undefined;
  for (const entry of (acceptLanguageHeader ?? "").split(",")) {
    const [tag = "", ...params] = entry.trim().split(";");
    let q = 1;
    for (const param of params) {
      const [name, value] = param.trim().split("=");
      if (name?.trim().toLowerCase() === "q") q = Number(value);
    }
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const lang = asLang(tag.trim().split("-")[0]);
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}

/**
 * The zone pages show times in: the province's factories all keep Viet Nam's time (UTC+7, no daylight
 * saving), so a clerk or buyer reads the hour the event happened on the factory floor, not UTC's.
 */
export const DISPLAY_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** Intl formatters are costly to build (about 0.1 ms each) and immutable: one set per language and zone. */
const formatters = new Map<string, ReturnType<typeof buildFormatters>>();

function buildFormatters(lang: Lang, timeZone: string) {
  const locale = messagesFor(lang).locale;
  return {
    date: new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }),
    time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }),
    // The zone's offset at that instant ("GMT+7"), taken from the zone itself rather than written beside it.
    offset: new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "shortOffset" }),
    number: new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }),
    region: new Intl.DisplayNames([locale], { type: "region", fallback: "code" }),
  };
}

/**
 * The formatters of `lang` in `timeZone`. A zone Intl does not know falls back to {@link DISPLAY_TIME_ZONE}
 * (zones come from checked facility records, so the set stays as small as the zones in use).
 */
function formattersFor(lang: Lang, timeZone: string = DISPLAY_TIME_ZONE): ReturnType<typeof buildFormatters> {
  const key = `${lang} ${timeZone}`;
  let set = formatters.get(key);
  if (!set) {
    try {
      set = buildFormatters(lang, timeZone);
    } catch {
      return formattersFor(lang);
    }
    formatters.set(key, set);
  }
  return set;
}

/** A date (no time) in the page language, in Viet Nam's time (or `timeZone`): "1 March 2026" / "1 tháng 3, 2026". */
export function formatDate(iso: string, lang: Lang, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formattersFor(lang, timeZone).date.format(date);
}

/**
 * A date and time in Viet Nam's time (or `timeZone`) with its offset named, so nobody reads it as UTC:
 * "1 March 2026, 15:00 (UTC+7)" / "1 tháng 3, 2026, 15:00 (UTC+7)".
 */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const { time, offset } = formattersFor(lang, timeZone);
  const zone = offset.formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? "";
  return `${formatDate(iso, lang, timeZone)}, ${time.format(date)} (${zone.replace(/^GMT/, "UTC")})`;
}

/** A number with the page language's grouping: 1,200 / 1.200. */
export function formatNumber(value: number, lang: Lang): string {
  return formattersFor(lang).number.format(value);
}

const ISO_COUNTRY = /^[A-Z]{2}$/;

/** The country's name in the page language ("Viet Nam" / "Việt Nam"); the code itself when unknown. */
export function countryName(code: string, lang: Lang): string {
  const upper = code.toUpperCase();
  if (!ISO_COUNTRY.test(upper)) return code;
  return formattersFor(lang).region.of(upper) ?? upper;
}
