/**
 * The factory office console in a real headless Chromium against the real service (embedded chain, Helia,
 * SQLite): a facility signs in, sees its lots with what remains, records a fabric lot with the form (and gets
 * the API's field errors, in English word for word and in Vietnamese), imports a spreadsheet (a dry run that
 * shows the bad row, then a commit whose progress page ends with the rows recorded), and cannot see or use
 * another facility's lot; plus the routes' refusals over plain HTTP (CSRF, another role, another key's job).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { garmentCode, loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, fabricLot, sewing, startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import {
  auditConsolePage,
  consoleCookie,
  launchChromium,
  newConsolePage,
  signInWithForm,
  submitForm,
} from "../support/console-session";

const SHOTS = path.join(__dirname, "../../test-output/console-factory");

describe("the factory office console in Chromium", () => {
  let t: TestService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const keys: Record<string, string> = {};
  const url = (pathname: string) => `${t.service.url}${pathname}`;

  const newPage = (locale: "vi-VN" | "en-GB") => newConsolePage(browser, contexts, locale);

  const submit = submitForm;

  const signIn = (page: Page, key: string) => signInWithForm(page, t.service.url, key);

  /** A fabric-lots row of the English template. */
  const fabricRow = (id: string, quantity: string) =>
    [
      id,
      "02/03/2026",
      "cotton jersey",
      "6006.21",
      "cotton:100",
      quantity,
      "m",
      "",
      "",
      "Dệt Hà Nội",
      "VN",
      "",
    ].join(",");

  const audit = (page: Page, name: string) => auditConsolePage(page, name, SHOTS);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Every test signs in afresh: more attempts a minute than a browser would need.
    t = await startTestService({ CONSOLE_SIGN_IN_ATTEMPTS_PER_MINUTE: "100" });
    for (const id of ["fa-mill", "fb-mill"]) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name: `Mill ${id}`,
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: id === "fa-mill" ? ["8938505"] : [],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      keys[id] = answer.body.apiKey;
    }
    for (const [key, id] of [
      [keys["fa-mill"], "FA-1"],
      [keys["fb-mill"], "FB-1"],
    ] as const) {
      const answer = await t.call("POST", "/api/v1/events/fabric-lots", { key, body: fabricLot(id) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    // A 300 m cutting of FA-1: its remaining balance is 900 m.
    const cut = await t.call("POST", "/api/v1/events/cuttings", {
      key: keys["fa-mill"],
      body: {
        id: "FA-CUT-1",
        inputs: [{ lotId: "FA-1", quantity: { amount: 300, unit: "m" } }],
        output: { quantity: { amount: 2400, unit: "pcs" } },
        occurredAt: "2026-03-02T08:00:00Z",
      },
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.stop();
  });

  it("signs a facility in to its lots with their remaining balances and history", async () => {
    const page = await newPage("en-GB");
    expect(await signIn(page, keys["fa-mill"]!)).toBe(303);
    expect(new URL(page.url()).pathname).toBe("/console/facility");
    expect(await page.locator("[data-signed-in=facility]").innerText()).toContain("Mill fa-mill");
    expect(await page.locator("tr[data-lot=FA-1] [data-remaining]").getAttribute("data-remaining")).toBe(
      "900",
    );
    expect(await page.locator("tr[data-lot=FA-CUT-1]").count()).toBe(1);
    // Nothing of the other facility is listed.
    expect(await page.locator("tr[data-lot=FB-1]").count()).toBe(0);
    await page.click("a:text('FA-1')");
    expect(await page.locator("h1").innerText()).toBe("Lot FA-1");
    expect(await page.locator("#lot-history ~ ul a.mono, section ul a.mono").allInnerTexts()).toContain(
      "FA-CUT-1",
    );
    expect(await page.locator("a[data-link=epcis]").getAttribute("href")).toBe("/api/v1/lots/FA-1/epcis");
    await audit(page, "lot-en");
    await page.goto(url("/console/facility?lang=vi"));
    await audit(page, "lots-vi");
  }, 120_000);

  it("records a fabric lot with the form, and shows the API's field errors in English and Vietnamese", async () => {
    const page = await newPage("en-GB");
    await signIn(page, keys["fa-mill"]!);
    await page.goto(url("/console/facility/events?lang=en"));
    const form = "form[data-form=fabric-lots]";
    // Field errors: a percent that is no number, no supplier; the API says the same for the same body.
    await page.fill(`${form} [name=id]`, "FA-FORM-1");
    await page.fill(`${form} [name='composition.0.fibre']`, "cotton");
    await page.fill(`${form} [name='composition.0.percent']`, "lots");
    await page.fill(`${form} [name='quantity.amount']`, "500");
    await page.fill(`${form} [name=occurredAt]`, "2026-03-04T09:30");
    expect(await submit(page, form)).toBe(400);
    const api = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: keys["fa-mill"],
      body: {
        id: "FA-FORM-1",
        composition: [{ fibre: "cotton", percent: "lots" }],
        quantity: { amount: 500, unit: "m" },
        occurredAt: "2026-03-04T09:30:00+07:00",
      },
    });
    expect(api.status).toBe(400);
    const apiMessage = (p: string) =>
      (api.body.error.details.fields as { path: string; message: string }[]).find((f) => f.path === p)!
        .message;
    const error = (name: string) => page.locator(`${form} [data-field-error="${name}"]`).innerText();
    expect(await error("composition.0.percent")).toBe(apiMessage("composition.0.percent"));
    // A whole object left empty is said beside its first field.
    expect(await error("supplier.name")).toBe(apiMessage("supplier"));
    await audit(page, "event-errors-en");

    // The same refusal in Vietnamese.
    await page.click("a[hreflang=vi]");
    await page.fill(`${form} [name=id]`, "FA-FORM-1");
    await page.fill(`${form} [name='composition.0.fibre']`, "cotton");
    await page.fill(`${form} [name='composition.0.percent']`, "lots");
    await page.fill(`${form} [name='quantity.amount']`, "500");
    expect(await submit(page, form)).toBe(400);
    expect(await error("composition.0.percent")).toBe("phải là một số");
    expect(await error("supplier.name")).toBe("bắt buộc");
    expect(
      await page.locator(`section#fabric-lots li[data-problem="composition.0.percent"]`).innerText(),
    ).toContain("Phần trăm 1");
    await audit(page, "event-errors-vi");

    // The happy path: recorded on chain, and listed with its balance.
    await page.fill(`${form} [name=id]`, "FA-FORM-1");
    await page.fill(`${form} [name='composition.0.fibre']`, "cotton");
    await page.fill(`${form} [name='composition.0.percent']`, "100");
    await page.fill(`${form} [name='quantity.amount']`, "500");
    await page.fill(`${form} [name='supplier.name']`, "Dệt Hà Nội");
    await page.fill(`${form} [name='supplier.country']`, "VN");
    await page.fill(`${form} [name=occurredAt]`, "2026-03-04T09:30");
    expect(await submit(page, form)).toBe(201);
    expect(await page.locator("[data-notice]").innerText()).toContain("FA-FORM-1");
    const lot = await t.call("GET", "/api/v1/lots/FA-FORM-1");
    expect(lot.body).toMatchObject({ remaining: 500, unit: "m", occurredAt: "2026-03-04T09:30:00+07:00" });
    await page.goto(url("/console/facility?lang=vi"));
    expect(await page.locator("tr[data-lot=FA-FORM-1] [data-remaining]").getAttribute("data-remaining")).toBe(
      "500",
    );
  }, 120_000);

  it("records a cutting from two fabric lots with comma decimals, an error shown beside its input row", async () => {
    const second = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: keys["fa-mill"],
      body: fabricLot("FA-2"),
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const page = await newPage("en-GB");
    await signIn(page, keys["fa-mill"]!);
    await page.goto(url("/console/facility/events?lang=en"));
    const form = "form[data-form=cuttings]";
    const error = (name: string) => page.locator(`${form} [data-field-error="${name}"]`);
    expect(await page.locator(`${form} [data-input-row]`).count()).toBe(4);
    // The second row's 1.234 reads as 1.234 m or as 1,234 m: said beside that row's field, nothing recorded.
    await page.fill(`${form} [name=id]`, "FA-CUT-2");
    await page.fill(`${form} [name='inputs.0.lotId']`, "FA-1");
    await page.fill(`${form} [name='inputs.0.quantity.amount']`, "100,5");
    await page.fill(`${form} [name='inputs.1.lotId']`, "FA-2");
    await page.fill(`${form} [name='inputs.1.quantity.amount']`, "1.234");
    await page.fill(`${form} [name='output.quantity.amount']`, "1.600");
    await page.fill(`${form} [name=occurredAt]`, "2026-03-06T08:00");
    expect(await submit(page, form)).toBe(400);
    expect(await error("inputs.1.quantity.amount").innerText()).toBe(
      "is ambiguous: it reads as 1.234 or as 1234; write it without a thousands separator",
    );
    expect(await error("output.quantity.amount").innerText()).toContain("is ambiguous");
    expect(await error("inputs.0.quantity.amount").count()).toBe(0);
    expect(
      await page.locator(`section#cuttings li[data-problem="inputs.1.quantity.amount"]`).innerText(),
    ).toContain("Quantity used (input 2)");
    // What was typed is kept.
    expect(await page.inputValue(`${form} [name='inputs.1.lotId']`)).toBe("FA-2");
    await audit(page, "cutting-rows-en");

    // In Vietnamese, with the third row used and the second left empty: the API's refusal of its second
    // item is shown on the third row, where it was typed.
    await page.goto(url("/console/facility/events?lang=vi"));
    await page.fill(`${form} [name=id]`, "FA-CUT-2");
    await page.fill(`${form} [name='inputs.0.lotId']`, "FA-1");
    await page.fill(`${form} [name='inputs.0.quantity.amount']`, "100,5");
    await page.fill(`${form} [name='inputs.2.lotId']`, "FA-2");
    await page.fill(`${form} [name='inputs.2.quantity.amount']`, "nhiều");
    await page.fill(`${form} [name='output.quantity.amount']`, "1.234");
    await page.fill(`${form} [name=occurredAt]`, "2026-03-06T08:00");
    expect(await submit(page, form)).toBe(400);
    expect(await error("inputs.2.quantity.amount").innerText()).toBe("phải là một số");
    expect(await error("inputs.1.quantity.amount").count()).toBe(0);
    expect(await error("output.quantity.amount").innerText()).toBe(
      "không rõ nghĩa: có thể là 1,234 hoặc 1.234; hãy viết không có dấu phân cách hàng nghìn",
    );
    await audit(page, "cutting-rows-vi");

    // Fixed: 100,5 m of FA-1 and 1.000,25 m of FA-2 (the other row left empty) make 1,600 pieces.
    await page.fill(`${form} [name='inputs.2.quantity.amount']`, "1.000,25");
    await page.fill(`${form} [name='output.quantity.amount']`, "1600");
    expect(await submit(page, form)).toBe(201);
    expect(await page.locator("[data-notice]").innerText()).toContain("FA-CUT-2");
    const cut = await t.call("GET", "/api/v1/lots/FA-CUT-2");
    expect(cut.body.inputs).toEqual([
      expect.objectContaining({ lotId: "FA-1", quantity: 100.5 }),
      expect.objectContaining({ lotId: "FA-2", quantity: 1000.25 }),
    ]);
    expect((await t.call("GET", "/api/v1/lots/FA-1")).body.remaining).toBe(799.5);
    expect((await t.call("GET", "/api/v1/lots/FA-2")).body.remaining).toBe(199.75);
    await page.goto(url("/console/facility?lang=en"));
    expect(await page.locator("tr[data-lot=FA-2] [data-remaining]").getAttribute("data-remaining")).toBe(
      "199.75",
    );
  }, 120_000);

  it("registers the facility's lines and equipment, and records a cutting on its table", async () => {
    const page = await newPage("en-GB");
    await signIn(page, keys["fa-mill"]!);
    await page.click("nav.sections a[href^='/console/facility/equipment']");
    expect(await page.locator("[data-no-equipment]").count()).toBe(1);
    const form = "form[data-form=equipment]";
    for (const [id, kind, name] of [
      ["FA-LINE-1", "sewing-line", "Chuyền 1"],
      ["FA-TABLE-1", "cutting-table", "Bàn cắt 1"],
    ] as const) {
      await page.fill(`${form} [name=id]`, id);
      await page.selectOption(`${form} [name=kind]`, kind);
      await page.fill(`${form} [name=name]`, name);
      expect(await submit(page, form)).toBe(201);
      expect(await page.locator("[data-notice]").innerText()).toContain(id);
    }
    const listed = (selector: string) =>
      page.locator(selector).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-equipment")));
    expect((await listed("tr[data-equipment]")).sort()).toEqual(["FA-LINE-1", "FA-TABLE-1"]);
    await audit(page, "equipment-en");
    // The same id again is refused, as the API refuses it; an id with a colon names the field.
    await page.fill(`${form} [name=id]`, "FA-TABLE-1");
    await page.fill(`${form} [name=name]`, "again");
    expect(await submit(page, form)).toBe(409);
    expect(await page.locator("[data-refusal=DUPLICATE_ID]").count()).toBe(1);
    await page.fill(`${form} [name=id]`, "table:2");
    await page.fill(`${form} [name=name]`, "Bàn cắt 2");
    expect(await submit(page, form)).toBe(400);
    expect(await page.locator(`${form} [data-field-error=id]`).innerText()).toContain("letters, digits");
    const api = await t.call("GET", "/api/v1/facilities/fa-mill/equipment", { key: keys["fa-mill"] });
    expect(api.body.equipment.map((item: { id: string }) => item.id).sort()).toEqual([
      "FA-LINE-1",
      "FA-TABLE-1",
    ]);

    // In Vietnamese: a cutting on a table the facility did not register is refused beside that field.
    await page.goto(url("/console/facility/events?lang=vi"));
    const cutting = "form[data-form=cuttings]";
    await page.fill(`${cutting} [name=id]`, "FA-CUT-EQ");
    await page.fill(`${cutting} [name='inputs.0.lotId']`, "FA-1");
    await page.fill(`${cutting} [name='inputs.0.quantity.amount']`, "10");
    await page.fill(`${cutting} [name='output.quantity.amount']`, "80");
    await page.fill(`${cutting} [name=equipmentId]`, "FA-TABLE-9");
    await page.fill(`${cutting} [name=occurredAt]`, "2026-03-07T08:00");
    expect(await submit(page, cutting)).toBe(400);
    expect(await page.locator(`${cutting} [data-field-error=equipmentId]`).innerText()).toBe(
      "không phải thiết bị đã đăng ký của cơ sở 'fa-mill' (hãy đăng ký trước)",
    );
    await audit(page, "equipment-error-vi");
    await page.fill(`${cutting} [name=equipmentId]`, "FA-TABLE-1");
    expect(await submit(page, cutting)).toBe(201);
    const cut = (await t.call("GET", "/api/v1/lots/FA-CUT-EQ")).body;
    const record = (await (await fetch(url(`/ipfs/${cut.record.cid as string}`))).json()) as {
      equipmentId?: string;
    };
    expect(record.equipmentId).toBe("FA-TABLE-1");
  }, 120_000);

  it("imports a spreadsheet: a dry run shows the bad row, then a commit records the file", async () => {
    const page = await newPage("en-GB");
    await signIn(page, keys["fa-mill"]!);
    await page.goto(url("/console/facility/imports?lang=en"));
    await audit(page, "imports-en");
    const template = await page.request.get(
      url("/console/facility/imports/templates/fabric-lots.csv?lang=en"),
    );
    expect(template.status()).toBe(200);
    const header = (await template.text()).replace(/^\ufeff/, "").trim();
    expect(header.split(",")[0]).toBe("Lot id");
    const file = path.join(tmpdir(), `factory-import-${process.pid}.csv`);
    writeFileSync(
      file,
      `\ufeff${header}\r\n${fabricRow("FA-IMP-1", "100")}\r\n${fabricRow("FA-IMP-2", "lots")}\r\n`,
    );
    await page.selectOption("#import-kind", "fabric-lots");
    await page.selectOption("#import-mode", "dry-run");
    await page.setInputFiles("#import-file", file);
    await submit(page, "form[data-form=import]");
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/facility\/imports\/[0-9a-f-]{36}$/);
    await page.waitForSelector("[data-job-status=success], [data-job-status=failed]", { timeout: 60_000 });
    const bad = page.locator("tr[data-row-error='3']");
    expect(await bad.locator("td").allInnerTexts()).toEqual([
      "3",
      "Quantity",
      "lots",
      expect.stringMatching(/number/i),
    ]);
    expect(await page.locator("[data-recorded]").innerText()).toBe("0");
    await audit(page, "import-dry-run");

    // The row fixed, committed: the progress page refreshes itself to the end.
    writeFileSync(
      file,
      `\ufeff${header}\r\n${fabricRow("FA-IMP-1", "100")}\r\n${fabricRow("FA-IMP-2", "200")}\r\n`,
    );
    await page.goto(url("/console/facility/imports?lang=en"));
    await page.selectOption("#import-kind", "fabric-lots");
    await page.selectOption("#import-mode", "commit");
    await page.setInputFiles("#import-file", file);
    await submit(page, "form[data-form=import]");
    await page.waitForSelector("[data-job-status=success]", { timeout: 90_000 });
    expect(await page.locator("progress").getAttribute("data-done")).toBe("2");
    expect(await page.locator("progress").getAttribute("data-total")).toBe("2");
    expect(await page.locator("[data-recorded]").innerText()).toBe("2");
    expect((await t.call("GET", "/api/v1/lots/FA-IMP-2")).body.remaining).toBe(200);
  }, 180_000);

  it("imports with 'record the good rows': the good rows are recorded and the bad one comes back as a file", async () => {
    const page = await newPage("vi-VN");
    await signIn(page, keys["fa-mill"]!);
    await page.goto(url("/console/facility/imports?lang=vi"));
    // Both behaviours are offered, all or nothing first (the API's default).
    expect(
      await page
        .locator("#import-errorBehaviour option")
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)),
    ).toEqual(["rollback", "proceed"]);
    expect(await page.locator("#import-errorBehaviour").inputValue()).toBe("rollback");
    await audit(page, "imports-vi");
    const header = (
      await (
        await page.request.get(url("/console/facility/imports/templates/fabric-lots.csv?lang=en"))
      ).text()
    )
      .replace(/^\ufeff/, "")
      .trim();
    const rows = [fabricRow("FA-PRO-1", "100"), fabricRow("FA-PRO-2", "lots"), fabricRow("FA-PRO-3", "300")];
    const file = path.join(tmpdir(), `factory-import-proceed-${process.pid}.csv`);
    writeFileSync(file, `\ufeff${header}\r\n${rows.join("\r\n")}\r\n`);
    await page.selectOption("#import-kind", "fabric-lots");
    await page.selectOption("#import-mode", "commit");
    await page.selectOption("#import-errorBehaviour", "proceed");
    await page.setInputFiles("#import-file", file);
    await submit(page, "form[data-form=import]");
    await page.waitForSelector("[data-job-status=success], [data-job-status=failed]", { timeout: 90_000 });
    expect(await page.locator("[data-error-behaviour]").getAttribute("data-error-behaviour")).toBe("proceed");
    expect(await page.locator("[data-recorded]").innerText()).toBe("2");
    expect(
      await page
        .locator("tr[data-row-error]")
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-row-error"))),
    ).toEqual(["3"]);
    await audit(page, "import-proceed-vi");
    expect((await t.call("GET", "/api/v1/lots/FA-PRO-1")).body.remaining).toBe(100);
    expect((await t.call("GET", "/api/v1/lots/FA-PRO-3")).body.remaining).toBe(300);
    expect((await t.call("GET", "/api/v1/lots/FA-PRO-2")).status).toBe(404);
    // The link gives the bad row as uploaded, with what is wrong in a last column.
    const href = await page.locator("a[href$='/errors.csv']").getAttribute("href");
    const errors = await page.request.get(url(href!));
    expect(errors.status()).toBe(200);
    const lines = (await errors.text())
      .replace(/^\ufeff/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("FA-PRO-2");
    expect(lines[1]).toContain("lots");
  }, 180_000);

  it("prints a sewn batch's labels and shows its garments' scans with a clone warning", async () => {
    const sewn = await t.call("POST", "/api/v1/events/sewings", {
      key: keys["fa-mill"],
      body: sewing("FA-SEW-1", "FA-CUT-1", {
        trims: undefined,
        output: { quantity: { amount: 30, unit: "pcs" } },
      }),
    });
    expect(sewn.status, JSON.stringify(sewn.body)).toBe(201);
    const code = garmentCode(loadGarmentSecret(t.dataDir), "FA-SEW-1", 7);
    // Garment 7 scanned from five regions (five places), garment 8 once: only 7 looks copied.
    for (const language of ["vi-VN", "en-GB", "de-DE", "fr-FR", "ja-JP"]) {
      const scan = await fetch(url(`/01/08938505974019/10/FA-SEW-1/21/7?ac=${code}`), {
        headers: { "accept-language": language, accept: "text/html" },
      });
      expect(scan.status).toBe(200);
    }
    const other = garmentCode(loadGarmentSecret(t.dataDir), "FA-SEW-1", 8);
    await fetch(url(`/01/08938505974019/10/FA-SEW-1/21/8?ac=${other}`), { headers: { accept: "text/html" } });
    const page = await newPage("vi-VN");
    await signIn(page, keys["fa-mill"]!);
    await page.goto(url("/console/facility/lots/FA-SEW-1?lang=vi"));
    expect(await page.locator("tr[data-serial='7'] td").allInnerTexts()).toEqual([
      "7",
      "5",
      "5",
      "Có thể bị sao chép",
    ]);
    expect(await page.locator("tr[data-serial='8'] td").allInnerTexts()).toEqual([
      "8",
      "1",
      "1",
      "Bình thường",
    ]);
    await audit(page, "batch-vi");
    const labelsHref = await page.locator("a[data-link=labels]").getAttribute("href");
    expect(labelsHref).toBe("/console/facility/lots/FA-SEW-1/labels.pdf");
    const labels = await page.request.get(url(labelsHref!));
    expect(labels.status()).toBe(200);
    expect(labels.headers()["content-type"]).toBe("application/pdf");
    expect((await labels.body()).subarray(0, 5).toString()).toBe("%PDF-");
  }, 120_000);

  it("neither shows nor acts on another facility's lot", async () => {
    const page = await newPage("en-GB");
    await signIn(page, keys["fa-mill"]!);
    const other = await page.goto(url("/console/facility/lots/FB-1"));
    expect(other!.status()).toBe(404);
    expect(await page.locator("[data-refused=not-found]").count()).toBe(1);
    expect(await page.content()).not.toContain("Hanil");
    const labels = await page.request.get(url("/console/facility/lots/FB-1/labels.pdf"));
    expect(labels.status()).toBe(404);
    // Cutting B's fabric with A's form: the use case refuses it, nothing is recorded.
    await page.goto(url("/console/facility/events?lang=en"));
    const form = "form[data-form=cuttings]";
    await page.fill(`${form} [name=id]`, "FA-CUT-B");
    await page.fill(`${form} [name='inputs.0.lotId']`, "FB-1");
    await page.fill(`${form} [name='inputs.0.quantity.amount']`, "10");
    await page.fill(`${form} [name='output.quantity.amount']`, "50");
    await page.fill(`${form} [name=occurredAt]`, "2026-03-05T08:00");
    const status = await submit(page, form);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(await page.locator("[data-refusal]").count()).toBe(1);
    expect((await t.call("GET", "/api/v1/lots/FA-CUT-B")).status).toBe(404);
    expect((await t.call("GET", "/api/v1/lots/FB-1")).body.remaining).toBe(1200);
  }, 120_000);

  it("refuses a form without the CSRF token, another role, and another key's import job", async () => {
    const signInCookie = (key: string) => consoleCookie(t.service.url, key);
    const a = await signInCookie(keys["fa-mill"]!);
    const noToken = await fetch(url("/console/facility/events/fabric-lots"), {
      method: "POST",
      headers: { cookie: a, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ id: "FA-CSRF", lang: "en" }),
    });
    expect(noToken.status).toBe(403);
    const upload = new FormData();
    upload.append("kind", "fabric-lots");
    upload.append("file", new Blob(["Lot id\r\n"]), "x.csv");
    const noTokenUpload = await fetch(url("/console/facility/imports"), {
      method: "POST",
      headers: { cookie: a },
      body: upload,
    });
    expect(noTokenUpload.status).toBe(403);
    const operator = await signInCookie(OPERATOR_KEY);
    expect((await fetch(url("/console/facility"), { headers: { cookie: operator } })).status).toBe(403);
    // B's job is not found for A.
    const form = new FormData();
    form.append("kind", "fabric-lots");
    form.append("file", new Blob([`\ufeffLot id,Date\r\nFB-X,02/03/2026\r\n`]), "x.csv");
    const job = await t.call("POST", "/api/v1/imports", { key: keys["fb-mill"], rawBody: form });
    expect(job.status).toBe(202);
    const seen = await fetch(url(`/console/facility/imports/${job.body.id}`), { headers: { cookie: a } });
    expect(seen.status).toBe(404);
    const b = await signInCookie(keys["fb-mill"]!);
    expect(
      (await fetch(url(`/console/facility/imports/${job.body.id}`), { headers: { cookie: b } })).status,
    ).toBe(200);
  }, 60_000);
});
