/**
 * Provenance verification against the real service (Hardhat chain, Helia on disk, SQLite): an authentic
 * garment, then the IPFS blockstore changed under it — a document, an event record, a deleted block — and a
 * wrong authentication code; certificates anchored and revoked on chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUpstreamGraph } from "../../../services/read-model/queries";
import { createProvenanceCaches, verifyProvenance, withReadDeadlines } from "../../../services/provenance";
import { putRecord } from "../../../services/records";
import { cutting, fabricLot, sewing, startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";
import { deleteBlock, overwriteBlock } from "../../support/blockstore";
import { forgetCheckedDocument } from "../../../services/service-db/checked-documents";
import { signedOriginCredential } from "../../support/certificates";
import { GTIN, recordGarmentLife } from "../../support/garment-life";
import type { RecordedLife } from "../../support/garment-life";

const DAY = 24 * 3600_000;

describe("provenance verification", () => {
  let t: TestService;
  let life: RecordedLife;

  const garment = (serial: number, code?: string) =>
    t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/${serial}${code === undefined ? "" : `?ac=${code}`}`);
  const checkOf = (body: Json, id: string) => (body.checks as Json[]).find((check) => check.id === id);
  const failed = (body: Json) => (body.checks as Json[]).filter((check) => check.status === "failed");

  beforeAll(async () => {
    t = await startTestService();
    life = await recordGarmentLife(t);
    // Anchors below go straight through the ledger, signed by this certifier's key.
    await t.service.ledger.registerCertifier("test-certifier");
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("finds every lot of a shipment's graph authentic, each node and document verified", async () => {
    const answer = await t.call("GET", "/api/v1/provenance/SHP-0001");
    expect(answer.status).toBe(200);
    expect(answer.body.verification.verdict).toBe("authentic");
    expect(answer.body.nodes.map((node: Json) => [node.id, node.verification.verdict])).toEqual([
      ["SHP-0001", "authentic"],
      ["TR-0001", "authentic"],
      ["SEW-0001", "authentic"],
      ["CUT-0001", "authentic"],
      ["FL-0001", "authentic"],
    ]);
    const fabric = answer.body.nodes.find((node: Json) => node.id === "FL-0001");
    expect(fabric.documents).toEqual([
      expect.objectContaining({
        cid: life.document.cid,
        sha256: life.document.sha256,
        verification: "passed",
      }),
    ]);
    const kinds = new Set((answer.body.verification.checks as Json[]).map((check) => check.kind));
    expect([...kinds].sort()).toEqual([
      "chain-record",
      "document-hash",
      "facility-record",
      "facility-signature",
      "facility-standing",
      "record-digest",
      "record-fields",
    ]);
    // Four checks a lot (chain, record digest, signature, the read model's copy against the record), the
    // document, then two a facility (its record, its standing), each facility once.
    const checks = answer.body.verification.checks as Json[];
    expect(
      checks.filter(
        (check) => !String(check.kind).startsWith("facility-r") && check.kind !== "facility-standing",
      ),
    ).toHaveLength(5 * 4 + 1);
    const facilityChecks = checks.filter(
      (check) => check.kind === "facility-record" || check.kind === "facility-standing",
    );
    expect(new Set(facilityChecks.map((check) => check.id)).size).toBe(facilityChecks.length);
    expect(facilityChecks.every((check) => check.status === "passed")).toBe(true);
  });

  it("proves one garment's serial and code against the batch's Merkle root on chain", async () => {
    const answer = await garment(42, life.code("SEW-0001", 42));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ verdict: "authentic", authenticationCode: "valid" });
    expect(checkOf(answer.body, "garment-code:SEW-0001:42")).toMatchObject({ status: "passed" });
    expect(checkOf(answer.body, "garment-manifest:SEW-0001")).toMatchObject({ status: "passed" });
    expect(answer.body.timeline.map((step: Json) => [step.step, step.lotId])).toEqual([
      ["fabric-lot", "FL-0001"],
      ["cutting", "CUT-0001"],
      ["sewing", "SEW-0001"],
      ["shipment", "TR-0001"],
      ["shipment", "SHP-0001"],
    ]);
    expect(answer.body.product).toMatchObject({ gtin: GTIN, lot: "SEW-0001", serial: "42", style: "TS-01" });
    // A code typed in lower case with Crockford look-alikes still proves.
    const typed = life.code("SEW-0001", 42).toLowerCase();
    expect((await garment(42, typed)).body.verdict).toBe("authentic");
  });

  it("fails the garment check for a wrong or another garment's code, and leaves a missing one unverified", async () => {
    const wrong = await garment(42, life.code("SEW-0001", 43));
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ verdict: "tampered", authenticationCode: "wrong" });
    expect(failed(wrong.body).map((check: Json) => check.id)).toEqual(["garment-code:SEW-0001:42"]);

    const missing = await garment(42);
    expect(missing.body).toMatchObject({ verdict: "unverified", authenticationCode: "missing" });
    expect(checkOf(missing.body, "garment-code:SEW-0001:42").status).toBe("unavailable");
  });

  it("shows where the batch went only while that is unambiguous: not for a batch split across exports", async () => {
    const factory = life.keys["factory-0001"]!;
    const post = async (path: string, body: unknown) =>
      expect((await t.call("POST", `/api/v1/events/${path}`, { key: factory, body })).status).toBe(201);
    await post("fabric-lots", fabricLot("FL-SPLIT"));
    await post("cuttings", cutting("CUT-SPLIT", "FL-SPLIT"));
    await post("sewings", {
      ...sewing("SEW-SPLIT", "CUT-SPLIT"),
      output: { quantity: { amount: 10, unit: "pcs" } },
    });
    for (const [id, country] of [
      ["SHP-SPLIT-DE", "DE"],
      ["SHP-SPLIT-JP", "JP"],
    ])
      await post("shipments", {
        id,
        inputs: [{ lotId: "SEW-SPLIT", quantity: { amount: 5, unit: "pcs" } }],
        buyer: { name: "Buyer", country },
        destinationCountry: country,
        occurredAt: "2026-03-06T08:00:00Z",
      });
    const answer = await t.call(
      "GET",
      `/api/v1/garments/${GTIN}/SEW-SPLIT/3?ac=${life.code("SEW-SPLIT", 3)}`,
    );
    expect(answer.body.verdict).toBe("authentic");
    expect(answer.body.timeline.map((step: Json) => step.lotId)).toEqual([
      "FL-SPLIT",
      "CUT-SPLIT",
      "SEW-SPLIT",
    ]);
  });

  it("answers 404 for a serial outside the batch, a GTIN that is not the batch's and a lot that is no batch", async () => {
    expect((await garment(101, "0000000000")).status).toBe(404);
    const otherGtin = await t.call("GET", `/api/v1/garments/4006381333931/SEW-0001/1`);
    expect(otherGtin.status).toBe(404);
    const fabric = await t.call("GET", `/api/v1/garments/${GTIN}/FL-0001/1`);
    expect(fabric.status).toBe(404);
    expect(fabric.body.error.code).toBe("NOT_FOUND");
    const badCheckDigit = await t.call("GET", `/api/v1/garments/08938505974018/SEW-0001/1`);
    expect(badCheckDigit.status).toBe(400);
    expect(badCheckDigit.body.error.code).toBe("INVALID_GTIN");
  });

  it("turns tampered when a never-checked document's bytes change on disk, naming the document check", async () => {
    // Uploading put the document in the register of checked documents; a CID never checked here is read.
    forgetCheckedDocument(t.service.serviceDb, life.document.cid);
    const changed = new Uint8Array(life.document.bytes);
    changed[changed.length - 10] = changed[changed.length - 10]! ^ 0x01;
    const restore = overwriteBlock(t.dataDir, life.document.bytes, changed);
    try {
      const answer = await garment(7, life.code("SEW-0001", 7));
      expect(answer.body.verdict).toBe("tampered");
      expect(failed(answer.body)).toEqual([
        expect.objectContaining({
          id: "document-hash:FL-0001:0",
          kind: "document-hash",
          subject: "supplier-certificate",
        }),
      ]);
      expect(answer.body.documents[0]).toMatchObject({ cid: life.document.cid, status: "failed" });
      const graph = await t.call("GET", "/api/v1/provenance/SEW-0001");
      expect(graph.body.verification.verdict).toBe("tampered");
      // The service's own IPFS route refuses to hand out bytes that do not match.
      const served = await t.call("GET", `/ipfs/${life.document.cid}`);
      expect(served.status).toBe(502);
      expect(served.body.error.code).toBe("CONTENT_HASH_MISMATCH");
    } finally {
      restore();
    }
    expect((await garment(7, life.code("SEW-0001", 7))).body.verdict).toBe("authentic");
  });

  it("turns tampered when an event record block changes, naming the record and its lot", async () => {
    const original = await t.service.store.get(life.recordCids["CUT-0001"]!);
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(original).replace('"style":"TS-01"', '"style":"TS-02"'),
    );
    expect(changed).not.toEqual(original);
    const restore = overwriteBlock(t.dataDir, original, changed);
    try {
      const answer = await garment(7, life.code("SEW-0001", 7));
      expect(answer.body.verdict).toBe("tampered");
      const failures = failed(answer.body);
      expect(failures.map((check: Json) => check.id)).toEqual(["record-digest:CUT-0001"]);
      expect(failures[0].detail).toMatch(/sha-256/);
      expect(answer.body.timeline.find((step: Json) => step.lotId === "CUT-0001").status).toBe("failed");
    } finally {
      restore();
    }
  });

  it("fails the manifest and the garment when the stored garment manifest changes", async () => {
    const lot = (await t.call("GET", "/api/v1/lots/SEW-0001")).body;
    const manifest = await t.service.store.get(lot.sewing.manifestCid);
    const changed = new Uint8Array(manifest);
    changed[0] = changed[0]! ^ 0xff;
    const restore = overwriteBlock(t.dataDir, manifest, changed);
    try {
      const answer = await garment(7, life.code("SEW-0001", 7));
      expect(answer.body.verdict).toBe("tampered");
      expect(failed(answer.body).map((check: Json) => check.id)).toEqual([
        "garment-manifest:SEW-0001",
        "garment-code:SEW-0001:7",
      ]);
    } finally {
      restore();
    }
  });

  it("fails the chain check when the read model says something the chain does not", async () => {
    const db = t.service.indexDb;
    db.prepare("UPDATE lots SET quantity = 1300 WHERE id = 'FL-0001'").run();
    try {
      const answer = await t.call("GET", "/api/v1/provenance/CUT-0001");
      expect(answer.body.verification.verdict).toBe("tampered");
      const failures = (answer.body.verification.checks as Json[]).filter(
        (check) => check.status === "failed",
      );
      expect(failures).toEqual([
        expect.objectContaining({
          id: "chain-record:FL-0001",
          detail: "quantity 1200 on chain, 1300 in the index",
        }),
        expect.objectContaining({
          id: "record-fields:FL-0001",
          detail: "the read model differs from the chain and the record at quantity",
        }),
      ]);
      // What is shown is the chain's quantity, not the altered row's.
      const fabric = answer.body.nodes.find((node: Json) => node.id === "FL-0001");
      expect(fabric.quantity).toBe(1200);
    } finally {
      db.prepare("UPDATE lots SET quantity = 1200 WHERE id = 'FL-0001'").run();
    }
  });

  it("still proves the garment when the sewing record is altered: the manifest answers to the chain's root", async () => {
    const original = await t.service.store.get(life.recordCids["SEW-0001"]!);
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(original).replace('"hsCode":"6109.10"', '"hsCode":"6109.90"'),
    );
    const restore = overwriteBlock(t.dataDir, original, changed);
    try {
      const answer = await garment(8, life.code("SEW-0001", 8));
      expect(answer.body.verdict).toBe("tampered");
      expect(failed(answer.body).map((check: Json) => check.id)).toEqual(["record-digest:SEW-0001"]);
      expect(checkOf(answer.body, "garment-code:SEW-0001:8").status).toBe("passed");
      expect(checkOf(answer.body, "facility-signature:SEW-0001").status).toBe("unavailable");
    } finally {
      restore();
    }
  });

  it("is unverified, not tampered, when a block is missing", async () => {
    forgetCheckedDocument(t.service.serviceDb, life.document.cid);
    const restore = deleteBlock(t.dataDir, life.document.bytes);
    try {
      const answer = await garment(7, life.code("SEW-0001", 7));
      expect(answer.body.verdict).toBe("unverified");
      expect(failed(answer.body)).toEqual([]);
      expect(checkOf(answer.body, "document-hash:FL-0001:0")).toMatchObject({ status: "unavailable" });
    } finally {
      restore();
    }
    const missingRecord = await t.service.store.get(life.recordCids["FL-0001"]!);
    const restoreRecord = deleteBlock(t.dataDir, missingRecord);
    try {
      const answer = await t.call("GET", "/api/v1/provenance/CUT-0001");
      expect(answer.body.verification.verdict).toBe("unverified");
      const fabric = answer.body.nodes.find((node: Json) => node.id === "FL-0001");
      expect(fabric.verification.checks.map((check: Json) => [check.kind, check.status])).toEqual([
        ["chain-record", "passed"],
        ["record-digest", "unavailable"],
        ["facility-signature", "unavailable"],
        // Without its checked record nothing it cites can be checked against it: the read model's copy of
        // the citations is not shown as verified.
        ["record-fields", "unavailable"],
      ]);
    } finally {
      restoreRecord();
    }
  });

  it("leaves checks unavailable, not hanging, when IPFS does not answer in time", async () => {
    const hungIpfs = { get: () => new Promise<Uint8Array>(() => {}) };
    const deps = withReadDeadlines(
      {
        ledger: t.service.ledger,
        store: hungIpfs,
        indexDb: t.service.indexDb,
        caches: createProvenanceCaches(),
      },
      200,
    );
    const verified = await verifyProvenance(deps, findUpstreamGraph(t.service.indexDb, "CUT-0001")!);
    expect(verified.verification.verdict).toBe("unverified");
    const digest = verified.verification.checks.find((check) => check.id === "record-digest:CUT-0001")!;
    expect(digest).toMatchObject({ status: "unavailable", detail: expect.stringContaining("within 200 ms") });
    expect(verified.verification.checks.find((check) => check.id === "chain-record:CUT-0001")!.status).toBe(
      "passed",
    );
  });

  it("shows a certificate anchored on chain, then revoked at once, without calling the garment tampered", async () => {
    // A signed origin credential in IPFS, its digest anchored as the certificate of the shipment.
    const signed = await signedOriginCredential({
      id: "CERT-PROV-1",
      subjectLotId: "SHP-0001",
      fta: "EVFTA",
      importingCountry: "DE",
      issuedAt: new Date(Date.now() - DAY),
      validUntil: new Date(Date.now() + 365 * DAY),
    });
    const credential = await putRecord(t.service.store, signed.credential);
    await t.service.ledger.anchorCertificate({
      certificateId: "CERT-PROV-1",
      subjectLotId: "SHP-0001",
      fta: "EVFTA",
      digest: credential.digest,
      certifierId: "test-certifier",
    });
    const valid = await garment(9, life.code("SEW-0001", 9));
    expect(valid.body.verdict).toBe("authentic");
    // A hand-made credential cites no evidence records: genuine and anchored, but its facts rest on nothing,
    // so it is shown invalid, with the reason (certificates issued by the service carry their evidence).
    expect(valid.body.certificates).toEqual([
      expect.objectContaining({
        id: "CERT-PROV-1",
        fta: "EVFTA",
        status: "invalid",
        verified: "passed",
        reason: "The certificate cites no evidence records",
      }),
    ]);
    expect(checkOf(valid.body, "certificate-anchored:CERT-PROV-1").status).toBe("passed");

    await t.service.ledger.revokeCertificate({
      certificateId: "CERT-PROV-1",
      reasonDigest: `0x${"cd".repeat(32)}`,
      certifierId: "test-certifier",
    });
    const revoked = await garment(9, life.code("SEW-0001", 9));
    expect(revoked.body.certificates[0]).toMatchObject({ id: "CERT-PROV-1", status: "revoked" });
    expect(revoked.body.certificates[0].revokedAt).toMatch(/^\d{4}-/);
    expect(checkOf(revoked.body, "certificate-status:CERT-PROV-1")).toMatchObject({
      status: "passed",
      detail: expect.stringMatching(/^revoked on chain/),
    });
    expect(revoked.body.verdict).toBe("authentic");

    const graph = await t.call("GET", "/api/v1/provenance/SHP-0001");
    expect(graph.body.certificates).toEqual([
      expect.objectContaining({ id: "CERT-PROV-1", status: "revoked" }),
    ]);
  });

  it("shows a certificate whose validity period has ended as expired on the page, JSON, passport and linkset", async () => {
    const signed = await signedOriginCredential({
      id: "CERT-PROV-EXPIRED",
      subjectLotId: "SEW-0001",
      fta: "CPTPP",
      importingCountry: "JP",
      issuedAt: new Date(Date.now() - 400 * DAY),
      validUntil: new Date(Date.now() - 35 * DAY),
    });
    const stored = await putRecord(t.service.store, signed.credential);
    await t.service.ledger.anchorCertificate({
      certificateId: "CERT-PROV-EXPIRED",
      subjectLotId: "SEW-0001",
      fta: "CPTPP",
      digest: stored.digest,
      certifierId: "test-certifier",
    });
    const code = life.code("SEW-0001", 9);

    // The garment JSON: genuine (its anchor checks out) and expired; an expired certificate is no failed check.
    const json = await garment(9, code);
    expect(json.body.verdict).toBe("authentic");
    const expired = (json.body.certificates as Json[]).find((c) => c.id === "CERT-PROV-EXPIRED");
    expect(expired).toMatchObject({
      fta: "CPTPP",
      status: "expired",
      verified: "passed",
      validUntil: signed.credential.validUntil,
    });
    expect(checkOf(json.body, "certificate-status:CERT-PROV-EXPIRED")).toMatchObject({
      status: "passed",
      detail: expect.stringMatching(/^expired/),
    });
    expect(checkOf(json.body, "certificate-anchored:CERT-PROV-EXPIRED").status).toBe("passed");

    // The garment page, in both languages.
    const resolver = `/01/${GTIN}/10/SEW-0001/21/9?ac=${code}`;
    for (const [lang, word] of [
      ["en", "Expired"],
      ["vi", "Đã hết hạn"],
    ] as const) {
      const page = await fetch(`${t.service.url}${resolver}&lang=${lang}`, {
        headers: { accept: "text/html" },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      const item = html.slice(html.indexOf('data-certificate="CERT-PROV-EXPIRED"'));
      expect(item.slice(0, item.indexOf("</li>"))).toContain(
        `<span class="badge badge-expired">${word}</span>`,
      );
    }

    // The passport: the claim does not conform, and says why.
    const passport = await fetch(`${t.service.url}/api/v1/garments/${GTIN}/SEW-0001/9/passport`);
    const claims = ((await passport.json()) as Json).credentialSubject.conformityClaim as Json[];
    expect(claims.find((claim) => claim.id === "CERT-PROV-EXPIRED")).toMatchObject({
      conformance: false,
      description: expect.stringContaining(": expired"),
    });

    // The linkset: the certificationInfo link is titled expired.
    const linkset = await fetch(`${t.service.url}/01/${GTIN}/10/SEW-0001/21/9?linkType=all`);
    const targets = ((await linkset.json()) as Json).linkset[0][
      "https://gs1.org/voc/certificationInfo"
    ] as Json[];
    expect(targets.find((target) => target.href.endsWith("/certificates/CERT-PROV-EXPIRED"))).toMatchObject({
      title: "CPTPP CERT-PROV-EXPIRED (expired)",
    });

    // The certificate page and its verification agree.
    const verification = await t.call("GET", "/api/v1/origin/certificates/CERT-PROV-EXPIRED/verification");
    expect(verification.body.verdict).toBe("expired");
    const certificatePage = await (
      await fetch(`${t.service.url}/certificates/CERT-PROV-EXPIRED?lang=en`)
    ).text();
    expect(certificatePage).toContain('data-verdict="expired"');
    expect(certificatePage).toContain("Expired certificate");

    // The lot's certificates through the API.
    const lot = await t.call("GET", "/api/v1/lots/SEW-0001/certificates");
    expect(lot.body.certificates).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "CERT-PROV-EXPIRED", status: "expired" })]),
    );
  });

  it("fails the certificate anchor when its document in IPFS no longer matches the anchored digest", async () => {
    const credential = await putRecord(t.service.store, {
      type: ["VerifiableCredential"],
      credentialSubject: { certificateId: "CERT-PROV-2", fta: "CPTPP" },
    });
    await t.service.ledger.anchorCertificate({
      certificateId: "CERT-PROV-2",
      subjectLotId: "SEW-0001",
      fta: "CPTPP",
      digest: credential.digest,
      certifierId: "test-certifier",
    });
    const changed = new TextEncoder().encode(
      new TextDecoder().decode(credential.bytes).replace("CPTPP", "RCEP_"),
    );
    const restore = overwriteBlock(t.dataDir, credential.bytes, changed);
    try {
      const answer = await garment(9, life.code("SEW-0001", 9));
      expect(answer.body.verdict).toBe("tampered");
      expect(failed(answer.body).map((check: Json) => check.kind)).toEqual(["certificate-anchored"]);
    } finally {
      restore();
    }
  });
});
