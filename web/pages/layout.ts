/** The page shell shared by every viewer page: head, inlined stylesheet, header with the language switch. */
import { messagesFor } from "../i18n/index";
import { html, safeUrl, trustedHtml } from "../html";
import type { SafeHtml } from "../html";
import { viewerCss } from "../styles/index";
import type { AlternateLinks, Lang } from "../view-model";

// Built outside the template so its bytes are exactly those that `viewerStyleHash` (the CSP hash) covers.
const STYLE = trustedHtml(`<style>${viewerCss}</style>`);

/** Options every `render…Page` function takes. */
export interface RenderOptions {
  /**
   * Path and query of the current request (e.g. Express's `req.originalUrl`): the language switch links back
   * to it with `lang` changed, so a scanned link keeps its authentication code. Without it the switch links
   * to `?lang=…` alone.
   */
  requestUrl?: string;
}

/** `requestUrl` with its `lang` query parameter set to `lang`. */
export function withLang(requestUrl: string | undefined, lang: Lang): string {
  const source = requestUrl ?? "";
  const hash = source.indexOf("#");
  const withoutHash = hash === -1 ? source : source.slice(0, hash);
  const q = withoutHash.indexOf("?");
  const path = q === -1 ? withoutHash : withoutHash.slice(0, q);
  const query = new URLSearchParams(q === -1 ? "" : withoutHash.slice(q + 1));
  query.set("lang", lang);
  // Only same-site paths are echoed back; anything else falls back to a query-only link.
  const safePath = path.startsWith("/") && !path.startsWith("//") ? path : "";
  return `${safePath}?${query.toString()}`;
}

/** Wraps a page body into a complete, self-contained HTML document. */
export function layout(params: {
  lang: Lang;
  title: string;
  body: SafeHtml;
  options: RenderOptions;
  footer?: SafeHtml;
  alternates?: AlternateLinks;
}): string {
  const { lang, title, body, options, footer, alternates } = params;
  const m = messagesFor(lang);
  const other: Lang = lang === "vi" ? "en" : "vi";
  const jsonHref = safeUrl(alternates?.json);
  const linksetHref = safeUrl(alternates?.linkset);
  return (
    "<!doctype html>" +
    html`<html lang="${m.htmlLang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light" />
        <title>${title} · threadproof</title>
        <link rel="icon" href="data:," />
        ${jsonHref ? html`<link rel="alternate" type="application/json" href="${jsonHref}" />` : ""}
        ${linksetHref ? html`<link rel="linkset" type="application/linkset+json" href="${linksetHref}" />` : ""}
        ${STYLE}
      </head>
      <body>
        <header class="top">
          <span class="brand">threadproof<small>${m.brandTagline}</small></span>
          <a class="lang" href="${withLang(options.requestUrl, other)}" hreflang="${other}" lang="${other}"
            >${m.switchTo}</a
          >
        </header>
        <main>${body}</main>
        ${footer ? html`<footer>${footer}</footer>` : ""}
      </body>
    </html> `.value
  );
}
