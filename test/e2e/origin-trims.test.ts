/**
 * CPTPP decided by the trims a sewing records, through the real HTTP service. A men's cotton T-shirt
 * (6109.10) of jersey spun and knitted in Viet Nam, cut and sewn in Viet Nam for Japan, meets yarn forward;
 * CPTPP's chapter 61 notes then ask more of two trims (domain/rules-of-origin.md):
 * - sewing thread of 54.01 must be spun (formed) and finished in the Parties (note 3);
 * - narrow elastic of 5806.20 must be formed and finished in the Parties from yarn spun there (note 2).
 * Worked out by hand: thread and elastic made in Viet Nam → originating; thread spun in China (not a party)
 * → not originating, the failing check naming the thread; elastic woven in China → not originating, naming
 * the elastic; thread recorded without its stages → insufficient data, asking where it was spun. CPTPP has
 * no pocketing rule: Chinese pocketing and interlining leave the answer originating.
 */
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  OPERATOR_KEY,
  fileForm,
  samplePdf,
  startTestService,
  type Json,
  type TestService,
} from "../support/api-harness";

const usd = (amount: number) => ({ amount, currency: "USD" });
const VN_MADE = [
  { stage: "spinning", country: "VN" },
  { stage: "finishing", country: "VN" },
];
const thread = (stages: object[] | undefined) => ({
  description: "polyester sewing thread",
  hsCode: "5401.10",
  role: "sewing-thread",
  originCountry: stages?.some((s) => (s as { country: string }).country === "CN") ? "CN" : "VN",
  weightKg: 0.6,
  value: usd(9),
  ...(stages ? { stages } : {}),
});
const elastic = (weavingCountry: string) => ({
  description: "narrow elastic waistband tape",
  hsCode: "5806.20",
  role: "narrow-elastic",
  originCountry: weavingCountry,
  weightKg: 0.3,
  value: usd(6),
  stages: [
    { stage: "spinning", country: "VN" },
    { stage: "fabric-formation", country: weavingCountry },
    { stage: "finishing", country: weavingCountry },
  ],
});

/** The sewings, each of 250 garments from 500 cut pieces (leaving cut pieces for later sewings), and their trims. */
const SEWINGS: Record<string, object[]> = {
  // Pocketing and interlining from China: CPTPP has no pocket-bag or lining rule (those are USMCA's), and
  // neither is the component that determines classification, so they do not change the answer.
  "SEW-ALL-VN": [
    thread(VN_MADE),
    elastic("VN"),
    {
      description: "cotton pocketing",
      hsCode: "5208.11",
      role: "pocketing",
      originCountry: "CN",
      stages: [{ stage: "fabric-formation", country: "CN" }],
    },
    { description: "fusible interlining", hsCode: "5603.11", role: "interlining", originCountry: "CN" },
  ],
  "SEW-THREAD-CN": [
    thread([
      { stage: "spinning", country: "CN" },
      { stage: "finishing", country: "CN" },
    ]),
    elastic("VN"),
  ],
  "SEW-ELASTIC-CN": [thread(VN_MADE), elastic("CN")],
  "SEW-THREAD-UNSAID": [thread(undefined), elastic("VN")],
};

describe("CPTPP decided by the recorded origins of a sewing's thread and elastic", () => {
  let t: TestService;
  let factory: string;
  const assess = (subjectId: string) =>
    t.call("POST", "/api/v1/origin/assessments", {
      key: factory,
      body: { subjectId, fta: "CPTPP", importingCountry: "JP", date: "2026-03-05" },
    });

  beforeAll(async () => {
    // Two PDF renders per client per minute: the dossier PDF spends the certificate PDFs' budget.
    t = await startTestService({ CERTIFICATE_PDF_RENDERS_PER_MINUTE: "2" });
    const registered = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: {
        id: "garment-thai-nguyen",
        name: "Thai Nguyen Garment",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505"],
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    factory = registered.body.apiKey;
    const steps: [string, Json][] = [
      [
        "fabric-lots",
        {
          id: "FL-JERSEY",
          description: "cotton single jersey 180 gsm",
          hsCode: "6006.21",
          composition: [{ fibre: "cotton", percent: 100 }],
          quantity: { amount: 1200, unit: "m" },
          weightKg: 216,
          value: usd(3600),
          supplier: { name: "Thai Nguyen Garment", country: "VN" },
          stages: [
            { stage: "spinning", country: "VN" },
            { stage: "fabric-formation", country: "VN" },
          ],
          occurredAt: "2026-03-01T08:00:00Z",
        },
      ],
      [
        "cuttings",
        {
          id: "CUT-1",
          inputs: [{ lotId: "FL-JERSEY", quantity: { amount: 1200, unit: "m" }, role: "main-fabric" }],
          output: { quantity: { amount: 2400, unit: "pcs" } },
          occurredAt: "2026-03-02T08:00:00Z",
        },
      ],
      ...Object.entries(SEWINGS).map(([id, trims]): [string, Json] => [
        "sewings",
        {
          id,
          inputs: [{ lotId: "CUT-1", quantity: { amount: 500, unit: "pcs" } }],
          trims,
          product: {
            gtin: "08938505974019",
            hsCode: "6109.10",
            description: "men's cotton T-shirt",
            construction: "cut-and-sewn",
            exWorksPrice: usd(4.2),
          },
          output: { quantity: { amount: 250, unit: "pcs" } },
          occurredAt: "2026-03-03T08:00:00Z",
        },
      ]),
    ];
    for (const [path, body] of steps) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const failing = (answer: Json) =>
    (answer.body.assessment.checks as Json[]).filter((check) => !check.passed);

  it("finds the T-shirt originating when its thread was spun and its elastic woven in Viet Nam (pocketing from China)", async () => {
    const answer = await assess("SEW-ALL-VN");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    // The trims reach the facts with their stages (a proof's CID stays in the sewing record).
    expect(answer.body.facts.materials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: "sewing-thread", hsCode: "540110", stages: VN_MADE }),
        expect.objectContaining({ role: "narrow-elastic", hsCode: "580620" }),
      ]),
    );
    expect(answer.body.assessment.status, JSON.stringify(failing(answer))).toBe("originating");
    const threadCheck = (answer.body.assessment.checks as Json[]).find((check) =>
      String(check.id).includes("cptpp-sewing-thread"),
    );
    expect(threadCheck).toMatchObject({ passed: true });
  });

  it("finds it not originating when the thread was spun in China, the failing check naming the thread", async () => {
    const answer = await assess("SEW-THREAD-CN");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.assessment.status).toBe("not-originating");
    const checks = failing(answer);
    expect(checks.map((check) => check.id).join(" ")).toContain("cptpp-sewing-thread");
    expect(checks.map((check) => check.id).join(" ")).not.toContain("cptpp-narrow-fabrics");
    expect(checks.find((check) => String(check.id).includes("cptpp-sewing-thread"))!.detail).toContain(
      "polyester sewing thread",
    );
  });

  it("finds it not originating when the elastic was woven in China, the failing check naming the elastic", async () => {
    const answer = await assess("SEW-ELASTIC-CN");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.assessment.status).toBe("not-originating");
    const checks = failing(answer);
    expect(checks.map((check) => check.id).join(" ")).toContain("cptpp-narrow-fabrics");
    expect(checks.map((check) => check.id).join(" ")).not.toContain("cptpp-sewing-thread");
    expect(checks.find((check) => String(check.id).includes("cptpp-narrow-fabrics"))!.detail).toContain(
      "narrow elastic waistband tape",
    );
  });

  it("cannot decide when the thread's stages are not recorded, and asks where it was spun", async () => {
    const answer = await assess("SEW-THREAD-UNSAID");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.assessment.status).toBe("insufficient-data");
    expect(answer.body.assessment.missing).toEqual([
      expect.stringMatching(/^materials\[\d+\]\.stages\.spinning$/),
    ]);
  });

  it("refuses a trim stage that is not a stage, naming the field", async () => {
    const answer = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: {
        id: "SEW-BAD",
        inputs: [{ lotId: "CUT-1", quantity: { amount: 10, unit: "pcs" } }],
        trims: [thread([{ stage: "spun", country: "VN" }])],
        product: {
          gtin: "08938505974019",
          hsCode: "6109.10",
          description: "men's cotton T-shirt",
          construction: "cut-and-sewn",
          exWorksPrice: usd(4.2),
        },
        output: { quantity: { amount: 5, unit: "pcs" } },
        occurredAt: "2026-03-03T09:00:00Z",
      },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('"path":"trims.0.stages.0.stage"');
  });

  it("checks a trim stage's proof like any cited document, and prints it with its hash in the evidence and the dossier", async () => {
    const sewingWith = (id: string, proofCid: string) => ({
      id,
      inputs: [{ lotId: "CUT-1", quantity: { amount: 10, unit: "pcs" } }],
      trims: [
        thread([
          { stage: "spinning", country: "VN", proofCid },
          { stage: "finishing", country: "VN" },
        ]),
        elastic("VN"),
      ],
      product: {
        gtin: "08938505974019",
        hsCode: "6109.10",
        description: "men's cotton T-shirt",
        construction: "cut-and-sewn",
        exWorksPrice: usd(4.2),
      },
      output: { quantity: { amount: 5, unit: "pcs" } },
      occurredAt: "2026-03-03T10:00:00Z",
    });
    // A CID that was never uploaded: refused, naming the trim stage's field.
    const unknownCid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    const refused = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: sewingWith("SEW-PROOF-MISSING", unknownCid),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('"path":"trims.0.stages.0.proofCid"');

    const bytes = samplePdf("spinning certificate, Viet Nam polyester thread");
    const proof = await t.call("POST", "/api/v1/documents", {
      key: factory,
      rawBody: fileForm(bytes, "application/pdf", { type: "origin-proof" }),
    });
    expect(proof.status, JSON.stringify(proof.body)).toBe(201);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const recorded = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: sewingWith("SEW-PROOF", proof.body.cid),
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);

    const registered = await t.call("POST", "/api/v1/certifiers", {
      key: OPERATOR_KEY,
      body: { id: "vcci-hcm", name: "VCCI Hồ Chí Minh" },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const contact = {
      address: "Luong Son, Thai Nguyen",
      telephone: "+84 208 3855 000",
      email: "export@tng.example.vn",
    };
    const issued = await t.call("POST", "/api/v1/origin/certificates", {
      key: registered.body.apiKey,
      body: {
        subjectId: "SEW-PROOF",
        fta: "CPTPP",
        importingCountry: "JP",
        date: "2026-03-05",
        proofType: "cptpp-certification",
        certifierRole: "producer",
        producer: contact,
        exporter: contact,
      },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const name = "proof of the spinning of polyester sewing thread (VN) in lot SEW-PROOF";
    expect(issued.body.credential.evidence).toContainEqual(
      expect.objectContaining({
        linkType: "document",
        cid: proof.body.cid,
        linkName: name,
        hashDigest: sha256,
      }),
    );
    const dossier = await t.call("GET", `/api/v1/origin/certificates/${issued.body.id}/dossier`, {
      key: OPERATOR_KEY,
    });
    expect(dossier.status, JSON.stringify(dossier.body)).toBe(200);
    expect(dossier.body.supportingDocuments).toContainEqual(
      expect.objectContaining({ name, cid: proof.body.cid, sha256 }),
    );

    // The dossier PDF (rendered in the certificate PDFs' worker pool) prints the proof with its hash.
    const base = `${t.service.url}/api/v1/origin/certificates/${issued.body.id}`;
    const auth = { headers: { authorization: `Bearer ${OPERATOR_KEY}` } };
    const pdf = await fetch(`${base}/dossier.pdf`, auth);
    expect(pdf.status).toBe(200);
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    try {
      const text = (await parser.getText()).text.replace(/\s+/g, " ");
      expect(text).toContain(name);
      expect(text).toContain(sha256);
    } finally {
      await parser.destroy();
    }
    // One budget for both kinds of PDF: the certificate's takes the second render, a third is refused.
    expect((await fetch(`${base}.pdf`)).status).toBe(200);
    const third = await fetch(`${base}/dossier.pdf`, auth);
    expect(third.status).toBe(429);
    expect(((await third.json()) as Json).error).toMatchObject({ code: "RATE_LIMITED" });
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
