/**
 * The programme operator's KPI dashboard in a real headless Chromium against the real service seeded with the
 * demo: signed in from the sign-in form, in Vietnamese and in English, the dashboard shows every figure with
 * its SVG chart and its table; the bars carry the numbers the tables carry, and both carry the numbers worked
 * out here from the lots the API answers with. axe-core finds no serious or critical violation, targets are
 * 44 px, nothing scrolls sideways at 390 px, and the CSV link downloads the figure. Screenshots go to
 * test-output/console/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { auditConsolePage, launchChromium, newConsolePage, signInWithForm } from "../support/console-session";

const SHOTS = path.join(__dirname, "../../test-output/console");
const SEWINGS = ["SEW-JP-01", "SEW-DE-01", "SEW-AU-01"];
const FIGURES = [
  "events",
  "garments",
  "cutting-yield",
  "sewing-output",
  "lots-on-time",
  "origin-pass-rate",
  "certificates",
  "scans",
];

describe("the KPI dashboard in Chromium", () => {
  let t: TestService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Garments per sewing facility, from the lots the API gives. */
  const garmentsByFacility: Record<string, number> = {};

  const newPage = (locale: "vi-VN" | "en-GB", width = 390) =>
    newConsolePage(browser, contexts, locale, width);

  const signIn = (page: Page, key: string) => signInWithForm(page, t.service.url, key);

  const audit = (page: Page, name: string) => auditConsolePage(page, name, SHOTS);

  /** The bars of a chart and the rows of its table, by label and facility. */
  async function figure(page: Page, name: string) {
    const card = page.locator(`section[data-figure="${name}"]`);
    const bars = await card.locator("svg.chart g[data-bar]").evaluateAll((groups) =>
      groups.map((g) => ({
        label: g.getAttribute("data-bar")!,
        value: Number(g.getAttribute("data-value")),
      })),
    );
    const rows = await card.locator("tbody tr, tfoot tr").evaluateAll((trs) =>
      trs.map((tr) => ({
        row: tr.getAttribute("data-row")!,
        values: Array.from(tr.querySelectorAll("td.num")).map((td) => td.getAttribute("data-value")),
      })),
    );
    return { card, bars, rows };
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedDemo({
      baseUrl: t.service.url,
      operatorApiKey: OPERATOR_KEY,
      garmentSecret: loadGarmentSecret(t.dataDir),
    });
    for (const id of SEWINGS) {
      const lot = (await t.call("GET", `/api/v1/lots/${id}`)).body as Json;
      const facility = lot.recordedBy.id as string;
      garmentsByFacility[facility] =
        (garmentsByFacility[facility] ?? 0) + (lot.sewing.garmentCount as number);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.stop();
  });

  for (const [locale, lang, title] of [
    ["vi-VN", "vi", "Chỉ số của chương trình"],
    ["en-GB", "en", "Programme figures"],
  ] as const) {
    it(`draws every figure as SVG beside its table, in ${lang}, and passes axe-core`, async () => {
      const page = await newPage(locale);
      await signIn(page, OPERATOR_KEY);
      // The operator's navigation leads to the dashboard.
      await page.locator('nav.sections a[href^="/console/operator/kpis"]').click();
      await page.waitForURL((url) => url.pathname === "/console/operator/kpis");
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.locator("h1").innerText()).toBe(title);
      await page.fill("#period-from", "2026-09-01");
      await page.fill("#period-to", "2026-10-31");
      await Promise.all([
        page.waitForURL((url) => url.search.includes("from=2026-09-01")),
        page.locator("form[data-form=kpi-period] button[type=submit]").click(),
      ]);
      expect(await page.getAttribute("[data-period]", "data-period")).toBe("2026-09-01/2026-10-31");

      // Every figure has a card; the production figures of the demo's period have a chart and a table.
      expect(
        await page
          .locator("section[data-figure]")
          .evaluateAll((s) => s.map((e) => e.getAttribute("data-figure"))),
      ).toEqual(FIGURES);
      for (const name of ["events", "garments", "cutting-yield", "sewing-output", "lots-on-time"]) {
        const { card, bars } = await figure(page, name);
        expect(await card.locator("svg.chart[role=img] title").count(), name).toBe(1);
        expect(await card.locator("table caption").count(), name).toBe(1);
        expect(bars.length, name).toBeGreaterThan(0);
      }

      // Garments committed: the bars, the table and the lots agree.
      const garments = await figure(page, "garments");
      expect(
        Object.fromEntries(
          garments.rows.filter((r) => r.row !== "province").map((r) => [r.row, Number(r.values[1])]),
        ),
      ).toEqual(garmentsByFacility);
      expect(garments.bars.map((bar) => bar.value).sort()).toEqual(Object.values(garmentsByFacility).sort());
      const total = Object.values(garmentsByFacility).reduce((a, b) => a + b, 0);
      expect(garments.rows.find((r) => r.row === "province")!.values).toEqual(["3", String(total)]);

      // Events recorded: 18, each facility's bar its table total.
      const events = await figure(page, "events");
      expect(events.rows.find((r) => r.row === "province")!.values.at(-1)).toBe("18");
      expect(events.bars.reduce((sum, bar) => sum + bar.value, 0)).toBe(18);

      // The cutting yields: 2,400 / 1,200, 2,000 / 1,500 and 2,400 / 1,800 pieces per metre.
      const yields = await figure(page, "cutting-yield");
      expect(yields.bars.map((bar) => bar.value).sort()).toEqual(
        [2400 / 1200, 2000 / 1500, 2400 / 1800].map((v) => Number(v.toFixed(4))).sort(),
      );

      // Today's figures are empty for a September–October period: assessments and certificates are of today.
      expect(await page.locator('section[data-figure="certificates"] [data-empty]').count()).toBe(1);
      await audit(page, `operator-kpis-${lang}`);
      await yields.card.screenshot({ path: path.join(SHOTS, `operator-kpis-yield-${lang}.png`) });

      // The CSV link downloads the figure it names.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator('a[data-csv="garments"]').click(),
      ]);
      expect(download.suggestedFilename()).toBe("garments-2026-09-01-2026-10-31.csv");
      const text = readFileSync((await download.path())!, "utf8");
      expect(text).toContain(String(garmentsByFacility["tng-sewing"]));
    });
  }

  it("shows today's certificates and assessments on the default period, on a desktop too", async () => {
    const page = await newPage("en-GB", 1280);
    await signIn(page, OPERATOR_KEY);
    await page.goto(`${t.service.url}/console/operator/kpis?lang=en`);
    // The presets are the last 30, 90 and 365 days up to today; the default is the first.
    const presets = await page
      .locator("a[data-preset]")
      .evaluateAll((links) => links.map((a) => a.getAttribute("data-preset")));
    expect(presets).toEqual(["30", "90", "365"]);
    const shown = await page.getAttribute("[data-period]", "data-period");
    expect(await page.getAttribute('a[data-preset="30"]', "href")).toContain(
      `from=${shown!.split("/")[0]}&to=${shown!.split("/")[1]}`,
    );
    const pass = await figure(page, "origin-pass-rate");
    // CPTPP and EVFTA each have one originating, non-provisional assessment from the seed's certificates.
    expect(pass.rows.find((r) => r.row === "CPTPP")!.values).toEqual(["1", "1", "0", "0", "0", "1"]);
    expect(pass.rows.find((r) => r.row === "EVFTA")!.values).toEqual(["2", "1", "1", "0", "0", "0.5"]);
    const certificates = await figure(page, "certificates");
    expect(certificates.rows.find((r) => r.row === "province")!.values).toEqual(["2", "0"]);
    await audit(page, "operator-kpis-desktop-en");
    // A refused period names its field.
    await page.goto(`${t.service.url}/console/operator/kpis?from=2026-10-31&to=2026-09-01&lang=en`);
    expect(await page.locator('[data-field-error="to"]').innerText()).toBe("must not be before from");
    await audit(page, "operator-kpis-refused-en");
  });
});
