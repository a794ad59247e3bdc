/** The page for a known garment scanned with a wrong or missing authentication code. */
import { messagesFor } from "../i18n/index";
import { html } from "../html";
import type { Lang, WrongCodePageModel } from "../view-model";
import { cloneBanner } from "./garment";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

/** The query parameter of the authentication code when the page model names none. */
const DEFAULT_CODE_PARAM = "ac";

/** The path part of a same-site request URL, for the code form's action; "" submits to the page itself. */
function formAction(requestUrl: string | undefined): string {
  const path = (requestUrl ?? "").split(/[?#]/, 1)[0] ?? "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "";
}

/**
 * Renders the "wrong authentication code" page (serve it with status 200: the page itself is the answer).
 * It offers a plain form (no JavaScript) to type the code printed on the label.
 * @example res.type("html").send(renderWrongCodePage({ reason: "wrong-code", product }, lang, { requestUrl: req.originalUrl }));
 */
export function renderWrongCodePage(
  model: WrongCodePageModel,
  lang: Lang,
  options: RenderOptions = {},
): string {
  const m = messagesFor(lang);
  const wrong = model.reason === "wrong-code";
  const title = wrong ? m.wrongCodeTitle : m.missingCodeTitle;
  const p = model.product;
  const body = html`<section
      class="verdict ${wrong ? "verdict-tampered" : "verdict-unverified"}"
      role="status"
      data-verdict="${model.reason}"
    >
      <h1><span aria-hidden="true">${wrong ? "✕" : "?"}</span> ${title}</h1>
      <p>${wrong ? m.wrongCodeText : m.missingCodeText}</p>
    </section>
    ${cloneBanner(model.cloneWarning, lang)}
    <section aria-labelledby="product-title">
      <h2 id="product-title">${m.product}</h2>
      <p class="product-name">${p.description}</p>
      <dl class="facts">
        <dt>${m.gtin}</dt>
        <dd class="mono">${p.gtin}</dd>
        <dt>${m.lot}</dt>
        <dd class="mono">${p.lot}</dd>
        <dt>${m.serial}</dt>
        <dd class="mono">${p.serial}</dd>
      </dl>
      <form class="code" method="get" action="${formAction(options.requestUrl)}">
        <label for="code">${m.enterCode}</label>
        <input
          id="code"
          name="${model.codeParam ?? DEFAULT_CODE_PARAM}"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="128"
          required
        />
        <input type="hidden" name="lang" value="${lang}" />
        <button class="button" type="submit">${m.checkCode}</button>
      </form>
    </section>`;
  return layout({ lang, title, body, options });
}
