/** The certificate verification page: is this origin certificate anchored, intact, signed, not revoked and in force? */
import { messagesFor } from "../i18n/index";
import { translatedRuleText } from "../i18n/rule-texts";
import { html } from "../html";
import type { SafeHtml } from "../html";
import type { CertificatePageModel, Lang } from "../view-model";
import { checkList, country, date, link, technicalDetail } from "./fragments";
import { verifiedFooter } from "./garment";
import { certifier } from "./origin-summary";
import { layout } from "./layout";
import type { RenderOptions } from "./layout";

/**
 * The rule in the page language, translated by its exact id (`CPTPP-62/yarn-forward`); a rule the page has no
 * words for says so, its English text folded beneath.
 */
function ruleText(rule: { id: string; text: string }, lang: Lang): SafeHtml {
  const m = messagesFor(lang);
  const translated = translatedRuleText(rule.id, lang);
  if (translated) return html`${translated}`;
  if (lang === "en") return html`${rule.text}`;
  return html`${m.ruleTextUntranslated}${technicalDetail(rule.text, lang)}`;
}

const ICON = {
  valid: "✓",
  revoked: "✕",
  expired: "✕",
  invalid: "✕",
  unverified: "?",
  tampered: "✕",
} as const;

/**
 * Renders the certificate verification page.
 * @example res.type("html").send(renderCertificatePage(model, lang, { requestUrl: req.originalUrl }));
 */
export function renderCertificatePage(
  model: CertificatePageModel,
  lang: Lang,
  options: RenderOptions = {},
): string {
  const m = messagesFor(lang);
  const c = model.certificate;
  const title = m.certificateTitle(c.id);
  const body = html`<section
      class="verdict cert-${model.verdict}"
      role="status"
      data-verdict="${model.verdict}"
    >
      <h1><span aria-hidden="true">${ICON[model.verdict]}</span> ${m.certificateVerdict[model.verdict]}</h1>
      <p>${m.certificateExplain[model.verdict]}</p>
    </section>
    <section aria-labelledby="certificate-title">
      <h2 id="certificate-title">${title}</h2>
      <dl class="facts">
        <dt>${m.agreement}</dt>
        <dd>${m.agreementName[c.fta] ?? c.fta}</dd>
        <dt>${m.certifier}</dt>
        <dd data-certifier>${certifier(c, lang)}</dd>
        ${
          c.exporter
            ? html`<dt>${m.exporter}</dt>
                <dd>${c.exporter.name}, ${country(c.exporter.country, lang)}</dd>`
            : ""
        }
        ${
          c.exportingCountry
            ? html`<dt>${m.exportingCountry}</dt>
                <dd>${country(c.exportingCountry, lang)}</dd>`
            : ""
        }
        <dt>${m.importingCountry}</dt>
        <dd>${country(c.importingCountry, lang)}</dd>
        <dt>${m.covers}</dt>
        <dd>
          <span class="mono">${c.subject.id}</span
          >${c.subject.description ? ` — ${c.subject.description}` : ""}${
            c.subject.hsCode ? html` (${m.hsCode} <span class="mono">${c.subject.hsCode}</span>)` : ""
          }
        </dd>
        ${
          c.rule
            ? html`<dt>${m.rule}</dt>
                <dd>${ruleText(c.rule, lang)} <span class="meta mono">${c.rule.id}</span></dd>`
            : ""
        }
        <dt>${m.issued}</dt>
        <dd>${date(c.issuedAt, lang)}</dd>
        ${
          c.validFrom
            ? html`<dt>${m.validFrom}</dt>
                <dd>${date(c.validFrom, lang)}</dd>`
            : ""
        }
        ${
          c.validUntil
            ? html`<dt>${c.status === "expired" ? m.expired : m.validUntil}</dt>
                <dd>${date(c.validUntil, lang)}</dd>`
            : ""
        }
        ${
          c.revokedAt
            ? html`<dt>${m.revokedOn}</dt>
                <dd>${date(c.revokedAt, lang)}</dd>`
            : ""
        }
        ${
          c.revocationReason
            ? html`<dt>${m.reason}</dt>
                <dd>${c.revocationReason}</dd>`
            : ""
        }
        ${
          c.supersededBy
            ? html`<dt>${m.supersededBy}</dt>
                <dd>${link(c.supersededBy.url, html`<span class="mono">${c.supersededBy.id}</span>`)}</dd>`
            : ""
        }
        ${
          c.replaces
            ? html`<dt>${m.replaces}</dt>
                <dd>${link(c.replaces.url, html`<span class="mono">${c.replaces.id}</span>`)}</dd>`
            : ""
        }
        <dt>${m.fingerprint}</dt>
        <dd><code>${c.sha256}</code></dd>
        ${
          c.txHash
            ? html`<dt>${m.transaction}</dt>
                <dd>${link(c.txUrl, html`<code>${c.txHash}</code>`)}</dd>`
            : ""
        }
      </dl>
      <div class="links">
        ${c.pdfUrl ? link(c.pdfUrl, m.downloadPdf) : ""}${c.jsonUrl ? link(c.jsonUrl, "JSON") : ""}
      </div>
    </section>
    ${checkList(model.checks, lang)}`;
  return layout({
    lang,
    title,
    body,
    options,
    footer: verifiedFooter(model.verifiedAt, c.jsonUrl ? { json: c.jsonUrl } : undefined, lang),
    alternates: c.jsonUrl ? { json: c.jsonUrl } : undefined,
  });
}
