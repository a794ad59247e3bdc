/**
 * The consoles' test set-up, the one way every console test does it: Chromium launched as CI can run it, a
 * phone-sized page in a locale, sign-in over plain HTTP (a session cookie) or through the sign-in form, a
 * form submitted for its answer's status, and the audit each console page passes (axe-core with no serious
 * or critical violation, 44 px targets, no horizontal scroll at 390 px, a screenshot).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { auditPage } from "./page-audit";

export { launchChromium } from "./page-audit";

/** A page in a new browser context (kept in `contexts`, to close), 390 px wide unless `width` says. */
export async function newConsolePage(
  browser: Browser,
  contexts: BrowserContext[],
  locale: "vi-VN" | "en-GB",
  width = 390,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: 844 },
    deviceScaleFactor: 1,
    isMobile: width < 600,
    hasTouch: width < 600,
    locale,
    acceptDownloads: true,
  });
  contexts.push(context);
  return context.newPage();
}

/** The session cookie (`name=value`) a console sign-in with `key` sets. */
export async function consoleCookie(baseUrl: string, key: string): Promise<string> {
  const response = await fetch(`${baseUrl}/console/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ apiKey: key, lang: "en" }),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** Submits the console form `form` (a selector) and waits for the page it answers with: its status. */
export async function submitForm(page: Page, form: string): Promise<number> {
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.request().isNavigationRequest(),
  );
  await page.locator(`${form} button[type=submit]`).first().click();
  const response = await answered;
  await page.waitForLoadState("load");
  return response.status();
}

/** Signs `page` in with `key` through the sign-in form: the status of its answer (303 when signed in). */
export async function signInWithForm(page: Page, baseUrl: string, key: string): Promise<number> {
  await page.goto(`${baseUrl}/console/sign-in`);
  await page.fill("#sign-in-apiKey", key);
  return submitForm(page, "form[action='/console/sign-in']");
}

/** The audit of test/support/page-audit.ts on a console page as it is shown (closed sections stay closed). */
export function auditConsolePage(page: Page, name: string, shots: string): Promise<void> {
  return auditPage(page, name, shots);
}
