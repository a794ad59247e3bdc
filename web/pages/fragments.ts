/** Small pieces shared by the pages: status badges, countries with flags, dates, checks, chain links. */
import { countryName, formatDate, formatDateTime, messagesFor } from "../i18n/index";
import { noteWords } from "../i18n/notes";
import { html, safeUrl } from "../html";
import type { SafeHtml } from "../html";
import type { CheckStatus, CheckView, DocumentStatus, Lang, NoteView } from "../view-model";
import { countryFlagSvg } from "./flags";

/** A coloured badge with the status in words (colour is never the only signal). */
export function statusBadge(status: CheckStatus, lang: Lang): SafeHtml {
  return html`<span class="badge badge-${status}">${messagesFor(lang).status[status]}</span>`;
}

/** A document's badge: a check's, or "not yet checked" (its own words and colour, never the verified one). */
export function documentBadge(status: DocumentStatus, lang: Lang): SafeHtml {
  if (status === "unchecked")
    return html`<span class="badge badge-unchecked">${messagesFor(lang).documentNotYetChecked}</span>`;
  return statusBadge(status, lang);
}

/** [flag] Việt Nam — the flag (inline SVG) is decoration for screen readers, the name carries the meaning. */
export function country(code: string, lang: Lang): SafeHtml {
  if (!code) return html``;
  return html`${countryFlagSvg(code)} ${countryName(code, lang)}`;
}

/** A `<time>` element showing the date in the page language. */
export function date(iso: string, lang: Lang): SafeHtml {
  return html`<time datetime="${iso}">${formatDate(iso, lang)}</time>`;
}

/** A `<time>` element showing date, time and offset in `timeZone` (default Viet Nam's). */
export function dateTime(iso: string, lang: Lang, timeZone?: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso, lang, timeZone)}</time>`;
}

/** A link when the URL is safe to follow, otherwise the text alone. */
export function link(url: string | undefined, text: SafeHtml | string): SafeHtml {
  const href = safeUrl(url);
  return href ? html`<a href="${href}" rel="noopener">${text}</a>` : html`<span>${text}</span>`;
}

/**
 * A long hash shortened for reading on a phone (`0x1234abcd…9f3e21`), the full value kept in `title` and
 * `data-full` for whoever needs to compare it.
 */
export function shortHash(hash: string): SafeHtml {
  const short = hash.length > 24 ? `${hash.slice(0, 12)}…${hash.slice(-6)}` : hash;
  return html`<code title="${hash}" data-full="${hash}">${short}</code>`;
}

/** A document type in words: translated when known, otherwise `supplier-invoice` → "Supplier invoice". */
export function documentTypeName(type: string, lang: Lang): string {
  const known = messagesFor(lang).documentType[type.toLowerCase()];
  if (known) return known;
  const words = type.replace(/[-_.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The part of a check id before its subject: `signature` of `signature:CO-1`. */
const checkIdKind = (check: CheckView) => check.id.split(":")[0] ?? check.id;

/**
 * The words for one check, in the page language: worded by its kind, or for the certificate page's own checks
 * (kind `other`) by its id; only a check the page has no words for shows the engine's label.
 */
export function checkLabel(check: CheckView, lang: Lang): string {
  const m = messagesFor(lang);
  if (check.kind === "other") {
    const byId = m.checkById[checkIdKind(check)];
    return byId ? byId(check.subject ?? "") : (check.label ?? check.id);
  }
  let subject = check.subject ?? check.label ?? check.id;
  if (check.kind === "document-hash") subject = documentTypeName(subject, lang);
  return m.check[check.kind](subject);
}

/**
 * The engine's own words (hashes, error messages), folded away under a translated "technical detail" and
 * marked as English so a screen reader reads them as such: the sentence above it is the page's.
 */
export function technicalDetail(text: string | undefined, lang: Lang): SafeHtml {
  if (!text) return html``;
  return html`<details class="technical">
    <summary>${messagesFor(lang).technicalDetail}</summary>
    <p class="mono" lang="en">${text}</p>
  </details>`;
}

/**
 * An engine note in the page language: worded from its code and parameters; a code the page has no words for
 * gets `fallback`, a sentence of the page's. The engine's English follows, folded.
 */
export function noteText(
  note: NoteView | undefined,
  english: string | undefined,
  fallback: string,
  lang: Lang,
): SafeHtml {
  const words = note ? noteWords(note, lang) : undefined;
  return html`<span class="detail">${words ?? fallback}</span>${technicalDetail(english, lang)}`;
}

/**
 * What a check's outcome means, in the page language. A passed check needs no more words than its title and
 * badge (its hashes are under Evidence). A failed or unavailable one says what that means, then what the
 * engine found, from its note's code.
 */
function checkDetail(check: CheckView, lang: Lang): SafeHtml {
  if (check.status === "passed") return html``;
  const m = messagesFor(lang);
  const words = check.note ? noteWords(check.note, lang) : undefined;
  return html`<span class="detail">${m.checkOutcome[check.status]}</span>${
      words ? html`<span class="detail">${words}</span>` : ""
    }${technicalDetail(check.detail, lang)}`;
}

const ORDER: Record<CheckStatus, number> = { failed: 0, unavailable: 1, passed: 2 };

/** Every check, failed and unavailable first, folded away under a summary line. */
export function checkList(checks: readonly CheckView[], lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const sorted = [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const open = checks.some((c) => c.status !== "passed");
  return html`<section aria-labelledby="checks-title">
<details${open ? html` open` : ""}>
<summary id="checks-title">${m.checksTitle(checks.length)}</summary>
<ul class="plain checks">
${sorted.map(
  (c) =>
    html`<li data-check="${c.id}">
      ${statusBadge(c.status, lang)}
      <div>${checkLabel(c, lang)}${checkDetail(c, lang)}</div>
    </li> `,
)}
</ul>
</details>
</section>`;
}
