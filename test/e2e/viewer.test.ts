/**
 * What a buyer sees, in a real headless Chromium at phone size against the real service: a garment recorded
 * through the API, its Digital Link (the URL its QR code carries) opened like a scan. Every stage and the
 * authentic verdict; a stored document and a stored record changed on disk turn the page to tampered; an
 * unknown serial and a wrong code get their pages; the language switch and the code form work with
 * JavaScript off; the page weighs under 100 KB and loads nothing from anywhere else.
 * Screenshots go to test-output/viewer/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService } from "../support/api-harness";
import { CHROMIUM_LAUNCH } from "../support/phone-audit";
import type { TestService } from "../support/api-harness";
import { overwriteBlock } from "../support/blockstore";
import { forgetCheckedDocument } from "../../services/service-db/checked-documents";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";

const SHOTS = path.join(__dirname, "../../test-output/viewer");
const PAGE_BUDGET_BYTES = 100 * 1024;

describe("the garment viewer in Chromium", () => {
  let t: TestService;
  let life: RecordedLife;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];
  const scanUrl = (serial: number, code?: string) =>
    `${t.service.url}/01/${GTIN}/10/SEW-0001/21/${serial}${code === undefined ? "" : `?ac=${code}`}`;
  const verdict = () => page.locator("[data-verdict]").first().getAttribute("data-verdict");
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    life = await recordGarmentLife(t);
    userDataDir = mkdtempSync(path.join(tmpdir(), "tp-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      ...CHROMIUM_LAUNCH,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      // The viewer must not need JavaScript.
      javaScriptEnabled: false,
      locale: "vi-VN",
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (request) => {
      if (!request.url().startsWith(t.service.url) && !request.url().startsWith("data:"))
        foreignRequests.push(request.url());
    });
  });
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.stop();
  });

  it("shows every stage and the authentic verdict when the Digital Link is scanned", async () => {
    const response = await page.goto(scanUrl(5, life.code("SEW-0001", 5)));
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    expect(await verdict()).toBe("authentic");
    const steps = await page
      .locator("ol.timeline > li")
      .evaluateAll((items) => items.map((item) => [item.getAttribute("data-step"), item.className]));
    expect(steps).toEqual([
      ["fabric-lot", "st-passed"],
      ["cutting", "st-passed"],
      ["sewing", "st-passed"],
      ["shipment", "st-passed"],
      ["shipment", "st-passed"],
    ]);
    const text = await page.locator("main").innerText();
    for (const expected of ["FL-0001", "CUT-0001", "SEW-0001", "SHP-0001", "Hanil Textile", "Nordwind GmbH"])
      expect(text).toContain(expected);
    expect(await page.locator(`li[data-cid="${life.document.cid}"] .badge-passed`).count()).toBe(1);
    await shot("authentic-vi");
  });

  it("keeps the page under 100 KB in one request, with nothing fetched from elsewhere", async () => {
    const requests: string[] = [];
    const onRequest = (request: { url(): string }) => requests.push(request.url());
    page.on("request", onRequest);
    const response = await page.goto(scanUrl(5, life.code("SEW-0001", 5)));
    page.off("request", onRequest);
    const bytes = (await response!.body()).length;
    console.log(
      `garment page: ${bytes} bytes of HTML (budget ${PAGE_BUDGET_BYTES}), ${requests.length} request(s)`,
    );
    expect(bytes).toBeLessThan(PAGE_BUDGET_BYTES);
    expect(requests).toEqual([scanUrl(5, life.code("SEW-0001", 5))]);
    expect(foreignRequests).toEqual([]);
    // Nothing to scroll sideways on a 390 px phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it("switches language with the link in the header, keeping the scanned code", async () => {
    await page.goto(scanUrl(5, life.code("SEW-0001", 5)));
    await page.locator("a.lang").click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(page.url()).toContain(`ac=${life.code("SEW-0001", 5)}`);
    expect(await verdict()).toBe("authentic");
    expect(await page.locator("main").innerText()).toContain("Journey of this garment");
    await shot("authentic-en");
    await page.locator("a.lang").click();
    await page.waitForURL(/lang=vi/);
    expect(await page.getAttribute("html", "lang")).toBe("vi");
  });

  it("turns to tampered when a never-checked stored document is changed on disk", async () => {
    // Uploading put the document in the register of checked documents; a CID never checked here is read.
    forgetCheckedDocument(t.service.serviceDb, life.document.cid);
    const changed = new Uint8Array(life.document.bytes);
    changed[20] = changed[20]! ^ 0x20;
    const restore = overwriteBlock(t.dataDir, life.document.bytes, changed);
    try {
      await page.goto(`${scanUrl(5, life.code("SEW-0001", 5))}&lang=en`);
      expect(await verdict()).toBe("tampered");
      expect(await page.locator(".verdict").innerText()).toMatch(
        /do not match what was written on the blockchain/,
      );
      expect(await page.locator(`li[data-cid="${life.document.cid}"] .badge-failed`).count()).toBe(1);
      await shot("tampered-document-en");
    } finally {
      restore();
    }
    await page.reload();
    expect(await verdict()).toBe("authentic");
  });

  it("turns to tampered when a stored event record is changed on disk", async () => {
    const original = await t.service.store.get(life.recordCids["SEW-0001"]!);
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(original).replace("men's cotton T-shirt", "men's silk T-shirt!!"),
    );
    const restore = overwriteBlock(t.dataDir, original, changed);
    try {
      await page.goto(scanUrl(5, life.code("SEW-0001", 5)));
      expect(await verdict()).toBe("tampered");
      expect(await page.locator('ol.timeline > li[data-step="sewing"]').getAttribute("class")).toBe(
        "st-failed",
      );
      await shot("tampered-record-vi");
    } finally {
      restore();
    }
  });

  it("answers an unknown serial with the honest not-found page", async () => {
    const response = await page.goto(`${scanUrl(4321, "0000000000")}&lang=en`);
    expect(response?.status()).toBe(404);
    expect(await verdict()).toBe("unknown-garment");
    expect(await page.locator("main").innerText()).toContain("4321");
    await shot("unknown-serial-en");
  });

  it("answers a wrong code with the wrong-code page, whose form accepts the right one", async () => {
    const response = await page.goto(`${scanUrl(5, life.code("SEW-0001", 6))}&lang=en`);
    expect(response?.status()).toBe(404);
    expect(await verdict()).toBe("wrong-code");
    await shot("wrong-code-en");
    await page.locator("input#code").fill(life.code("SEW-0001", 5).toLowerCase());
    await page.locator("form.code button").click();
    await page.waitForURL(/ac=/);
    expect(await verdict()).toBe("authentic");
  });
});
