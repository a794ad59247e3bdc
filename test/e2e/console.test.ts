/**
 * The operator and compliance consoles in a real headless Chromium against the real service seeded with the
 * demo (through its public API): sign-in per role, each form's happy path and field errors in both languages
 * (the API's own words in English, compared with what the API answers for the same body), re-issued keys and
 * suspensions ending sessions, the comparison of every agreement for the demo's three shipments (the answers
 * of test/e2e/origin-comparisons.test.ts), issuing and revoking a certificate, sign-out, 403 across roles,
 * CSRF refused, an expired session sent back to sign-in, the sign-in rate limit. Every page visited is run
 * through axe-core (no serious or critical violation), its targets measured (44 px) and its width checked at
 * 390 px. Screenshots go to test-output/console/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../services/demo/seed";
import type { SeedResult } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import {
  auditConsolePage,
  launchChromium,
  newConsolePage,
  signInWithForm,
  submitForm,
} from "../support/console-session";

const SHOTS = path.join(__dirname, "../../test-output/console");
const SIGN_IN_ATTEMPTS = 60;

describe("the consoles in Chromium", () => {
  let t: TestService;
  let seed: SeedResult;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const audited = new Set<string>();

  const url = (pathname: string) => `${t.service.url}${pathname}`;
  const certifierKey = () => seed.keys.find((key) => key.role === "certifier")!.apiKey;

  const newPage = (locale: "vi-VN" | "en-GB") => newConsolePage(browser, contexts, locale);

  const submit = submitForm;

  const signIn = (page: Page, key: string) => signInWithForm(page, url(""), key);

  /** The console page audit, noted so that the last test can check every page had one. */
  async function audit(page: Page, name: string): Promise<void> {
    await auditConsolePage(page, name, SHOTS);
    audited.add(name);
  }

  const fieldError = (page: Page, form: string, name: string) =>
    page.locator(`${form} [data-field-error="${name}"]`).innerText();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestService({ CONSOLE_SIGN_IN_ATTEMPTS_PER_MINUTE: String(SIGN_IN_ATTEMPTS) });
    seed = await seedDemo({
      baseUrl: t.service.url,
      operatorApiKey: OPERATOR_KEY,
      garmentSecret: loadGarmentSecret(t.dataDir),
    });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.stop();
  });

  it("gives the same answer to a wrong, malformed or revoked key, and keeps the key out of the URL", async () => {
    const page = await newPage("en-GB");
    const answers: string[] = [];
    const revoked = (await t.call("POST", "/api/v1/facilities/tng-cutting/api-keys", { key: OPERATOR_KEY }))
      .body.apiKey as string;
    await t.call("POST", "/api/v1/facilities/tng-cutting/api-keys", { key: OPERATOR_KEY });
    for (const key of ["not-a-key-at-all-0123456789abcdefghijklmnop", "bad key with spaces", revoked]) {
      expect(await signIn(page, key)).toBe(401);
      expect(page.url()).not.toContain(encodeURIComponent(key.slice(0, 10)));
      answers.push(await page.locator("main").innerText());
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain("This key cannot sign in");
    await audit(page, "sign-in-wrong-key-en");
    const cookies = await page.context().cookies();
    expect(cookies.filter((cookie) => cookie.name === "tp_console")).toEqual([]);
  });

  it("signs the operator in with an HttpOnly, SameSite=Strict cookie scoped to /console, in Vietnamese", async () => {
    const page = await newPage("vi-VN");
    await page.goto(url("/console"));
    expect(await page.locator("form[action='/console/sign-in']").count()).toBe(1);
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    await audit(page, "sign-in-vi");
    expect(await signIn(page, OPERATOR_KEY)).toBe(303);
    expect(new URL(page.url()).pathname).toBe("/console/operator/facilities");
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === "tp_console");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/console", secure: false });
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const text = await page.locator("main").innerText();
    expect(text).toContain("Đăng ký cơ sở");
    for (const id of ["vn-hanoi-knit-mill", "tng-cutting", "tng-sewing"]) expect(text).toContain(id);
    expect(
      await page.locator('tr[data-facility="tng-sewing"] [data-status]').getAttribute("data-status"),
    ).toBe("active");
    await audit(page, "operator-facilities-vi");
  });

  it("registers a facility from the form, with the API's field errors in English and in Vietnamese", async () => {
    const bad = { id: "bad:id", name: "Console Mill", country: "Viet Nam" };
    const api = await t.call("POST", "/api/v1/facilities", { key: OPERATOR_KEY, body: bad });
    expect(api.status).toBe(400);
    const apiMessage = (field: string) =>
      (api.body.error.details.fields as { path: string; message: string }[])
        .filter((f) => f.path === field)
        .map((f) => f.message)
        .join("; ");

    const form = "form[data-form=register-facility]";
    for (const locale of ["en-GB", "vi-VN"] as const) {
      const page = await newPage(locale);
      await signIn(page, OPERATOR_KEY);
      await page.fill("#facility-id", bad.id);
      await page.fill("#facility-name", bad.name);
      await page.fill("#facility-country", bad.country);
      expect(await submit(page, form)).toBe(400);
      for (const field of ["id", "country", "roles"]) {
        const shown = await fieldError(page, form, field);
        if (locale === "en-GB") expect(shown, field).toBe(apiMessage(field));
        else {
          expect(shown, field).not.toBe(apiMessage(field));
          expect(shown.length, field).toBeGreaterThan(3);
        }
      }
      // What was typed stays in the form.
      expect(await page.inputValue("#facility-name")).toBe(bad.name);
      await audit(page, `operator-facility-errors-${locale.slice(0, 2)}`);
    }

    const page = await newPage("en-GB");
    await signIn(page, OPERATOR_KEY);
    await page.fill("#facility-id", "console-mill");
    await page.fill("#facility-name", "Console Test Mill");
    await page.fill("#facility-country", "VN");
    await page.check("#facility-roles-fabric");
    await page.check("#facility-roles-shipping");
    await page.fill("#facility-gtinPrefixes", "8930001, 8930002");
    expect(await submit(page, form)).toBe(201);
    const key = await page.locator('[data-issued-key="console-mill"] output').innerText();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await audit(page, "operator-facility-registered-en");
    const registered = await t.call("GET", "/api/v1/facilities/console-mill");
    expect(registered.body).toMatchObject({
      name: "Console Test Mill",
      country: "VN",
      roles: ["fabric", "shipping"],
      gtinPrefixes: ["8930001", "8930002"],
    });
    // A refresh of the list shows no key: it was shown once.
    await page.goto(url("/console/operator/facilities"));
    expect(await page.locator("[data-issued-key]").count()).toBe(0);
    // The key signs the facility in to its console.
    const facility = await newPage("en-GB");
    expect(await signIn(facility, key)).toBe(303);
    expect(new URL(facility.url()).pathname).toBe("/console/facility");
    await audit(facility, "facility-home-en");
  });

  it("sets GS1 prefixes, suspends and reactivates with a reason, and re-issues a key that ends the old one's sessions", async () => {
    const operator = await newPage("en-GB");
    await signIn(operator, OPERATOR_KEY);
    const oldKey = (await t.call("POST", "/api/v1/facilities/tng-sewing/api-keys", { key: OPERATOR_KEY }))
      .body.apiKey as string;
    const facility = await newPage("vi-VN");
    expect(await signIn(facility, oldKey)).toBe(303);

    await operator.goto(url("/console/operator/facilities/tng-sewing"));
    await audit(operator, "operator-facility-en");
    const prefixes = await operator.inputValue("#prefixes-gtinPrefixes");
    await operator.fill("#prefixes-gtinPrefixes", `${prefixes} 12`);
    expect(await submit(operator, "form[data-form=gtin-prefixes]")).toBe(400);
    expect(await fieldError(operator, "form[data-form=gtin-prefixes]", "gtinPrefixes")).toBe(
      "a GS1 company prefix has 4 to 12 digits",
    );
    await operator.fill("#prefixes-gtinPrefixes", `${prefixes} 8930009`);
    expect(await submit(operator, "form[data-form=gtin-prefixes]")).toBe(200);
    expect((await t.call("GET", "/api/v1/facilities/tng-sewing")).body.gtinPrefixes as string[]).toContain(
      "8930009",
    );

    await operator.fill("#suspension-reason", "Audit of the sewing line records");
    expect(await submit(operator, "form[data-form=suspension]")).toBe(200);
    expect(await operator.locator("[data-notice]").innerText()).toContain("suspended");
    expect((await t.call("GET", "/api/v1/facilities/tng-sewing")).body.suspended).toBe(true);
    // The suspended facility's session ends at its next request; its key cannot sign in meanwhile.
    expect((await facility.goto(url("/console/facility")))!.status()).toBe(401);
    expect(await facility.locator("[data-sign-in]").getAttribute("data-sign-in")).toBe("key-revoked");
    expect(await signIn(facility, oldKey)).toBe(401);

    await operator.fill("#suspension-reason", "Audit closed");
    expect(await submit(operator, "form[data-form=suspension]")).toBe(200);
    expect((await t.call("GET", "/api/v1/facilities/tng-sewing")).body.suspended).toBe(false);
    expect(await signIn(facility, oldKey)).toBe(303);

    expect(await submit(operator, "form[data-form=api-key]")).toBe(201);
    const newKey = await operator.locator('[data-issued-key="tng-sewing"] output').innerText();
    expect(newKey).not.toBe(oldKey);
    expect((await facility.goto(url("/console/facility")))!.status()).toBe(401);
    expect(await facility.locator("[data-sign-in]").getAttribute("data-sign-in")).toBe("key-revoked");
    expect(await signIn(facility, oldKey)).toBe(401);
    expect(await signIn(facility, newKey)).toBe(303);
  });

  it("registers certifiers and rotates a certifier's signing key", async () => {
    const page = await newPage("vi-VN");
    await signIn(page, OPERATOR_KEY);
    await page.goto(url("/console/operator/certifiers"));
    const demoCertifier = seed.keys.find((key) => key.role === "certifier")!.id;
    expect(await page.locator(`tr[data-certifier="${demoCertifier}"]`).count()).toBe(1);
    await audit(page, "operator-certifiers-vi");
    const form = "form[data-form=register-certifier]";
    await page.fill("#certifier-id", "bad id");
    await page.fill("#certifier-name", "Phòng Thương mại");
    expect(await submit(page, form)).toBe(400);
    expect(await fieldError(page, form, "id")).toContain("phải gồm 1 đến 64 chữ cái");
    await page.fill("#certifier-id", "console-vcci");
    expect(await submit(page, form)).toBe(201);
    expect(await page.locator('[data-issued-key="console-vcci"] output').innerText()).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );

    const before = (await t.call("GET", `/api/v1/certifiers/${demoCertifier}`)).body;
    expect(await submit(page, `tr[data-certifier="${demoCertifier}"] form`)).toBe(200);
    expect(await page.locator("[data-notice]").innerText()).toContain("Đã đổi khóa ký");
    const after = (await t.call("GET", `/api/v1/certifiers/${demoCertifier}`)).body;
    expect(after.account).not.toBe(before.account);
    expect(after.keys.length).toBe(before.keys.length + 1);
  });

  it("compares every agreement for the demo's three shipments", async () => {
    const page = await newPage("en-GB");
    expect(await signIn(page, certifierKey())).toBe(303);
    expect(new URL(page.url()).pathname).toBe("/console/compliance/lots");
    await audit(page, "compliance-lots-en");
    await page.fill("#lots-q", "SHP-");
    await Promise.all([page.waitForURL(/q=SHP-/), page.locator("form[role=search] button").click()]);
    const listed = await page
      .locator("tr[data-lot]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-lot")));
    expect(listed).toEqual(expect.arrayContaining(["SHP-JP-01", "SHP-DE-01", "SHP-AU-01"]));
    expect(listed.every((id) => id!.includes("SHP-"))).toBe(true);

    const agreements = async (id: string) => {
      await page.goto(url(`/console/compliance/lots/${id}`));
      return page.locator("[data-agreement]").evaluateAll((articles) =>
        articles.map((a) => ({
          fta: a.getAttribute("data-agreement"),
          status: a.querySelector("[data-status]")?.getAttribute("data-status"),
          provisional: a.querySelector("[data-provisional]") !== null,
          certifiable: a.querySelector("[data-certifiable]") !== null,
          failing: Array.from(a.querySelectorAll("[data-failing] li")).map((li) => li.textContent ?? ""),
          change: a.querySelector("[data-smallest-change]")?.textContent?.trim() ?? null,
          changes: a.querySelector("[data-smallest-change]")?.getAttribute("data-smallest-change") ?? null,
          issueForm: a.querySelector("form[data-form=issue]") !== null,
        })),
      );
    };
    const byFta = <T extends { fta: string | null }>(list: T[]) =>
      Object.fromEntries(list.map((a) => [a.fta, a]));

    const jp = await agreements("SHP-JP-01");
    expect(jp.map((a) => a.fta).sort()).toEqual(["AJCEP", "CPTPP", "RCEP", "VJEPA"]);
    expect(await page.locator("[data-importing]").getAttribute("data-importing")).toBe("JP");
    const jpBy = byFta(jp);
    expect(jpBy.CPTPP).toMatchObject({
      status: "originating",
      certifiable: true,
      failing: [],
      issueForm: true,
    });
    for (const fta of ["RCEP", "AJCEP", "VJEPA"])
      expect(jpBy[fta], fta).toMatchObject({
        status: "originating",
        provisional: true,
        certifiable: false,
        issueForm: false,
      });
    await audit(page, "compliance-comparison-jp-en");

    const de = await agreements("SHP-DE-01");
    expect(de).toHaveLength(1);
    expect(de[0]).toMatchObject({ fta: "EVFTA", status: "originating", certifiable: true, change: null });

    const au = byFta(await agreements("SHP-AU-01"));
    expect(Object.keys(au).sort()).toEqual(["AANZFTA", "CPTPP", "RCEP"]);
    expect(au.CPTPP!.status).toBe("not-originating");
    expect(au.CPTPP!.failing.join("\n")).toContain("cotton poplin");
    expect(au.CPTPP!.changes).toBe("2");
    expect(au.CPTPP!.change).toMatch(
      /^weave or knit the cotton poplin .*\(HS 5208\.?21\) in Viet Nam or another CPTPP party, and spin the yarn of the cotton poplin .*\(HS 5208\.?21\) in Viet Nam or another CPTPP party$/,
    );
    for (const fta of ["RCEP", "AANZFTA"])
      expect(au[fta], fta).toMatchObject({ status: "originating", provisional: true, certifiable: false });
    await audit(page, "compliance-comparison-au-en");

    const vi = await newPage("vi-VN");
    await signIn(vi, certifierKey());
    await vi.goto(url("/console/compliance/lots/SHP-AU-01"));
    expect(await vi.locator('[data-agreement="CPTPP"] [data-status]').innerText()).toBe("Không đạt xuất xứ");
    await audit(vi, "compliance-comparison-au-vi");
  });

  it("issues a certificate from an originating answer and revokes one with a reason", async () => {
    const page = await newPage("en-GB");
    await signIn(page, certifierKey());
    await page.goto(url("/console/compliance/lots/SHP-DE-01"));
    const demo = seed.certificates.find((c) => c.subjectId === "SHP-DE-01" && c.outcome === "issued")!.detail;
    const demoCard = `li[data-certificate="${demo}"]`;
    expect(await page.locator(demoCard).getAttribute("data-status")).toBe("valid");
    // Its PDF and signed JSON are one click away.
    const pdfHref = await page.locator(`${demoCard} a[data-link=pdf]`).getAttribute("href");
    const jsonHref = await page.locator(`${demoCard} a[data-link=json]`).getAttribute("href");
    const pdf = await fetch(url(pdfHref!));
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const json = (await (await fetch(url(jsonHref!))).json()) as {
      proof?: unknown;
      credentialSubject?: unknown;
    };
    expect(json.proof).toBeDefined();

    // While the demo's certificate is valid another is refused, in words; a bad e-mail is named.
    const form = 'form[data-form=issue][data-fta="EVFTA"]';
    await page.locator('[data-agreement="EVFTA"] summary').click();
    await page.fill("#issue-EVFTA-exporter-email", "not-an-email");
    expect(await submit(page, form)).toBe(400);
    expect(await fieldError(page, form, "exporter.email")).toBe("Invalid email address");
    await audit(page, "compliance-issue-errors-en");
    await page.fill("#issue-EVFTA-exporter-email", "export@tng.example");
    expect(await submit(page, form)).toBe(409);
    expect(await page.locator("[data-refusal]").getAttribute("data-refusal")).toBe("CERTIFICATE_EXISTS");

    // Revoke: a reason is required (the API's word), then it is revoked.
    const revokeForm = `${demoCard} form[data-form=revoke]`;
    expect(await submit(page, revokeForm)).toBe(400);
    expect(await page.locator("[data-problem=reason]").count()).toBe(1);
    await page.fill(`${revokeForm} input[name=reason]`, "The invoice number was wrong");
    expect(await submit(page, revokeForm)).toBe(200);
    expect(await page.locator(demoCard).getAttribute("data-status")).toBe("revoked");
    expect((await t.call("GET", `/api/v1/origin/certificates/${demo}/verification`)).body.verdict).toBe(
      "revoked",
    );

    await page.locator('[data-agreement="EVFTA"] summary').click();
    await page.selectOption("#issue-EVFTA-proofType", "eur1");
    await page.fill("#issue-EVFTA-exporter-email", "export@tng.example");
    await page.fill("#issue-EVFTA-place", "Thai Nguyen");
    expect(await submit(page, form)).toBe(201);
    const notice = await page.locator("[data-notice]").innerText();
    const issuedId = /Certificate (\S+) is issued/.exec(notice)![1]!;
    expect(await page.locator(`li[data-certificate="${issuedId}"]`).getAttribute("data-status")).toBe(
      "valid",
    );
    const verification = (await t.call("GET", `/api/v1/origin/certificates/${issuedId}/verification`)).body;
    expect(verification.verdict).toBe("valid");
    expect(JSON.stringify(verification.certificate)).toContain("export@tng.example");
    await audit(page, "compliance-issued-en");
  });

  it("answers 403 with a page when a role reaches another role's page", async () => {
    const certifier = await newPage("en-GB");
    await signIn(certifier, certifierKey());
    for (const pathname of [
      "/console/operator/facilities",
      "/console/operator/certifiers",
      "/console/facility",
    ]) {
      const response = await certifier.goto(url(pathname));
      expect(response!.status(), pathname).toBe(403);
      expect(response!.headers()["content-type"]).toContain("text/html");
      expect(await certifier.locator("[data-refused]").getAttribute("data-refused")).toBe("forbidden");
    }
    await audit(certifier, "forbidden-en");
    const operator = await newPage("vi-VN");
    await signIn(operator, OPERATOR_KEY);
    for (const pathname of ["/console/compliance/lots", "/console/compliance/lots/SHP-JP-01"]) {
      expect((await operator.goto(url(pathname)))!.status(), pathname).toBe(403);
    }
    await audit(operator, "forbidden-vi");
    // Nothing of the other roles is shown: the operator's navigation has no compliance link.
    expect(await operator.locator('nav a[href^="/console/compliance"]').count()).toBe(0);
    // Nor does a role's POST get through with its own valid token.
    const token = await operator.locator("input[name=csrf]").first().inputValue();
    const post = await operator
      .context()
      .request.post(url("/console/compliance/lots/SHP-DE-01/certificates"), {
        form: { csrf: token, fta: "EVFTA" },
      });
    expect(post.status()).toBe(403);
  });

  it("refuses a form without the session's CSRF token, or with another session's", async () => {
    const page = await newPage("en-GB");
    await signIn(page, OPERATOR_KEY);
    await page.goto(url("/console/operator/facilities"));
    const other = await newPage("en-GB");
    await signIn(other, OPERATOR_KEY);
    const otherToken = await other.locator("input[name=csrf]").first().inputValue();
    const request = page.context().request;
    const forms: Record<string, string>[] = [
      { id: "csrf-mill", name: "CSRF Mill", country: "VN", roles: "fabric" },
      { csrf: otherToken, id: "csrf-mill", name: "CSRF Mill", country: "VN", roles: "fabric" },
    ];
    for (const form of forms) {
      const answer = await request.post(url("/console/operator/facilities"), { form });
      expect(answer.status()).toBe(403);
      expect(await answer.text()).toContain('data-refused="csrf"');
    }
    expect((await t.call("GET", "/api/v1/facilities/csrf-mill")).status).toBe(404);
    // Sign-out is a form too.
    expect((await request.post(url("/console/sign-out"), { form: {} })).status()).toBe(403);
    await page.goto(url("/console/operator/facilities"));
    expect(new URL(page.url()).pathname).toBe("/console/operator/facilities");
  });

  it("signs out, and sends an expired session back to sign-in", async () => {
    const page = await newPage("vi-VN");
    await signIn(page, certifierKey());
    expect(await submit(page, "form[action='/console/sign-out']")).toBe(303);
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    expect(await page.locator("[data-sign-in]").getAttribute("data-sign-in")).toBe("signed-out");
    expect((await page.goto(url("/console/compliance/lots")))!.status()).toBe(401);
    expect(await page.locator("form[action='/console/sign-in']").count()).toBe(1);
    expect((await page.context().cookies()).filter((c) => c.name === "tp_console")).toEqual([]);

    const idle = await newPage("en-GB");
    await signIn(idle, OPERATOR_KEY);
    // 31 minutes without a request, as the service database will see it.
    t.service.serviceDb
      .prepare("UPDATE console_sessions SET last_seen_at = last_seen_at - ?")
      .run(31 * 60_000);
    expect((await idle.goto(url("/console/operator/facilities")))!.status()).toBe(401);
    expect(await idle.locator("[data-sign-in]").getAttribute("data-sign-in")).toBe("idle");
    expect(await idle.locator("[data-sign-in]").innerText()).toContain("ended after a while");
  });

  it("answers a form sent as JSON with odd values as a refusal, never a 5xx", async () => {
    const page = await newPage("en-GB");
    await signIn(page, OPERATOR_KEY);
    const token = await page.locator("input[name=csrf]").first().inputValue();
    const request = page.context().request;
    const bodies = [
      { csrf: token, id: 5, name: { a: 1 }, country: ["VN", "KR"], roles: [1, "fabric"] },
      { csrf: token, id: "odd-mill", name: "Odd Mill", country: "VN", roles: "fabric", surplus: "x" },
    ];
    for (const data of bodies) {
      const answer = await request.post(url("/console/operator/facilities"), { data });
      expect(answer.status(), JSON.stringify(data)).toBeGreaterThanOrEqual(400);
      expect(answer.status(), JSON.stringify(data)).toBeLessThan(500);
    }
    expect((await t.call("GET", "/api/v1/facilities/odd-mill")).status).toBe(404);
  });

  // Last of the sign-ins: it spends the client's sign-in budget for the minute.
  it("limits sign-in attempts per client, the right key included once over", async () => {
    let refusedAfter = 0;
    for (let attempt = 1; attempt <= SIGN_IN_ATTEMPTS + 1; attempt++) {
      const answer = await fetch(url("/console/sign-in"), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ apiKey: `guess-${attempt}-0123456789abcdefghijklmnopqrstuv` }),
        redirect: "manual",
      });
      if (answer.status === 429) {
        refusedAfter = attempt;
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
        break;
      }
      expect(answer.status).toBe(401);
    }
    expect(refusedAfter).toBeGreaterThan(1);
    expect(refusedAfter).toBeLessThanOrEqual(SIGN_IN_ATTEMPTS + 1);
    const page = await newPage("en-GB");
    expect(await signIn(page, OPERATOR_KEY)).toBe(429);
    expect(await page.locator("[data-sign-in]").getAttribute("data-sign-in")).toBe("rate-limited");
  });

  it("audited every console page", () => {
    for (const name of [
      "sign-in-vi",
      "sign-in-wrong-key-en",
      "operator-facilities-vi",
      "operator-facility-en",
      "operator-certifiers-vi",
      "facility-home-en",
      "compliance-lots-en",
      "compliance-comparison-jp-en",
      "compliance-comparison-au-vi",
      "compliance-issued-en",
      "forbidden-en",
    ])
      expect(audited.has(name), name).toBe(true);
  });
});
