/**
 * Signed origin credentials for tests that anchor certificates directly on the ledger: a genuine credential
 * (originating facts under a confirmed rule, signed by a fresh did:key) with the id, subject, agreement and
 * validity period a test needs — e.g. one whose validity period has ended.
 */
import type { OriginCredential } from "../../services/certificates/certificates";
import { buildOriginCredential } from "../../services/credentials/credential";
import { signDocument } from "../../services/credentials/data-integrity";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  privateKeyFromSeed,
  rawPublicKey,
  verificationMethodOf,
} from "../../services/credentials/did-key";
import { assessOrigin, originFactsSchema, proofRequirementsFor, ruleSetFor } from "../../services/origin";
import type { FtaId } from "../../services/origin";
import { chainKey } from "../../services/chain/keys";

const BASE = "https://trace.example.vn";

export interface SignedCredentialParameters {
  id: string;
  subjectLotId: string;
  fta: Extract<FtaId, "EVFTA" | "CPTPP">;
  importingCountry: string;
  issuedAt: Date;
  validUntil: Date;
}

/** A knitted cotton T-shirt cut and sewn in Viet Nam of Vietnamese fabric: originating under EVFTA and CPTPP. */
function originatingFacts(fta: SignedCredentialParameters["fta"], importingCountry: string, date: Date) {
  return originFactsSchema.parse({
    fta,
    exportingCountry: "VN",
    importingCountry,
    date: date.toISOString().slice(0, 10),
    product: {
      hsCode: "6109.10",
      description: "Men's cotton T-shirt",
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
}

/**
 * A genuine origin credential for certificate `id` over lot `subjectLotId`, signed by a new certifier key.
 *
 * @example
 * const { credential } = await signedOriginCredential({ id: "CO-1", subjectLotId: "SHP-0001", fta: "EVFTA", importingCountry: "DE", issuedAt, validUntil });
 * const { digest } = await putRecord(store, credential);
 */
export async function signedOriginCredential(
  params: SignedCredentialParameters,
): Promise<{ credential: OriginCredential; did: string }> {
  const privateKey = privateKeyFromSeed(generateEd25519Seed());
  const did = await didKeyFromPublicKey(rawPublicKey(privateKey));
  const facts = originatingFacts(params.fta, params.importingCountry, params.issuedAt);
  const assessment = assessOrigin(facts);
  if (assessment.status !== "originating" || assessment.provisional)
    throw new Error(`the fixture's facts are not originating under ${params.fta}`);
  const unsigned = buildOriginCredential({
    id: params.id,
    baseUrl: BASE,
    fta: params.fta,
    agreementName: ruleSetFor(params.fta).name,
    issuer: { did, name: "Test certifier", certifierId: "test-certifier" },
    issuedAt: params.issuedAt,
    validUntil: params.validUntil,
    subject: {
      id: params.subjectLotId,
      kind: "shipment",
      operation: "shipment",
      quantity: 100,
      unit: "pcs",
      gtin: "08938505974019",
      description: "Men's cotton T-shirt",
      garmentBatches: [],
      exporter: { id: "export-0001", name: "Haiphong Export Warehouse", country: "VN" },
      producer: { id: "factory-0001", name: "Thai Nguyen Garment", country: "VN" },
      buyer: { name: "Buyer", country: params.importingCountry },
      invoiceNumber: "INV-TEST-1",
      destinationCountry: params.importingCountry,
      shippedAt: params.issuedAt.toISOString(),
      fabricLots: [],
    },
    facts,
    assessment,
    assessmentId: `bafkrei${"b".repeat(52)}`,
    proofRequirements: proofRequirementsFor(params.fta),
    evidence: [],
    chain: { chainId: 31337, contract: `0x${"5".repeat(40)}`, certificateKey: chainKey(params.id) },
    details: {},
  });
  const credential = await signDocument(unsigned, {
    privateKey,
    verificationMethod: verificationMethodOf(did),
    created: params.issuedAt,
  });
  return { credential: credential as unknown as OriginCredential, did };
}
