/**
 * How the browser tests run Chromium here and the audit every page passes in it: axe-core finds no serious or
 * critical violation, every link, button, field and <summary> is a 44 px target (a checkbox's target is the
 * label around it), nothing scrolls sideways; a full-page screenshot is saved.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** How the tests launch Chromium: the Debian binary (or CHROMIUM_PATH), headless, no network of its own. */
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

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export interface AuditOptions {
  /** Open every <details> first, so that what folded sections hold is measured too. */
  openDetails?: boolean;
}

/** Runs the audit on the page as loaded, then saves `shots/name.png`. */
export async function auditPage(
  page: Page,
  name: string,
  shots: string,
  options: AuditOptions = {},
): Promise<void> {
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
  const small = await page.evaluate((openDetails) => {
    if (openDetails)
      for (const details of Array.from(document.querySelectorAll("details"))) details.open = true;
    const targets = document.querySelectorAll<HTMLElement>(
      "a, button, select, summary, input:not([type=hidden])",
    );
    const tooSmall: string[] = [];
    for (const target of Array.from(targets)) {
      const box = (
        target.matches("input[type=checkbox]") ? target.closest("label")! : target
      ).getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown (inside a closed <details>)
      if (box.height < 44 || box.width < 44)
        tooSmall.push(
          `${target.tagName} ${target.textContent?.trim().slice(0, 30) ?? ""} ${box.width}x${box.height}`,
        );
    }
    return tooSmall;
  }, options.openDetails === true);
  expect(small, `${name}: targets under 44 px`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name}: horizontal scroll`).toBeLessThanOrEqual(0);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
