/**
 * The credential's shape (W3C VC 2.0 / UNTP DCC with the agreement's data elements), its signature, and the
 * PDF rendering: parsed text, embedded font for Vietnamese, and a QR code that decodes to the verification page.
 */
import jsQR from "jsqr";
import { PDFParse } from "pdf-parse";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { OriginCredential } from "../../../services/certificates/certificates";
import { buildOriginCredential, CPTPP_CERTIFYING_STATEMENT } from "../../../services/credentials/credential";
import type { CredentialInput } from "../../../services/credentials/credential";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  privateKeyFromSeed,
  rawPublicKey,
  verificationMethodOf,
} from "../../../services/credentials/did-key";
import { CERTIFICATE_PDF_LAYOUT, renderCertificatePdf } from "../../../services/certificates/pdf";
import { attachProofOfOrigin, decideProofOfOrigin } from "../../../services/certificates/proof-documents";
import { assessOrigin, originFactsSchema, proofRequirementsFor, ruleSetFor } from "../../../services/origin";
import type { FtaId } from "../../../services/origin";

const BASE = "https://trace.example.vn";
const HASH = "3f".repeat(32);

function facts(fta: FtaId, importingCountry: string, korean = false) {
  return originFactsSchema.parse({
    fta,
    exportingCountry: "VN",
    importingCountry,
    date: "2026-03-05",
    product: {
      hsCode: "6109.10",
      description: "Áo thun nam cổ tròn",
      construction: "cut-and-sewn",
      exWorksPrice: { amount: 4.2, currency: "USD" },
    },
    processes: [
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: "VN" },
    ],
    materials: [
      {
        description: "cotton single jersey",
        hsCode: "6006.21",
        role: "main-fabric",
        originCountry: korean ? "KR" : "VN",
        stages: [
          { stage: "spinning", country: korean ? "KR" : "VN" },
          { stage: "fabric-formation", country: korean ? "KR" : "VN" },
        ],
        weightKg: 0.2,
        value: { amount: 1.1, currency: "USD" },
        elastomeric: false,
        originating: korean
          ? [{ fta: "EVFTA", basis: "EU-KR origin declaration", proofCid: `bafkrei${"a".repeat(52)}` }]
          : [],
      },
    ],
  });
}

async function credentialFor(fta: FtaId, importingCountry: string, korean = false) {
  const privateKey = privateKeyFromSeed(generateEd25519Seed());
  const did = await didKeyFromPublicKey(rawPublicKey(privateKey));
  const originFacts = facts(fta, importingCountry, korean);
  const assessment = assessOrigin(originFacts);
  expect(assessment).toMatchObject({ status: "originating", provisional: false });
  const input: CredentialInput = {
    id: `CO-${fta}-20260305-0A1B2C3D`,
    baseUrl: BASE,
    fta,
    agreementName: ruleSetFor(fta).name,
    issuer: { did, name: "VCCI Hồ Chí Minh", certifierId: "vcci-hcm" },
    issuedAt: new Date("2026-03-05T09:00:00Z"),
    validUntil: new Date("2027-03-05T09:00:00Z"),
    subject: {
      id: "SHP-0001",
      kind: "shipment",
      operation: "shipment",
      quantity: 800,
      unit: "pcs",
      gtin: "08938505974019",
      description: "Áo thun nam cổ tròn",
      garmentBatches: ["SEW-0001"],
      exporter: { id: "hp-export", name: "Haiphong Export Warehouse", country: "VN" },
      producer: { id: "tng", name: "Công ty May Thái Nguyên", country: "VN" },
      buyer: { name: "Nordwind GmbH", country: importingCountry },
      invoiceNumber: "INV-2026-114",
      destinationCountry: importingCountry,
      shippedAt: "2026-03-05T08:00:00Z",
      fabricLots: [{ lotId: "FL-0001", role: "main-fabric", amountPerGarment: 0.25, unit: "m" }],
    },
    facts: originFacts,
    assessment,
    assessmentId: `bafkrei${"b".repeat(52)}`,
    proofRequirements: proofRequirementsFor(fta),
    evidence: [
      {
        type: ["Evidence"],
        linkURL: `${BASE}/api/v1/records/bafkrei${"c".repeat(52)}`,
        cid: `bafkrei${"c".repeat(52)}`,
        linkName: "sewing event record of lot SEW-0001",
        linkType: "event-record",
        mediaType: "application/json",
        hashDigest: HASH,
        hashMethod: "SHA-256",
        lotId: "SEW-0001",
        transaction: {
          chainId: 31337,
          contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          txHash: `0x${"d".repeat(64)}`,
          blockNumber: 7,
        },
      },
    ],
    chain: {
      chainId: 31337,
      contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      certificateKey: `0x${"e".repeat(64)}`,
    },
    details: { exporterAuthorisation: "VN-HCM-0042" },
  };
  const unsigned = buildOriginCredential(input);
  // As the issue use case does: the proof of origin decided from the request, the elements filled from it.
  const request =
    fta === "CPTPP"
      ? {
          certifierRole: "exporter" as const,
          exporter: {
            address: "1 Le Thanh Tong, Hai Phong",
            telephone: "+84 225 3842 000",
            email: "export@hp-export.example.vn",
          },
        }
      : input.details;
  attachProofOfOrigin(unsigned, decideProofOfOrigin(request, originFacts, input.subject));
  const signed = await signDocument(unsigned, { privateKey, verificationMethod: verificationMethodOf(did) });
  return { credential: signed as unknown as OriginCredential, did };
}

describe("the origin credential", () => {
  it("is a VC 2.0 Digital Conformity Credential with CPTPP's nine data elements, signed by the certifier's did:key", async () => {
    const { credential, did } = await credentialFor("CPTPP", "JP");
    expect(credential).toMatchObject({
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/",
        "https://trace.example.vn/contexts/threadproof/v1.jsonld",
      ],
      type: ["VerifiableCredential", "DigitalConformityCredential", "OriginCertificate"],
      issuer: { id: did, name: "VCCI Hồ Chí Minh" },
      validFrom: "2026-03-05T09:00:00.000Z",
      validUntil: "2027-03-05T09:00:00.000Z",
      credentialStatus: { statusPurpose: "revocation", type: "ThreadproofChainAnchorStatus" },
    });
    const declaration = credential.credentialSubject.originDeclaration as {
      dataElements: { element: string; value: string | null; toSupply?: string }[];
      declarationText: string;
    };
    expect(declaration.dataElements.map((element) => element.element.split(".")[0])).toEqual(
      proofRequirementsFor("CPTPP").dataElements.map((_, index) => `${index + 1}`),
    );
    expect(declaration.dataElements[0]!.value).toBe("exporter");
    expect(declaration.dataElements[1]!.value).toBe(
      "Haiphong Export Warehouse, 1 Le Thanh Tong, Hai Phong, Viet Nam, tel. +84 225 3842 000, e-mail export@hp-export.example.vn",
    );
    expect(declaration.dataElements[2]!.value).toBe("the certifier (element 2)");
    expect(declaration.dataElements[5]!.value).toBe("Áo thun nam cổ tròn, HS 6109.10; invoice INV-2026-114");
    expect(declaration.dataElements[7]).toEqual({
      element: "8. Blanket period",
      value: null,
      toSupply: "single shipment",
    });
    expect(declaration.dataElements[8]!.value).toBe("Haiphong Export Warehouse (exporter), 2026-03-05");
    expect(declaration.declarationText).toBe(CPTPP_CERTIFYING_STATEMENT);
    expect((credential.evidence as unknown[])[0]).toMatchObject({ hashMethod: "SHA-256", hashDigest: HASH });
    expect(await verifyDocumentProof(credential, did)).toMatchObject({ verified: true });
  });

  it("carries the Korean-fabric cumulation entry under EVFTA when the cumulation was used", async () => {
    const { credential } = await credentialFor("EVFTA", "DE", true);
    const declaration = credential.credentialSubject.originDeclaration as {
      declarationText: string;
      proofEntries: string[];
    };
    expect(declaration.proofEntries).toEqual([
      "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
    ]);
    expect(declaration.declarationText).toContain("No VN-HCM-0042");
    expect(declaration.declarationText).toContain("are of Viet Nam preferential origin");
    const plain = await credentialFor("EVFTA", "DE");
    expect(
      (plain.credential.credentialSubject.originDeclaration as { proofEntries: string[] }).proofEntries,
    ).toEqual([]);
  });
});

describe("renderCertificatePdf", () => {
  it("prints the data elements, checks, evidence and signature, in an embedded font that keeps Vietnamese", async () => {
    const { credential } = await credentialFor("EVFTA", "DE", true);
    const pdf = await renderCertificatePdf(credential, {
      verificationUrl: `${BASE}/certificates/${credential.credentialSubject.certificateId}`,
      digest: `0x${HASH}`,
      txHash: `0x${"d".repeat(64)}`,
    });
    expect(pdf.subarray(0, 7).toString("latin1")).toBe("%PDF-1.");
    expect(pdf.toString("latin1")).toContain("NotoSans");
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const { text } = await parser.getText();
      for (const expected of [
        "Certificate of origin",
        "CO-EVFTA-20260305-0A1B2C3D",
        "Áo thun nam cổ tròn",
        "VCCI Hồ Chí Minh",
        "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
        "preferential origin",
        "sewing event record of lot SEW-0001",
        HASH,
        "eddsa-jcs-2022",
      ]) {
        expect(text.replace(/\s+/g, " "), expected).toContain(expected);
      }
    } finally {
      await parser.destroy();
    }
  });

  it("draws a QR code that decodes, once rendered, to the certificate's verification page", async () => {
    const { credential } = await credentialFor("CPTPP", "JP");
    const url = `${BASE}/certificates/${credential.credentialSubject.certificateId}`;
    const pdf = await renderCertificatePdf(credential, { verificationUrl: url, digest: `0x${HASH}` });
    const scale = 2;
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const shot = await parser.getScreenshot({ partial: [1], scale });
      const page = PNG.sync.read(Buffer.from(shot.pages[0]!.data));
      const { x, y, side } = CERTIFICATE_PDF_LAYOUT.qr;
      const pad = 4;
      const size = Math.floor(side * scale) + 2 * pad;
      const crop = new PNG({ width: size, height: size });
      PNG.bitblt(page, crop, Math.floor(x * scale) - pad, Math.floor(y * scale) - pad, size, size, 0, 0);
      expect(jsQR(new Uint8ClampedArray(crop.data), size, size)?.data).toBe(url);
    } finally {
      await parser.destroy();
    }
  });
});
