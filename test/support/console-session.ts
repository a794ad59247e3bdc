/**
 * Signing in to the consoles, the one way every console test does it: over plain HTTP for a session cookie,
 * or in Chromium through the sign-in form; and submitting a console form in Chromium for its answer's status.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

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
