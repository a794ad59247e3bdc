/**
 * End to end through the real service (embedded Hardhat chain, Helia on disk, SQLite, HTTP): a garment's
 * provenance is recorded through the API, assessed for CPTPP to Japan and EVFTA to Germany, certified,
 * verified, revoked; and every refusal the certificate service owes is asked for.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signDocument, verifyDocumentProof } from "../../services/credentials/data-integrity";
import { keyResolver } from "../../services/credentials/verification-method";
import { createCertifierKeyStore } from "../../services/certificates/certifier-keys";
import { issueCertificate, revokeCertificate } from "../../services/certificates/certificates";
import type { CertificateDeps } from "../../services/certificates/certificates";
import { chainKey } from "../../services/chain/keys";
import { getRecord, putRecord } from "../../services/records";
import {
  OPERATOR_KEY,
  cutting,
  fabricLot,
  fileForm,
  samplePdf,
  sewing,
  startTestService,
} from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";

const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * An outsider's check of a proof: the issuer's did:web document fetched from the service's own route
 * (`did:web:trace.example.vn:certifiers:<id>` → `/certifiers/<id>/did.json`), then the signature.
 */
async function verifiedAsOutsider(t: TestService, credential: Json, issuer: string) {
  const path = issuer.startsWith("did:web:") ? `/${issuer.split(":").slice(3).join("/")}/did.json` : null;
  const document = path ? (await t.call("GET", path)).body : undefined;
  const resolveKey = keyResolver(async (did) => (document && did === document.id ? document : undefined));
  return verifyDocumentProof(credential, issuer, { resolveKey });
}

describe("origin assessments and certificates through the API", () => {
  let t: TestService;
  const keys: Record<string, string> = {};
  let certifier: string;
  let otherCertifier: string;
  let millCertificate: { cid: string; sha256: string };
  let cptppAssessment: Json;
  let cptpp: Json;
  let evfta: Json;

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: "https://trace.example.vn" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("lists the origin and certificate routes in the OpenAPI document", async () => {
    const openapi = await t.call("GET", "/api/v1/openapi.json");
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/origin/assess",
        "/api/v1/origin/assessments",
        "/api/v1/origin/certificates",
        "/api/v1/origin/certificates/{id}/revoke",
      ]),
    );
  });

  it("records a garment's provenance: Vietnamese yarn knitted in Hanoi, cut and sewn in Thai Nguyen, exported", async () => {
    for (const [id, name, country, roles] of [
      ["mill-hanoi", "Hanoi Knitting Mill", "VN", ["fabric", "shipping"]],
      ["garment-thai-nguyen", "Thai Nguyen Garment", "VN", ["fabric", "cutting", "sewing", "shipping"]],
    ] as const) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name,
          country,
          roles,
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      keys[id] = answer.body.apiKey;
    }
    for (const [id, name] of [
      ["vcci-hcm", "VCCI Hồ Chí Minh"],
      ["other-body", "Another issuing body"],
    ]) {
      const answer = await t.call("POST", "/api/v1/certifiers", { key: OPERATOR_KEY, body: { id, name } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      keys[id!] = answer.body.apiKey;
    }
    certifier = keys["vcci-hcm"]!;
    otherCertifier = keys["other-body"]!;
    const mill = keys["mill-hanoi"]!;
    const factory = keys["garment-thai-nguyen"]!;

    const uploaded = await t.call("POST", "/api/v1/documents", {
      key: mill,
      rawBody: fileForm(samplePdf("Hanoi mill spinning and knitting certificate"), "application/pdf", {
        type: "mill-certificate",
      }),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    millCertificate = { cid: uploaded.body.cid, sha256: uploaded.body.sha256 };

    const steps: [string, string, Record<string, unknown>][] = [
      [
        "fabric-lots",
        mill,
        fabricLot("FL-VN-1", {
          description: "cotton-elastane single jersey 180 gsm",
          supplier: { name: "Hanoi Knitting Mill", country: "VN" },
          stages: [
            { stage: "fibre", country: "US" },
            { stage: "spinning", country: "VN" },
            { stage: "fabric-formation", country: "VN" },
          ],
          documents: [{ type: "mill-certificate", cid: uploaded.body.cid }],
        }),
      ],
      // The mill sends 600 m to the garment factory: a transfer the derivation must walk through.
      [
        "shipments",
        mill,
        {
          id: "TR-FL-1",
          inputs: [{ lotId: "FL-VN-1", quantity: { amount: 600, unit: "m" } }],
          toFacilityId: "garment-thai-nguyen",
          occurredAt: "2026-03-01T12:00:00Z",
        },
      ],
      ["cuttings", factory, cutting("CUT-1", "TR-FL-1")],
      ["sewings", factory, sewing("SEW-1", "CUT-1")],
      [
        "shipments",
        factory,
        {
          id: "SHP-JP",
          inputs: [{ lotId: "SEW-1", quantity: { amount: 500, unit: "pcs" } }],
          buyer: { name: "Tokyo Apparel KK", country: "JP" },
          destinationCountry: "JP",
          invoiceNumber: "INV-JP-7",
          occurredAt: "2026-03-05T08:00:00Z",
        },
      ],
      [
        "shipments",
        factory,
        {
          id: "SHP-DE",
          inputs: [{ lotId: "SEW-1", quantity: { amount: 500, unit: "pcs" } }],
          buyer: { name: "Nordwind GmbH", country: "DE" },
          destinationCountry: "DE",
          invoiceNumber: "INV-DE-9",
          occurredAt: "2026-03-06T08:00:00Z",
        },
      ],
    ];
    for (const [path, key, body] of steps) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    }
  });

  it("derives CPTPP facts from the provenance of the shipment to Japan and finds the garment originating", async () => {
    const answer = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "SHP-JP", fta: "CPTPP" },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    cptppAssessment = answer.body;
    expect(answer.body.id).toMatch(/^bafkrei[a-z2-7]+$/);
    const { facts, assessment, subject } = answer.body;
    expect(facts).toMatchObject({
      fta: "CPTPP",
      exportingCountry: "VN",
      importingCountry: "JP",
      date: "2026-03-05",
      product: {
        hsCode: "610910",
        construction: "cut-and-sewn",
        exWorksPrice: { amount: 4.2, currency: "USD" },
      },
      processes: [
        { stage: "cutting", country: "VN" },
        { stage: "sewing", country: "VN" },
      ],
    });
    // Per garment: 600 m moved, 300 m cut into 2400 pieces, 2 pieces a garment → 0.25 m of a 1200 m lot
    // weighing 260 kg and worth USD 3600.
    expect(facts.materials).toHaveLength(2);
    expect(facts.materials[0]).toMatchObject({
      description: "cotton-elastane single jersey 180 gsm",
      hsCode: "600621",
      role: "main-fabric",
      originCountry: "VN",
      elastomeric: true,
      stages: [
        { stage: "fibre", country: "US" },
        { stage: "spinning", country: "VN" },
        { stage: "fabric-formation", country: "VN" },
      ],
    });
    expect(facts.materials[0].weightKg).toBeCloseTo((0.25 * 260) / 1200, 6);
    expect(facts.materials[0].value.amount).toBeCloseTo(0.75, 6);
    // Buttons: 0.4 kg and USD 12 for the batch of 1200.
    expect(facts.materials[1]).toMatchObject({
      description: "buttons",
      hsCode: "960621",
      role: "accessory",
      originCountry: "CN",
    });
    expect(facts.materials[1].weightKg).toBeCloseTo(0.4 / 1200, 6);
    expect(facts.materials[1].value.amount).toBeCloseTo(0.01, 6);
    expect(subject).toMatchObject({
      id: "SHP-JP",
      kind: "shipment",
      gtin: "08938505974019",
      garmentBatches: ["SEW-1"],
      invoiceNumber: "INV-JP-7",
      buyer: { name: "Tokyo Apparel KK", country: "JP" },
      fabricLots: [{ lotId: "FL-VN-1", role: "main-fabric", unit: "m" }],
    });
    expect(assessment).toMatchObject({
      fta: "CPTPP",
      status: "originating",
      provisional: false,
      missing: [],
    });
    expect(assessment.rule.id).toBe("CPTPP-61/yarn-forward");

    // Kept: the id reads it back, and it is the CID of its canonical record.
    const kept = await t.call("GET", `/api/v1/origin/assessments/${answer.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual(answer.body);
  });

  it("assesses the shipment to Germany under EVFTA: knitted, cut and sewn in Viet Nam", async () => {
    const answer = await t.call("POST", "/api/v1/origin/assessments", {
      key: keys["garment-thai-nguyen"],
      body: { subjectId: "SHP-DE", fta: "EVFTA" },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.facts).toMatchObject({ importingCountry: "DE", date: "2026-03-06" });
    expect(answer.body.assessment).toMatchObject({ status: "originating", provisional: false });
    expect(answer.body.assessedBy).toBe("facility:garment-thai-nguyen");
  });

  it("issues a CPTPP certificate from the kept assessment: a signed VC whose digest is anchored on chain", async () => {
    const body = {
      assessmentId: cptppAssessment.id,
      certifierRole: "exporter",
      // The legacy contact field: the certifier's (here the exporter's) address, telephone and e-mail.
      contact: {
        address: "Luong Son, Thai Nguyen",
        telephone: "+84 208 3855 000",
        email: "export@tng.example.vn",
      },
    };
    const answer = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body,
      idempotencyKey: "cert-jp-1",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    cptpp = answer.body;
    expect(cptpp.id).toMatch(/^CO-CPTPP-\d{8}-[0-9A-F]{8}$/);
    expect(cptpp).toMatchObject({ fta: "CPTPP", subjectId: "SHP-JP", assessmentId: cptppAssessment.id });
    expect(cptpp.links.page).toBe(`https://trace.example.vn/certificates/${cptpp.id}`);

    // A retry with the same Idempotency-Key answers the first certificate and anchors nothing new.
    const replay = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body,
      idempotencyKey: "cert-jp-1",
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(cptpp.id);

    const vc = (await t.call("GET", `/api/v1/origin/certificates/${cptpp.id}`)).body;
    expect(vc["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/",
      "https://trace.example.vn/contexts/threadproof/v1.jsonld",
    ]);
    expect(vc.type).toEqual(["VerifiableCredential", "DigitalConformityCredential", "OriginCertificate"]);
    expect(vc.issuer).toMatchObject({
      name: "VCCI Hồ Chí Minh",
      issuerAlsoKnownAs: [{ registeredId: "vcci-hcm" }],
    });
    expect(vc.issuer.id).toBe("did:web:trace.example.vn:certifiers:vcci-hcm");
    expect(Date.parse(vc.validUntil) - Date.parse(vc.validFrom)).toBeGreaterThan(364 * 86_400_000);
    // The chain anchor first, then the W3C Bitstring Status List entry that publishes it.
    expect(vc.credentialStatus).toMatchObject([
      {
        type: "ThreadproofChainAnchorStatus",
        statusPurpose: "revocation",
        certificateKey: chainKey(cptpp.id),
        chainId: 31337,
      },
      { type: "BitstringStatusListEntry", statusPurpose: "revocation" },
    ]);
    // CPTPP's nine data elements, in order, as the PDF prints them: the exporter certifies and signs.
    const elements = vc.credentialSubject.originDeclaration.dataElements;
    expect(elements.map((e: Json) => e.element.split(".")[0])).toEqual(
      Array.from({ length: 9 }, (_, i) => String(i + 1)),
    );
    expect(elements[0].value).toBe("exporter");
    expect(elements[1].value).toBe(
      "Thai Nguyen Garment, Luong Son, Thai Nguyen, Viet Nam, tel. +84 208 3855 000, e-mail export@tng.example.vn",
    );
    expect(elements[2].value).toBe("the certifier (element 2)");
    expect(elements[3].value).toBe("Thai Nguyen Garment, Viet Nam");
    expect(elements[4].value).toBe("Tokyo Apparel KK, Japan");
    expect(elements[5].value).toBe("men's cotton T-shirt, HS 6109.10; invoice INV-JP-7");
    expect(elements[6].value).toContain("Yarn forward");
    expect(elements[8].value).toBe(`Thai Nguyen Garment (exporter), ${vc.validFrom.slice(0, 10)}`);
    expect(JSON.stringify(elements)).not.toContain("VCCI");
    expect(vc.credentialSubject.originDeclaration.declarationText).toMatch(
      /^I certify that the goods described in this document qualify as originating/,
    );
    expect(vc.credentialSubject.assessment[0]).toMatchObject({
      compliance: true,
      status: "originating",
      provisional: false,
    });

    // Evidence: every event record with its transaction, and the mill's certificate with its SHA-256.
    const evidence = vc.evidence as Json[];
    expect(evidence.filter((link) => link.linkType === "event-record").map((link) => link.lotId)).toEqual([
      "FL-VN-1",
      "TR-FL-1",
      "CUT-1",
      "SEW-1",
      "SHP-JP",
    ]);
    for (const link of evidence)
      expect(link).toMatchObject({
        hashMethod: "SHA-256",
        hashDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    const record = evidence.find((link) => link.lotId === "SEW-1" && link.linkType === "event-record");
    const recordBytes = await fetch(`${t.service.url}/api/v1/records/${record.cid}`).then((r) => r.text());
    expect(sha256(canonicalize(JSON.parse(recordBytes))!)).toBe(record.hashDigest);
    expect(record.transaction.txHash).toBe((await t.call("GET", "/api/v1/lots/SEW-1")).body.chain.txHash);
    expect(evidence).toContainEqual(
      expect.objectContaining({
        linkType: "document",
        cid: millCertificate.cid,
        hashDigest: millCertificate.sha256,
      }),
    );

    // Verified by hand, as an outsider would: the proof against the issuer's DID, the digest against the chain.
    expect((await verifiedAsOutsider(t, vc, vc.issuer.id)).verified).toBe(true);
    const anchor = await t.service.ledger.getCertificate(cptpp.id);
    expect(anchor).toMatchObject({ fta: "CPTPP", subjectLotKey: chainKey("SHP-JP"), revokedAt: null });
    expect(anchor!.digest).toBe(`0x${sha256(canonicalize(vc)!)}`);
    expect(cptpp.digest).toBe(anchor!.digest);
  });

  it("issues an EVFTA certificate from the subject directly, with the origin declaration text", async () => {
    const answer = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-DE", fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    evfta = answer.body;
    const declaration = answer.body.credential.credentialSubject.originDeclaration;
    expect(declaration.declarationText).toBe(
      "The exporter of the products covered by this document (customs or competent governmental authorisation " +
        "No VN-HCM-0042) declares that, except where otherwise clearly indicated, these products are of Viet Nam preferential origin.",
    );
    expect(declaration.proofEntries).toEqual([]);
    expect(declaration.form).toBe("Origin declaration (approved exporter)");
    expect(declaration.dataElements).toContainEqual({
      element: "Exporter's customs or competent governmental authorisation No",
      value: "VN-HCM-0042",
    });
  });

  it("certifies Korean fabric under EVFTA only with its EU-Korea proof, and writes the Article 3(7) entry", async () => {
    const factory = keys["garment-thai-nguyen"]!;
    const proof = await t.call("POST", "/api/v1/documents", {
      key: factory,
      rawBody: fileForm(samplePdf("EU-KR origin declaration, Hanil Textile"), "application/pdf", {
        type: "origin-declaration",
      }),
    });
    expect(proof.status).toBe(201);
    const korean = (id: string, originating: unknown[]) =>
      fabricLot(id, {
        supplier: { name: "Hanil Textile", country: "KR" },
        stages: [
          { stage: "spinning", country: "KR" },
          { stage: "fabric-formation", country: "KR" },
        ],
        originating,
      });
    for (const [suffix, originating] of [
      ["PROOF", [{ fta: "EVFTA", basis: "EU-KR FTA origin declaration", proofCid: proof.body.cid }]],
      ["BARE", []],
    ] as const) {
      const steps: [string, Record<string, unknown>][] = [
        ["fabric-lots", korean(`FL-KR-${suffix}`, [...originating])],
        ["cuttings", cutting(`CUT-KR-${suffix}`, `FL-KR-${suffix}`)],
        ["sewings", sewing(`SEW-KR-${suffix}`, `CUT-KR-${suffix}`)],
        [
          "shipments",
          {
            id: `SHP-KR-${suffix}`,
            inputs: [{ lotId: `SEW-KR-${suffix}`, quantity: { amount: 1200, unit: "pcs" } }],
            buyer: { name: "Lyon Mode SARL", country: "FR" },
            destinationCountry: "FR",
            occurredAt: "2026-03-08T08:00:00Z",
          },
        ],
      ];
      for (const [path, body] of steps) {
        const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
        expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
      }
    }

    const withProof = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-KR-PROOF", fta: "EVFTA" },
    });
    expect(withProof.status, JSON.stringify(withProof.body)).toBe(201);
    const subject = withProof.body.credential.credentialSubject;
    expect(subject.originDeclaration.proofEntries).toEqual([
      "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
    ]);
    expect(subject.assessment[0].cumulation.used[0]).toMatchObject({ countries: ["KR"] });
    // The proof the cumulation rests on is in the evidence, with its hash.
    expect(withProof.body.credential.evidence).toContainEqual(
      expect.objectContaining({ linkType: "document", cid: proof.body.cid, hashDigest: proof.body.sha256 }),
    );

    const bare = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-KR-BARE", fta: "EVFTA" },
    });
    expect(bare.status).toBe(409);
    expect(bare.body.error.code).toBe("NOT_ORIGINATING");
  });

  it("verifies both certificates publicly, serves the PDF and the page in Vietnamese and English", async () => {
    for (const issued of [cptpp, evfta]) {
      const verification = await t.call("GET", `/api/v1/origin/certificates/${issued.id}/verification`);
      expect(verification.status).toBe(200);
      expect(verification.body.verdict).toBe("valid");
      expect(verification.body.checks.map((check: Json) => [check.id, check.passed])).toEqual([
        ["anchored", true],
        ["digest", true],
        ["signature", true],
        ["subject", true],
        ["evidence", true],
        ["assessment", true],
        ["not-revoked", true],
        ["validity", true],
      ]);
    }

    const pdf = await fetch(`${t.service.url}/api/v1/origin/certificates/${cptpp.id}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    try {
      const { text } = await parser.getText();
      expect(text).toContain("Certificate of origin");
      expect(text).toContain(cptpp.id);
      expect(text).toContain("VCCI Hồ Chí Minh");
      expect(text).toContain(millCertificate.sha256);
      expect(text).toContain(cptpp.digest.slice(2));
    } finally {
      await parser.destroy();
    }

    const vi = await fetch(`${t.service.url}/certificates/${cptpp.id}`, {
      headers: { "accept-language": "vi" },
    });
    expect(vi.status).toBe(200);
    const viHtml = await vi.text();
    expect(viHtml).toContain('lang="vi"');
    expect(viHtml).toContain('data-verdict="valid"');
    const en = await (await fetch(`${t.service.url}/certificates/${cptpp.id}?lang=en`)).text();
    expect(en).toContain("Valid certificate");
    expect(en).toContain(cptpp.digest.slice(2));

    const lot = await t.call("GET", "/api/v1/lots/SHP-JP/certificates");
    expect(lot.body.certificates).toEqual([
      expect.objectContaining({ id: cptpp.id, fta: "CPTPP", status: "valid", importingCountry: "JP" }),
    ]);
  });

  it("lets only the issuing certifier revoke, once; the revocation shows at once everywhere", async () => {
    const path = `/api/v1/origin/certificates/${cptpp.id}/revoke`;
    const reason = { reason: "The invoice number was wrong" };
    expect((await t.call("POST", path, { key: keys["garment-thai-nguyen"], body: reason })).status).toBe(403);
    const other = await t.call("POST", path, { key: otherCertifier, body: reason });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("FORBIDDEN");
    expect((await t.call("POST", path, { body: reason })).status).toBe(401);
    const empty = await t.call("POST", path, { key: certifier, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields.map((field: Json) => field.path)).toEqual(["reason"]);

    const revoked = await t.call("POST", path, { key: certifier, body: reason });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ id: cptpp.id, revoked: true, reason: reason.reason });
    const twice = await t.call("POST", path, { key: certifier, body: { reason: "again" } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("CERTIFICATE_REVOKED");

    const verification = await t.call("GET", `/api/v1/origin/certificates/${cptpp.id}/verification`);
    expect(verification.body.verdict).toBe("revoked");
    expect(verification.body.revocation).toMatchObject({ reason: reason.reason });
    expect(verification.body.checks.find((check: Json) => check.id === "not-revoked").passed).toBe(false);
    // The signature and digest still hold: the certificate is genuine, and revoked.
    expect(verification.body.checks.find((check: Json) => check.id === "signature").passed).toBe(true);

    const page = await (await fetch(`${t.service.url}/certificates/${cptpp.id}?lang=en`)).text();
    expect(page).toContain('data-verdict="revoked"');
    expect(page).toContain(reason.reason);

    // The provenance answer (verified by the provenance module) carries the certificate, revoked.
    const provenance = await t.call("GET", "/api/v1/provenance/SHP-JP");
    expect(provenance.status).toBe(200);
    expect(JSON.stringify(provenance.body)).toContain(cptpp.id);
    expect(provenance.body.certificates).toEqual([
      expect.objectContaining({ id: cptpp.id, fta: "CPTPP", status: "revoked" }),
    ]);

    const lot = await t.call("GET", "/api/v1/lots/SHP-JP/certificates");
    expect(lot.body.certificates[0]).toMatchObject({
      id: cptpp.id,
      status: "revoked",
      revokedAt: expect.any(String),
    });
    // The other certificate is untouched.
    expect((await t.call("GET", `/api/v1/origin/certificates/${evfta.id}/verification`)).body.verdict).toBe(
      "valid",
    );
  });

  it("refuses to certify woven trousers of Chinese fabric under EVFTA: NOT_ORIGINATING", async () => {
    const factory = keys["garment-thai-nguyen"]!;
    const steps: [string, Record<string, unknown>][] = [
      [
        "fabric-lots",
        fabricLot("FL-CN-1", {
          description: "woven cotton twill, dyed",
          hsCode: "5209.42",
          composition: [{ fibre: "cotton", percent: 100 }],
          supplier: { name: "Guangzhou Weaving", country: "CN" },
          stages: [
            { stage: "spinning", country: "CN" },
            { stage: "fabric-formation", country: "CN" },
          ],
        }),
      ],
      ["cuttings", cutting("CUT-CN-1", "FL-CN-1")],
      [
        "sewings",
        sewing("SEW-CN-1", "CUT-CN-1", {
          product: {
            gtin: "08938505974019",
            hsCode: "6203.42",
            description: "men's woven cotton trousers",
            construction: "cut-and-sewn",
            exWorksPrice: { amount: 9.5, currency: "USD" },
          },
        }),
      ],
      [
        "shipments",
        {
          id: "SHP-CN-DE",
          inputs: [{ lotId: "SEW-CN-1", quantity: { amount: 1200, unit: "pcs" } }],
          buyer: { name: "Nordwind GmbH", country: "DE" },
          destinationCountry: "DE",
          occurredAt: "2026-03-07T08:00:00Z",
        },
      ],
    ];
    for (const [path, body] of steps) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    }
    const assessed = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "SHP-CN-DE", fta: "EVFTA" },
    });
    expect(assessed.body.assessment.status).toBe("not-originating");
    const refused = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { assessmentId: assessed.body.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("NOT_ORIGINATING");
    expect(refused.body.error.details.failedChecks.length).toBeGreaterThan(0);
    expect((await t.call("GET", "/api/v1/lots/SHP-CN-DE/certificates")).body.certificates).toEqual([]);
  });

  it("refuses a provisional rule (ACFTA), missing facts, a facility key and a fabric lot as subject", async () => {
    // ACFTA's table is a working assumption: originating, but provisional, so never certified.
    const acfta = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SEW-1", fta: "ACFTA", importingCountry: "CN", date: "2026-03-05" },
    });
    expect(acfta.status).toBe(409);
    expect(acfta.body.error.code).toBe("PROVISIONAL_RULE");

    // A garment batch has no destination: without the request's importing country the facts are incomplete.
    const incomplete = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "SEW-1", fta: "CPTPP", date: "2026-03-05" },
    });
    expect(incomplete.status).toBe(201);
    expect(incomplete.body.assessment).toMatchObject({
      status: "insufficient-data",
      missing: ["importingCountry"],
    });
    const insufficient = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { assessmentId: incomplete.body.id },
    });
    expect(insufficient.status).toBe(409);
    expect(insufficient.body.error).toMatchObject({
      code: "INSUFFICIENT_DATA",
      details: { missing: ["importingCountry"] },
    });

    const facility = await t.call("POST", "/api/v1/origin/certificates", {
      key: keys["garment-thai-nguyen"],
      body: { subjectId: "SHP-DE", fta: "EVFTA" },
    });
    expect(facility.status).toBe(403);
    expect(facility.body.error.code).toBe("FORBIDDEN");
    const operator = await t.call("POST", "/api/v1/origin/certificates", {
      key: OPERATOR_KEY,
      body: { subjectId: "SHP-DE", fta: "EVFTA" },
    });
    expect(operator.status).toBe(403);

    const fabric = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "FL-VN-1", fta: "CPTPP", importingCountry: "JP" },
    });
    expect(fabric.status).toBe(409);
    expect(fabric.body.error.code).toBe("INVALID_ORIGIN_SUBJECT");

    // The request may not contradict the shipment it assesses.
    const conflict = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "SHP-JP", fta: "CPTPP", importingCountry: "CA" },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("CONFLICTS_WITH_PROVENANCE");

    // A crafted assessment record (say, uploaded as a document) cannot carry facts the provenance does not give.
    const kept = await getRecord<Json>(t.service.store, cptppAssessment.id);
    const crafted = structuredClone(kept.record);
    crafted.request = { subjectId: "SHP-CN-DE", fta: "EVFTA" };
    crafted.assessment.fta = "EVFTA";
    const stored = await putRecord(t.service.store, crafted);
    const stale = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { assessmentId: stored.cid },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("ASSESSMENT_STALE");

    const both = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { assessmentId: cptppAssessment.id, fta: "EVFTA" },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields.map((field: Json) => field.path)).toEqual(["fta"]);
  });

  it("answers 404 for unknown certificates, assessments and subjects", async () => {
    for (const path of [
      "/api/v1/origin/certificates/CO-CPTPP-20260101-00000000",
      "/api/v1/origin/certificates/CO-CPTPP-20260101-00000000.pdf",
      "/api/v1/origin/certificates/CO-CPTPP-20260101-00000000/verification",
      "/api/v1/origin/assessments/bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
    ]) {
      const answer = await t.call("GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code, path).toBe("NOT_FOUND");
    }
    const page = await fetch(`${t.service.url}/certificates/CO-CPTPP-20260101-00000000`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    const revoke = await t.call("POST", "/api/v1/origin/certificates/CO-CPTPP-20260101-00000000/revoke", {
      key: certifier,
      body: { reason: "x" },
    });
    expect(revoke.status).toBe(404);
    const subject = await t.call("POST", "/api/v1/origin/assessments", {
      key: certifier,
      body: { subjectId: "NO-SUCH-LOT", fta: "CPTPP", importingCountry: "JP" },
    });
    expect(subject.status).toBe(404);
    const cited = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { assessmentId: "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq" },
    });
    expect(cited.status).toBe(404);
  });

  it("assesses OriginFacts posted as they are with any API key, naming every bad field", async () => {
    const facts = {
      fta: "EVFTA",
      exportingCountry: "VN",
      importingCountry: "DE",
      date: "2026-03-01",
      product: {
        hsCode: "6203.42",
        description: "trousers",
        construction: "cut-and-sewn",
        exWorksPrice: { amount: 9.5, currency: "USD" },
      },
      processes: [
        { stage: "cutting", country: "VN" },
        { stage: "sewing", country: "VN" },
      ],
      materials: [
        {
          description: "woven cotton",
          hsCode: "5209.42",
          role: "main-fabric",
          originCountry: "KR",
          stages: [
            { stage: "spinning", country: "KR" },
            { stage: "fabric-formation", country: "KR" },
          ],
          weightKg: 0.45,
          value: { amount: 3.1, currency: "USD" },
          elastomeric: false,
          originating: [],
        },
      ],
    };
    const ok = await t.call("POST", "/api/v1/origin/assess", { key: keys["mill-hanoi"], body: facts });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ fta: "EVFTA", status: "not-originating", provisional: false });
    // "What if the Korean fabric came with its EU-Korea proof?" — cumulation, and the proof entry it needs.
    const korean = structuredClone(facts) as Json;
    korean.materials[0].originating = [
      { fta: "EVFTA", basis: "EU-KR origin declaration", proofCid: millCertificate.cid },
    ];
    const cumulated = await t.call("POST", "/api/v1/origin/assess", { key: certifier, body: korean });
    expect(cumulated.body.status).toBe("originating");
    expect(cumulated.body.requiredProofEntries).toEqual([
      "Application of Article 3(7) of Protocol 1 to the Viet Nam-EU FTA",
    ]);
    expect((await t.call("POST", "/api/v1/origin/assess", { key: OPERATOR_KEY, body: facts })).status).toBe(
      200,
    );

    const bad = await t.call("POST", "/api/v1/origin/assess", {
      key: certifier,
      body: {
        ...facts,
        fta: "NAFTA",
        importingCountry: "UK",
        product: { ...facts.product, hsCode: "4202.11" },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.fields.map((field: Json) => field.path).sort()).toEqual([
      "fta",
      "importingCountry",
      "product.hsCode",
    ]);
    expect((await t.call("POST", "/api/v1/origin/assess", { body: facts })).status).toBe(401);
    // Nothing was recorded: the assess route has no side effects on the chain.
    const before = await t.service.ledger.blockNumber();
    await t.call("POST", "/api/v1/origin/assess", { key: certifier, body: facts });
    expect(await t.service.ledger.blockNumber()).toBe(before);
  });

  it("calls a forged certificate tampered: altered content anchored without the certifier's key", async () => {
    // Someone with the certifier's chain key but not its credential key anchors a copy that says Japan
    // instead of Germany.
    const forged = structuredClone(evfta.credential);
    forged.credentialSubject.certificateId = "CO-EVFTA-FORGED-1";
    forged.credentialSubject.importingCountry = "JP";
    const stored = await putRecord(t.service.store, forged);
    await t.service.ledger.anchorCertificate({
      certificateId: "CO-EVFTA-FORGED-1",
      subjectLotId: "SHP-DE",
      fta: "EVFTA",
      digest: stored.digest,
      certifierId: "vcci-hcm",
    });
    const verification = await t.call("GET", "/api/v1/origin/certificates/CO-EVFTA-FORGED-1/verification");
    expect(verification.body.verdict).toBe("tampered");
    expect(verification.body.checks.find((check: Json) => check.id === "digest").passed).toBe(true);
    expect(verification.body.checks.find((check: Json) => check.id === "signature")).toMatchObject({
      passed: false,
      detail: expect.stringContaining("does not match"),
    });
    const page = await (await fetch(`${t.service.url}/certificates/CO-EVFTA-FORGED-1?lang=en`)).text();
    expect(page).toContain('data-verdict="tampered"');
    // Another certifier may not revoke it: only the DID named as its issuer may.
    const revoke = await t.call("POST", "/api/v1/origin/certificates/CO-EVFTA-FORGED-1/revoke", {
      key: otherCertifier,
      body: { reason: "forged" },
    });
    expect(revoke.status).toBe(403);
  });

  it("calls an anchor that names something other than a credential tampered, and kept assessments only assessments", async () => {
    const sewingRecord = (await t.call("GET", "/api/v1/lots/SEW-1")).body.record;
    await t.service.ledger.anchorCertificate({
      certificateId: "CO-NOT-A-CREDENTIAL",
      subjectLotId: "SHP-DE",
      fta: "EVFTA",
      digest: sewingRecord.digest,
      certifierId: "vcci-hcm",
    });
    const verification = await t.call("GET", "/api/v1/origin/certificates/CO-NOT-A-CREDENTIAL/verification");
    expect(verification.status).toBe(200);
    expect(verification.body.verdict).toBe("tampered");
    const json = await t.call("GET", "/api/v1/origin/certificates/CO-NOT-A-CREDENTIAL");
    expect(json.status).toBe(502);
    expect(json.body.error.code).toBe("CERTIFICATE_UNREADABLE");
    const page = await fetch(`${t.service.url}/certificates/CO-NOT-A-CREDENTIAL`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-verdict="tampered"');
    // Neither a document (not JSON) nor an event record (JSON, but no assessment) is an assessment.
    for (const cid of [millCertificate.cid, sewingRecord.cid]) {
      const answer = await t.call("GET", `/api/v1/origin/assessments/${cid}`);
      expect(answer.status, cid).toBe(404);
    }
  });

  it("keeps certificates and certifier keys across a restart: still valid, and revocable by the same certifier", async () => {
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    t = await startTestService({ PUBLIC_BASE_URL: "https://trace.example.vn" }, dataDir);

    const verification = await t.call("GET", `/api/v1/origin/certificates/${evfta.id}/verification`);
    expect(verification.body.verdict).toBe("valid");
    expect((await t.call("GET", `/api/v1/origin/certificates/${cptpp.id}/verification`)).body.verdict).toBe(
      "revoked",
    );
    const path = `/api/v1/origin/certificates/${evfta.id}/revoke`;
    const first = await t.call("POST", path, {
      key: certifier,
      body: { reason: "Superseded" },
      idempotencyKey: "revoke-de",
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // A retried revocation answers the first result, not CERTIFICATE_REVOKED.
    const retry = await t.call("POST", path, {
      key: certifier,
      body: { reason: "Superseded" },
      idempotencyKey: "revoke-de",
    });
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.txHash).toBe(first.body.txHash);
  });

  it("reads the issued certificate's digest back from IPFS by its CID and the chain's anchor", async () => {
    const bytes = await t.service.store.get(evfta.cid);
    expect(`0x${sha256(bytes)}`).toBe(evfta.digest);
    expect((await t.service.ledger.getCertificate(evfta.id))?.digest).toBe(evfta.digest);
  });

  describe("exactly once: one valid certificate per subject, agreement and certifier", () => {
    let first: Json;
    let second: Json;
    const deps = (): CertificateDeps => ({
      ledger: t.service.ledger,
      store: t.service.store,
      indexDb: t.service.indexDb,
      serviceDb: t.service.serviceDb,
      certifierKeys: createCertifierKeyStore(t.dataDir, { publicBaseUrl: "https://trace.example.vn" }),
      publicBaseUrl: "https://trace.example.vn",
    });
    const vccI = { type: "certifier", id: "vcci-hcm" } as const;
    const anchoredFor = async (lotId: string) =>
      (await t.service.ledger.readEvents(0)).filter(
        (event) => event.name === "CertificateAnchored" && event.subjectLotKey === chainKey(lotId),
      );
    const pdfText = async (id: string) => {
      const response = await fetch(`${t.service.url}/api/v1/origin/certificates/${id}.pdf`);
      expect(response.status).toBe(200);
      const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
      try {
        // Lines wrap where the page is narrow (after a hyphen too): compare text with single spaces.
        return (await parser.getText()).text.replace(/\s+/g, " ").replace(/- /g, "-");
      } finally {
        await parser.destroy();
      }
    };

    it("records two more shipments to Germany from the same garment batch", async () => {
      for (const [id, amount] of [
        ["SHP-DE-2", 100],
        ["SHP-DE-3", 50],
      ] as const) {
        const answer = await t.call("POST", "/api/v1/events/shipments", {
          key: keys["garment-thai-nguyen"],
          body: {
            id,
            inputs: [{ lotId: "SEW-1", quantity: { amount, unit: "pcs" } }],
            buyer: { name: "Nordwind GmbH", country: "DE" },
            destinationCountry: "DE",
            invoiceNumber: `INV-${id}`,
            occurredAt: "2026-03-09T08:00:00Z",
          },
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      }
    });

    it("refuses a second certificate while one is valid (CERTIFICATE_EXISTS, naming it); another certifier may issue its own", async () => {
      const body = { subjectId: "SHP-DE-2", fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" };
      const issued = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body,
        idempotencyKey: "de2-first",
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      expect(issued.body.replaces).toBeNull();
      first = issued.body;

      const again = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body,
        idempotencyKey: "de2-again",
      });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: "CERTIFICATE_EXISTS",
        details: { validCertificateId: first.id, subjectId: "SHP-DE-2", fta: "EVFTA" },
      });
      expect(again.body.error.message).toContain(first.id);
      // Without an Idempotency-Key too.
      const bare = await t.call("POST", "/api/v1/origin/certificates", { key: certifier, body });
      expect(bare.status).toBe(409);
      expect(bare.body.error.code).toBe("CERTIFICATE_EXISTS");

      // The rule is per certifier: another certifying body may certify the same shipment.
      const other = await t.call("POST", "/api/v1/origin/certificates", { key: otherCertifier, body });
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      expect(other.body.issuer).not.toBe(first.issuer);
      expect(await anchoredFor("SHP-DE-2")).toHaveLength(2);
    });

    it("answers a retried request whose answer was lost with the certificate it anchored, on chain once", async () => {
      // The HTTP layer's stored answer is what a crash loses; the use case itself must then find the anchor.
      const body = { subjectId: "SHP-DE-2", fta: "EVFTA" as const, exporterAuthorisation: "VN-HCM-0042" };
      const retried = await issueCertificate(deps(), vccI, body, { idempotencyKey: "de2-first" });
      expect(retried.id).toBe(first.id);
      expect(retried).toMatchObject({ digest: first.digest, txHash: first.txHash, cid: first.cid });
      expect(await anchoredFor("SHP-DE-2")).toHaveLength(2);
      // A new request (another key) of the same certifier is still refused.
      await expect(
        issueCertificate(deps(), vccI, body, { idempotencyKey: "de2-other" }),
      ).rejects.toMatchObject({ code: "CERTIFICATE_EXISTS" });
    });

    it("supersedes the valid certificate only when named: the new one replaces it, the old one is revoked as superseded", async () => {
      const replaced = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body: {
          subjectId: "SHP-DE-2",
          fta: "EVFTA",
          exporterAuthorisation: "VN-HCM-0043",
          supersedes: first.id,
        },
        idempotencyKey: "de2-replace",
      });
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(201);
      second = replaced.body;
      expect(second.replaces).toBe(first.id);
      expect(second.credential.credentialSubject.replaces).toEqual({
        id: `https://trace.example.vn/certificates/${first.id}`,
        certificateId: first.id,
      });
      expect((await verifiedAsOutsider(t, second.credential, second.issuer)).verified).toBe(true);

      const old = (await t.call("GET", `/api/v1/origin/certificates/${first.id}/verification`)).body;
      expect(old).toMatchObject({ verdict: "revoked", supersededBy: second.id, replaces: null });
      expect(old.revocation.reason).toBe(`Superseded by certificate ${second.id}`);
      const now = (await t.call("GET", `/api/v1/origin/certificates/${second.id}/verification`)).body;
      expect(now).toMatchObject({ verdict: "valid", replaces: first.id, supersededBy: null });

      const oldPage = await (await fetch(`${t.service.url}/certificates/${first.id}?lang=en`)).text();
      expect(oldPage).toContain('data-verdict="revoked"');
      expect(oldPage).toContain(`Superseded by certificate ${second.id}`);
      expect(oldPage).toContain(`href="https://trace.example.vn/certificates/${second.id}"`);
      const newPage = await (await fetch(`${t.service.url}/certificates/${second.id}?lang=en`)).text();
      expect(newPage).toContain('data-verdict="valid"');
      expect(newPage).toContain("Replaces");
      expect(newPage).toContain(`href="https://trace.example.vn/certificates/${first.id}"`);
      const viPage = await (await fetch(`${t.service.url}/certificates/${first.id}?lang=vi`)).text();
      expect(viPage).toContain("Được thay thế bởi");
      const lot = (await t.call("GET", "/api/v1/lots/SHP-DE-2/certificates")).body.certificates;
      expect(lot).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: first.id, status: "revoked", replaces: null }),
          expect.objectContaining({ id: second.id, status: "valid", replaces: first.id }),
        ]),
      );
    });

    it("may not supersede what is superseded, revoked, another certifier's, another subject's or unknown", async () => {
      const attempt = (key: string, supersedes: string, subjectId = "SHP-DE-2") =>
        t.call("POST", "/api/v1/origin/certificates", {
          key,
          body: { subjectId, fta: "EVFTA", supersedes },
        });
      // Superseded already: the answer names the certificate that replaced it.
      const twice = await attempt(certifier, first.id);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toMatchObject({
        code: "CERTIFICATE_EXISTS",
        details: { validCertificateId: second.id },
      });
      const foreign = await attempt(otherCertifier, second.id);
      expect(foreign.status).toBe(409);
      expect(foreign.body.error.code).toBe("CERTIFICATE_NOT_SUPERSEDABLE");
      const elsewhere = await attempt(certifier, second.id, "SHP-DE-3");
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.error.code).toBe("CERTIFICATE_NOT_SUPERSEDABLE");
      const unknown = await attempt(certifier, "CO-EVFTA-20260101-00000000");
      expect(unknown.status).toBe(404);
      // The superseded pair stands as it was: one valid certificate of this certifier.
      expect((await anchoredFor("SHP-DE-2")).length).toBe(3);
    });

    it("marks a revoked certificate's PDF REVOKED with its date and reason at once; a valid one says Valid from", async () => {
      const valid = await pdfText(second.id);
      expect(valid).toContain(
        `Valid from ${second.validFrom.slice(0, 10)} until ${second.validUntil.slice(0, 10)}`,
      );
      expect(valid).toContain(`Replaces certificate ${first.id}`);
      expect(valid).not.toContain("REVOKED");

      const superseded = await pdfText(first.id);
      expect(superseded).toContain("REVOKED");
      expect(superseded).toContain(`Superseded by certificate ${second.id}`);
      expect(superseded).not.toContain("Valid from");

      // Rendered (and cached) while valid, then revoked: the next PDF is marked.
      const reason = "The exporter's authorisation was withdrawn";
      const revoked = await t.call("POST", `/api/v1/origin/certificates/${second.id}/revoke`, {
        key: certifier,
        body: { reason },
        idempotencyKey: "de2-revoke",
      });
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      const marked = await pdfText(second.id);
      expect(marked).toContain("REVOKED");
      expect(marked).toContain(reason);
      expect(marked).toContain(revoked.body.revokedAt.slice(0, 10));
      expect(marked).not.toContain("Valid from");
    });

    it("answers a revocation retried after its answer was lost with the first revocation, not CERTIFICATE_REVOKED", async () => {
      const revoked = (await t.call("GET", `/api/v1/origin/certificates/${second.id}/verification`)).body;
      const again = await revokeCertificate(
        deps(),
        vccI,
        second.id,
        "The exporter's authorisation was withdrawn",
      );
      expect(again).toMatchObject({
        id: second.id,
        revoked: true,
        txHash: revoked.revocation.txHash,
        revokedAt: expect.any(String),
      });
      // Another reason is another revocation: refused.
      await expect(revokeCertificate(deps(), vccI, second.id, "something else")).rejects.toMatchObject({
        code: "CERTIFICATE_REVOKED",
      });
      const revocations = (await t.service.ledger.readEvents(0)).filter(
        (event) => event.name === "CertificateRevoked" && event.certificateKey === chainKey(second.id),
      );
      expect(revocations).toHaveLength(1);
      // With nothing valid left, a new certificate needs no supersedes.
      const fresh = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body: { subjectId: "SHP-DE-2", fta: "EVFTA" },
      });
      expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    });

    it("re-issues a legacy-form certificate in the standard form, replacing it; only its certifier, only once", async () => {
      // A certificate as threadproof signed them before the proof published its @context.
      const template = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body: { subjectId: "SHP-DE-3", fta: "EVFTA" },
      });
      expect(template.status).toBe(201);
      const legacyId = "CO-EVFTA-20250105-0A1B2C3D";
      const { proof: _proof, ...content } = structuredClone(template.body.credential);
      content.id = `https://trace.example.vn/api/v1/origin/certificates/${legacyId}`;
      content.credentialSubject.certificateId = legacyId;
      content.credentialSubject.id = `https://trace.example.vn/certificates/${legacyId}`;
      // Legacy certificates carried the chain anchor alone, and named the certifier's did:key.
      content.issuer = {
        ...content.issuer,
        id: (await createCertifierKeyStore(t.dataDir).keyFor("vcci-hcm")).did,
      };
      content.credentialStatus = { ...content.credentialStatus[0], certificateKey: chainKey(legacyId) };
      const key = await createCertifierKeyStore(t.dataDir).keyFor("vcci-hcm");
      const signed = await signDocument(content, {
        privateKey: key.privateKey,
        verificationMethod: key.verificationMethod,
      });
      const { "@context": _context, ...legacyProof } = signed.proof;
      const legacy = { ...signed, proof: legacyProof };
      expect(await verifyDocumentProof(legacy, key.did)).toMatchObject({ legacy: "context-outside-proof" });
      const stored = await putRecord(t.service.store, legacy);
      await t.service.ledger.anchorCertificate({
        certificateId: legacyId,
        subjectLotId: "SHP-DE-3",
        fta: "EVFTA",
        digest: stored.digest,
        certifierId: "vcci-hcm",
      });
      const revokedTemplate = await t.call("POST", `/api/v1/origin/certificates/${template.body.id}/revoke`, {
        key: certifier,
        body: { reason: "made for the legacy test" },
      });
      expect(revokedTemplate.status).toBe(200);
      expect(
        (await t.call("GET", `/api/v1/origin/certificates/${legacyId}/verification`)).body,
      ).toMatchObject({
        verdict: "valid",
        proofForm: "legacy",
      });

      const path = `/api/v1/origin/certificates/${legacyId}/reissue`;
      expect((await t.call("POST", path, { key: otherCertifier })).status).toBe(403);
      expect((await t.call("POST", path, { key: keys["garment-thai-nguyen"] })).status).toBe(403);
      const standard = await t.call("POST", `/api/v1/origin/certificates/${first.id}/reissue`, {
        key: certifier,
      });
      expect(standard.status).toBe(409);
      expect(standard.body.error.code).toBe("CERTIFICATE_NOT_SUPERSEDABLE");

      const reissued = await t.call("POST", path, { key: certifier, idempotencyKey: "reissue-legacy" });
      expect(reissued.status, JSON.stringify(reissued.body)).toBe(201);
      expect(reissued.body.replaces).toBe(legacyId);
      const credential = reissued.body.credential;
      expect(credential.proof["@context"]).toEqual(credential["@context"]);
      expect(await verifiedAsOutsider(t, credential, credential.issuer.id)).toEqual({
        verified: true,
        verificationMethod: credential.proof.verificationMethod,
      });
      // The same content: facts, assessment, evidence and validity period as the certifier signed them.
      for (const part of ["facts", "assessment", "importingCountry", "subjectLot"])
        expect(credential.credentialSubject[part]).toEqual(legacy.credentialSubject[part]);
      expect(credential.evidence).toEqual(legacy.evidence);
      expect([credential.validFrom, credential.validUntil]).toEqual([legacy.validFrom, legacy.validUntil]);

      expect(
        (await t.call("GET", `/api/v1/origin/certificates/${legacyId}/verification`)).body,
      ).toMatchObject({
        verdict: "revoked",
        supersededBy: reissued.body.id,
      });
      expect(
        (await t.call("GET", `/api/v1/origin/certificates/${reissued.body.id}/verification`)).body,
      ).toMatchObject({ verdict: "valid", replaces: legacyId, proofForm: "standard" });
      // Asked again (with or without the key), it answers the same replacement.
      const again = await t.call("POST", path, { key: certifier });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(reissued.body.id);
      expect(await anchoredFor("SHP-DE-3")).toHaveLength(3);
    });

    it("finishes a supersession that died between anchoring the new certificate and revoking the old one", async () => {
      const standing = (await t.call("GET", "/api/v1/lots/SHP-DE-3/certificates")).body.certificates.filter(
        (c: Json) => c.status === "valid",
      );
      expect(standing).toHaveLength(1);
      const old = standing[0].id as string;
      // The process dies right after the anchor: here, the revocation that follows it fails.
      const dying: CertificateDeps = {
        ...deps(),
        ledger: {
          ...t.service.ledger,
          revokeCertificate: () => Promise.reject(new Error("killed before the revocation was sent")),
        },
      };
      const body = { subjectId: "SHP-DE-3", fta: "EVFTA" as const, supersedes: old };
      await expect(issueCertificate(dying, vccI, body, { idempotencyKey: "de3-crash" })).rejects.toThrow(
        "killed",
      );
      const anchored = await anchoredFor("SHP-DE-3");
      expect(anchored).toHaveLength(4);
      expect((await t.service.ledger.getCertificate(old))?.revokedAt).toBeNull();

      // A different request meanwhile sees the replacement, completes the supersession and is refused.
      const other = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier,
        body: { subjectId: "SHP-DE-3", fta: "EVFTA" },
      });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe("CERTIFICATE_EXISTS");
      const replacement = other.body.error.details.validCertificateId as string;
      expect(replacement).not.toBe(old);
      expect((await t.call("GET", `/api/v1/origin/certificates/${old}/verification`)).body).toMatchObject({
        verdict: "revoked",
        supersededBy: replacement,
      });

      // The retry of the interrupted request answers the certificate it anchored; nothing new on chain.
      const retried = await issueCertificate(deps(), vccI, body, { idempotencyKey: "de3-crash" });
      expect(retried).toMatchObject({ id: replacement, replaces: old });
      expect(await anchoredFor("SHP-DE-3")).toHaveLength(4);
    });
  });
});
