/**
 * POST /api/v1/origin/comparisons on the demo's shipments, against answers worked out by hand from
 * domain/rules-of-origin.md:
 * - SHP-JP-01 (Japan, 2026-10-02): men's cotton T-shirt 6109.10 of jersey spun and knitted in Viet Nam from
 *   US fibre, cut and sewn in Viet Nam. In force VN–JP: CPTPP, RCEP, AJCEP, VJEPA. CPTPP's yarn forward rule
 *   is met (fibre origin is irrelevant): originating and certifiable. RCEP (change of chapter: the jersey is
 *   chapter 60), AJCEP and VJEPA (change of chapter) are originating but provisional, not certifiable.
 * - SHP-DE-01 (Germany): chino trousers 6203.42 of Korean twill with its EU–Korea proof, cut and sewn in
 *   Viet Nam. Only EVFTA is in force: originating through the Korean-fabric cumulation; nothing to change.
 * - SHP-AU-01 (Australia): poplin shirt 6205.20 of fabric spun and woven in China. In force VN–AU: CPTPP,
 *   RCEP, AANZFTA. CPTPP's yarn forward rule fails on the poplin (5208 is excepted from the change of
 *   chapter); one change is not enough — weaving and spinning both must move — so the smallest change is the
 *   pair. RCEP and AANZFTA (change of chapter) are originating but provisional.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFParse } from "pdf-parse";
import { seedDemo, type SeedResult } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService, type TestService } from "../support/api-harness";

interface AgreementAnswer {
  fta: string;
  status: string;
  provisional: boolean;
  certifiable: boolean;
  failingChecks: { id: string; text: string }[];
  smallestChange: { text: string; changes: number } | null;
}

describe("POST /api/v1/origin/comparisons on the demo's shipments", () => {
  let t: TestService;
  let seed: SeedResult;
  const compare = async (body: Record<string, unknown>) =>
    t.call("POST", "/api/v1/origin/comparisons", { key: OPERATOR_KEY, body });
  const byFta = (agreements: AgreementAnswer[]) => Object.fromEntries(agreements.map((a) => [a.fta, a]));

  beforeAll(async () => {
    t = await startTestService();
    seed = await seedDemo({
      baseUrl: t.service.url,
      operatorApiKey: OPERATOR_KEY,
      garmentSecret: loadGarmentSecret(t.dataDir),
    });
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("Japan: CPTPP certifiable; RCEP, AJCEP and VJEPA originating but provisional", async () => {
    const answer = await compare({ subjectId: "SHP-JP-01" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ exportingCountry: "VN", importingCountry: "JP", date: "2026-10-02" });
    const agreements = answer.body.agreements as AgreementAnswer[];
    expect(agreements.map((a) => a.fta).sort()).toEqual(["AJCEP", "CPTPP", "RCEP", "VJEPA"]);
    const answers = byFta(agreements);
    expect(answers.CPTPP).toMatchObject({ status: "originating", certifiable: true, failingChecks: [] });
    for (const fta of ["RCEP", "AJCEP", "VJEPA"])
      expect(answers[fta], fta).toMatchObject({
        status: "originating",
        provisional: true,
        certifiable: false,
      });
  });

  it("Germany: EVFTA alone, originating through the Korean fabric's proof, nothing to change", async () => {
    const answer = await compare({ subjectId: "SHP-DE-01" });
    expect(answer.status).toBe(200);
    const agreements = answer.body.agreements as AgreementAnswer[];
    expect(agreements.map((a) => a.fta)).toEqual(["EVFTA"]);
    expect(agreements[0]).toMatchObject({ status: "originating", certifiable: true, smallestChange: null });
  });

  it("Australia: CPTPP fails on the Chinese poplin and says what to move; RCEP and AANZFTA provisional", async () => {
    const answer = await compare({ subjectId: "SHP-AU-01" });
    expect(answer.status).toBe(200);
    const agreements = answer.body.agreements as AgreementAnswer[];
    expect(agreements.map((a) => a.fta).sort()).toEqual(["AANZFTA", "CPTPP", "RCEP"]);
    const answers = byFta(agreements);
    const cptpp = answers.CPTPP!;
    expect(cptpp.status).toBe("not-originating");
    expect(cptpp.failingChecks.length).toBeGreaterThan(0);
    expect(cptpp.failingChecks.map((c) => c.text).join("\n")).toContain("cotton poplin");
    expect(JSON.stringify(cptpp.failingChecks.map((c) => c.text))).not.toMatch(/materials\[\d+\]/);
    expect(cptpp.smallestChange).toMatchObject({ changes: 2 });
    expect(cptpp.smallestChange!.text).toMatch(
      /^weave or knit the cotton poplin .*\(HS 5208\.?21\) in Viet Nam or another CPTPP party, and spin the yarn of the cotton poplin .*\(HS 5208\.?21\) in Viet Nam or another CPTPP party$/,
    );
    for (const fta of ["RCEP", "AANZFTA"])
      expect(answers[fta], fta).toMatchObject({
        status: "originating",
        provisional: true,
        certifiable: false,
      });
  });

  it("names materials in the assessment's checks by description and HS code, never by index", async () => {
    const answer = await t.call("POST", "/api/v1/origin/assessments", {
      key: OPERATOR_KEY,
      body: { subjectId: "SHP-AU-01", fta: "CPTPP" },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const checks = answer.body.assessment.checks as { id: string; detail: string; passed: boolean }[];
    for (const check of checks) expect(check.detail, check.id).not.toMatch(/materials\[\d+\]/);
    // The poplin's failing check names it in words; its id keeps the index, for machines.
    const poplin = checks.find((c) => !c.passed && /^cotton poplin .*\(HS 5208\.21\)/.test(c.detail));
    expect(poplin?.id).toMatch(/\.materials\[\d+\]$/);
  });

  it("refuses a body without a subject, naming the field, and answers 404 for an unknown subject", async () => {
    const missing = await compare({});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain("subjectId");
    const unknown = await compare({ subjectId: "SHP-NOWHERE" });
    expect(unknown.status).toBe(404);
  });

  it("gives the e-C/O dossier of the demo's certified shipments, as JSON and as a printable PDF", async () => {
    const issued = seed.certificates.filter((c) => c.outcome === "issued");
    expect(issued.map((c) => `${c.subjectId}:${c.fta}`).sort()).toEqual([
      "SHP-DE-01:EVFTA",
      "SHP-JP-01:CPTPP",
    ]);
    // Worked out by hand: the JP T-shirt meets CPTPP's yarn forward rule (a product-specific process rule,
    // "PSR"); the DE trousers EVFTA's weaving rule (also "PSR"); 600 pcs at USD 9.80 at the stated 0.92 EUR
    // per USD is EUR 5,409.60, within the EUR 6,000 of an origin declaration by the exporter.
    const expected: Record<string, { form: string; hs: string; quantity: string; invoice: string }> = {
      "SHP-JP-01": {
        form: "Certification of origin",
        hs: "6109.10",
        quantity: "1000 pcs",
        invoice: "INV-2026-0301",
      },
      "SHP-DE-01": {
        form: "Origin declaration",
        hs: "6203.42",
        quantity: "600 pcs",
        invoice: "INV-2026-0302",
      },
    };
    for (const certificate of issued) {
      const id = certificate.detail;
      const answer = await t.call("GET", `/api/v1/origin/certificates/${id}/dossier`, { key: OPERATOR_KEY });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const want = expected[certificate.subjectId]!;
      const value = (name: string) =>
        (answer.body.fields as { field: string; value: string | null }[]).find((f) => f.field === name)
          ?.value;
      expect(answer.body.form).toBe(want.form);
      expect(value("HS code (6 digits)")).toBe(want.hs);
      expect(value("Quantity")).toBe(want.quantity);
      expect(value("Invoice number")).toBe(want.invoice);
      expect(value("Origin criterion")).toBe("PSR");
      expect(answer.body.toSupply).toEqual(
        expect.arrayContaining(["Means of transport and route", "FOB value"]),
      );
      expect(answer.body.filing).toContain("No eCoSys API is known");
      const documents = answer.body.supportingDocuments as { name: string; sha256: string }[];
      expect(documents.some((d) => d.name.startsWith("commercial-invoice") || /invoice/i.test(d.name))).toBe(
        true,
      );
      for (const d of documents.filter((d) => d.sha256)) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);

      const pdf = await fetch(`${t.service.url}/api/v1/origin/certificates/${id}/dossier.pdf`, {
        headers: { authorization: `Bearer ${OPERATOR_KEY}` },
      });
      expect(pdf.status).toBe(200);
      const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
      try {
        const text = (await parser.getText()).text.replace(/\s+/g, " ");
        expect(text).toContain("e-C/O application dossier");
        expect(text).toContain(`HS code (6 digits): ${want.hs}`);
        expect(text).toContain("Means of transport and route: [TO SUPPLY]");
        expect(text).toContain(documents.find((d) => d.sha256)!.sha256);
      } finally {
        await parser.destroy();
      }
    }
    const anonymous = await t.call("GET", `/api/v1/origin/certificates/${issued[0]!.detail}/dossier`);
    expect(anonymous.status).toBe(401);
  });
});
