/** The page for a scan that names no recorded garment, or that is not a garment Digital Link at all. */
import { messagesFor } from "../i18n/index";
import { html } from "../html";
import type { Lang, NotFoundPageModel } from "../view-model";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

/**
 * Renders the "unknown garment" page (serve it with status 404): an honest answer, not an error screen.
 * @example res.status(404).type("html").send(renderNotFoundPage({ reason: "unknown-garment", scanned }, lang));
 */
export function renderNotFoundPage(
  model: NotFoundPageModel,
  lang: Lang,
  options: RenderOptions = {},
): string {
  const m = messagesFor(lang);
  const [title, text] =
    model.reason === "invalid-link"
      ? [m.invalidLinkTitle, m.invalidLinkText]
      : model.reason === "unknown-certificate"
        ? [m.unknownCertificateTitle, m.unknownCertificateText]
        : [m.notFoundTitle, m.notFoundText];
  const s = model.scanned;
  const body = html`<section class="verdict verdict-unverified" role="status" data-verdict="${model.reason}">
      <h1><span aria-hidden="true">?</span> ${title}</h1>
      <p>${text}</p>
    </section>
    ${
      model.certificateId
        ? html`<dl class="facts">
            <dt>${m.certificateNumber}</dt>
            <dd class="mono">${model.certificateId}</dd>
          </dl>`
        : ""
    }
    ${
      s && (s.gtin || s.lot || s.serial)
        ? html`<section aria-labelledby="scanned-title">
            <h2 id="scanned-title">${m.scanned}</h2>
            <dl class="facts">
              ${
                s.gtin
                  ? html`<dt>${m.gtin}</dt>
                      <dd class="mono">${s.gtin}</dd>`
                  : ""
              }
              ${
                s.lot
                  ? html`<dt>${m.lot}</dt>
                      <dd class="mono">${s.lot}</dd>`
                  : ""
              }
              ${
                s.serial
                  ? html`<dt>${m.serial}</dt>
                      <dd class="mono">${s.serial}</dd>`
                  : ""
              }
            </dl>
          </section>`
        : ""
    }`;
  return layout({ lang, title, body, options });
}
