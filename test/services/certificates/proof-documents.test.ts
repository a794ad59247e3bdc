/**
 * One document per proof type: the data elements each prints, the declaration text exactly, the EUR 6,000
 * ceiling at the issue request, CPTPP's certifier roles kept consistent, and the PDF read back by its text for
 * the elements, for each check once and for no raw material index.
 */
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import type { OriginCredential } from "../../../services/certificates/certificates";
import { renderCertificatePdf } from "../../../services/certificates/pdf";
import {
  attachProofOfOrigin,
  checksOfRuleMet,
  decideProofOfOrigin,
  inWords,
  originCriterionCode,
  proofDocumentFor,
  type ProofOfOriginRequest,
} from "../../../services/certificates/proof-documents";
import { buildOriginCredential, CPTPP_CERTIFYING_STATEMENT } from "../../../services/credentials/credential";
import type { DerivedSubject } from "../../../services/assessments/derive-facts";
import { assessOrigin, originFactsSchema, proofRequirementsFor, ruleSetFor } from "../../../services/origin";
import type { FtaId } from "../../../services/origin";
import { hasCode } from "../../../services/errors";

const BASE = "https://trace.example.vn";

/** Men's woven cotton trousers, woven, cut and sewn in Viet Nam: EVFTA's weaving rule met, printing not. */
function trousers(fta: FtaId, importingCountry: string) {
  return originFactsSchema.parse({
    fta,
    exportingCountry: "VN",
    importingCountry,
    date: "2026-03-05",
    product: {
      hsCode: "6203.42",
      description: "Men's woven cotton trousers",
      construction: "cut-and-sewn",
      exWorksPrice: { amount: 9.8, currency: "USD" },
    },
    processes: [
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: "VN" },
    ],
    materials: [
      {
        description: "cotton denim",
        hsCode: "5209.42",
        role: "main-fabric",
        originCountry: "VN",
        stages: [
          { stage: "spinning", country: "VN" },
          { stage: "fabric-formation", country: "VN" },
        ],
        weightKg: 0.5,
        value: { amount: 3, currency: "USD" },
      },
    ],
  });
}

const subject: DerivedSubject = {
  id: "SHP-0001",
  kind: "shipment",
  operation: "shipment",
  quantity: 800,
  unit: "pcs",
  gtin: null,
  description: "Men's woven cotton trousers",
  garmentBatches: ["SEW-0001"],
  exporter: { id: "saigon-knit", name: "Saigon Knit Export", country: "VN" },
  producer: { id: "tng", name: "Công ty May Thái Nguyên", country: "VN" },
  buyer: { name: "Nordwind GmbH", country: "DE" },
  invoiceNumber: "INV-2026-114",
  destinationCountry: "DE",
  shippedAt: "2026-03-05T08:00:00Z",
  fabricLots: [],
};

const contact = (name: string, country = "VN") => ({
  name,
  address: "12 Tran Hung Dao, District 1, Ho Chi Minh City",
  country,
  telephone: "+84 28 3829 1234",
  email: "origin@example.vn",
});

function credentialFor(
  fta: FtaId,
  importingCountry: string,
  request: ProofOfOriginRequest,
): OriginCredential {
  const facts = trousers(fta, importingCountry);
  const assessment = assessOrigin(facts);
  expect(assessment.status).toBe("originating");
  const shipment = { ...subject, buyer: { name: "Nordwind GmbH", country: importingCountry } };
  const unsigned = buildOriginCredential({
    id: `CO-${fta}-20260305-0A1B2C3D`,
    baseUrl: BASE,
    fta,
    agreementName: ruleSetFor(fta).name,
    issuer: { did: "did:key:z6MkTest", name: "VCCI Hồ Chí Minh", certifierId: "vcci-hcm" },
    issuedAt: new Date("2026-03-05T09:00:00Z"),
    validUntil: new Date("2027-03-05T09:00:00Z"),
    subject: shipment,
    facts,
    assessment,
    assessmentId: `bafkrei${"b".repeat(52)}`,
    proofRequirements: proofRequirementsFor(fta),
    evidence: [],
    chain: { chainId: 31337, contract: `0x${"5".repeat(40)}`, certificateKey: `0x${"e".repeat(64)}` },
    details: {},
  });
  attachProofOfOrigin(unsigned, decideProofOfOrigin(request, facts, shipment));
  return {
    ...unsigned,
    proof: { created: "2026-03-05T09:00:00Z", proofValue: "zTest" },
  } as unknown as OriginCredential;
}

async function pdfText(credential: OriginCredential): Promise<string> {
  const pdf = await renderCertificatePdf(credential, {
    verificationUrl: `${BASE}/certificates/x`,
    digest: `0x${"3f".repeat(32)}`,
  });
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const flat = (text: string) => text.replace(/\s+/g, " ");
const valueOf = (credential: OriginCredential, label: string) =>
  proofDocumentFor(credential).elements.find((e) => e.label.startsWith(label));

const EU_DECLARATION_NO_AUTHORISATION =
  "The exporter of the products covered by this document declares that, except where otherwise clearly " +
  "indicated, these products are of Viet Nam preferential origin.";
const EU_DECLARATION_APPROVED =
  "The exporter of the products covered by this document (customs or competent governmental authorisation " +
  "No VN-HCM-0042) declares that, except where otherwise clearly indicated, these products are of Viet Nam " +
  "preferential origin.";

describe("EVFTA and UKVFTA proof documents", () => {
  for (const [fta, to] of [
    ["EVFTA", "DE"],
    ["UKVFTA", "GB"],
  ] as const) {
    it(`${fta}: an origin declaration at EUR 6,000 exactly, without the authorisation words`, () => {
      const credential = credentialFor(fta, to, {
        proofType: "origin-declaration-any-exporter",
        exporter: contact("Saigon Knit Export"),
        consignmentValue: { amount: "6000.00", currency: "EUR" },
      });
      const document = proofDocumentFor(credential);
      expect(document.title).toBe("Origin declaration");
      expect(document.declaration?.text).toBe(EU_DECLARATION_NO_AUTHORISATION);
      expect(valueOf(credential, "Exporter")?.value).toBe(
        "Saigon Knit Export, 12 Tran Hung Dao, District 1, Ho Chi Minh City, Viet Nam",
      );
      expect(valueOf(credential, "Invoice")?.value).toBe("INV-2026-114");
      expect(valueOf(credential, "Products covered")?.value).toBe(
        "Men's woven cotton trousers, HS 6203.42, 800 pcs",
      );
      expect(valueOf(credential, "Consignment value")?.value).toBe("EUR 6000.00");
      expect(document.madeOutBy).toBe("Origin declaration made out by the exporter, Saigon Knit Export");
    });

    it(`${fta}: an approved exporter's declaration, any value, with its authorisation number`, () => {
      const credential = credentialFor(fta, to, {
        proofType: "origin-declaration-approved-exporter",
        exporter: { ...contact("Saigon Knit Export"), authorisationNumber: "VN-HCM-0042" },
      });
      expect(proofDocumentFor(credential).declaration?.text).toBe(EU_DECLARATION_APPROVED);
      expect(valueOf(credential, "Exporter's customs")?.value).toBe("VN-HCM-0042");
    });
  }

  it("refuses an origin declaration one cent over EUR 6,000, naming consignmentValue", () => {
    try {
      credentialFor("EVFTA", "DE", {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "6000.01", currency: "EUR" },
      });
      expect.unreachable("an origin declaration over EUR 6,000 was accepted");
    } catch (error) {
      expect(hasCode(error, "VALIDATION_FAILED")).toBe(true);
      const fields = (error as { details: { fields: { path: string; message: string }[] } }).details.fields;
      expect(fields.map((f) => f.path)).toEqual(["consignmentValue"]);
      expect(fields[0]!.message).toContain("EUR 6,000");
    }
  });

  it("the demo's case: 800 pcs at USD 9.80 without a rate is a EUR.1, and the document says why", () => {
    const credential = credentialFor("EVFTA", "DE", {});
    const document = proofDocumentFor(credential);
    expect(document.title).toBe("EUR.1 movement certificate — the exporter's application data");
    expect(document.elements.map((e) => e.label.split(".")[0])).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1)),
    );
    expect(valueOf(credential, "2.")?.value).toBe("Viet Nam and the European Union");
    expect(valueOf(credential, "5.")?.value).toBe("Germany");
    expect(valueOf(credential, "6.")?.toSupply).toBe(true);
    expect(valueOf(credential, "11.")?.value).toBe("completed by the issuing authority");
    expect(document.declaration).toBeNull();
    const warnings = document.warnings.join("\n");
    expect(warnings).toContain("exchangeRate");
    expect(warnings).toContain("EUR 6,000");
  });

  it("the same shipment with a stated rate over the ceiling: EUR.1, saying the converted value", () => {
    const credential = credentialFor("EVFTA", "DE", {
      exchangeRate: {
        from: "USD",
        to: "EUR",
        rate: "0.92",
        date: "2026-03-04",
        source: "ECB reference rate",
      },
    });
    const document = proofDocumentFor(credential);
    expect(credential.credentialSubject.proofOfOrigin).toMatchObject({
      proofType: "eur1",
      consignmentValue: { amount: "7840", currency: "USD", derivedFrom: "800 pcs × USD 9.8 ex-works" },
    });
    expect(document.warnings.join("\n")).toContain("EUR 7212.8");
  });
});

describe("CPTPP certification: certifier role and who signs, consistent", () => {
  const roles = ["exporter", "producer", "importer"] as const;
  for (const role of roles)
    it(`the ${role} certifies: elements 1, 2 and 9 name the ${role}; the PDF says so on every page`, async () => {
      const parties = {
        exporter: contact("Saigon Knit Export"),
        producer: contact("Công ty May Thái Nguyên"),
        importer: contact("Tokyo Apparel KK", "JP"),
      };
      const credential = credentialFor("CPTPP", "JP", {
        proofType: "cptpp-certification",
        certifierRole: role,
        ...parties,
      });
      const document = proofDocumentFor(credential);
      const name = parties[role].name;
      const line = `${name}, 12 Tran Hung Dao, District 1, Ho Chi Minh City, ${role === "importer" ? "Japan" : "Viet Nam"}, tel. +84 28 3829 1234, e-mail origin@example.vn`;
      expect(document.elements.map((e) => e.label.split(".")[0])).toEqual(
        Array.from({ length: 9 }, (_, i) => String(i + 1)),
      );
      expect(valueOf(credential, "1.")?.value).toBe(role);
      expect(valueOf(credential, "2.")?.value).toBe(line);
      expect(valueOf(credential, "3.")?.value).toEqual(
        role === "exporter" ? "the certifier (element 2)" : expect.stringContaining("Saigon Knit Export"),
      );
      expect(valueOf(credential, "6.")?.value).toBe(
        "Men's woven cotton trousers, HS 6203.42; invoice INV-2026-114",
      );
      expect(valueOf(credential, "9.")?.value).toBe(`${name} (${role}), 2026-03-05`);
      expect(document.declaration?.text).toBe(CPTPP_CERTIFYING_STATEMENT);
      // The certifier on threadproof signs the digital copy; it is never named as the certifier of origin.
      expect(document.elements.map((e) => e.value).join(" ")).not.toContain("VCCI");
      const text = flat(await pdfText(credential));
      expect(text).toContain(`made out by the ${role} ${name}`);
      const pages = text.match(/page \d+ of (\d+)/)![1]!;
      expect(
        text.split(`made out by the ${role} ${name} · digital copy signed by VCCI Hồ Chí Minh`).length - 1,
      ).toBe(Number(pages));
    });

  it("refuses the exporter as certifier without its telephone and e-mail", () => {
    expect(() =>
      credentialFor("CPTPP", "JP", {
        proofType: "cptpp-certification",
        certifierRole: "exporter",
        exporter: { name: "Saigon Knit Export", address: "Ho Chi Minh City" },
      }),
    ).toThrow(/cannot be made out/);
  });
});

describe("the credential's JSON says what the document prints", () => {
  const parties = {
    exporter: { ...contact("Saigon Knit Export"), authorisationNumber: "VN-HCM-0042" },
    producer: contact("Công ty May Thái Nguyên"),
    importer: contact("Nordwind GmbH", "DE"),
  };
  const cases: [FtaId, string, ProofOfOriginRequest, string][] = [
    ...(["EVFTA", "UKVFTA"] as const).flatMap((fta): [FtaId, string, ProofOfOriginRequest, string][] => {
      const to = fta === "EVFTA" ? "DE" : "GB";
      return [
        [
          fta,
          to,
          {
            proofType: "origin-declaration-any-exporter",
            exporter: contact("Saigon Knit Export"),
            consignmentValue: { amount: "6000", currency: "EUR" },
          },
          "Origin declaration",
        ],
        [
          fta,
          to,
          { proofType: "origin-declaration-approved-exporter", exporter: parties.exporter },
          "Origin declaration (approved exporter)",
        ],
        [fta, to, { proofType: "eur1", importer: parties.importer }, "EUR.1 movement certificate"],
        // The legacy field still reaches the declaration, the same way in the JSON and on the PDF.
        [fta, to, { exporterAuthorisation: "VN-HCM-0042" }, "Origin declaration (approved exporter)"],
      ];
    }),
    ...(["exporter", "producer", "importer"] as const).map(
      (role): [FtaId, string, ProofOfOriginRequest, string] => [
        "CPTPP",
        "JP",
        {
          proofType: "cptpp-certification",
          certifierRole: role,
          ...parties,
          importer: contact("Tokyo Apparel KK", "JP"),
        },
        "Certification of origin",
      ],
    ),
  ];
  for (const [fta, to, request, form] of cases)
    it(`${fta} ${request.proofType ?? "(legacy request)"} ${request.certifierRole ?? ""}: same elements, labels, values and declaration`, () => {
      const credential = credentialFor(fta, to, request);
      const declaration = credential.credentialSubject.originDeclaration as {
        form: string;
        dataElements: { element: string; value: string | null; toSupply?: string }[];
        declarationText?: string;
      };
      const document = proofDocumentFor(credential);
      expect(declaration.form).toBe(form);
      expect(declaration.dataElements).toEqual(
        document.elements.map((e) =>
          e.toSupply
            ? { element: e.label, value: null, toSupply: e.value }
            : { element: e.label, value: e.value },
        ),
      );
      expect(declaration.declarationText).toBe(document.declaration?.text);
      expect(JSON.stringify(credential)).not.toContain("(none given)");
      if (fta === "CPTPP") {
        const role = request.certifierRole!;
        const certifier = role === "importer" ? "Tokyo Apparel KK" : parties[role].name;
        expect(declaration.dataElements[0]).toEqual({ element: "1. Certifier", value: role });
        expect(declaration.dataElements[1]!.value).toMatch(new RegExp(`^${certifier}, `));
        expect(declaration.dataElements[8]!.value).toBe(`${certifier} (${role}), 2026-03-05`);
        expect(declaration.dataElements.map((e) => e.value).join(" ")).not.toContain("VCCI");
        expect(declaration.declarationText).toBe(CPTPP_CERTIFYING_STATEMENT);
      }
    });

  it("CPTPP: a blanket period given at issue is element 8 in the JSON and on the document", () => {
    const credential = credentialFor("CPTPP", "JP", {
      proofType: "cptpp-certification",
      certifierRole: "producer",
      ...parties,
      blanketPeriod: { from: "2026-03-01", to: "2027-02-28" },
    });
    expect(valueOf(credential, "8.")?.value).toBe("2026-03-01 to 2027-02-28");
    const elements = (credential.credentialSubject.originDeclaration as { dataElements: unknown[] })
      .dataElements;
    expect(elements[7]).toEqual({ element: "8. Blanket period", value: "2026-03-01 to 2027-02-28" });
  });
});

describe("the PDF, read back", () => {
  it("EVFTA: every element and the declaration, each check once, the alternative's checks left out, no raw index", async () => {
    const credential = credentialFor("EVFTA", "DE", {
      proofType: "origin-declaration-any-exporter",
      exporter: contact("Saigon Knit Export"),
      consignmentValue: { amount: "5000", currency: "EUR" },
    });
    const text = flat(await pdfText(credential));
    for (const element of proofDocumentFor(credential).elements)
      expect(text, element.label).toContain(`${element.label}: ${element.value}`);
    expect(text).toContain(EU_DECLARATION_NO_AUTHORISATION);
    expect(text).toContain("Rule met: Weaving combined with making-up including cutting in the territory");
    expect(text).not.toMatch(/materials\[\d+\]/);
    expect(text).not.toContain("Printing alternative");
    expect(text).not.toContain("Not met");
    const checkLines = [...text.matchAll(/ Met (.+?)(?= Met | Evidence \(SHA-256)/g)].map((m) => m[1]);
    expect(checkLines.length).toBeGreaterThan(3);
    expect(new Set(checkLines).size).toBe(checkLines.length);
    expect(text).toContain("cotton denim (HS 5209.42)");
  });
});

describe("checks in words", () => {
  it("names a material by its description and HS code", () => {
    const materials = [{ description: "cotton denim", hsCode: "5209.42" }];
    expect(inWords("materials[0] (cotton denim, HS 5209.42): woven in VN", materials)).toBe(
      "cotton denim (HS 5209.42): woven in VN",
    );
    expect(inWords("needs materials[0].stages.spinning", materials)).toBe(
      "needs cotton denim (HS 5209.42), stages spinning",
    );
  });

  it("keeps the rule met's checks and the general ones, drops another alternative's, prints a repeat once", () => {
    const checks = [
      { id: "parties", passed: true, detail: "in force" },
      { id: "R/a.stage.sewing", passed: true, detail: "sewing in VN" },
      { id: "R/b.stage.sewing", passed: true, detail: "sewing in VN (b)" },
      { id: "R/b.printing", passed: false, detail: "not printed" },
      { id: "condition.thread", passed: true, detail: "in force" },
    ];
    expect(checksOfRuleMet(checks, "R/a", [])).toEqual([
      { passed: true, text: "in force" },
      { passed: true, text: "sewing in VN" },
    ]);
  });
});

describe("Form D/E/AK/... application boxes", () => {
  for (const [fta, to, form] of [
    ["ATIGA", "TH", "Form D"],
    ["ACFTA", "CN", "Form E"],
  ] as const)
    it(`${fta}: ${form}'s twelve boxes, the criterion code from the rule met, the authority's boxes left to it`, () => {
      const credential = credentialFor(fta, to, { importer: contact("Bangkok Mode Co", to) });
      const document = proofDocumentFor(credential);
      const proof = credential.credentialSubject.proofOfOrigin as { proofType: string; name: string };
      expect(proof.name).toContain(form);
      expect(document.title).toBe(`${proof.name} — the exporter's application data`);
      expect(document.elements.map((e) => e.label.split(".")[0])).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i + 1)),
      );
      const rule = (credential.credentialSubject.assessment as { rule: { id: string } }[])[0]!.rule.id;
      expect(valueOf(credential, "8.")?.value).toBe(originCriterionCode(fta, rule));
      expect(valueOf(credential, "1.")?.value).toBe("Saigon Knit Export, Viet Nam");
      expect(valueOf(credential, "2.")?.value).toMatch(/^Bangkok Mode Co, 12 Tran Hung Dao/);
      expect(valueOf(credential, "7.")?.value).toBe("Men's woven cotton trousers, HS 6203.42");
      expect(valueOf(credential, "9.")?.value).toBe("800 pcs; FOB value to be supplied by the exporter");
      expect(valueOf(credential, "10.")?.value).toBe("INV-2026-114");
      for (const box of ["4.", "12."])
        expect(valueOf(credential, box)).toMatchObject({
          value: "completed by the issuing authority",
          toSupply: true,
        });
      expect(document.madeOutBy).toContain(
        "to be issued by the authorised body on the application of the exporter",
      );
      expect(document.declaration).toBeNull();
    });

  it("reads the origin criterion code from the alternative met", () => {
    const codes = new Set<string>();
    for (const fta of ["ATIGA", "ACFTA", "AKFTA", "VKFTA", "AJCEP", "AANZFTA"] as const)
      for (const rule of ruleSetFor(fta).productRules)
        for (const alternative of rule.alternatives) {
          const code = originCriterionCode(fta, `${rule.id}/${alternative.id}`);
          codes.add(code);
          if (alternative.rvc) expect(code).toBe(`RVC ${alternative.rvc.minPercent} %`);
          else if (alternative.stages.some((stage) => stage !== "cutting" && stage !== "sewing"))
            expect(code).toBe("PSR");
          else if (alternative.tariffShift?.level === "chapter") expect(code).toBe("CC");
        }
    expect(codes).toContain("RVC 40 %");
    expect(originCriterionCode("ATIGA", "no-such-rule")).toBe("PSR");
    expect(originCriterionCode("CPTPP", "CPTPP-61/yarn-forward")).toBe("PSR");
  });
});
