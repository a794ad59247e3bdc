/** The sign-in page (an API key exchanged for a session) and the pages that refuse. */
import { html } from "../html";
import { consoleMessages } from "./i18n";
import { consoleLayout, formBasics, homeOf, textField } from "./layout";
import type { ConsoleFrame } from "./view-model";
import { EMPTY_FORM } from "./view-model";

/** Why the sign-in page is shown again: a key that cannot sign in, too many attempts, or an ended session. */
export type SignInNotice =
  | { kind: "wrong-key" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "ended"; reason: "idle" | "expired" | "key-revoked" | "unknown" | "signed-out" };

export function renderSignInPage(frame: ConsoleFrame, notice?: SignInNotice): string {
  const m = consoleMessages(frame.lang);
  const message =
    notice?.kind === "wrong-key"
      ? html`<div class="problem" role="alert" data-sign-in="wrong-key">${m.wrongKey}</div>`
      : notice?.kind === "rate-limited"
        ? html`<div class="problem" role="alert" data-sign-in="rate-limited">
            ${m.rateLimited(notice.retryAfterSeconds)}
          </div>`
        : notice?.kind === "ended"
          ? html`<div class="notice" role="status" data-sign-in="${notice.reason}">
              ${m.ended[notice.reason]}
            </div>`
          : "";
  const body = html`<h1>${m.signInTitle}</h1>
    ${message}
    <section class="card">
      <form class="stack" method="post" action="/console/sign-in">
        ${formBasics(frame)}
        <p>${m.signInIntro}</p>
        ${textField(frame, "sign-in", EMPTY_FORM, {
          name: "apiKey",
          label: m.apiKey,
          type: "password",
          autocomplete: "current-password",
          required: true,
          maxlength: 512,
        })}
        <div><button class="button" type="submit">${m.signIn}</button></div>
      </form>
    </section>`;
  return consoleLayout(frame, { title: m.signInTitle, body });
}

/** 403: a page of another role, or a form without its session's CSRF token. */
export function renderRefusedPage(frame: ConsoleFrame, reason: "forbidden" | "csrf" | "not-found"): string {
  const m = consoleMessages(frame.lang);
  const title = reason === "forbidden" ? m.forbiddenTitle : reason === "csrf" ? m.csrfTitle : m.notFoundTitle;
  const text = reason === "forbidden" ? m.forbiddenText : reason === "csrf" ? m.csrfText : m.notFoundText;
  const home = frame.signedIn ? homeOf(frame.signedIn.role) : "/console/sign-in";
  const body = html`<h1>${title}</h1>
    <div class="problem" role="alert" data-refused="${reason}">${text}</div>
    <p><a class="button secondary" href="${home}?lang=${frame.lang}">${m.backHome}</a></p>`;
  return consoleLayout(frame, { title, body });
}
