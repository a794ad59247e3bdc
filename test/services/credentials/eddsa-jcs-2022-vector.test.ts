/**
 * The official eddsa-jcs-2022 test vector (W3C Data Integrity EdDSA Cryptosuites v1.0, TestVectors/): from
 * `keyPair.json` and `unsigned.json` the signer reproduces `signedJCS.json` byte for byte, with each
 * intermediate the vector publishes; both verifiers accept the result.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { signDocument, verifyDocumentProof } from "../../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  loadBase58btc,
  privateKeyFromSeed,
  rawPublicKey,
  verificationMethodOf,
} from "../../../services/credentials/did-key";
import { readStandardsJson, readStandardsText } from "../../support/standards";
import { errorMessages, verifyProofWithDigitalBazaar } from "../../support/vc-verifier";

const VECTORS = ["w3c", "vc-di-eddsa-test-vectors"] as const;
const vector = (name: string) => readStandardsText(...VECTORS, "eddsa-jcs-2022", name);

/** The seed and public key of the vector's Multikey pair (ed25519-priv 0x8026 and ed25519-pub 0xed01 headers). */
async function vectorKey() {
  const keyPair = readStandardsJson<{ publicKeyMultibase: string; privateKeyMultibase: string }>(
    ...VECTORS,
    "keyPair.json",
  );
  const base58btc = await loadBase58btc();
  const secret = base58btc.decode(keyPair.privateKeyMultibase);
  const publicKey = base58btc.decode(keyPair.publicKeyMultibase);
  expect([...secret.subarray(0, 2)]).toEqual([0x80, 0x26]);
  expect([...publicKey.subarray(0, 2)]).toEqual([0xed, 0x01]);
  const privateKey = privateKeyFromSeed(secret.subarray(2));
  expect(Buffer.from(rawPublicKey(privateKey))).toEqual(Buffer.from(publicKey.subarray(2)));
  const did = await didKeyFromPublicKey(rawPublicKey(privateKey));
  expect(did).toBe(`did:key:${keyPair.publicKeyMultibase}`);
  return { privateKey, did };
}

async function signVector() {
  const { privateKey, did } = await vectorKey();
  const unsigned = readStandardsJson<Record<string, unknown>>(...VECTORS, "unsigned.json");
  const options = JSON.parse(vector("proofConfigJCS.json")) as {
    created: string;
    verificationMethod: string;
  };
  expect(options.verificationMethod).toBe(verificationMethodOf(did));
  return signDocument(unsigned, {
    privateKey,
    verificationMethod: verificationMethodOf(did),
    created: new Date(options.created),
  });
}

describe("the eddsa-jcs-2022 test vector", () => {
  it("is reproduced byte for byte: signedJCS.json from keyPair.json and unsigned.json", async () => {
    const signed = await signVector();
    expect(JSON.stringify(signed, null, 2)).toBe(vector("signedJCS.json"));
  });

  it("matches every published intermediate: canonical forms, hashes and signature", async () => {
    const signed = await signVector();
    const { proof, ...document } = signed;
    const { proofValue, ...proofConfig } = proof;
    const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    expect(proofConfig).toEqual(JSON.parse(vector("proofConfigJCS.json")));
    expect(canonicalize(proofConfig)).toBe(vector("proofCanonJCS.txt"));
    expect(canonicalize(document)).toBe(vector("canonDocJCS.txt"));
    expect(sha256(vector("proofCanonJCS.txt"))).toBe(vector("proofHashJCS.txt"));
    expect(sha256(vector("canonDocJCS.txt"))).toBe(vector("docHashJCS.txt"));
    expect(vector("combinedHashJCS.txt")).toBe(vector("proofHashJCS.txt") + vector("docHashJCS.txt"));
    expect(proofValue).toBe(vector("sigBTC58JCS.txt"));
    expect(Buffer.from((await loadBase58btc()).decode(proofValue)).toString("hex")).toBe(
      vector("sigHexJCS.txt"),
    );
  });

  it("verifies the published signedJCS.json with threadproof's verifier and Digital Bazaar's proof verifier", async () => {
    const signed = JSON.parse(vector("signedJCS.json")) as Record<string, unknown>;
    const { did } = await vectorKey();
    expect(await verifyDocumentProof(signed, did)).toEqual({
      verified: true,
      verificationMethod: verificationMethodOf(did),
    });
    // A JCS cryptosuite processes no JSON-LD: the vector's examples context is never loaded.
    const result = await verifyProofWithDigitalBazaar(signed);
    expect(errorMessages(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });
});
