/**
 * The buyer's page behind each QR code, for the demo `npm start` seeds, in a real headless Chromium at 390 px
 * against the real service: the origin summary at the top (certified agreements with their certifier and end
 * of validity; a garment without a certificate says so), the certifier and validity on each certificate card,
 * the product photo (served from the service, cached, nosniff), hand-overs named as such, the chain and IPFS
 * evidence folded once under the checks, inline SVG flags, every string of ours in the page's language, and
 * axe, 44 px targets and no sideways scroll on each page; what the engine found on a tampered garment, a revoked
 * certificate and a forged EPCIS event worded in the page's language, its English folded as a technical
 * detail. Screenshots go to test-output/buyer/.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedResult } from "../../services/demo/seed";
import { en } from "../../web/i18n/en";
import { vi } from "../../web/i18n/vi";
import { noteWords } from "../../web/i18n/notes";
import type { NoteView } from "../../web/view-model";
import { overwriteBlock } from "../support/blockstore";
import { OPERATOR_KEY } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { startDemoService } from "../support/demo-service";
import { auditPhonePage, launchChromium, phonePage } from "../support/phone-audit";

const SHOTS = path.join(__dirname, "../../test-output/buyer");

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "function") return [String((value as (...a: string[]) => string)("", ""))];
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

const wordsOf = (texts: readonly string[]) =>
  new Set(texts.flatMap((text) => text.toLowerCase().match(/\p{L}[\p{L}'’-]{3,}/gu) ?? []));

describe("the buyer's page of the demo garments", () => {
  let t: TestService;
  let seed: SeedResult;
  let browser: Browser;
  const garment = (lot: string) => seed.garments.find((g) => g.url.includes(`/10/${lot}/`))!.url;
  const withLang = (url: string, lang: "vi" | "en") => `${url}${url.includes("?") ? "&" : "?"}lang=${lang}`;

  beforeAll(async () => {
    ({ t, seed } = await startDemoService());
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  async function open(url: string, lang: "vi" | "en"): Promise<Page> {
    const page = await phonePage(browser, lang === "vi" ? "vi-VN" : "en-GB");
    const response = await page.goto(withLang(url, lang));
    expect(response?.status(), url).toBe(200);
    return page;
  }

  it.each(["vi", "en"] as const)(
    "puts the origin summary first: EVFTA to Germany, certified by the demo certifier until its end date (%s)",
    async (lang) => {
      const page = await open(garment("SEW-DE-01"), lang);
      // The summary is the first section after the verdict.
      const order = await page
        .locator("main > section[aria-labelledby]")
        .evaluateAll((sections) => sections.slice(0, 2).map((s) => s.getAttribute("aria-labelledby")));
      expect(order).toEqual(["origin-title", "product-title"]);
      const entry = page.locator("[data-origin-summary] li[data-origin='EVFTA']");
      expect(await entry.getAttribute("data-origin-standing")).toBe("certified");
      const text = await entry.innerText();
      expect(text).toContain(lang === "vi" ? "Được chứng nhận xuất xứ" : "Certified originating");
      expect(text).toContain(lang === "vi" ? "Đức" : "Germany");
      expect(text).toContain("VCCI Ha Noi (origin certification)");
      expect(text).toMatch(/did:web:\S+:certifiers:vcci-hanoi/);
      // The end of validity, as the certificate's own JSON gives it, in the page's language and Viet Nam's time.
      const issued = seed.certificates.find((c) => c.subjectId === "SHP-DE-01" && c.outcome === "issued")!;
      const credential = (await t.call("GET", `/api/v1/origin/certificates/${issued.detail}`)).body;
      const validUntil = (credential.credential ?? credential).validUntil as string;
      const shown = new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
        dateStyle: "long",
        timeZone: "Asia/Ho_Chi_Minh",
      }).format(new Date(validUntil));
      expect(text).toContain(shown);

      const certificatePage = await open(issued.url!, lang);
      expect(await certificatePage.locator("[data-certifier]").innerText()).toContain(
        "VCCI Ha Noi (origin certification)",
      );
      await certificatePage.context().close();
      const card = page.locator(`li[data-certificate="${issued.detail}"]`);
      expect(await card.locator("[data-certifier]").innerText()).toContain(
        "VCCI Ha Noi (origin certification)",
      );
      expect(await card.locator("[data-validity]").innerText()).toMatch(new RegExp(`– ${shown}$`));
      await page.context().close();
    },
  );

  it("says plainly that no origin certificate covers the shirt whose certificates were refused", async () => {
    const page = await open(garment("SEW-AU-01"), "en");
    expect(await page.locator("[data-origin-none]").innerText()).toBe(
      "No origin certificate covers this garment.",
    );
    expect(await page.locator("[data-origin-standing]").count()).toBe(0);
    await page.context().close();
  });

  it("shows the batch's product photo sized for the phone, served here with its type, nosniff and a long cache", async () => {
    const page = await open(garment("SEW-DE-01"), "vi");
    const img = page.locator("img.product-photo");
    expect(await img.getAttribute("data-product-image")).toBe("SEW-DE-01");
    expect(await img.getAttribute("alt")).toBe("Ảnh sản phẩm: Men's cotton stretch chino trousers, khaki");
    expect(await img.getAttribute("width")).toBe("400");
    expect(await img.getAttribute("height")).toBe("300");
    // Loaded (the CSP let it through) and no wider than the card.
    await page.waitForFunction(
      () => (document.querySelector("img.product-photo") as HTMLImageElement).complete,
    );
    const shown = await img.evaluate((el: HTMLImageElement) => ({
      natural: el.naturalWidth,
      width: el.getBoundingClientRect().width,
      card: el.parentElement!.getBoundingClientRect().width,
    }));
    expect(shown.natural).toBe(320);
    expect(shown.width).toBeLessThanOrEqual(shown.card);
    const src = new URL((await img.getAttribute("src"))!, t.service.url).href;
    expect(src.startsWith(`${t.service.url}/ipfs/`)).toBe(true);
    const answer = await fetch(src);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("image/png");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answer.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // A browser holding it is answered 304 without the bytes being read again.
    const again = await fetch(src, { headers: { "if-none-match": answer.headers.get("etag")! } });
    expect(again.status).toBe(304);
    // The batch page shows the same photo.
    const batch = await open(garment("SEW-DE-01").replace(/\/21\/.*$/, ""), "en");
    expect(await batch.locator("img.product-photo").getAttribute("src")).toBe(await img.getAttribute("src"));
    await batch.context().close();
    await page.context().close();
  });

  it("names internal transfers as hand-overs and folds each record's transaction and CID once under the checks", async () => {
    const page = await open(garment("SEW-DE-01"), "en");
    const json = (
      await t.call("GET", new URL(garment("SEW-DE-01")).pathname + new URL(garment("SEW-DE-01")).search, {
        headers: { accept: "application/json" },
      })
    ).body as Json;
    const steps = json.timeline as { lotId: string; txHash: string; recordCid: string; handOver?: boolean }[];
    expect(steps.filter((s) => s.handOver).map((s) => s.lotId)).toEqual(["TR-KR-TWILL-01", "TR-CUT-DE-01"]);
    expect(await page.locator("ol.timeline h3[data-hand-over]").allInnerTexts()).toEqual([
      "Hand-over",
      "Hand-over",
    ]);
    const journey = await page.locator("ol.timeline").innerHTML();
    const evidence = page.locator("[data-evidence-section]");
    // Folded, after the check list.
    expect(await evidence.locator("details").getAttribute("open")).toBeNull();
    expect(await page.locator("#checks-title, #evidence-title").allInnerTexts()).toHaveLength(2);
    const folded = await evidence.innerHTML();
    for (const step of steps) {
      expect(journey).not.toContain(step.txHash);
      expect(journey).not.toContain(step.recordCid);
      expect(folded.split(`data-full="${step.txHash}"`)).toHaveLength(2);
      expect(folded.split(`href="/ipfs/${step.recordCid}"`)).toHaveLength(2);
    }
    await page.context().close();
  });

  it.each([
    ["vi", vi, en],
    ["en", en, vi],
  ] as const)(
    "speaks only %s on the garment, batch and certificate pages: no word of the other language's check titles or outcomes",
    async (lang, own, other) => {
      // Words of the other language's check titles, certificate checks and statuses that ours never use.
      const foreign = wordsOf(strings([other.check, other.checkById, other.status, other.checkOutcome]));
      for (const word of wordsOf(strings(own))) foreign.delete(word);
      const issued = seed.certificates.find((c) => c.subjectId === "SHP-DE-01" && c.outcome === "issued")!;
      const garmentUrl = new URL(garment("SEW-DE-01"));
      const pages = [
        [garmentUrl.href, garmentUrl.pathname + garmentUrl.search],
        [garmentUrl.href.replace(/\/21\/.*$/, ""), garmentUrl.pathname.replace(/\/21\/.*$/, "")],
        [issued.url!, `/api/v1/origin/certificates/${issued.detail}`],
      ] as const;
      // What facilities and certifiers typed (descriptions, names) is shown as typed: not ours to translate.
      for (const [, dataPath] of pages) {
        const { checks: _checks, ...data } = (
          await t.call("GET", dataPath, { headers: { accept: "application/json" } })
        ).body as Json;
        for (const word of wordsOf(strings(data))) foreign.delete(word);
      }
      expect(foreign.size, "the list of words to look for").toBeGreaterThan(lang === "vi" ? 20 : 10);
      for (const [url] of pages) {
        const page = await open(url, lang);
        // textContent: the folded check list and evidence too.
        const text = (await page.locator("body").textContent())!;
        const found = [...wordsOf([text])].filter((word) => foreign.has(word));
        expect(found, url).toEqual([]);
        await page.context().close();
      }
    },
  );

  it("gives each step's time in its facility's zone, with the offset", async () => {
    const page = await open(garment("SEW-DE-01"), "en");
    const times = await page
      .locator("ol.timeline > li")
      .evaluateAll((items) =>
        items.map((li) => [li.querySelector(".mono")?.textContent, li.querySelector("time")?.textContent]),
      );
    // Hanil (Asia/Seoul in its record) received the twill at 08:00 UTC: 17:00 in Daegu.
    expect(times).toContainEqual(["FL-KR-TWILL-01", "10 September 2026, 17:00 (UTC+9)"]);
    expect(times).toContainEqual(["TR-KR-TWILL-01", "18 September 2026, 17:00 (UTC+9)"]);
    // The Vietnamese facilities name no zone: Viet Nam's time.
    expect(times).toContainEqual(["SEW-DE-01", "29 September 2026, 15:00 (UTC+7)"]);
    await page.context().close();
  });

  it("draws flags as inline SVG, hidden from screen readers, with no emoji flag anywhere", async () => {
    const page = await open(garment("SEW-DE-01"), "vi");
    const flags = await page
      .locator("svg.flag")
      .evaluateAll((svgs) =>
        svgs.map((svg) => [svg.getAttribute("data-flag"), svg.getAttribute("aria-hidden")]),
      );
    expect(flags.length).toBeGreaterThan(5);
    expect(new Set(flags.map(([code]) => code))).toEqual(new Set(["VN", "KR", "DE"]));
    expect(flags.every(([, hidden]) => hidden === "true")).toBe(true);
    expect((await page.content()).match(/[\u{1F1E6}-\u{1F1FF}]/u)).toBeNull();
    await page.context().close();
  });

  it("answers a wrong code with a non-2xx status", async () => {
    const page = await phonePage(browser, "en-GB");
    const response = await page.goto(garment("SEW-DE-01").replace(/ac=[^&]+/, "ac=AAAAAAAAAA"));
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute("[data-verdict]", "data-verdict")).toBe("wrong-code");
    await page.context().close();
  });

  it.each(["vi", "en"] as const)(
    "passes axe, 44 px targets and 390 px on the garment, batch and certificate pages (%s)",
    async (lang) => {
      const issued = seed.certificates.find((c) => c.subjectId === "SHP-DE-01" && c.outcome === "issued")!;
      for (const [name, url] of [
        ["garment", garment("SEW-DE-01")],
        ["garment-no-certificate", garment("SEW-AU-01")],
        ["batch", garment("SEW-DE-01").replace(/\/21\/.*$/, "")],
        ["certificate", issued.url!],
      ] as const) {
        const page = await open(url, lang);
        await auditPhonePage(page, `${name}-${lang}`, SHOTS);
        await page.context().close();
      }
    },
  );

  /** The engine's English and its code for everything not passed that the JSON answer of `path` gives. */
  async function engineNotes(path: string): Promise<{ detail: string; note?: NoteView }[]> {
    const body = (await t.call("GET", path, { headers: { accept: "application/json" } })).body as Json;
    const checks = (body.checks as Json[])
      .filter((c) => (c.status ?? (c.passed === true ? "passed" : "failed")) !== "passed")
      .map((c) => ({ detail: c.detail as string, note: c.note as NoteView | undefined }));
    const certificates = ((body.certificates ?? []) as Json[])
      .filter((c) => c.reason && c.status === "invalid")
      .map((c) => ({ detail: c.reason as string, note: c.reasonNote as NoteView | undefined }));
    const events = (((body.supplyChainEvents as Json | undefined)?.events ?? []) as Json[])
      .filter((e) => e.reason && e.verdict !== "verified")
      .map((e) => ({ detail: e.reason as string, note: e.reasonNote as NoteView | undefined }));
    return [...checks, ...certificates, ...events];
  }

  /**
   * The page at `url` speaks `lang` only: no element in the other language outside a folded technical detail
   * (the language switch names the other language in it); each engine note is worded from its code in `lang`
   * and not in the other, and its English is folded, never shown beside the page's words on the vi page.
   */
  async function expectPageLanguage(
    url: string,
    lang: "vi" | "en",
    notes: { detail: string; note?: NoteView }[],
  ) {
    const other = lang === "vi" ? "en" : "vi";
    const page = await open(url, lang);
    const stray = await page
      .locator(`[lang="${other}"]`)
      .evaluateAll((elements) =>
        elements
          .filter((el) => !el.closest("details.technical") && !el.matches("a.lang"))
          .map((el) => el.outerHTML),
      );
    expect(stray, url).toEqual([]);
    const outside = await page.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      body.querySelectorAll("details.technical").forEach((folded) => folded.remove());
      return body.textContent ?? "";
    });
    const folded = await page.locator(`details.technical > p[lang="en"]`).allTextContents();
    for (const { detail, note } of notes) {
      expect(folded, url).toContain(detail);
      if (lang === "vi") expect(outside, url).not.toContain(detail);
      expect(outside, url).toContain(noteWords(note!, lang));
      expect(outside, url).not.toContain(noteWords(note!, other));
    }
    await page.context().close();
  }

  it("words what the engine found on a tampered garment, a forged EPCIS event and a revoked certificate in the page's language, its English folded", async () => {
    // The demo garment: nothing failed, and nothing of the other language.
    for (const lang of ["vi", "en"] as const) await expectPageLanguage(garment("SEW-DE-01"), lang, []);

    // A kept inspection of the Australian shirt's batch whose capture root is then forged in the service's
    // database: its proof no longer leads to the root the chain holds.
    const url = new URL(garment("SEW-AU-01"));
    const gtin = /\/01\/(\d{14})\//.exec(url.pathname)![1]!;
    const key = seed.keys.find((k) => k.role === "facility" && k.id === "song-cong-line")!.apiKey;
    const captured = await t.call("POST", "/epcis/capture", {
      key,
      rawBody: JSON.stringify({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        type: "EPCISDocument",
        schemaVersion: "2.0",
        creationDate: "2026-10-02T09:00:00+07:00",
        epcisBody: {
          eventList: [
            {
              type: "ObjectEvent",
              eventTime: "2026-10-02T08:00:00+07:00",
              eventTimeZoneOffset: "+07:00",
              action: "OBSERVE",
              bizStep: "inspecting",
              disposition: "conformant",
              quantityList: [
                { epcClass: `https://id.gs1.org/01/${gtin}/10/SEW-AU-01`, quantity: 10, uom: "H87" },
              ],
              readPoint: { id: "urn:epc:id:sgln:8938505.00001.0" },
            },
          ],
        },
      }),
      headers: { "content-type": "application/ld+json" },
    });
    expect(captured.status, JSON.stringify(captured.body)).toBe(202);
    const location = captured.headers.get("location")!;
    for (;;) {
      const job = await t.call("GET", location, { key });
      if (!job.body.running) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    t.service.serviceDb
      .prepare("UPDATE epcis_events SET capture_root = ? WHERE capture_id = ?")
      .run(`0x${"ab".repeat(32)}`, location.split("/").pop());
    const jsonPath = url.pathname + url.search;
    const epcisOnly = await engineNotes(jsonPath);
    expect(epcisOnly.map((n) => n.note?.code)).toEqual(["event-proof-invalid"]);
    for (const lang of ["vi", "en"] as const) {
      const page = await open(url.href, lang);
      expect(await page.locator("[data-disposition]").innerText()).toBe(
        lang === "vi" ? "Tình trạng: Đạt yêu cầu" : "Status: Conformant",
      );
      await page.context().close();
    }

    // The shirt's sewing record changed on disk: its record-digest check fails.
    const json = (await t.call("GET", jsonPath, { headers: { accept: "application/json" } })).body as Json;
    const sewing = (json.timeline as { lotId: string; recordCid: string }[]).find(
      (s) => s.lotId === "SEW-AU-01",
    )!;
    const original = await t.service.store.get(sewing.recordCid);
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(original).replace("SEW-AU-01", "SEW-AU-99"),
    );
    const restore = overwriteBlock(t.dataDir, original, changed);
    try {
      const notes = await engineNotes(jsonPath);
      expect(notes.length).toBeGreaterThan(1);
      expect(notes.map((n) => n.note?.code)).toContain("content-hash-mismatch");
      // Every note the engine gave here carries a code the page words.
      expect(notes.filter((n) => !n.note)).toEqual([]);
      for (const lang of ["vi", "en"] as const) await expectPageLanguage(url.href, lang, notes);
    } finally {
      restore();
    }

    // A revoked certificate: its not-revoked check fails, worded from its code.
    const issued = seed.certificates.find((c) => c.outcome === "issued" && c.subjectId !== "SHP-DE-01")!;
    const revoked = await t.call("POST", `/api/v1/origin/certificates/${issued.detail}/revoke`, {
      key: OPERATOR_KEY,
      body: { reason: "issued on a wrong invoice" },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const certificateNotes = await engineNotes(`/api/v1/origin/certificates/${issued.detail}/verification`);
    expect(certificateNotes.map((n) => n.note?.code)).toContain("certificate-revoked");
    for (const lang of ["vi", "en"] as const) await expectPageLanguage(issued.url!, lang, certificateNotes);
  });
});
