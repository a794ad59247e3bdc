/**
 * A phone-sized Chromium (390×844, /usr/bin/chromium through playwright-core) and the audit a buyer-facing page
 * must pass in it: axe-core finds no serious or critical violation, every link and <summary> is a 44 px target
 * (folded sections opened first, so what they hold is measured too), nothing scrolls sideways; a full-page
 * screenshot is saved.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** How the tests launch Chromium here: the Debian binary, headless, no sandbox, no network of its own. */
export const CHROMIUM_LAUNCH = {
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
};

/** Launches headless Chromium with {@link CHROMIUM_LAUNCH}. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH);
}

/** A new phone-sized page speaking `locale`. */
export async function phonePage(browser: Browser, locale: "vi-VN" | "en-GB"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale,
    extraHTTPHeaders: { "accept-language": locale },
  });
  return context.newPage();
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs the audit on the page as loaded, then saves `shots/name.png`. */
export async function auditPhonePage(page: Page, name: string, shots: string): Promise<void> {
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
    for (const details of Array.from(document.querySelectorAll("details"))) details.open = true;
    const tooSmall: string[] = [];
    for (const target of Array.from(document.querySelectorAll<HTMLElement>("a, summary, button, input"))) {
      const box = target.getBoundingClientRect();
      if (box.height < 44 || box.width < 44)
        tooSmall.push(
          `${target.tagName} ${target.textContent?.trim().slice(0, 30) ?? ""} ${box.width}x${box.height}`,
        );
    }
    return tooSmall;
  });
  expect(small, `${name}: targets under 44 px`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: horizontal scroll at 390 px`).toBeLessThanOrEqual(0);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
