/**
 * The compliance officer's console: find a garment batch or shipment, compare every agreement in force for
 * its destination, issue a certificate from an originating answer, revoke one with a reason.
 */
import { html } from "../html";
import type { HtmlValue } from "../html";
import { countryName, formatDate } from "../i18n/index";
import { consoleMessages } from "./i18n";
import {
  consoleLayout,
  formBasics,
  formProblems,
  noticeBox,
  refusalBox,
  selectField,
  textField,
} from "./layout";
import type { AgreementView, ConsoleFrame, FormState, LotPageModel, LotsPageModel } from "./view-model";
import { EMPTY_FORM } from "./view-model";

const enc = encodeURIComponent;
const SECTION = "/console/compliance/lots";

export function renderLotsPage(frame: ConsoleFrame, model: LotsPageModel): string {
  const m = consoleMessages(frame.lang);
  const body = html`<h1>${m.lotsTitle}</h1>
    <section class="card">
      <form class="inline-form" method="get" action="${SECTION}" role="search">
        <input type="hidden" name="lang" value="${frame.lang}" />
        ${textField(
          frame,
          "lots",
          { values: { q: model.query }, fields: [] },
          {
            name: "q",
            label: m.search,
            maxlength: 64,
          },
        )}
        <button class="button" type="submit">${m.searchButton}</button>
      </form>
    </section>
    <section class="card" aria-labelledby="lot-list">
      <h2 id="lot-list">${m.lotsTitle}</h2>
      ${
        model.lots.length === 0
          ? html`<p data-no-lots>${m.noLots}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${m.id}</th>
                    <th scope="col">${m.kind["garment-batch"]} / ${m.kind.shipment}</th>
                    <th scope="col">${m.destination}</th>
                    <th scope="col">${m.occurred}</th>
                  </tr>
                </thead>
                <tbody>
                  ${model.lots.map(
                    (lot) =>
                      html`<tr data-lot="${lot.id}">
                        <td>
                          <a class="mono" href="${SECTION}/${enc(lot.id)}?lang=${frame.lang}">${lot.id}</a>
                        </td>
                        <td>
                          ${m.kind[lot.kind]}${lot.description ? html`<br /><span class="hint">${lot.description}</span>` : ""}
                        </td>
                        <td>
                          ${lot.destinationCountry ? countryName(lot.destinationCountry, frame.lang) : ""}
                        </td>
                        <td>${lot.occurredAt ? formatDate(lot.occurredAt, frame.lang) : ""}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  return consoleLayout(frame, { title: m.lotsTitle, body, section: SECTION });
}

function statusBadge(frame: ConsoleFrame, agreement: AgreementView): HtmlValue {
  const m = consoleMessages(frame.lang);
  const tone =
    agreement.status === "originating" ? "ok" : agreement.status === "not-originating" ? "bad" : "warn";
  return html`<span class="badge ${tone}" data-status="${agreement.status}"
      >${m.statusText[agreement.status] ?? agreement.status}</span
    >
    ${agreement.provisional ? html` <span class="badge warn" data-provisional>${m.provisional}</span>` : ""}
    ${agreement.certifiable ? html` <span class="badge ok" data-certifiable>${m.certifiable}</span>` : ""}`;
}

function issueForm(
  frame: ConsoleFrame,
  lotId: string,
  agreement: AgreementView,
  state: FormState,
): HtmlValue {
  const m = consoleMessages(frame.lang);
  const form = `issue-${agreement.fta}`;
  const party = (prefix: "exporter" | "producer") =>
    html`<fieldset>
      <legend>${prefix === "exporter" ? m.exporter : m.producer}</legend>
      ${textField(frame, form, state, { name: `${prefix}.name`, label: m.name, maxlength: 200 })}
      ${textField(frame, form, state, { name: `${prefix}.address`, label: m.address, maxlength: 300 })}
      ${textField(frame, form, state, { name: `${prefix}.telephone`, label: m.telephone, type: "tel", autocomplete: "tel", maxlength: 30 })}
      ${textField(frame, form, state, { name: `${prefix}.email`, label: m.email, autocomplete: "email", maxlength: 200 })}
    </fieldset>`;
  return html`<details ${state.fields.length > 0 || state.refusal ? html`open` : ""}>
    <summary class="button secondary">${m.issueTitle(agreement.fta)}</summary>
    ${formProblems(frame, state)}
    <form
      class="stack"
      method="post"
      action="${SECTION}/${enc(lotId)}/certificates"
      data-form="issue"
      data-fta="${agreement.fta}"
    >
      ${formBasics(frame)}
      <input type="hidden" name="fta" value="${agreement.fta}" />
      ${selectField(frame, form, state, {
        name: "proofType",
        label: m.proofType,
        options: [
          { value: "", label: m.proofTypeAuto },
          ...agreement.proofTypes.map((proof) => ({ value: proof.id, label: proof.name })),
        ],
      })}
      ${selectField(frame, form, state, {
        name: "certifierRole",
        label: m.certifierRole,
        options: [
          { value: "", label: "—" },
          ...(["exporter", "producer", "importer"] as const).map((role) => ({
            value: role,
            label: m.partyRoles[role],
          })),
        ],
      })}
      ${party("exporter")}
      ${textField(frame, form, state, { name: "exporterAuthorisation", label: m.authorisation, maxlength: 100 })}
      ${party("producer")}
      <fieldset>
        <legend>${m.importer}</legend>
        ${textField(frame, form, state, { name: "importer.name", label: m.name, maxlength: 200 })}
        ${textField(frame, form, state, { name: "importer.address", label: m.address, maxlength: 300 })}
        ${textField(frame, form, state, { name: "importer.country", label: m.country, maxlength: 2 })}
      </fieldset>
      ${textField(frame, form, state, { name: "place", label: m.place, maxlength: 200 })}
      ${textField(frame, form, state, { name: "supersedes", label: m.supersedes, maxlength: 64 })}
      <div><button class="button" type="submit">${m.issue}</button></div>
    </form>
  </details>`;
}

export function renderLotPage(frame: ConsoleFrame, model: LotPageModel): string {
  const m = consoleMessages(frame.lang);
  const { lot, comparison } = model;
  const comparisonBody =
    "refusal" in comparison
      ? refusalBox(frame, comparison.refusal)
      : html`<dl class="facts">
            <dt>${m.exporting}</dt>
            <dd>
              ${comparison.exportingCountry ? countryName(comparison.exportingCountry, frame.lang) : "—"}
            </dd>
            <dt>${m.importing}</dt>
            <dd data-importing="${comparison.importingCountry ?? ""}">
              ${comparison.importingCountry ? countryName(comparison.importingCountry, frame.lang) : "—"}
            </dd>
            <dt>${m.date}</dt>
            <dd>${comparison.date ? formatDate(comparison.date, frame.lang) : "—"}</dd>
          </dl>
          ${
            comparison.agreements.length === 0
              ? html`<p>${m.noAgreements}</p>`
              : html`<div class="agreements">
                  ${comparison.agreements.map(
                    (agreement) =>
                      html`<article
                        class="card"
                        data-agreement="${agreement.fta}"
                        aria-labelledby="fta-${agreement.fta}"
                      >
                        <h3 id="fta-${agreement.fta}">${agreement.fta} · ${agreement.name}</h3>
                        <p>${statusBadge(frame, agreement)}</p>
                        ${
                          agreement.failingChecks.length > 0
                            ? html`<h4>${m.failingChecks}</h4>
                                <ul data-failing>
                                  ${agreement.failingChecks.map((check) => html`<li>${check.text}</li>`)}
                                </ul>`
                            : ""
                        }
                        ${
                          agreement.missing.length > 0
                            ? html`<h4>${m.missing}</h4>
                                <ul>
                                  ${agreement.missing.map((fact) => html`<li class="mono">${fact}</li>`)}
                                </ul>`
                            : ""
                        }
                        ${
                          agreement.smallestChange
                            ? html`<h4>${m.smallestChange}</h4>
                                <p data-smallest-change="${agreement.smallestChange.changes}">
                                  ${agreement.smallestChange.text}
                                </p>`
                            : ""
                        }
                        ${
                          agreement.certifiable
                            ? issueForm(
                                frame,
                                lot.id,
                                agreement,
                                model.issue?.fta === agreement.fta ? model.issue : EMPTY_FORM,
                              )
                            : ""
                        }
                      </article>`,
                  )}
                </div>`
          }`;
  const body = html`<h1>${m.lotTitle(lot.id)}</h1>
    ${noticeBox(model.notice)}
    <section class="card" aria-labelledby="comparison">
      <h2 id="comparison">${m.comparisonTitle}</h2>
      <p>${m.kind[lot.kind]}${lot.description ? html` · ${lot.description}` : ""}</p>
      ${comparisonBody}
    </section>
    <section class="card" aria-labelledby="certificates">
      <h2 id="certificates">${m.certificatesTitle}</h2>
      ${model.revoke ? formProblems(frame, model.revoke) : ""}
      ${
        model.certificates.length === 0
          ? html`<p>${m.noCertificates}</p>`
          : html`<ul class="agreements" role="list">
              ${model.certificates.map(
                (certificate) =>
                  html`<li
                    class="card"
                    data-certificate="${certificate.id ?? ""}"
                    data-status="${certificate.status}"
                  >
                    <h3>${certificate.fta} · <span class="mono">${certificate.id ?? "—"}</span></h3>
                    <p>
                      <span class="badge ${certificate.status === "valid" ? "ok" : "bad"}"
                        >${m.validity[certificate.status] ?? certificate.status}</span
                      >
                      ${formatDate(certificate.issuedAt, frame.lang)}
                    </p>
                    ${
                      certificate.links
                        ? html`<p class="links">
                            <a class="button secondary" href="${certificate.links.pdf}" data-link="pdf"
                              >${m.pdf}</a
                            >
                            <a class="button secondary" href="${certificate.links.json}" data-link="json"
                              >${m.signedJson}</a
                            >
                            <a class="button secondary" href="${certificate.links.page}" data-link="page"
                              >${m.verificationPage}</a
                            >
                          </p>`
                        : ""
                    }
                    ${
                      certificate.id && certificate.status === "valid"
                        ? html`<form
                            class="inline-form"
                            method="post"
                            action="/console/compliance/certificates/${enc(certificate.id)}/revoke"
                            data-form="revoke"
                          >
                            ${formBasics(frame)}
                            <input type="hidden" name="lotId" value="${lot.id}" />
                            ${textField(
                              frame,
                              `revoke-${certificate.id}`,
                              model.revoke?.certificateId === certificate.id ? model.revoke : EMPTY_FORM,
                              { name: "reason", label: m.revokeReason, maxlength: 1000 },
                            )}
                            <button class="button danger" type="submit">${m.revoke}</button>
                          </form>`
                        : ""
                    }
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  return consoleLayout(frame, { title: m.lotTitle(lot.id), body, section: SECTION });
}
