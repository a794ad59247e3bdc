/**
 * The consoles' test set-up, the one way every console test does it: Chromium launched as CI can run it, a
 * phone-sized page in a locale, sign-in over plain HTTP (a session cookie) or through the sign-in form, a
 * form submitted for its answer's status, and the audit each console page passes (axe-core with no serious
 * or critical violation, 44 px targets, no horizontal scroll at 390 px, a screenshot).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Headless Chromium (`CHROMIUM_PATH`, else /usr/bin/chromium) with no network of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

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

/**
 * axe-core in the page (no serious or critical violation), 44 px targets (a checkbox's is its label), no
 * horizontal scroll, and a full-page screenshot `name`.png in `shots`.
 */
export async function auditConsolePage(page: Page, name: string, shots: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  })) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    ),
    name,
  ).toEqual([]);
  const small = await page.evaluate(() => {
    const targets = document.querySelectorAll<HTMLElement>(
      "a, button, select, summary, input:not([type=hidden])",
    );
    const tooSmall: string[] = [];
    for (const target of Array.from(targets)) {
      // A checkbox's target is its label, which wraps it.
      const box = (
        target.matches("input[type=checkbox]") ? target.closest("label")! : target
      ).getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown (a closed <details>)
      if (box.height < 44 || box.width < 44)
        tooSmall.push(
          `${target.tagName} ${target.textContent?.trim().slice(0, 30) ?? ""} ${box.width}x${box.height}`,
        );
    }
    return tooSmall;
  });
  expect(small, `${name}: targets under 44 px`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: horizontal scroll`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
