/**
 * Realistic view models for the viewer pages: a T-shirt sewn in Viet Nam from Korean and Vietnamese fabric,
 * shipped to Germany, with its documents and certificates. Also usable by browser tests.
 */
import type { CertificatePageModel, CheckView, GarmentPageModel } from "../../web/view-model";

const tx = (n: number) => `0x${n.toString(16).padStart(2, "0").repeat(32)}`;
const cid = (n: number) =>
  `bafkreih${"abcdefghijklmnopqrstuvwxyz234567".slice(n % 20, (n % 20) + 12)}${"q".repeat(40)}`;
const sha = (n: number) => n.toString(16).padStart(2, "0").repeat(32);

const steps = [
  {
    step: "fabric-lot",
    lotId: "FL-0001",
    facility: { id: "hanil-vn", name: "Hanil Textile Vina", country: "VN" },
  },
  {
    step: "fabric-lot",
    lotId: "FL-0002",
    facility: { id: "thanh-cong", name: "Thanh Cong Textile", country: "VN" },
  },
  {
    step: "cutting",
    lotId: "CUT-0001",
    facility: { id: "tng-song-cong", name: "TNG Song Cong", country: "VN" },
  },
  {
    step: "sewing",
    lotId: "SEW-0001",
    facility: { id: "tng-song-cong", name: "TNG Song Cong", country: "VN" },
  },
  {
    step: "shipment",
    lotId: "SHP-0001",
    facility: { id: "tng-export", name: "TNG Export Warehouse", country: "VN" },
  },
] as const;

function checksFor(): CheckView[] {
  const checks: CheckView[] = [];
  for (const s of steps) {
    checks.push({ id: `chain-record:${s.lotId}`, kind: "chain-record", subject: s.lotId, status: "passed" });
    checks.push({
      id: `record-digest:${s.lotId}`,
      kind: "record-digest",
      subject: s.lotId,
      status: "passed",
    });
    checks.push({
      id: `signature:${s.lotId}`,
      kind: "facility-signature",
      subject: s.lotId,
      status: "passed",
    });
  }
  for (const type of ["invoice", "test-report", "origin-declaration", "packing-list", "bill-of-lading"]) {
    checks.push({ id: `document:${type}`, kind: "document-hash", subject: type, status: "passed" });
  }
  checks.push({ id: "garment-code:SEW-0001", kind: "garment-code", subject: "SEW-0001", status: "passed" });
  checks.push({
    id: "certificate:EVFTA-1",
    kind: "certificate-anchored",
    subject: "TP-EVFTA-2026-0001",
    status: "passed",
  });
  checks.push({
    id: "certificate-status:EVFTA-1",
    kind: "certificate-status",
    subject: "TP-EVFTA-2026-0001",
    status: "passed",
  });
  return checks;
}

/** An authentic garment: every check passed. */
export function authenticGarment(): GarmentPageModel {
  return {
    product: {
      description: "Men's cotton T-shirt, crew neck",
      gtin: "08938505974019",
      lot: "SEW-0001",
      serial: "1187",
      hsCode: "6109.10",
      style: "TS-01",
      maker: { name: "TNG Investment and Trading JSC", country: "VN" },
    },
    verdict: "authentic",
    checks: checksFor(),
    timeline: steps.map((s, i) => ({
      ...s,
      facility: { ...s.facility },
      occurredAt: `2026-03-0${i + 1}T08:00:00Z`,
      quantity:
        s.step === "fabric-lot"
          ? { amount: 1200, unit: "m" as const }
          : s.step === "cutting"
            ? { amount: 2400, unit: "pcs" as const }
            : { amount: 1200, unit: "pcs" as const },
      destination: s.step === "shipment" ? { name: "Nordwind GmbH", country: "DE" } : undefined,
      txHash: tx(i + 1),
      txUrl: i % 2 === 0 ? `https://explorer.example.org/tx/${tx(i + 1)}` : undefined,
      recordCid: cid(i),
      recordUrl: `/ipfs/${cid(i)}`,
      status: "passed" as const,
    })),
    fabrics: [
      {
        lotId: "FL-0001",
        description: "Cotton single jersey 180 gsm",
        composition: [
          { fibre: "cotton", percent: 95 },
          { fibre: "elastane", percent: 5 },
        ],
        stages: [
          { stage: "fibre", country: "US" },
          { stage: "spinning", country: "KR" },
          { stage: "fabric-formation", country: "KR" },
          { stage: "dyeing", country: "VN" },
        ],
        supplier: { name: "Hanil Textile", country: "KR" },
      },
      {
        lotId: "FL-0002",
        description: "Cotton rib 1x1 for collars",
        composition: [{ fibre: "cotton", percent: 100 }],
        stages: [
          { stage: "spinning", country: "VN" },
          { stage: "fabric-formation", country: "VN" },
        ],
        supplier: { name: "Thanh Cong Textile", country: "VN" },
      },
    ],
    documents: ["invoice", "test-report", "origin-declaration", "packing-list", "bill-of-lading"].map(
      (type, i) => ({
        type,
        lotId: i < 3 ? "FL-0001" : "SHP-0001",
        cid: cid(10 + i),
        url: `/ipfs/${cid(10 + i)}`,
        sha256: sha(40 + i),
        status: "passed" as const,
      }),
    ),
    certificates: [
      {
        id: "TP-EVFTA-2026-0001",
        fta: "EVFTA",
        status: "valid",
        issuedAt: "2026-03-06T10:00:00Z",
        validFrom: "2026-03-06T10:00:00Z",
        validUntil: "2027-03-05T17:30:00Z",
        issuer: { id: "did:web:trace.example.vn:certifiers:vcci-hcm", name: "VCCI Hồ Chí Minh" },
        importingCountry: "DE",
        url: "/certificates/TP-EVFTA-2026-0001",
        verified: "passed",
      },
    ],
    verifiedAt: "2026-03-20T14:05:00Z",
    links: {
      json: "/api/v1/provenance/SEW-0001?serial=1187",
      linkset: "/01/08938505974019/10/SEW-0001/21/1187?linkType=all",
      passport: "/api/v1/passports/SEW-0001/1187",
    },
  };
}

/** The same garment after its sewing record was changed in IPFS: one digest check fails. */
export function tamperedGarment(): GarmentPageModel {
  const model = authenticGarment();
  model.verdict = "tampered";
  const check = model.checks.find((c) => c.id === "record-digest:SEW-0001")!;
  check.status = "failed";
  check.detail = `IPFS record hashes to 0x${sha(7)}, the chain holds 0x${sha(9)}`;
  model.timeline.find((s) => s.lotId === "SEW-0001")!.status = "failed";
  return model;
}

/** A garment whose documents cannot be fetched now, scanned suspiciously often. */
export function unverifiedClonedGarment(): GarmentPageModel {
  const model = authenticGarment();
  model.verdict = "unverified";
  model.documents[1]!.status = "unavailable";
  model.checks.find((c) => c.id === "document:test-report")!.status = "unavailable";
  model.checks.find((c) => c.id === "document:test-report")!.detail = "IPFS did not answer within 5 s";
  model.cloneWarning = { scans: 412, places: 37 };
  return model;
}

/** A valid EVFTA certificate. */
export function validCertificate(): CertificatePageModel {
  return {
    certificate: {
      id: "TP-EVFTA-2026-0001",
      fta: "EVFTA",
      status: "valid",
      issuedAt: "2026-03-06T10:00:00Z",
      issuer: { id: "did:web:trace.example.vn:certifiers:vcci-hcm", name: "VCCI Hồ Chí Minh" },
      validFrom: "2026-03-06T10:00:00Z",
      validUntil: "2027-03-05T17:30:00Z",
      exporter: { name: "TNG Investment and Trading JSC", country: "VN" },
      exportingCountry: "VN",
      importingCountry: "DE",
      subject: { id: "SHP-0001", description: "Men's cotton T-shirt, crew neck", hsCode: "6109.10" },
      rule: {
        id: "EVFTA-61-fabric-forward",
        text: "Knitting combined with making-up including cutting of fabric",
      },
      sha256: sha(77),
      cid: cid(3),
      txHash: tx(99),
      pdfUrl: "/api/v1/origin/certificates/TP-EVFTA-2026-0001.pdf",
      jsonUrl: "/api/v1/origin/certificates/TP-EVFTA-2026-0001",
    },
    verdict: "valid",
    checks: [
      { id: "anchored", kind: "certificate-anchored", subject: "TP-EVFTA-2026-0001", status: "passed" },
      { id: "status", kind: "certificate-status", subject: "TP-EVFTA-2026-0001", status: "passed" },
    ],
    verifiedAt: "2026-03-20T14:05:00Z",
  };
}
