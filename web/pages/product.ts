/** The product page (`/01/{gtin}`): the product and its recorded batches, each linking to its batch page. */
import { formatNumber, messagesFor } from "../i18n/index";
import { html } from "../html";
import type { SafeHtml } from "../html";
import type { Lang, ProductBatchView, ProductPageModel } from "../view-model";
import { country, date, link } from "./fragments";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

function batchItem(b: ProductBatchView, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  return html`<li data-batch="${b.lotId}">
    <div class="row">
      <strong class="tap mono">${link(b.url, b.lotId)}</strong>
    </div>
    <p class="meta">
      ${date(b.occurredAt, lang)}${
        b.garmentCount !== undefined ? ` · ${m.garmentCount}: ${formatNumber(b.garmentCount, lang)}` : ""
      }
    </p>
    <p>${b.facility.name} — ${country(b.facility.country, lang)}</p>
  </li> `;
}

/**
 * Renders the product page as a complete HTML document.
 * @example res.type("html").send(renderProductPage(model, "en", { requestUrl: req.originalUrl }));
 */
export function renderProductPage(model: ProductPageModel, lang: Lang, options: RenderOptions = {}): string {
  const m = messagesFor(lang);
  const p = model.product;
  const body = html`<div data-page="product">
    <section aria-labelledby="product-title">
      <h1 id="product-title" class="product-name">${p.description}</h1>
      <p>${m.productIntro}</p>
      <dl class="facts">
        ${
          p.maker
            ? html`<dt>${m.maker}</dt>
                <dd>${p.maker.name}, ${country(p.maker.country, lang)}</dd>`
            : ""
        }
        <dt>${m.gtin}</dt>
        <dd class="mono">${p.gtin}</dd>
        ${
          p.hsCode
            ? html`<dt>${m.hsCode}</dt>
                <dd class="mono">${p.hsCode}</dd>`
            : ""
        }
      </dl>
    </section>
    <section aria-labelledby="batches-title">
      <h2 id="batches-title">${m.batches}</h2>
      ${
        model.batches.length
          ? html`<ul class="plain">
              ${model.batches.map((b) => batchItem(b, lang))}
            </ul>`
          : html`<p>${m.noBatches}</p>`
      }
      ${model.truncated ? html`<p class="meta">${m.moreBatches}</p>` : ""}
    </section>
  </div>`;
  const linkset = model.links?.linkset;
  return layout({
    lang,
    title: p.description,
    body,
    options,
    ...(linkset ? { footer: html`<div class="links">${link(linkset, m.linkLinkset)}</div>` } : {}),
    alternates: model.links,
  });
}
