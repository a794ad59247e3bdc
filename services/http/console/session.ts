/**
 * A console request's session: the cookie, the session it names, the checks every console request passes
 * (the session is live, its key too, a facility is not suspended, the role may see the page, a POST carries
 * the session's CSRF token), the page frame, and sending a page. A request that fails a check gets its answer
 * here (back to sign-in, or 403 with a page) and the route does nothing more.
 */
import type { Request, Response } from "express";
import { findFacility } from "../../read-model/queries";
import type { Principal } from "../../service-db/api-keys";
import { certifierName } from "../../service-db/certifiers";
import { isCsrfToken } from "../../service-db/sessions";
import type { ConsoleSession, SessionEnd } from "../../service-db/sessions";
import { negotiateLanguage } from "../../../web/index";
import type { Lang } from "../../../web/view-model";
import { renderRefusedPage, renderSignInPage } from "../../../web/console/index";
import type { ConsoleFrame, ConsoleRole } from "../../../web/console/index";
import { sendPage } from "../pages/page-response";
import type { RouteContext } from "../routes/context";

/** The session cookie: scoped to the consoles, never readable by script, never sent from another site. */
export const SESSION_COOKIE = "tp_console";

/** The page language: `lang` of the form or the query, else Accept-Language (vi for Vietnamese, else en). */
export function consoleLang(request: Request): Lang {
  const body = request.body as Record<string, unknown> | undefined;
  const fromForm = typeof body?.lang === "string" ? body.lang : undefined;
  return negotiateLanguage(request.get("accept-language"), fromForm ?? request.query.lang);
}

/** The value of the session cookie, if the request carries one. */
export function sessionCookie(request: Request): string | undefined {
  for (const part of (request.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return undefined;
}

export function setSessionCookie(response: Response, context: RouteContext, id: string): void {
  response.cookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "strict",
    path: "/console",
    secure: context.console.secureCookie,
    maxAge: context.console.maxAgeSeconds * 1000,
  });
}

export function clearSessionCookie(response: Response, context: RouteContext): void {
  response.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "strict",
    path: "/console",
    secure: context.console.secureCookie,
  });
}

/** Sends a console page: never cached, in its language (the CSP is the service's one policy). */
export function sendConsolePage(response: Response, status: number, html: string, lang: Lang): void {
  sendPage(response, status, html, lang);
  response.set("Vary", "Accept-Language, Cookie");
}

/** Back to the sign-in page, saying why (303: a POST's answer is then fetched with GET). */
export function toSignIn(response: Response, lang: Lang, ended?: SessionEnd | "signed-out"): void {
  const query = new URLSearchParams({ lang, ...(ended ? { ended } : {}) });
  response.redirect(303, `/console/sign-in?${query.toString()}`);
}

/**
 * The sign-in page in place of a page that needs a session (401), saying why there is none; its form signs in
 * and goes to the role's home. One answer, no redirect to follow.
 */
export function signInInstead(request: Request, response: Response, lang: Lang, ended: SessionEnd): void {
  const html = renderSignInPage(frameFor(request, lang, null), { kind: "ended", reason: ended });
  sendConsolePage(response, 401, html, lang);
}

/** The display name of a principal: a facility's or certifier's registered name. */
export function principalDisplayName(context: RouteContext, principal: Principal): string | null {
  if (principal.type === "facility") return findFacility(context.indexDb, principal.id)?.name ?? null;
  if (principal.type === "certifier") return certifierName(context.serviceDb, principal.id);
  return null;
}

export interface SignedIn {
  session: ConsoleSession;
  frame: ConsoleFrame;
  lang: Lang;
}

export function frameFor(request: Request, lang: Lang, signedIn: ConsoleFrame["signedIn"]): ConsoleFrame {
  return { lang, signedIn, requestUrl: request.originalUrl };
}

/** Whether a facility may still act: registered on chain and not suspended. */
export async function facilityActive(context: RouteContext, facilityId: string): Promise<boolean> {
  const state = await context.ledger.getFacility(facilityId);
  return state !== null && !state.suspended;
}

/**
 * The request's live session, for a page of `role` (any role when omitted). Without a live session the
 * browser goes back to sign-in; with another role's session it gets 403 and a page saying so; a POST
 * without the session's CSRF token gets 403 too. Returns null when it answered.
 */
export async function requireSession(
  request: Request,
  response: Response,
  context: RouteContext,
  role?: ConsoleRole,
): Promise<SignedIn | null> {
  const lang = consoleLang(request);
  const id = sessionCookie(request);
  const lookup = id === undefined ? ({ ended: "unknown" } as const) : context.console.sessions.resolve(id);
  if ("ended" in lookup) {
    if (id !== undefined) clearSessionCookie(response, context);
    signInInstead(request, response, lang, lookup.ended);
    return null;
  }
  const { session } = lookup;
  if (session.principal.type === "facility" && !(await facilityActive(context, session.principal.id))) {
    context.console.sessions.close(id!);
    clearSessionCookie(response, context);
    signInInstead(request, response, lang, "key-revoked");
    return null;
  }
  const frame = frameFor(request, lang, {
    role: session.principal.type,
    id: session.principal.id,
    name: principalDisplayName(context, session.principal),
    csrfToken: session.csrfToken,
  });
  if (request.method === "POST") {
    const body = request.body as Record<string, unknown> | undefined;
    if (!isCsrfToken(session, body?.csrf)) {
      sendConsolePage(response, 403, renderRefusedPage(frame, "csrf"), lang);
      return null;
    }
  }
  if (role !== undefined && session.principal.type !== role) {
    sendConsolePage(response, 403, renderRefusedPage(frame, "forbidden"), lang);
    return null;
  }
  return { session, frame, lang };
}
