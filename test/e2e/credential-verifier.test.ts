/**
 * did:web issuers and the verifier API, against the real service: new certificates name the certifier's
 * did:web, and Digital Bazaar's verifier accepts them with the DID document fetched from the service's own
 * route (as an outsider resolves it); the JOSE copy verifies with `jose` and the key of that document; a
 * certificate issued under the earlier did:key still verifies; a key rotation leaves earlier certificates
 * verifying. `POST /credentials/verify` answers one line per check for our certificates (valid), tampered
 * variants (invalid, naming the check), the JOSE copies, a revoked certificate (status), a foreign did:web
 * (unverified), and the whole VC 2.0 test suite's input table.
 */
import { readdirSync } from "node:fs";
import { compactVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCertificate } from "../../services/certificates";
import { createCertifierKeyStore } from "../../services/certificates/certifier-keys";
import { signDocument } from "../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  privateKeyFromSeed,
  publicKeyFromDidKey,
  rawPublicKey,
} from "../../services/credentials/did-key";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import { recordCertifiedShipments } from "../support/certified-shipments";
import type { Json, TestService } from "../support/api-harness";
import { readStandardsJson, standardsPath } from "../support/standards";
import { errorMessages, verifyWithDigitalBazaar } from "../support/vc-verifier";

const BASE = "https://trace.example.vn";
const CERTIFIER_DID = "did:web:trace.example.vn:certifiers:vcci-hcm";

describe("did:web issuers and POST /credentials/verify", () => {
  let t: TestService;
  let certifier: string;
  const certificates: Json[] = [];
  let legacy: Json;

  const verify = (verifiableCredential: unknown) =>
    t.call("POST", "/credentials/verify", { body: { verifiableCredential } });
  const lineOf = (answer: Json, check: string) =>
    (answer.checks as Json[]).find((line) => line.check === check) ?? { check, status: "missing" };
  const statuses = (answer: Json) =>
    Object.fromEntries((answer.checks as Json[]).map((line) => [line.check, line.status]));
  /** The DID document an outside verifier fetches for `did:web:trace.example.vn:certifiers:vcci-hcm`. */
  const didDocument = async () => {
    const fetched = await t.call("GET", "/certifiers/vcci-hcm/did.json");
    expect(fetched.status).toBe(200);
    return fetched.body as Json;
  };
  const digitalBazaar = async (credential: unknown) =>
    verifyWithDigitalBazaar(credential, { didWeb: { [CERTIFIER_DID]: await didDocument() } });

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: BASE });
    const recorded = await recordCertifiedShipments(t, {
      shipments: ["SHP-DE-1", "SHP-DE-2", "SHP-DE-3", "SHP-DE-4"],
      certify: ["SHP-DE-1", "SHP-DE-2"],
    });
    certifier = recorded.certifier;
    certificates.push(...recorded.certificates);
    // A certificate as the service issued them before did:web: the same key store without a public base URL
    // names the certifier's key by its did:key.
    const issued = await issueCertificate(
      {
        ledger: t.service.ledger,
        store: t.service.store,
        indexDb: t.service.indexDb,
        serviceDb: t.service.serviceDb,
        certifierKeys: createCertifierKeyStore(t.dataDir),
        publicBaseUrl: BASE,
      },
      { type: "certifier", id: "vcci-hcm" },
      { subjectId: "SHP-DE-3", fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" },
    );
    legacy = issued.credential;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("names the certifier's did:web as the issuer of a new certificate, its proof a key of that DID", async () => {
    const [credential] = certificates;
    expect(credential.issuer.id).toBe(CERTIFIER_DID);
    const method = credential.proof.verificationMethod as string;
    expect(method).toMatch(new RegExp(`^${CERTIFIER_DID}#z6Mk`));
    const document = await didDocument();
    expect(document.assertionMethod).toContain(method);
    expect(document.verificationMethod.map((entry: Json) => entry.id)).toContain(method);
  });

  it("is verified by Digital Bazaar's verifier with the did:web document fetched from the service", async () => {
    const result = await digitalBazaar(certificates[0]);
    expect(errorMessages(result)).toEqual([]);
    expect(result.verified).toBe(true);
    // Without the DID document, an outside verifier cannot resolve the issuer: nothing passes by default.
    expect((await verifyWithDigitalBazaar(certificates[0])).verified).toBe(false);
    // A changed claim under the same proof does not verify.
    const tampered = structuredClone(certificates[0]);
    tampered.validUntil = "2099-01-01T00:00:00Z";
    expect((await digitalBazaar(tampered)).verified).toBe(false);
  });

  it("still verifies a certificate issued under the did:key, here and with Digital Bazaar's verifier", async () => {
    expect(legacy.issuer.id).toMatch(/^did:key:z6Mk/);
    const id = legacy.credentialSubject.certificateId as string;
    const checked = await t.call("GET", `/api/v1/origin/certificates/${id}/verification`);
    expect(checked.status).toBe(200);
    expect(checked.body.verdict).toBe("valid");
    expect((await verifyWithDigitalBazaar(legacy)).verified).toBe(true);
    const answer = await verify(legacy);
    expect(statuses(answer.body)).toMatchObject({ proof: "valid", "issuer-key": "valid", status: "valid" });
    // The certifier's DID document names the key under its did:key too.
    expect((await didDocument()).alsoKnownAs).toContain(legacy.issuer.id);
  });

  it("answers valid on every line for a certificate of ours, and the service's own verification agrees", async () => {
    const answer = await verify(certificates[0]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(statuses(answer.body)).toEqual({
      "data-model": "valid",
      // The UNTP context is not bundled offline: the JSON-LD line says so instead of guessing.
      "json-ld": "unverified",
      proof: "valid",
      "issuer-key": "valid",
      status: "valid",
      validity: "valid",
    });
    expect(lineOf(answer.body, "json-ld").detail).toContain(
      "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/",
    );
    expect(answer.body.errors).toEqual([]);
    // JSON-LD processing is optional for a verifier: the unexpanded context is a warning, not a failure.
    expect(answer.body.verified).toBe(true);
    expect(answer.body.warnings.map((warning: Json) => warning.detail)).toEqual([
      expect.stringContaining("json-ld:"),
    ]);
    const id = certificates[0].credentialSubject.certificateId as string;
    expect((await t.call("GET", `/api/v1/origin/certificates/${id}/verification`)).body.verdict).toBe(
      "valid",
    );
  });

  it("names the failing check of each tampered variant", async () => {
    const [credential] = certificates;
    const variants: [string, (copy: Json) => void, Record<string, string>][] = [
      [
        "a changed claim",
        (copy) => (copy.credentialSubject.exportingCountry = "CN"),
        { proof: "invalid", status: "invalid" },
      ],
      [
        "a changed proof value",
        (copy) => (copy.proof.proofValue = `z${"1".repeat(86)}`),
        { proof: "invalid" },
      ],
      ["no proof", (copy) => delete copy.proof, { proof: "invalid", "issuer-key": "invalid" }],
      [
        "a key that is not in the certifier's DID document",
        (copy) =>
          (copy.proof.verificationMethod = `${CERTIFIER_DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`),
        { proof: "invalid", "issuer-key": "invalid" },
      ],
      [
        "an issuer that is no URL",
        (copy) => (copy.issuer.id = "VCCI"),
        { "data-model": "invalid", proof: "invalid" },
      ],
      [
        "validUntil before validFrom",
        (copy) => (copy.validUntil = "2000-01-01T00:00:00Z"),
        { "data-model": "invalid", validity: "invalid" },
      ],
    ];
    for (const [name, change, expected] of variants) {
      const copy = structuredClone(credential);
      change(copy);
      const answer = await verify(copy);
      expect(answer.status, name).toBe(200);
      expect(answer.body.verified, name).toBe(false);
      expect(statuses(answer.body), name).toMatchObject(expected);
      for (const check of Object.keys(expected))
        expect(answer.body.errors.map((error: Json) => error.detail).join("\n"), name).toContain(`${check}:`);
    }
  });

  it("verifies the JOSE copy: with jose and the DID document's key, and through the verifier API", async () => {
    const credential = certificates[1];
    const id = credential.credentialSubject.certificateId as string;
    const copy = await t.call("GET", `/api/v1/origin/certificates/${id}`, {
      headers: { accept: "application/vc+jwt" },
    });
    expect(copy.status).toBe(200);
    const jwt = copy.body as string;
    const method = (await didDocument()).verificationMethod.find(
      (entry: Json) => entry.id === credential.proof.verificationMethod,
    );
    const publicKey = await publicKeyFromDidKey(`did:key:${method.publicKeyMultibase}`);
    const { payload, protectedHeader } = await compactVerify(jwt, publicKey!, { algorithms: ["EdDSA"] });
    expect(protectedHeader).toEqual({
      alg: "EdDSA",
      typ: "vc+jwt",
      cty: "vc",
      kid: credential.proof.verificationMethod,
    });
    const { proof: _proof, ...content } = credential;
    expect(JSON.parse(Buffer.from(payload).toString("utf8"))).toEqual(content);

    for (const form of [
      jwt,
      {
        "@context": "https://www.w3.org/ns/credentials/v2",
        type: "EnvelopedVerifiableCredential",
        id: `data:application/vc+jwt,${jwt}`,
      },
    ]) {
      const answer = await verify(form);
      expect(answer.status).toBe(200);
      expect(answer.body.securedBy).toBe("jose");
      expect(statuses(answer.body)).toMatchObject({
        "data-model": "valid",
        proof: "valid",
        "issuer-key": "valid",
        status: "valid",
        validity: "valid",
      });
    }
    const [head, , signature] = jwt.split(".");
    const forged = Buffer.from(JSON.stringify({ ...content, validUntil: "2099-01-01T00:00:00Z" })).toString(
      "base64url",
    );
    const refused = await verify(`${head}.${forged}.${signature}`);
    expect(statuses(refused.body)).toMatchObject({ proof: "invalid" });
    expect(refused.body.verified).toBe(false);
  });

  it("says revoked in the status line once the certificate is revoked", async () => {
    const credential = certificates[1];
    const id = credential.credentialSubject.certificateId as string;
    expect(lineOf((await verify(credential)).body, "status").status).toBe("valid");
    const revoked = await t.call("POST", `/api/v1/origin/certificates/${id}/revoke`, {
      key: certifier,
      body: { reason: "wrong invoice" },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const answer = await verify(credential);
    const status = lineOf(answer.body, "status");
    expect(status.status).toBe("invalid");
    expect(status.detail).toContain("revoked");
    expect(statuses(answer.body)).toMatchObject({ proof: "valid", "issuer-key": "valid" });
  });

  it("leaves a foreign did:web unverified, never valid", async () => {
    const seed = generateEd25519Seed();
    const privateKey = privateKeyFromSeed(seed);
    const multibase = (await didKeyFromPublicKey(rawPublicKey(privateKey))).slice("did:key:".length);
    const did = "did:web:brand.example.com";
    const credential = await signDocument(
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiableCredential"],
        issuer: did,
        validFrom: "2026-01-01T00:00:00Z",
        credentialSubject: { id: "https://brand.example.com/products/1", name: "A product" },
      },
      { privateKey, verificationMethod: `${did}#${multibase}` },
    );
    const answer = await verify(credential);
    expect(answer.status).toBe(200);
    expect(statuses(answer.body)).toMatchObject({
      "data-model": "valid",
      "json-ld": "valid",
      proof: "unverified",
      "issuer-key": "unverified",
    });
    expect(answer.body.verified).toBe(false);
    expect(answer.body.warnings.length).toBeGreaterThan(0);
  });

  it("keeps earlier certificates verifying across a key rotation, and signs new ones with the new key", async () => {
    const rotated = await t.call("POST", "/api/v1/certifiers/vcci-hcm/key-rotation", { key: OPERATOR_KEY });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const issued = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-DE-4", fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const after = issued.body.credential as Json;
    expect(after.issuer.id).toBe(CERTIFIER_DID);
    expect(after.proof.verificationMethod).not.toBe(certificates[0].proof.verificationMethod);
    for (const credential of [certificates[0], after, legacy]) {
      expect((await digitalBazaar(credential)).verified).toBe(true);
      expect(statuses((await verify(credential)).body)).toMatchObject({
        proof: "valid",
        "issuer-key": "valid",
        status: "valid",
      });
      const id = credential.credentialSubject.certificateId as string;
      expect((await t.call("GET", `/api/v1/origin/certificates/${id}/verification`)).body.verdict).toBe(
        "valid",
      );
    }
  });

  it("bounds its work: a body over the limit is 413, extra fields 400", async () => {
    const big = { ...certificates[0], padding: "x".repeat(140 * 1024) };
    expect((await verify(big)).status).toBe(413);
    const extra = await t.call("POST", "/credentials/verify", {
      body: { verifiableCredential: certificates[0], more: 1 },
    });
    expect(extra.status).toBe(400);
    let deep: Json = { id: "urn:x" };
    for (let i = 0; i < 60; i++) deep = { nested: deep };
    const answer = await verify({ ...certificates[0], credentialSubject: deep });
    expect(lineOf(answer.body, "data-model").status).toBe("invalid");
  });

  describe("the VC 2.0 test suite's inputs", () => {
    const folder = standardsPath("w3c", "vc-data-model-2.0-inputs");
    const files = readdirSync(folder).filter((name) => name.startsWith("credential-"));
    /**
     * The suite hands these inputs to the issuer under test, which adds its `issuer` (and its proof) before
     * any verifier sees them; and it puts real dates for its PAST/FUTURE DATE placeholders. The table does
     * the same: nothing else is changed.
     */
    const asIssued = (input: Json): Json => {
      const credential = structuredClone(input);
      if (!("issuer" in credential)) credential.issuer = "did:example:issuer";
      else if (
        typeof credential.issuer === "object" &&
        credential.issuer !== null &&
        !("id" in credential.issuer)
      )
        credential.issuer.id = "did:example:issuer";
      for (const property of ["validFrom", "validUntil"])
        if (credential[property] === "PAST DATE") credential[property] = "2020-01-01T00:00:00Z";
        else if (credential[property] === "FUTURE DATE") credential[property] = "2090-01-01T00:00:00Z";
      return credential;
    };
    const flagged = (answer: Json) =>
      ["data-model", "json-ld"].some((check) => lineOf(answer, check).status === "invalid");

    it("covers every credential input (presentations: test/services/credentials/verifier-inputs.test.ts)", () => {
      expect(files.length).toBe(71);
    });

    it.each(files)("%s", async (file) => {
      const input = readStandardsJson("w3c", "vc-data-model-2.0-inputs", file) as Json;
      const answer = await verify(asIssued(input));
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      // Unsigned inputs: the proof is a line of its own, never verified here.
      expect(lineOf(answer.body, "proof").status).not.toBe("valid");
      expect(answer.body.verified).toBe(false);
      const modelLines = JSON.stringify(answer.body.checks.slice(0, 2));
      if (file.includes("-fail")) expect(flagged(answer.body), modelLines).toBe(true);
      else expect(flagged(answer.body), modelLines).toBe(false);
    });
  });
});
