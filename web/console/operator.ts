/** The programme operator's console: facilities (register, suspend, reactivate, GS1 prefixes, API keys) and certifiers. */
import { html } from "../html";
import { countryName } from "../i18n/index";
import { consoleMessages } from "./i18n";
import {
  checkboxes,
  consoleLayout,
  formBasics,
  formProblems,
  issuedKeyBox,
  noticeBox,
  textField,
} from "./layout";
import type { CertifiersPageModel, ConsoleFrame, FacilitiesPageModel, FacilityPageModel } from "./view-model";

const FACILITY_ROLES = ["fabric", "cutting", "sewing", "shipping"] as const;
const enc = encodeURIComponent;

function statusBadge(frame: ConsoleFrame, suspended: boolean) {
  const m = consoleMessages(frame.lang);
  return suspended
    ? html`<span class="badge bad" data-status="suspended">${m.suspended}</span>`
    : html`<span class="badge ok" data-status="active">${m.active}</span>`;
}

export function renderFacilitiesPage(frame: ConsoleFrame, model: FacilitiesPageModel): string {
  const m = consoleMessages(frame.lang);
  const roleName = (role: string) => m.facilityRoles[role as keyof typeof m.facilityRoles] ?? role;
  const form = model.register;
  const body = html`<h1>${m.facilitiesTitle}</h1>
    ${issuedKeyBox(frame, model.issuedKey)}
    <section class="card" aria-labelledby="facility-list">
      <h2 id="facility-list">${m.facilitiesTitle}</h2>
      ${
        model.facilities.length === 0
          ? html`<p>${m.noFacilities}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${m.id}</th>
                    <th scope="col">${m.name}</th>
                    <th scope="col">${m.country}</th>
                    <th scope="col">${m.rolesLabel}</th>
                    <th scope="col">${m.status}</th>
                  </tr>
                </thead>
                <tbody>
                  ${model.facilities.map(
                    (facility) =>
                      html`<tr data-facility="${facility.id}">
                        <td>
                          <a
                            class="mono"
                            href="/console/operator/facilities/${enc(facility.id)}?lang=${frame.lang}"
                            >${facility.id}</a
                          >
                        </td>
                        <td>${facility.name ?? ""}</td>
                        <td>${countryName(facility.country, frame.lang)}</td>
                        <td>${facility.roles.map(roleName).join(", ")}</td>
                        <td>${statusBadge(frame, facility.suspended)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section class="card" aria-labelledby="register-facility">
      <h2 id="register-facility">${m.registerFacility}</h2>
      ${formProblems(frame, form)}
      <form class="stack" method="post" action="/console/operator/facilities" data-form="register-facility">
        ${formBasics(frame)}
        <div class="two">
          ${textField(frame, "facility", form, { name: "id", label: m.id, required: true, maxlength: 64 })}
          ${textField(frame, "facility", form, { name: "name", label: m.name, required: true, maxlength: 200 })}
        </div>
        ${textField(frame, "facility", form, {
          name: "country",
          label: m.country,
          hint: "VN, KR, CN…",
          required: true,
          maxlength: 2,
        })}
        ${checkboxes(frame, "facility", form, {
          name: "roles",
          legend: m.rolesLabel,
          options: FACILITY_ROLES.map((role) => ({ value: role, label: roleName(role) })),
        })}
        ${textField(frame, "facility", form, {
          name: "gtinPrefixes",
          label: m.gtinPrefixes,
          hint: m.gtinPrefixesHint,
          maxlength: 700,
        })}
        <div><button class="button" type="submit">${m.register}</button></div>
      </form>
    </section>`;
  return consoleLayout(frame, { title: m.facilitiesTitle, body, section: "/console/operator/facilities" });
}

export function renderFacilityPage(frame: ConsoleFrame, model: FacilityPageModel): string {
  const m = consoleMessages(frame.lang);
  const f = model.facility;
  const base = `/console/operator/facilities/${enc(f.id)}`;
  const roleName = (role: string) => m.facilityRoles[role as keyof typeof m.facilityRoles] ?? role;
  const body = html`<h1>${m.facilityTitle(f.id)}</h1>
    ${noticeBox(model.notice)} ${issuedKeyBox(frame, model.issuedKey)}
    <section class="card" aria-labelledby="facility-facts">
      <h2 id="facility-facts">${f.name ?? f.id}</h2>
      <dl class="facts">
        <dt>${m.status}</dt>
        <dd>${statusBadge(frame, f.suspended)}</dd>
        <dt>${m.country}</dt>
        <dd>${countryName(f.country, frame.lang)}</dd>
        <dt>${m.rolesLabel}</dt>
        <dd>${f.roles.map(roleName).join(", ")}</dd>
        <dt>${m.gtinPrefixes}</dt>
        <dd class="mono" data-prefixes>${f.gtinPrefixes.join(" ")}</dd>
        <dt>${m.account}</dt>
        <dd class="mono">${f.account}</dd>
      </dl>
    </section>
    <section class="card" aria-labelledby="suspension">
      <h2 id="suspension">${f.suspended ? m.reinstate : m.suspend}</h2>
      ${formProblems(frame, model.suspension)}
      <form class="stack" method="post" action="${base}/suspension" data-form="suspension">
        ${formBasics(frame)}
        <input type="hidden" name="action" value="${f.suspended ? "reinstate" : "suspend"}" />
        ${textField(frame, "suspension", model.suspension, {
          name: "reason",
          label: m.reason,
          hint: m.reasonHint,
          required: true,
          maxlength: 1000,
        })}
        <div>
          <button class="button ${f.suspended ? "" : "danger"}" type="submit">
            ${f.suspended ? m.reinstate : m.suspend}
          </button>
        </div>
      </form>
    </section>
    <section class="card" aria-labelledby="prefixes">
      <h2 id="prefixes">${m.gtinPrefixes}</h2>
      ${formProblems(frame, model.prefixes)}
      <form class="stack" method="post" action="${base}/gtin-prefixes" data-form="gtin-prefixes">
        ${formBasics(frame)}
        ${textField(
          frame,
          "prefixes",
          { ...model.prefixes, values: { gtinPrefixes: f.gtinPrefixes, ...model.prefixes.values } },
          { name: "gtinPrefixes", label: m.gtinPrefixes, hint: m.gtinPrefixesHint, maxlength: 700 },
        )}
        <div><button class="button" type="submit">${m.setPrefixes}</button></div>
      </form>
    </section>
    <section class="card" aria-labelledby="api-key">
      <h2 id="api-key">${m.apiKeyTitle}</h2>
      ${formProblems(frame, model.keyIssue)}
      <p>${m.reissueHint}</p>
      <form method="post" action="${base}/api-key" data-form="api-key">
        ${formBasics(frame)}
        <button class="button secondary" type="submit">${m.reissueKey}</button>
      </form>
    </section>`;
  return consoleLayout(frame, {
    title: m.facilityTitle(f.id),
    body,
    section: "/console/operator/facilities",
  });
}

export function renderCertifiersPage(frame: ConsoleFrame, model: CertifiersPageModel): string {
  const m = consoleMessages(frame.lang);
  const body = html`<h1>${m.certifiersTitle}</h1>
    ${noticeBox(model.notice)} ${issuedKeyBox(frame, model.issuedKey)}
    ${model.rotation.refusal ? formProblems(frame, model.rotation) : ""}
    <section class="card" aria-labelledby="certifier-list">
      <h2 id="certifier-list">${m.certifiersTitle}</h2>
      ${
        model.certifiers.length === 0
          ? html`<p>${m.noCertifiers}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${m.id}</th>
                    <th scope="col">${m.name}</th>
                    <th scope="col">${m.account}</th>
                    <th scope="col">${m.didKeys}</th>
                    <th scope="col"><span class="hint">${m.rotateKey}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${model.certifiers.map(
                    (certifier) =>
                      html`<tr data-certifier="${certifier.id}">
                        <td class="mono">${certifier.id}</td>
                        <td>${certifier.name}</td>
                        <td class="mono">${certifier.account ?? ""}</td>
                        <td>${certifier.keys.length}</td>
                        <td>
                          <form
                            method="post"
                            action="/console/operator/certifiers/${enc(certifier.id)}/key-rotation"
                          >
                            ${formBasics(frame)}
                            <button
                              class="button secondary"
                              type="submit"
                              aria-label="${m.rotateKey}: ${certifier.id}"
                            >
                              ${m.rotateKey}
                            </button>
                          </form>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section class="card" aria-labelledby="register-certifier">
      <h2 id="register-certifier">${m.registerCertifier}</h2>
      ${formProblems(frame, model.register)}
      <form class="stack" method="post" action="/console/operator/certifiers" data-form="register-certifier">
        ${formBasics(frame)}
        <div class="two">
          ${textField(frame, "certifier", model.register, { name: "id", label: m.id, required: true, maxlength: 64 })}
          ${textField(frame, "certifier", model.register, {
            name: "name",
            label: m.name,
            required: true,
            maxlength: 200,
          })}
        </div>
        <div><button class="button" type="submit">${m.register}</button></div>
      </form>
    </section>`;
  return consoleLayout(frame, { title: m.certifiersTitle, body, section: "/console/operator/certifiers" });
}
