/** The batch page (`/01/{gtin}/10/{lot}`): a garment batch's verified provenance, no garment's authentication. */
import { formatNumber, messagesFor } from "../i18n/index";
import { html } from "../html";
import type { SafeHtml } from "../html";
import type { BatchPageModel, Lang } from "../view-model";
import { checkList, link } from "./fragments";
import {
  certificates,
  documents,
  fabrics,
  productIdentityFacts,
  productPhoto,
  suspensionBanners,
  timeline,
  verdictCard,
  verifiedFooter,
} from "./garment";
import { evidence } from "./evidence";
import { originSummary } from "./origin-summary";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

function batchCard(model: BatchPageModel, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const p = model.product;
  return html`<section aria-labelledby="product-title">
    <h2 id="product-title">${m.product}</h2>
    ${productPhoto(model.productImage, p.description, lang)}
    <p class="product-name">${p.description}</p>
    <dl class="facts">
      ${productIdentityFacts(p, lang)}
      <dt>${m.lot}</dt>
      <dd class="mono" data-lot="${p.lot}">${p.lot}</dd>
      ${
        p.garmentCount !== undefined
          ? html`<dt>${m.garmentCount}</dt>
              <dd>${formatNumber(p.garmentCount, lang)}</dd>`
          : ""
      }
      ${
        p.hsCode
          ? html`<dt>${m.hsCode}</dt>
              <dd class="mono">${p.hsCode}</dd>`
          : ""
      }
    </dl>
    ${p.productUrl ? html`<div class="links">${link(p.productUrl, m.viewProduct)}</div>` : ""}
  </section>`;
}

/**
 * Renders the batch page as a complete HTML document.
 * @example res.type("html").send(renderBatchPage(model, "vi", { requestUrl: req.originalUrl }));
 */
export function renderBatchPage(model: BatchPageModel, lang: Lang, options: RenderOptions = {}): string {
  const m = messagesFor(lang);
  const body = html`<div data-page="batch">
    ${verdictCard(model.verdict, lang, m.batchVerdictExplain[model.verdict])}
    ${suspensionBanners(model, lang)} ${originSummary(model.certificates, lang)} ${batchCard(model, lang)}
    ${timeline(model.timeline, lang, m.batchJourney)} ${fabrics(model.fabrics, lang)}
    ${documents(model.documents, lang)} ${certificates(model.certificates, lang)}
    ${checkList(model.checks, lang)} ${evidence(model.timeline, lang)}
  </div>`;
  return layout({
    lang,
    title: `${m.verdict[model.verdict]} — ${model.product.description} · ${model.product.lot}`,
    body,
    options,
    footer: verifiedFooter(model.verifiedAt, model.links, lang),
    alternates: model.links,
  });
}
