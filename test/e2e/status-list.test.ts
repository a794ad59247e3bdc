/**
 * Revocation through the W3C Bitstring Status List, checked the way an outside verifier does it: read the
 * certificate's `BitstringStatusListEntry`, fetch the list credential over HTTP, verify its proof with
 * Digital Bazaar's verifier, decode the list and read the bit — before revocation and right after the
 * revoke answer. A retried revocation leaves the bit set.
 */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService } from "../support/api-harness";
import { recordCertifiedShipments } from "../support/certified-shipments";
import type { Json, TestService } from "../support/api-harness";
import { compactVerify } from "jose";
import { publicKeyFromDidKey } from "../../services/credentials/did-key";
import { openEnvelope } from "../../services/credentials/jose";
import { keyResolver } from "../../services/credentials/verification-method";
import { errorMessages, verifyWithDigitalBazaar } from "../support/vc-verifier";

const BASE = "https://trace.example.vn";

/** The outside verifier's view: the list credential's bit for `entry`, after checking the list's proof. */
async function readStatusBit(t: TestService, entry: Json): Promise<boolean> {
  const url = new URL(entry.statusListCredential as string);
  expect(url.origin).toBe(BASE);
  const fetched = await t.call("GET", url.pathname);
  expect(fetched.status).toBe(200);
  expect(fetched.headers.get("content-type")).toContain("application/vc+ld+json");
  const list = fetched.body;
  // The list's issuer is the certifier's did:web: its DID document comes from the service's own route.
  const didWeb = {
    [list.issuer]: (await t.call("GET", `/${list.issuer.split(":").slice(3).join("/")}/did.json`)).body,
  };
  const verified = await verifyWithDigitalBazaar(list, { didWeb });
  expect(errorMessages(verified)).toEqual([]);
  expect(verified.verified).toBe(true);
  expect(list.type).toContain("BitstringStatusListCredential");
  expect(list.credentialSubject).toMatchObject({ type: "BitstringStatusList", statusPurpose: "revocation" });
  const encoded = list.credentialSubject.encodedList as string;
  expect(encoded.startsWith("u")).toBe(true);
  const bits = gunzipSync(Buffer.from(encoded.slice(1), "base64url"));
  expect(bits.length * 8).toBe(131_072);
  const index = Number.parseInt(entry.statusListIndex as string, 10);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

describe("the Bitstring Status List of a certifier", () => {
  let t: TestService;
  let certifier: string;
  const certificates: Json[] = [];

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: BASE });
    const recorded = await recordCertifiedShipments(t, {
      shipments: ["SHP-DE-1", "SHP-DE-2"],
      certify: ["SHP-DE-1", "SHP-DE-2"],
    });
    certifier = recorded.certifier;
    certificates.push(...recorded.certificates);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const entryOf = (credential: Json): Json =>
    (credential.credentialStatus as Json[]).find((s) => s.type === "BitstringStatusListEntry");

  it("gives each new certificate an entry beside the chain anchor, in the Recommendation's form", () => {
    for (const credential of certificates) {
      const statuses = credential.credentialStatus as Json[];
      expect(statuses.map((s) => s.type)).toEqual([
        "ThreadproofChainAnchorStatus",
        "BitstringStatusListEntry",
      ]);
      const entry = entryOf(credential);
      expect(entry).toMatchObject({
        statusPurpose: "revocation",
        statusListCredential: `${BASE}/credentials/status/vcci-hcm/1`,
      });
      expect(entry.statusListIndex).toMatch(/^(0|[1-9][0-9]*)$/);
      expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
    }
    const [first, second] = certificates.map(entryOf);
    expect(first.statusListIndex).not.toBe(second.statusListIndex);
  });

  it("the list shows a certificate revoked within one request of the revoke answer, and only that one", async () => {
    const [first, second] = certificates;
    expect(await readStatusBit(t, entryOf(first))).toBe(false);
    expect(await readStatusBit(t, entryOf(second))).toBe(false);
    const id = first.credentialSubject.certificateId as string;
    const revoke = () =>
      t.call("POST", `/api/v1/origin/certificates/${id}/revoke`, {
        key: certifier,
        body: { reason: "wrong invoice" },
        idempotencyKey: "revoke-1",
      });
    const answer = await revoke();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(await readStatusBit(t, entryOf(first))).toBe(true);
    expect(await readStatusBit(t, entryOf(second))).toBe(false);
    // Asked again, the revocation does not flip the bit back.
    expect((await revoke()).status).toBe(200);
    expect(await readStatusBit(t, entryOf(first))).toBe(true);
  });

  it("publishes the did:web documents of the programme and of the certifier, with the certifier's key", async () => {
    const programme = await t.call("GET", "/.well-known/did.json");
    expect(programme.status).toBe(200);
    expect(programme.body.id).toBe("did:web:trace.example.vn");
    const document = await t.call("GET", "/certifiers/vcci-hcm/did.json");
    expect(document.status).toBe(200);
    expect(document.headers.get("content-type")).toContain("application/did+json");
    const did = "did:web:trace.example.vn:certifiers:vcci-hcm";
    expect(certificates[0].issuer.id).toBe(did);
    const method = certificates[0].proof.verificationMethod as string;
    const multibase = method.slice(method.indexOf("#") + 1);
    expect(document.body).toMatchObject({
      id: did,
      alsoKnownAs: [`did:key:${multibase}`],
      verificationMethod: [{ id: method, type: "Multikey" }],
    });
    expect((await t.call("GET", "/certifiers/nobody/did.json")).status).toBe(404);
  });

  it("serves a VC-JOSE-COSE copy by content negotiation: the same content, EdDSA with the same key", async () => {
    const credential = certificates[1];
    const id = credential.credentialSubject.certificateId as string;
    const answer = await t.call("GET", `/api/v1/origin/certificates/${id}`, {
      headers: { accept: "application/vc+jwt" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/vc+jwt");
    const jwt = answer.body as string;
    const header = JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString("utf8"));
    expect(header).toEqual({
      alg: "EdDSA",
      kid: credential.proof.verificationMethod,
      typ: "vc+jwt",
      cty: "vc",
    });
    // Checked with jose and the key of the issuer's DID document, as fetched from the service.
    const document = (await t.call("GET", "/certifiers/vcci-hcm/did.json")).body;
    const method = document.verificationMethod.find((entry: Json) => entry.id === header.kid);
    const publicKey = await publicKeyFromDidKey(`did:key:${method.publicKeyMultibase}`);
    const { payload } = await compactVerify(jwt, publicKey!, { algorithms: ["EdDSA"] });
    const { proof: _proof, ...content } = credential;
    expect(JSON.parse(Buffer.from(payload).toString("utf8"))).toEqual(content);

    // A changed payload under the same signature does not verify.
    const [head, , signature] = jwt.split(".");
    const forged = Buffer.from(JSON.stringify({ ...content, validUntil: "2099-01-01T00:00:00Z" })).toString(
      "base64url",
    );
    const resolveKey = keyResolver(async (did) => (did === document.id ? document : undefined));
    expect(await openEnvelope(jwt, { resolveKey })).toMatchObject({ verified: true, credential: content });
    expect(await openEnvelope(`${head}.${forged}.${signature}`, { resolveKey })).toMatchObject({
      verified: false,
      reason: "the signature does not verify",
    });
    // Without asking for it, the Data Integrity copy as before.
    const plain = await t.call("GET", `/api/v1/origin/certificates/${id}`);
    expect(plain.body.proof.cryptosuite).toBe("eddsa-jcs-2022");
  });

  it("answers 404 for a list that does not exist", async () => {
    expect((await t.call("GET", "/credentials/status/vcci-hcm/2")).status).toBe(404);
    expect((await t.call("GET", "/credentials/status/nobody/1")).status).toBe(404);
  });

  it("refuses a malformed list or certifier id with 400 naming the parameter (the fuzzer found a 500 here)", async () => {
    const list = await t.call("GET", "/credentials/status/1e309/1e999");
    expect(list.status).toBe(400);
    expect(list.body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(list.body.error.details)).toContain("number");
    const did = await t.call("GET", "/certifiers/a%20b/did.json");
    expect(did.status).toBe(400);
    expect(JSON.stringify(did.body.error.details)).toContain("id");
  });
});
