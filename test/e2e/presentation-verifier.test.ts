/**
 * `POST /presentations/verify` against the real service: a presentation of threadproof's certificates signed by
 * an outside wallet (Digital Bazaar's eddsa-jcs-2022 signer, `authentication` purpose, a challenge and a
 * domain) verifies, with each credential's answer as `POST /credentials/verify` gives it; a wrong challenge or
 * domain, a proof by someone other than the holder, a tampered credential, a revoked one, an unsigned
 * presentation (allowed, with a warning; refused when a challenge is asked), a JOSE-enveloped credential, and
 * the bounds (credential count, body size).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  loadBase58btc,
  privateKeyFromSeed,
  rawPublicKey,
} from "../../services/credentials/did-key";
import { startTestService } from "../support/api-harness";
import { recordCertifiedShipments } from "../support/certified-shipments";
import type { Json, TestService } from "../support/api-harness";
import { presentWithDigitalBazaar, VC_V2_CONTEXT_URL } from "../support/vc-verifier";

const BASE = "https://trace.example.vn";
const CHALLENGE = "7d1e2f0c-3b6a-4c1d-9e55-0a8b7c6d5e4f";
const DOMAIN = "importer.example.de";

async function holderKey() {
  const seed = generateEd25519Seed();
  const did = await didKeyFromPublicKey(rawPublicKey(privateKeyFromSeed(seed)));
  return {
    did,
    publicKeyMultibase: did.slice("did:key:".length),
    secretKeyMultibase: (await loadBase58btc()).encode(Uint8Array.from([0x80, 0x26, ...seed])),
    created: new Date(),
  };
}

describe("POST /presentations/verify", () => {
  let t: TestService;
  let certifier: string;
  let certificates: Json[];
  let holder: Awaited<ReturnType<typeof holderKey>>;

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: BASE });
    const recorded = await recordCertifiedShipments(t, {
      shipments: ["SHP-DE-1", "SHP-DE-2", "SHP-DE-3"],
      certify: ["SHP-DE-1", "SHP-DE-2", "SHP-DE-3"],
    });
    certifier = recorded.certifier;
    certificates = recorded.certificates;
    holder = await holderKey();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const verify = (verifiablePresentation: unknown, options?: Record<string, unknown>) =>
    t.call("POST", "/presentations/verify", {
      body: { verifiablePresentation, ...(options ? { options } : {}) },
    });
  const lineOf = (answer: Json, check: string) => answer.checks.find((line: Json) => line.check === check);
  const unsigned = (credentials: unknown[]) => ({
    "@context": [VC_V2_CONTEXT_URL],
    type: ["VerifiablePresentation"],
    holder: holder.did,
    verifiableCredential: credentials,
  });

  it("verifies a wallet's signed presentation of two certificates, and each certificate in it", async () => {
    const presentation = await presentWithDigitalBazaar(certificates.slice(0, 2), holder, {
      challenge: CHALLENGE,
      domain: DOMAIN,
    });
    const answer = await verify(presentation, { challenge: CHALLENGE, domain: DOMAIN });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.errors).toEqual([]);
    expect(answer.body).toMatchObject({ verified: true, proof: "present" });
    expect(answer.body.checks.map((line: Json) => [line.check, line.status])).toEqual([
      ["data-model", "valid"],
      ["json-ld", "valid"],
      ["proof", "valid"],
    ]);
    expect(lineOf(answer.body, "proof").detail).toContain(`made by its holder ${holder.did}`);
    expect(answer.body.credentialResults).toHaveLength(2);
    for (const [index, result] of answer.body.credentialResults.entries()) {
      // Exactly what POST /credentials/verify answers for the credential alone.
      const alone = await t.call("POST", "/credentials/verify", {
        body: { verifiableCredential: certificates[index] },
      });
      const withoutTime = (answer: Json) => ({
        ...answer,
        checks: answer.checks.map((line: Json) => (line.check === "validity" ? line.status : line)),
      });
      expect(withoutTime(result)).toEqual(withoutTime(alone.body));
      expect(result.verified).toBe(true);
    }
  });

  it("refuses a wrong challenge or domain, and a proof not made by the presentation's holder", async () => {
    const presentation = await presentWithDigitalBazaar([certificates[0]], holder, {
      challenge: CHALLENGE,
      domain: DOMAIN,
    });
    for (const options of [
      { challenge: "another-challenge", domain: DOMAIN },
      { challenge: CHALLENGE, domain: "elsewhere.example" },
    ]) {
      const answer = await verify(presentation, options);
      expect(answer.body.verified).toBe(false);
      expect(lineOf(answer.body, "proof").status).toBe("invalid");
      expect(answer.body.credentialResults[0].verified).toBe(true);
    }
    const someoneElse = await holderKey();
    const answer = await verify({ ...presentation, holder: someoneElse.did }, { challenge: CHALLENGE });
    expect(answer.body.verified).toBe(false);
    expect(lineOf(answer.body, "proof").detail).toContain("not made by the presentation's holder");
  });

  it("flags a tampered certificate: the presentation's proof breaks, and the certificate's own answer names it", async () => {
    const tampered = structuredClone(certificates[1]);
    tampered.credentialSubject.originCriterion = "forged";
    tampered.validUntil = "2099-01-01T00:00:00Z";
    const signed = await presentWithDigitalBazaar([certificates[0], certificates[1]], holder, {
      challenge: CHALLENGE,
    });
    const swapped = { ...signed, verifiableCredential: [certificates[0], tampered] };
    const answer = await verify(swapped, { challenge: CHALLENGE });
    expect(answer.body.verified).toBe(false);
    expect(lineOf(answer.body, "proof")).toMatchObject({
      status: "invalid",
      detail: "proof 1: the signature does not match the document",
    });
    const [first, second] = answer.body.credentialResults;
    expect(first.verified).toBe(true);
    expect(second.verified).toBe(false);
    expect(second.checks.find((line: Json) => line.check === "proof").status).toBe("invalid");
    expect(answer.body.errors.map((error: Json) => error.detail)).toContain(
      "verifiableCredential[1] proof: proof 1: the signature does not match the document",
    );

    // Unsigned, the same tampered certificate still fails on its own.
    const plain = await verify(unsigned([tampered]));
    expect(plain.body.verified).toBe(false);
    expect(plain.body.proof).toBe("absent");
  });

  it("accepts an unsigned presentation of good certificates with a warning, but not against a challenge", async () => {
    const answer = await verify(unsigned(certificates.slice(0, 2)));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ verified: true, proof: "absent" });
    expect(lineOf(answer.body, "proof").status).toBe("unverified");
    expect(answer.body.warnings.map((w: Json) => w.detail).join("\n")).toContain(
      "the presentation carries no proof",
    );
    const challenged = await verify(unsigned(certificates.slice(0, 2)), { challenge: CHALLENGE });
    expect(challenged.body.verified).toBe(false);
    expect(lineOf(challenged.body, "proof").status).toBe("invalid");
  });

  it("reports a revoked certificate through its status, and reads a JOSE-enveloped one", async () => {
    const third = certificates[2];
    const id = third.credentialSubject.certificateId as string;
    const jwt = (
      await t.call("GET", `/api/v1/origin/certificates/${id}`, { headers: { accept: "application/vc+jwt" } })
    ).body as string;
    const enveloped = {
      "@context": [VC_V2_CONTEXT_URL],
      id: `data:application/vc+jwt,${jwt}`,
      type: "EnvelopedVerifiableCredential",
    };
    const before = await verify(unsigned([enveloped]));
    expect(before.body.verified, JSON.stringify(before.body)).toBe(true);
    expect(before.body.credentialResults[0].securedBy).toBe("jose");

    const revoked = await t.call("POST", `/api/v1/origin/certificates/${id}/revoke`, {
      key: certifier,
      body: { reason: "exporter withdrew the claim" },
    });
    expect(revoked.status).toBe(200);
    const answer = await verify(unsigned([third, enveloped]));
    expect(answer.body.verified).toBe(false);
    for (const result of answer.body.credentialResults) {
      const status = result.checks.find((line: Json) => line.check === "status");
      expect(status.status).toBe("invalid");
      expect(status.detail).toContain("revoked");
    }
  });

  it("bounds the work: at most 16 credentials, 128 KiB, and names the field it refuses", async () => {
    // Small credentials (17 certificates would pass the byte bound first).
    const small = { "@context": [VC_V2_CONTEXT_URL], type: ["VerifiableCredential"] };
    const sixteen = await verify(unsigned(Array.from({ length: 16 }, () => small)));
    expect(sixteen.status).toBe(200);
    expect(sixteen.body.credentialResults).toHaveLength(16);
    const many = await verify(unsigned(Array.from({ length: 17 }, () => small)));
    expect(many.status).toBe(400);
    expect(many.body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(many.body.error.details)).toContain("verifiablePresentation.verifiableCredential");
    const large = await verify({ ...unsigned([]), padding: "x".repeat(130 * 1024) });
    expect(large.status).toBe(413);
    const notOne = await t.call("POST", "/presentations/verify", { body: { verifiablePresentation: "abc" } });
    expect(notOne.status).toBe(400);
    expect(JSON.stringify(notOne.body.error.details)).toContain("verifiablePresentation");
    const broken = await verify({
      type: ["VerifiablePresentation"],
      verifiableCredential: [certificates[0]],
    });
    expect(broken.body.verified).toBe(false);
    expect(lineOf(broken.body, "data-model").problems.map((p: Json) => p.path)).toContain("@context");
  });
});
