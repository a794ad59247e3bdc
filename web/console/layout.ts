/**
 * The console shell shared by every console page: head with the inlined console stylesheet, a header with
 * who is signed in, the language switch and the sign-out form, and the navigation of the signed-in role. A
 * new console (the factory office, the KPI dashboard) adds its sections to {@link SECTIONS}.
 */
import { html, trustedHtml } from "../html";
import type { HtmlValue, SafeHtml } from "../html";
import { withLang } from "../pages/layout";
import type { Lang } from "../view-model";
import { consoleMessages, fieldLabel, fieldMessage } from "./i18n";
import type { ConsoleMessages } from "./i18n";
import { consoleCss } from "./styles";
import type { ConsoleFrame, ConsoleRole, FieldProblem, FormState, IssuedKey, Refusal } from "./view-model";

const STYLE = trustedHtml(`<style>${consoleCss}</style>`);

/** The sections each role sees, in order: its path and its name in the navigation. */
export const SECTIONS: Record<
  ConsoleRole,
  readonly { path: string; label: (m: ConsoleMessages) => string }[]
> = {
  operator: [
    { path: "/console/operator/facilities", label: (m) => m.nav.facilities },
    { path: "/console/operator/certifiers", label: (m) => m.nav.certifiers },
    { path: "/console/operator/kpis", label: (m) => m.nav.kpis },
  ],
  certifier: [{ path: "/console/compliance/lots", label: (m) => m.nav.lots }],
  facility: [
    { path: "/console/facility", label: (m) => m.factory.nav.lots },
    { path: "/console/facility/events", label: (m) => m.factory.nav.record },
    { path: "/console/facility/imports", label: (m) => m.factory.nav.imports },
    { path: "/console/facility/equipment", label: (m) => m.factory.nav.equipment },
  ],
};

/** The home of a role: its first section. */
export function homeOf(role: ConsoleRole): string {
  return SECTIONS[role][0]!.path;
}

export function consoleLayout(
  frame: ConsoleFrame,
  params: { title: string; body: SafeHtml; section?: string; refreshSeconds?: number },
): string {
  const { lang, signedIn } = frame;
  const m = consoleMessages(lang);
  const other: Lang = lang === "vi" ? "en" : "vi";
  const sections = signedIn ? SECTIONS[signedIn.role] : [];
  return (
    "<!doctype html>" +
    html`<html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light" />
        ${params.refreshSeconds ? html`<meta http-equiv="refresh" content="${params.refreshSeconds}" />` : ""}
        <title>${params.title} · threadproof</title>
        <link rel="icon" href="data:," />
        ${STYLE}
      </head>
      <body>
        <header class="top">
          <span class="brand"
            >${m.brand}${
              signedIn
                ? html`<small data-signed-in="${signedIn.role}"
                    >${m.signedInAs}: ${m.roles[signedIn.role]} · ${signedIn.name ?? signedIn.id}</small
                  >`
                : ""
            }</span
          >
          <span class="top-actions">
            <a href="${withLang(frame.requestUrl, other)}" hreflang="${other}" lang="${other}"
              >${m.switchTo}</a
            >
            ${
              signedIn
                ? html`<form method="post" action="/console/sign-out">
                    ${csrfField(frame)}
                    <input type="hidden" name="lang" value="${lang}" />
                    <button type="submit">${m.signOut}</button>
                  </form>`
                : ""
            }
          </span>
        </header>
        ${
          sections.length > 0
            ? html`<nav class="sections" aria-label="${m.brand}">
                <ul>
                  ${sections.map(
                    (section) =>
                      html`<li>
                        <a
                          href="${section.path}?lang=${lang}"
                          ${params.section === section.path ? trustedHtml('aria-current="page"') : ""}
                          >${section.label(m)}</a
                        >
                      </li>`,
                  )}
                </ul>
              </nav>`
            : ""
        }
        <main>${params.body}</main>
      </body>
    </html>`.value
  );
}

/** The hidden CSRF field every console form carries. */
export function csrfField(frame: ConsoleFrame): SafeHtml {
  return frame.signedIn
    ? html`<input type="hidden" name="csrf" value="${frame.signedIn.csrfToken}" />`
    : html``;
}

/** A form's hidden fields: the CSRF token and the page language. */
export function formBasics(frame: ConsoleFrame): SafeHtml {
  return html`${csrfField(frame)}<input type="hidden" name="lang" value="${frame.lang}" />`;
}

/** An id safe for `id`/`for` attributes, from a form's name and a field path. */
const domId = (form: string, path: string) => `${form}-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** The problems of `path` (and of its items, `gtinPrefixes.0`) in a form state. */
function problemsOf(state: FormState, path: string): FieldProblem[] {
  return state.fields.filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`));
}

function valueOf(state: FormState, name: string): string {
  const value = state.values[name];
  return Array.isArray(value) ? value.join(" ") : (value ?? "");
}

/** A labelled text input with its hint and the API's messages about it, tied together for screen readers. */
export function textField(
  frame: ConsoleFrame,
  form: string,
  state: FormState,
  params: {
    name: string;
    label: string;
    hint?: string;
    required?: boolean;
    type?: "text" | "email" | "tel" | "password" | "datetime-local";
    autocomplete?: string;
    maxlength?: number;
  },
): SafeHtml {
  const id = domId(form, params.name);
  const problems = problemsOf(state, params.name);
  const describedBy = [params.hint ? `${id}-hint` : "", problems.length > 0 ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="field">
    <label for="${id}">${params.label}</label>
    ${params.hint ? html`<span class="hint" id="${id}-hint">${params.hint}</span>` : ""}
    ${
      problems.length > 0
        ? html`<span class="field-error" id="${id}-error" data-field-error="${params.name}"
            >${problems.map((problem) => fieldMessage(problem.message, frame.lang)).join("; ")}</span
          >`
        : ""
    }
    <input
      id="${id}"
      name="${params.name}"
      type="${params.type ?? "text"}"
      value="${params.type === "password" ? "" : valueOf(state, params.name)}"
      autocomplete="${params.autocomplete ?? "off"}"
      maxlength="${params.maxlength ?? 300}"
      ${params.required ? trustedHtml("required") : ""}
      ${describedBy ? trustedHtml(`aria-describedby="${describedBy}"`) : ""}
      ${problems.length > 0 ? trustedHtml('aria-invalid="true"') : ""}
    />
  </div>`;
}

/** A labelled select. */
export function selectField(
  frame: ConsoleFrame,
  form: string,
  state: FormState,
  params: { name: string; label: string; options: readonly { value: string; label: string }[] },
): SafeHtml {
  const id = domId(form, params.name);
  const problems = problemsOf(state, params.name);
  const current = valueOf(state, params.name);
  return html`<div class="field">
    <label for="${id}">${params.label}</label>
    ${
      problems.length > 0
        ? html`<span class="field-error" id="${id}-error" data-field-error="${params.name}"
            >${problems.map((problem) => fieldMessage(problem.message, frame.lang)).join("; ")}</span
          >`
        : ""
    }
    <select
      id="${id}"
      name="${params.name}"
      ${problems.length > 0 ? trustedHtml(`aria-invalid="true" aria-describedby="${id}-error"`) : ""}
    >
      ${params.options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === current ? trustedHtml("selected") : ""}>
            ${option.label}
          </option>`,
      )}
    </select>
  </div>`;
}

/** A group of checkboxes (several values of one field). */
export function checkboxes(
  frame: ConsoleFrame,
  form: string,
  state: FormState,
  params: { name: string; legend: string; options: readonly { value: string; label: string }[] },
): SafeHtml {
  const problems = problemsOf(state, params.name);
  const raw = state.values[params.name];
  const checked = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  return html`<fieldset>
    <legend>${params.legend}</legend>
    ${
      problems.length > 0
        ? html`<span class="field-error" data-field-error="${params.name}"
            >${problems.map((problem) => fieldMessage(problem.message, frame.lang)).join("; ")}</span
          >`
        : ""
    }
    <div class="checks">
      ${params.options.map(
        (option) =>
          html`<label
            ><input
              type="checkbox"
              name="${params.name}"
              value="${option.value}"
              id="${domId(form, `${params.name}-${option.value}`)}"
              ${checked.has(option.value) ? trustedHtml("checked") : ""}
            />${option.label}</label
          >`,
      )}
    </div>
  </fieldset>`;
}

/** The summary above a refused form: each bad field by its label, or the refusal's message. */
export function formProblems(frame: ConsoleFrame, state: FormState): HtmlValue {
  const m = consoleMessages(frame.lang);
  if (state.refusal) return refusalBox(frame, state.refusal);
  if (state.fields.length === 0) return "";
  return html`<div class="problem" role="alert">
    <strong>${m.errorSummary}</strong>
    <ul>
      ${state.fields.map(
        (problem) =>
          html`<li data-problem="${problem.path}">
            ${fieldLabel(problem.path, frame.lang)}: ${fieldMessage(problem.message, frame.lang)}
          </li>`,
      )}
    </ul>
  </div>`;
}

/** A refusal in words: the page language's wording of its code when there is one, with the API's message. */
export function refusalBox(frame: ConsoleFrame, refusal: Refusal): SafeHtml {
  const m = consoleMessages(frame.lang);
  const worded = m.codes[refusal.code];
  return html`<div class="problem" role="alert" data-refusal="${refusal.code}">
    <strong>${m.problem}:</strong> ${worded ?? refusal.message}
    ${worded ? html`<br /><span class="mono">${refusal.code}: ${refusal.message}</span>` : ""}
  </div>`;
}

export function noticeBox(text: string | undefined): HtmlValue {
  return text ? html`<div class="notice" role="status" data-notice>${text}</div>` : "";
}

/** A key shown once, with the hint to copy it now. */
export function issuedKeyBox(frame: ConsoleFrame, issued: IssuedKey | undefined): HtmlValue {
  if (!issued) return "";
  const m = consoleMessages(frame.lang);
  return html`<section class="key" aria-labelledby="issued-key-title" data-issued-key="${issued.principalId}">
    <h2 id="issued-key-title">${m.keyShownOnce}: ${issued.principalId}</h2>
    <output class="mono" aria-label="${m.apiKey}">${issued.apiKey}</output>
    <p>${m.keyCopyHint}</p>
  </section>`;
}
