import { createHash, generateKeyPairSync, sign } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  loadBase58btc,
  privateKeyFromSeed,
  publicKeyFromDidKey,
  rawPublicKey,
  verificationMethodOf,
} from "../../../services/credentials/did-key";

async function signer() {
  const privateKey = privateKeyFromSeed(generateEd25519Seed());
  const did = await didKeyFromPublicKey(rawPublicKey(privateKey));
  return { privateKey, did, verificationMethod: verificationMethodOf(did) };
}

const credential = {
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  id: "https://trace.example.vn/api/v1/origin/certificates/CO-1",
  type: ["VerifiableCredential", "DigitalConformityCredential"],
  issuer: { id: "", name: "VCCI Hồ Chí Minh" },
  validFrom: "2026-03-05T00:00:00.000Z",
  credentialSubject: { certificateId: "CO-1", agreement: { id: "EVFTA" }, weightKg: 0.054, note: "Áo thun" },
};

describe("did:key for Ed25519", () => {
  it("encodes the multicodec ed25519-pub key as z6Mk… and decodes it back", async () => {
    const { privateKey, did } = await signer();
    expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    const publicKey = await publicKeyFromDidKey(did);
    expect(Buffer.from(rawPublicKey(publicKey!)).equals(Buffer.from(rawPublicKey(privateKey)))).toBe(true);
  });

  it("decodes the did:key test vector of the did:key specification", async () => {
    // did:key spec, Ed25519 example: the key's JWK x is O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik.
    const did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
    const publicKey = await publicKeyFromDidKey(verificationMethodOf(did));
    expect(publicKey!.export({ format: "jwk" }).x).toBe("O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik");
  });

  it("rejects other key types, mismatched fragments and garbage", async () => {
    const { did } = await signer();
    expect(await publicKeyFromDidKey("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")).toBeNull();
    expect(await publicKeyFromDidKey(`${did}#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp`)).toBeNull();
    expect(await publicKeyFromDidKey("did:web:example.com")).toBeNull();
    expect(await publicKeyFromDidKey("did:key:z0OIl")).toBeNull();
  });
});

describe("eddsa-jcs-2022 Data Integrity proofs", () => {
  it("signs a credential that verifies from the issuer's DID alone", async () => {
    const key = await signer();
    const document = { ...credential, issuer: { ...credential.issuer, id: key.did } };
    const signed = await signDocument(document, { ...key, created: new Date("2026-03-05T08:00:00Z") });
    expect(signed.proof).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-jcs-2022",
      created: "2026-03-05T08:00:00Z",
      verificationMethod: key.verificationMethod,
      proofPurpose: "assertionMethod",
    });
    expect(signed.proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{85,90}$/);
    // A JSON round trip (what IPFS and HTTP do) keeps it verifiable: JCS fixes the bytes.
    const roundTripped = JSON.parse(JSON.stringify(signed)) as Record<string, unknown>;
    expect(await verifyDocumentProof(roundTripped, key.did)).toEqual({
      verified: true,
      verificationMethod: key.verificationMethod,
    });
  });

  it("follows the cryptosuite: Ed25519 over SHA-256(JCS(proof config with @context)) ‖ SHA-256(JCS(document))", async () => {
    const key = await signer();
    const signed = await signDocument(credential, { ...key, created: new Date("2026-03-05T08:00:00Z") });
    const { proofValue, ...options } = signed.proof;
    const sha = (value: unknown) => createHash("sha256").update(canonicalize(value)!).digest();
    const hashData = Buffer.concat([
      sha({ ...options, "@context": credential["@context"] }),
      sha(credential),
    ]);
    const expected = (await loadBase58btc()).encode(sign(null, hashData, key.privateKey));
    // Ed25519 is deterministic: an independent computation gives the same signature.
    expect(proofValue).toBe(expected);
  });

  it("rejects a tampered subject, a swapped issuer key, a wrong suite and a missing proof", async () => {
    const key = await signer();
    const other = await signer();
    const signed = await signDocument(credential, key);

    const tampered = structuredClone(signed);
    tampered.credentialSubject.weightKg = 0.055;
    expect(await verifyDocumentProof(tampered)).toEqual({
      verified: false,
      reason: "the signature does not match the document",
    });

    const reissued = structuredClone(signed);
    reissued.validFrom = "2025-01-01T00:00:00.000Z";
    expect((await verifyDocumentProof(reissued)).verified).toBe(false);

    const otherKey = structuredClone(signed);
    otherKey.proof.verificationMethod = other.verificationMethod;
    expect((await verifyDocumentProof(otherKey)).verified).toBe(false);

    expect(await verifyDocumentProof(signed, other.did)).toEqual({
      verified: false,
      reason: "the proof was not made by the credential's issuer",
    });

    const suite = structuredClone(signed) as unknown as Record<string, unknown> & {
      proof: Record<string, unknown>;
    };
    suite.proof.cryptosuite = "eddsa-rdfc-2022";
    expect((await verifyDocumentProof(suite)).verified).toBe(false);

    const { proof: _proof, ...bare } = signed;
    expect(await verifyDocumentProof(bare)).toEqual({ verified: false, reason: "the document has no proof" });
  });

  it("publishes the document's @context in the proof, and none for a document without one", async () => {
    const key = await signer();
    const signed = await signDocument(credential, key);
    expect(signed.proof["@context"]).toEqual(credential["@context"]);
    const { "@context": _context, ...plain } = credential;
    const signedPlain = await signDocument(plain, key);
    expect("@context" in signedPlain.proof).toBe(false);
    expect(await verifyDocumentProof(signedPlain, key.did)).toEqual({
      verified: true,
      verificationMethod: key.verificationMethod,
    });
  });

  it("refuses a proof whose created time is not an XML Schema dateTime", async () => {
    const key = await signer();
    const signed = await signDocument(credential, key);
    const proof = signed.proof as unknown as Record<string, unknown>;
    for (const created of ["5 March 2026", 1772697600, "2026-03-05"]) {
      expect(await verifyDocumentProof({ ...signed, proof: { ...proof, created } })).toEqual({
        verified: false,
        reason: "the proof's created time is not an XML Schema dateTime",
      });
    }
  });

  it("refuses to sign a document that carries a proof already", async () => {
    const key = await signer();
    const signed = await signDocument(credential, key);
    await expect(signDocument(signed, key)).rejects.toThrow(/carries a proof/);
  });

  it("works with a key made by node:crypto directly (the seed round-trips)", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
    expect(rawPublicKey(privateKeyFromSeed(seed))).toEqual(rawPublicKey(privateKey));
  });
});
