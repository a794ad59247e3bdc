/**
 * The viewer pages in a real headless Chromium at a phone's size, served over loopback HTTP by a tiny server
 * that does what the resolver route will do: negotiate the language and render. Checks what a person would
 * notice: nothing to scroll sideways, tap targets large enough, readable contrast, no request to anywhere,
 * the language switch and the code form working without JavaScript. Screenshots go to test-output/web/.
 */
import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  negotiateLanguage,
  renderCertificatePage,
  renderGarmentPage,
  renderNotFoundPage,
  renderWrongCodePage,
} from "../../../web/index";
import type { Lang } from "../../../web/index";
import {
  authenticGarment,
  tamperedGarment,
  unverifiedClonedGarment,
  validCertificate,
} from "../../support/web-fixtures";
import { launchChromium } from "../../support/phone-audit";

const SHOTS = path.join(__dirname, "../../../test-output/web");
const GARMENT_PATH = "/01/08938505974019/10/SEW-0001/21/1187";
const GOOD_CODE = "K3J9XQ2M7P";

/** Renders the page a path asks for, like the resolver route will. */
function route(url: URL, lang: Lang): { status: number; body: string } {
  const requestUrl = url.pathname + url.search;
  const code = url.searchParams.get("ac");
  if (url.pathname === GARMENT_PATH) {
    if (code === null) {
      return {
        status: 200,
        body: renderWrongCodePage({ reason: "missing-code", product: authenticGarment().product }, lang, {
          requestUrl,
        }),
      };
    }
    if (code.toUpperCase() !== GOOD_CODE) {
      return {
        status: 200,
        body: renderWrongCodePage({ reason: "wrong-code", product: authenticGarment().product }, lang, {
          requestUrl,
        }),
      };
    }
    return { status: 200, body: renderGarmentPage(authenticGarment(), lang, { requestUrl }) };
  }
  if (url.pathname === "/tampered")
    return { status: 200, body: renderGarmentPage(tamperedGarment(), lang, { requestUrl }) };
  if (url.pathname === "/cloned")
    return { status: 200, body: renderGarmentPage(unverifiedClonedGarment(), lang, { requestUrl }) };
  if (url.pathname === "/certificate")
    return { status: 200, body: renderCertificatePage(validCertificate(), lang, { requestUrl }) };
  return {
    status: 404,
    body: renderNotFoundPage(
      { reason: "unknown-garment", scanned: { gtin: "08938505974019", serial: "99999" } },
      lang,
      { requestUrl },
    ),
  };
}

let server: http.Server;
let origin: string;
let browser: Browser;
const foreignRequests: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const lang = negotiateLanguage(req.headers["accept-language"], url.searchParams.get("lang") ?? undefined);
    const { status, body } = route(url, lang);
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-language": lang });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A phone-sized page, JavaScript off (the viewer must not need it), recording requests to anywhere else. */
async function phone(locale: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    javaScriptEnabled: false,
    locale,
    extraHTTPHeaders: { "accept-language": locale },
  });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith("data:"))
      foreignRequests.push(request.url());
  });
  return page;
}

interface LayoutReport {
  overflow: number;
  smallTargets: string[];
  lowContrast: string[];
}

/** Measures the rendered page: sideways overflow, tap targets under 44 px, text contrast under WCAG AA. */
function inspect(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const rgba = parse(getComputedStyle(e).backgroundColor);
        if (rgba.length === 3 || (rgba[3] ?? 0) > 0.5) return rgba;
      }
      return [255, 255, 255];
    };
    const lowContrast: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim());
      if (!ownText) continue;
      const style = getComputedStyle(el);
      const [l1, l2] = [luminance(parse(style.color)), luminance(background(el))];
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const large =
        parseFloat(style.fontSize) >= 24 ||
        (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${el.tagName}.${el.className} ${ratio.toFixed(2)}`);
    }
    const smallTargets: string[] = [];
    for (const el of Array.from(document.querySelectorAll("a, button, input:not([type=hidden]), summary"))) {
      // Links inside running text are exempt (WCAG 2.5.8), the rest must be finger-sized.
      if (el.tagName === "A" && el.closest("dd, p")) continue;
      const box = el.getBoundingClientRect();
      if (box.height < 44 || box.width < 24)
        smallTargets.push(`${el.tagName} "${el.textContent?.trim()}" ${box.height}px`);
    }
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      smallTargets,
      lowContrast,
    };
  });
}

const PAGES = ["garment", "tampered", "cloned", "certificate", "unknown", "wrong-code"] as const;
const PATH: Record<(typeof PAGES)[number], string> = {
  garment: `${GARMENT_PATH}?ac=${GOOD_CODE}`,
  tampered: "/tampered",
  cloned: "/cloned",
  certificate: "/certificate",
  unknown: "/01/08938505974019/21/99999",
  "wrong-code": `${GARMENT_PATH}?ac=WRONG00000`,
};

describe("viewer pages in Chromium at 390×844", () => {
  for (const lang of ["vi", "en"] as const) {
    for (const name of PAGES) {
      it(`${name} (${lang}) fits the phone, has finger-sized targets and readable contrast`, async () => {
        const page = await phone(lang === "vi" ? "vi-VN" : "en-US");
        const response = await page.goto(origin + PATH[name]);
        expect(response?.status()).toBe(name === "unknown" ? 404 : 200);
        expect(await page.getAttribute("html", "lang")).toBe(lang);
        const report = await inspect(page);
        expect(report.overflow).toBeLessThanOrEqual(0);
        expect(report.smallTargets).toEqual([]);
        expect(report.lowContrast).toEqual([]);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${lang}.png`), fullPage: true });
        await page.context().close();
      });
    }
  }

  it("switches language by link, keeping the authentication code", async () => {
    const page = await phone("en-US");
    await page.goto(origin + PATH.garment);
    expect(await page.textContent("h1")).toContain("Authentic");
    await page.click("a.lang");
    expect(new URL(page.url()).searchParams.get("ac")).toBe(GOOD_CODE);
    expect(new URL(page.url()).searchParams.get("lang")).toBe("vi");
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    expect(await page.textContent("h1")).toContain("Đã xác thực");
    await page.click("a.lang");
    expect(await page.textContent("h1")).toContain("Authentic");
    await page.context().close();
  });

  it("lets a person type the printed code when the link has none, without JavaScript", async () => {
    const page = await phone("vi-VN");
    await page.goto(origin + GARMENT_PATH);
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).toBe("missing-code");
    await page.fill("#code", GOOD_CODE.toLowerCase());
    await page.click("button[type=submit]");
    expect(new URL(page.url()).pathname).toBe(GARMENT_PATH);
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).toBe("authentic");
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    await page.context().close();
  });

  it("fetched nothing from anywhere but the page's own origin", () => {
    expect(foreignRequests).toEqual([]);
  });
});
