/**
 * Interoperability: an origin certificate, built and signed as threadproof issues it, passes an independent
 * eddsa-jcs-2022 verifier (Digital Bazaar's `@digitalbazaar/vc` with the eddsa-jcs-2022 cryptosuite, offline),
 * and the same verifier and threadproof's refuse the same forgeries. Digital Bazaar's signer, given the same
 * key and time, makes the very proof threadproof makes.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import canonicalize from "canonicalize";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOriginCredential } from "../../../services/credentials/credential";
import type { CredentialInput } from "../../../services/credentials/credential";
import {
  signDocument,
  upgradeLegacyProof,
  verifyDocumentProof,
} from "../../../services/credentials/data-integrity";
import type { DataIntegrityProof } from "../../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  loadBase58btc,
  privateKeyFromSeed,
  rawPublicKey,
  verificationMethodOf,
} from "../../../services/credentials/did-key";
import { assessOrigin, originFactsSchema, proofRequirementsFor, ruleSetFor } from "../../../services/origin";
import { errorMessages, issueWithDigitalBazaar, verifyWithDigitalBazaar } from "../../support/vc-verifier";

const BASE = "https://trace.example.vn";
const ISSUED_AT = new Date("2026-03-05T09:00:00Z");
/** Inside the certificate's validity, so that the verdicts are about the proof. */
const NOW = new Date("2026-06-01T00:00:00Z");

type Credential = Record<string, unknown> & { proof: DataIntegrityProof };

async function certifierKey() {
  const seed = generateEd25519Seed();
  const privateKey = privateKeyFromSeed(seed);
  const did = await didKeyFromPublicKey(rawPublicKey(privateKey));
  const base58btc = await loadBase58btc();
  return {
    privateKey,
    did,
    verificationMethod: verificationMethodOf(did),
    publicKeyMultibase: did.slice("did:key:".length),
    // Multikey secret key: the ed25519-priv multicodec (0x8026) and the seed.
    secretKeyMultibase: base58btc.encode(Uint8Array.from([0x80, 0x26, ...seed])),
  };
}
type CertifierKey = Awaited<ReturnType<typeof certifierKey>>;

/** The unsigned EVFTA certificate of a Vietnamese T-shirt shipment, as the certificates use case builds it. */
function unsignedCertificate(did: string): Record<string, unknown> {
  const facts = originFactsSchema.parse({
    fta: "EVFTA",
    exportingCountry: "VN",
    importingCountry: "DE",
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
        originCountry: "VN",
        stages: [
          { stage: "spinning", country: "VN" },
          { stage: "fabric-formation", country: "VN" },
        ],
        weightKg: 0.2,
        value: { amount: 1.1, currency: "USD" },
        elastomeric: false,
        originating: [],
      },
    ],
  });
  const assessment = assessOrigin(facts);
  expect(assessment).toMatchObject({ status: "originating", provisional: false });
  const cid = `bafkrei${"c".repeat(52)}`;
  const input: CredentialInput = {
    id: "CO-EVFTA-20260305-0A1B2C3D",
    baseUrl: BASE,
    fta: "EVFTA",
    agreementName: ruleSetFor("EVFTA").name,
    issuer: { did, name: "VCCI Hồ Chí Minh", certifierId: "vcci-hcm" },
    issuedAt: ISSUED_AT,
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
      buyer: { name: "Nordwind GmbH", country: "DE" },
      invoiceNumber: "INV-2026-114",
      destinationCountry: "DE",
      shippedAt: "2026-03-05T08:00:00Z",
      fabricLots: [{ lotId: "FL-0001", role: "main-fabric", amountPerGarment: 0.25, unit: "m" }],
    },
    facts,
    assessment,
    assessmentId: `bafkrei${"b".repeat(52)}`,
    proofRequirements: proofRequirementsFor("EVFTA"),
    evidence: [
      {
        type: ["Evidence"],
        linkURL: `${BASE}/api/v1/records/${cid}`,
        cid,
        linkName: "sewing event record of lot SEW-0001",
        linkType: "event-record",
        mediaType: "application/json",
        hashDigest: "3f".repeat(32),
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
  return buildOriginCredential(input);
}

/** Signed as services/certificates signs it: the certifier's key, `created` the time of issue. */
async function issue(key: CertifierKey, unsigned = unsignedCertificate(key.did)): Promise<Credential> {
  const signed = await signDocument(unsigned, {
    privateKey: key.privateKey,
    verificationMethod: key.verificationMethod,
    created: ISSUED_AT,
  });
  // What IPFS stores and HTTP serves: the JSON text.
  return JSON.parse(JSON.stringify(signed)) as Credential;
}

const digitalBazaar = (credential: unknown) => verifyWithDigitalBazaar(credential, { now: NOW });

let key: CertifierKey;
let other: CertifierKey;
let certificate: Credential;

beforeAll(async () => {
  key = await certifierKey();
  other = await certifierKey();
  certificate = await issue(key);
});

describe("an issued certificate and Digital Bazaar's eddsa-jcs-2022 verifier", () => {
  it("publishes the proof with the credential's @context", () => {
    expect(certificate.proof).toEqual({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-jcs-2022",
      created: "2026-03-05T09:00:00Z",
      verificationMethod: key.verificationMethod,
      proofPurpose: "assertionMethod",
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://test.uncefact.org/vocabulary/untp/dcc/0.6.1/",
        "https://trace.example.vn/contexts/threadproof/v1.jsonld",
      ],
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{85,90}$/),
    });
  });

  it("is verified by the independent verifier and by threadproof's", async () => {
    const result = await digitalBazaar(certificate);
    expect(errorMessages(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(await verifyDocumentProof(certificate, key.did)).toEqual({
      verified: true,
      verificationMethod: key.verificationMethod,
    });
  });

  it("gets the same proof from Digital Bazaar's signer, given the same key and time", async () => {
    const byDigitalBazaar = await issueWithDigitalBazaar(unsignedCertificate(key.did), {
      ...key,
      created: ISSUED_AT,
    });
    expect(canonicalize(byDigitalBazaar)).toBe(canonicalize(certificate));
  });
});

/**
 * The README's "verify it by hand" method, step 1, done literally with node:crypto and canonicalize only:
 * the proof without `proofValue` is the proof configuration, as published.
 */
async function verifyByHand(credential: Credential): Promise<boolean> {
  const { proof, ...unsecured } = credential;
  const { proofValue, ...proofConfig } = proof;
  const proofContext = [proofConfig["@context"]].flat();
  const documentContext = [unsecured["@context"]].flat();
  if (!proofContext.every((entry, index) => entry === documentContext[index])) return false;
  const sha256 = (value: unknown) => createHash("sha256").update(canonicalize(value)!, "utf8").digest();
  const base58btc = await loadBase58btc();
  const multikey = base58btc.decode(proof.verificationMethod.split("#")[0]!.slice("did:key:".length));
  if (multikey[0] !== 0xed || multikey[1] !== 0x01) return false;
  const publicKey = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(multikey.subarray(2)).toString("base64url") },
    format: "jwk",
  });
  const signInput = Buffer.concat([sha256(proofConfig), sha256(unsecured)]);
  return verify(null, signInput, publicKey, base58btc.decode(proofValue));
}

describe("the README's manual method", () => {
  it("verifies the issued certificate and refuses a tampered one", async () => {
    expect(await verifyByHand(certificate)).toBe(true);
    const tampered = structuredClone(certificate);
    (tampered.credentialSubject as { subjectLot: { quantity: number } }).subjectLot.quantity = 8000;
    expect(await verifyByHand(tampered)).toBe(false);
  });
});

/** A forgery: what it changes, and what Digital Bazaar's verifier then says (one of its messages). */
const forgeries: {
  name: string;
  forge: (credential: Credential) => Promise<Credential> | Credential;
  digitalBazaarSays: RegExp;
}[] = [
  {
    name: "a tampered credential (the subject's quantity)",
    forge: (credential) => {
      (credential.credentialSubject as { subjectLot: { quantity: number } }).subjectLot.quantity = 8000;
      return credential;
    },
    digitalBazaarSays: /Invalid signature/,
  },
  {
    name: "a tampered credential (the evidence's digest)",
    forge: (credential) => {
      (credential.evidence as { hashDigest: string }[])[0]!.hashDigest = "40".repeat(32);
      return credential;
    },
    digitalBazaarSays: /Invalid signature/,
  },
  {
    name: "tampered proof options (created)",
    forge: (credential) => {
      credential.proof.created = "2026-03-04T09:00:00Z";
      return credential;
    },
    digitalBazaarSays: /Invalid signature/,
  },
  {
    name: "tampered proof options (a @context the credential does not start with)",
    forge: (credential) => {
      credential.proof["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://example.org/other/v1"];
      return credential;
    },
    digitalBazaarSays: /does not start with proof.@context/,
  },
  {
    name: "a wrong cryptosuite (eddsa-rdfc-2022)",
    forge: (credential) => {
      (credential.proof as { cryptosuite: string }).cryptosuite = "eddsa-rdfc-2022";
      return credential;
    },
    digitalBazaarSays: /insufficient proofs matched the acceptable suite/,
  },
  {
    name: "a wrong key (issuer and verification method swapped to another certifier's did:key)",
    forge: (credential) => {
      (credential.issuer as { id: string }).id = other.did;
      credential.proof.verificationMethod = other.verificationMethod;
      return credential;
    },
    digitalBazaarSays: /Invalid signature/,
  },
  {
    name: "a wrong key (signed by another key, in the certifier's name)",
    forge: async () => {
      const forged = await issue(
        { ...other, verificationMethod: key.verificationMethod },
        unsignedCertificate(key.did),
      );
      expect((forged.issuer as { id: string }).id).toBe(key.did);
      return forged;
    },
    digitalBazaarSays: /Invalid signature/,
  },
];

describe("forgeries, refused by both verifiers", () => {
  it.each(forgeries)("$name", async ({ forge, digitalBazaarSays }) => {
    const forged = await forge(structuredClone(certificate));
    const result = await digitalBazaar(forged);
    expect(result.verified).toBe(false);
    expect(errorMessages(result).join("; ")).toMatch(digitalBazaarSays);
    const ours = await verifyDocumentProof(forged, (forged.issuer as { id: string }).id);
    expect(ours.verified).toBe(false);
    expect(await verifyDocumentProof(forged, undefined, { acceptLegacy: false })).toMatchObject({
      verified: false,
    });
  });

  it("the untampered certificate still passes both (the forgeries changed copies)", async () => {
    expect((await digitalBazaar(certificate)).verified).toBe(true);
    expect((await verifyDocumentProof(certificate, key.did)).verified).toBe(true);
  });
});

describe("the legacy form: @context hashed into the proof but not published in it", () => {
  /** What threadproof published before: the same signature, the proof without its @context. */
  function legacyForm(credential: Credential): Credential {
    const { "@context": _context, ...proof } = credential.proof;
    return { ...credential, proof: proof as DataIntegrityProof };
  }

  it("is refused by Digital Bazaar's verifier, as by any eddsa-jcs-2022 verifier", async () => {
    const result = await digitalBazaar(legacyForm(certificate));
    expect(result.verified).toBe(false);
    expect(errorMessages(result).join("; ")).toMatch(/Invalid signature/);
  });

  it("is verified by threadproof as legacy, or refused when legacy proofs are not accepted", async () => {
    const legacy = legacyForm(certificate);
    expect(await verifyDocumentProof(legacy, key.did)).toEqual({
      verified: true,
      verificationMethod: key.verificationMethod,
      legacy: "context-outside-proof",
    });
    expect(await verifyDocumentProof(legacy, key.did, { acceptLegacy: false })).toEqual({
      verified: false,
      reason: "the signature does not match the document",
    });
    const tampered = structuredClone(legacy);
    (tampered.credentialSubject as { subjectLot: { quantity: number } }).subjectLot.quantity = 8000;
    expect((await verifyDocumentProof(tampered, key.did)).verified).toBe(false);
  });

  it("upgrades to the standard form with the same signature, which Digital Bazaar's verifier accepts", async () => {
    const upgraded = await upgradeLegacyProof(legacyForm(certificate));
    expect(JSON.stringify(upgraded)).toBe(JSON.stringify(certificate));
    expect((await digitalBazaar(upgraded)).verified).toBe(true);
    await expect(upgradeLegacyProof(certificate)).rejects.toThrow(/legacy-form proof/);
    const tampered = legacyForm(structuredClone(certificate));
    tampered.validFrom = "2025-01-01T00:00:00.000Z";
    await expect(upgradeLegacyProof(tampered)).rejects.toThrow(/legacy-form proof/);
  });
});

describe("the proof's @context, as eddsa-jcs-2022 §3.3.2 reads it", () => {
  it("accepts a credential whose @context starts with the proof's, like Digital Bazaar's verifier", async () => {
    const extended = structuredClone(certificate);
    extended["@context"] = [
      ...(certificate["@context"] as string[]),
      "https://w3id.org/security/data-integrity/v2",
    ];
    expect((await digitalBazaar(extended)).verified).toBe(true);
    expect((await verifyDocumentProof(extended, key.did)).verified).toBe(true);
  });

  it("refuses a credential whose @context was replaced, like Digital Bazaar's verifier", async () => {
    const replaced = structuredClone(certificate);
    replaced["@context"] = ["https://w3id.org/security/data-integrity/v2"];
    expect((await digitalBazaar(replaced)).verified).toBe(false);
    expect(await verifyDocumentProof(replaced, key.did)).toEqual({
      verified: false,
      reason: "the document's @context does not start with the proof's @context",
    });
  });
});
