/**
 * The proof of origin chosen per agreement and request: the EUR 6,000 ceiling exactly at the limit and one
 * unit over (in EUR and through a stated exchange rate), the approved-exporter and REX paths, CPTPP's
 * certifier roles and contact details, and the authorised-body forms.
 */
import { describe, expect, it } from "vitest";
import {
  checkProofRequest,
  decimalMillionths,
  proofTypesFor,
  type PartyDetails,
  type ProofRequest,
} from "../../../services/origin/proof-types";
import { ftaIds } from "../../../services/origin/facts";

const fullParty = (name: string): PartyDetails => ({
  name,
  address: "12 Tran Hung Dao, Ho Chi Minh City",
  country: "VN",
  telephone: "+84 28 3829 0000",
  email: "origin@example.vn",
});

const fields = (findings: { field: string }[]) => findings.map((finding) => finding.field);

describe("EVFTA and UKVFTA: origin declaration, EUR.1 and the EUR 6,000 ceiling", () => {
  const cases: { name: string; request: ProofRequest; proof: string | null; refused?: string[] }[] = [
    {
      name: "EUR 6,000.00 exactly, not approved: origin declaration",
      request: { consignmentValue: { amount: "6000.00", currency: "EUR" } },
      proof: "origin-declaration-any-exporter",
    },
    {
      name: "EUR 6,000.000001 (one millionth over): EUR.1",
      request: { consignmentValue: { amount: "6000.000001", currency: "EUR" } },
      proof: "eur1",
    },
    {
      name: "EUR 6,000.01 (one cent over) asked as an origin declaration: refused on the value",
      request: {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "6000.01", currency: "EUR" },
      },
      proof: null,
      refused: ["consignmentValue"],
    },
    {
      name: "USD 7,840 at 0.92 EUR per USD (EUR 7,212.80), asked as an origin declaration: refused",
      request: {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "7840", currency: "USD" },
        exchangeRate: { from: "USD", to: "EUR", rate: "0.92" },
      },
      proof: null,
      refused: ["consignmentValue"],
    },
    {
      name: "USD 7,500 at 0.8 EUR per USD (EUR 6,000 exactly): origin declaration",
      request: {
        consignmentValue: { amount: "7500", currency: "USD" },
        exchangeRate: { from: "USD", to: "EUR", rate: "0.8" },
      },
      proof: "origin-declaration-any-exporter",
    },
    {
      name: "USD 7,500.01 at 0.8 (EUR 6,000.008): EUR.1",
      request: {
        consignmentValue: { amount: "7500.01", currency: "USD" },
        exchangeRate: { from: "USD", to: "EUR", rate: "0.8" },
      },
      proof: "eur1",
    },
    {
      name: "a USD value without a stated rate, asked as an origin declaration: refused naming the rate",
      request: {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "100", currency: "USD" },
      },
      proof: null,
      refused: ["exchangeRate"],
    },
    {
      name: "a rate from the wrong currency: refused",
      request: {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "100", currency: "USD" },
        exchangeRate: { from: "JPY", to: "EUR", rate: "0.006" },
      },
      proof: null,
      refused: ["exchangeRate"],
    },
    {
      name: "an approved exporter, USD 7,840: approved exporter's declaration, any value",
      request: {
        exporter: { ...fullParty("Saigon Knit"), authorisationNumber: "VN-HCM-0042" },
        consignmentValue: { amount: "7840", currency: "USD" },
      },
      proof: "origin-declaration-approved-exporter",
    },
    {
      name: "approved exporter's declaration without the number: refused naming it",
      request: { proofType: "origin-declaration-approved-exporter" },
      proof: null,
      refused: ["exporter.authorisationNumber"],
    },
    {
      name: "a REX statement on origin from Viet Nam: refused (Viet Nam does not use REX)",
      request: { proofType: "statement-on-origin-rex", exporter: { rexNumber: "VNREX0001" } },
      proof: null,
      refused: ["proofType"],
    },
    {
      name: "an origin declaration signed by the importer: refused",
      request: { certifierRole: "importer", consignmentValue: { amount: "10", currency: "EUR" } },
      proof: null,
      refused: ["certifierRole"],
    },
    {
      name: "a value with seven decimals: refused, not rounded",
      request: {
        proofType: "origin-declaration-any-exporter",
        consignmentValue: { amount: "5999.9999999", currency: "EUR" },
      },
      proof: null,
      refused: ["consignmentValue.amount"],
    },
  ];
  for (const fta of ["EVFTA", "UKVFTA"] as const)
    for (const c of cases)
      it(`${fta}: ${c.name}`, () => {
        const decision = checkProofRequest(fta, "VN", c.request);
        expect(decision.proofType?.id ?? null).toBe(c.proof);
        if (c.refused) expect(fields(decision.refusals)).toEqual(expect.arrayContaining(c.refused));
        else expect(decision.refusals).toEqual([]);
      });

  it("says why the cheaper declaration was passed over when the ceiling sends it to EUR.1", () => {
    const decision = checkProofRequest("EVFTA", "VN", {
      consignmentValue: { amount: "7840", currency: "USD" },
      exchangeRate: { from: "USD", to: "EUR", rate: "0.92" },
    });
    expect(decision.proofType?.id).toBe("eur1");
    const passed = decision.warnings.find((warning) => warning.field === "consignmentValue");
    expect(passed?.message).toContain("EUR 7212.8");
    expect(passed?.condition).toContain("EUR 6,000");
  });

  it("states the converted value exactly", () => {
    const decision = checkProofRequest("EVFTA", "VN", {
      consignmentValue: { amount: "0.1", currency: "USD" },
      exchangeRate: { from: "USD", to: "EUR", rate: "0.7" },
    });
    // 0.1 × 0.7 is 0.06999… in floating point.
    expect(decision.valueInCeilingCurrency).toBe("0.07");
  });
});

describe("CPTPP: certification by the importer, the exporter or the producer", () => {
  const exporter = fullParty("Saigon Knit");
  const producer = fullParty("Binh Duong Sewing");
  const importer = { ...fullParty("Tokyo Apparel KK"), country: "JP" };
  const cases: { name: string; request: ProofRequest; refused: string[]; warned?: string[] }[] = [
    {
      name: "the exporter certifies with full details",
      request: { certifierRole: "exporter", exporter, producer },
      refused: [],
    },
    {
      name: "the producer certifies",
      request: { certifierRole: "producer", exporter, producer },
      refused: [],
    },
    {
      name: "the importer certifies",
      request: { certifierRole: "importer", exporter, producer, importer },
      refused: [],
    },
    { name: "no certifier role", request: { exporter }, refused: ["certifierRole"] },
    {
      name: "the exporter certifies without telephone and e-mail",
      request: { certifierRole: "exporter", exporter: { name: "Saigon Knit", address: "HCMC" } },
      refused: ["exporter.telephone", "exporter.email"],
    },
    {
      name: "the importer certifies without the exporter's details",
      request: { certifierRole: "importer", importer },
      refused: ["exporter.name", "exporter.address", "exporter.telephone", "exporter.email"],
    },
    {
      name: "the importer certifies; the producer unknown is a warning",
      request: { certifierRole: "importer", importer, exporter },
      refused: [],
      warned: ["producer.name"],
    },
    {
      name: "a malformed e-mail",
      request: { certifierRole: "exporter", exporter: { ...exporter, email: "not-an-address" } },
      refused: ["exporter.email"],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const decision = checkProofRequest("CPTPP", "VN", c.request);
      expect(fields(decision.refusals)).toEqual(c.refused);
      expect(decision.proofType?.id ?? null).toBe(c.refused.length === 0 ? "cptpp-certification" : null);
      if (c.warned) expect(fields(decision.warnings)).toEqual(expect.arrayContaining(c.warned));
    });
});

describe("RCEP and the authorised-body forms", () => {
  it("RCEP: Form RCEP by default, the approved exporter's declaration with a number, never any exporter's", () => {
    expect(checkProofRequest("RCEP", "VN", {}).proofType?.id).toBe("rcep-certificate");
    expect(
      checkProofRequest("RCEP", "VN", { exporter: { authorisationNumber: "VN-AE-7" } }).proofType?.id,
    ).toBe("rcep-declaration-approved-exporter");
    const anyExporter = checkProofRequest("RCEP", "VN", {
      proofType: "rcep-declaration-exporter-or-producer",
    });
    expect(anyExporter.proofType).toBeNull();
    expect(anyExporter.refusals[0]?.message).toContain("ten years");
  });

  const forms: [string, string][] = [
    ["ATIGA", "Form D"],
    ["ACFTA", "Form E"],
    ["AKFTA", "Form AK"],
    ["AJCEP", "Form AJ"],
    ["VJEPA", "Form VJ"],
    ["VKFTA", "Form VK"],
    ["AANZFTA", "Form AANZ"],
  ];
  for (const [fta, form] of forms)
    it(`${fta}: ${form}, issued by the authorised body, unconfirmed and said so`, () => {
      const decision = checkProofRequest(fta as never, "VN", {});
      expect(decision.proofType?.name).toContain(form);
      expect(decision.proofType?.issuedBy).toBe("authorised-body");
      expect(decision.warnings.map((warning) => warning.message).join(" ")).toContain("not confirmed");
    });

  it("every agreement has at least one proof open to exports from Viet Nam", () => {
    for (const fta of ftaIds)
      expect(
        proofTypesFor(fta).some((type) => !type.notAvailableFromVietNam),
        fta,
      ).toBe(true);
  });

  it("refuses a proof type of another agreement, naming the field", () => {
    const decision = checkProofRequest("CPTPP", "VN", { proofType: "eur1" });
    expect(fields(decision.refusals)).toEqual(["proofType"]);
  });
});

describe("decimalMillionths", () => {
  it.each([
    ["6000", 6_000_000_000n],
    ["6000.01", 6_000_010_000n],
    ["0.000001", 1n],
  ])("reads %s exactly", (text, expected) => expect(decimalMillionths(text)).toBe(expected));
  it.each(["", "-1", "1e3", "1.0000001", "abc"])("refuses %j", (text) =>
    expect(decimalMillionths(text)).toBeUndefined(),
  );
});
