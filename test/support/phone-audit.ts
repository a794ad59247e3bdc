/**
 * A phone-sized Chromium (390×844, /usr/bin/chromium through playwright-core) and the audit a buyer-facing page
 * must pass in it (test/support/page-audit.ts, with folded sections opened first so what they hold is measured).
 */
import type { Browser, Page } from "playwright-core";
import { auditPage } from "./page-audit";

export { CHROMIUM_LAUNCH, launchChromium } from "./page-audit";

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

/** Runs the audit on the page as loaded, every <details> opened, then saves `shots/name.png`. */
export function auditPhonePage(page: Page, name: string, shots: string): Promise<void> {
  return auditPage(page, name, shots, { openDetails: true });
}
