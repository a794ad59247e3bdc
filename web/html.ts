/**
 * Safe-by-default HTML building. The `html` tag escapes every interpolated value unless it is already
 * `SafeHtml` (the result of another `html` template), so text from a model — a product description typed by a
 * factory, a supplier name — can never become markup. `safeUrl` keeps links to http(s) and same-site paths.
 */

/** Markup known to be safe: produced by {@link html} or, for trusted constants, {@link trustedHtml}. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}: text is escaped, SafeHtml kept, lists joined, nullish dropped. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * Template tag that escapes interpolations.
 * @example html`<p>${model.product.description}</p>` // "<p>&lt;script&gt;…</p>" for a hostile description
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Marks a trusted constant (the stylesheet, a fixed icon) as markup. Never pass model text here. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A URL fit for an `href`: absolute http(s) URLs and same-site paths pass; anything else (`javascript:`,
 * `data:`, protocol-relative `//host`) becomes `undefined`, and the caller renders plain text instead.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
