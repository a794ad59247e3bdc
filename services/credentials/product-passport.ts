/**
 * A garment batch's Digital Product Passport as a W3C Verifiable Credential 2.0 shaped as a UNTP Digital
 * Product Passport 0.6.1: the product (GTIN, name, style, lot), its materials with their origin countries and
 * mass fractions, the facility of each step from fabric to shipment, conformity claims pointing at the batch's
 * origin certificates with their status, and traceability links to the batch's EPCIS events. Pure: the caller
 * gives what the checked provenance says; the proof is added by `signDocument` (data-integrity.ts).
 */
import { UNTP_DPP_CONTEXT, VC_CONTEXT, threadproofContextUrl } from "./contexts";

export const PRODUCT_PASSPORT_TYPES = ["DigitalProductPassport", "VerifiableCredential"] as const;

/** A party or facility as UNTP names it: a URI and a name, with its register id. */
export interface PassportParty {
  id: string;
  name: string;
  registeredId?: string;
  country?: string;
}

/** One material of one garment: a fibre of a fabric, or a trim. */
export interface PassportMaterial {
  name: string;
  /** ISO 3166-1 alpha-2 country where the material was made (a fabric: where it was formed). */
  originCountry?: string;
  /** Share of the garment's mass (0..1); absent when some material's weight was not recorded. */
  massFraction?: number;
  /** Kilograms per garment. */
  massKg?: number;
  /** The fabric lot or trim line it comes from. */
  source: { kind: "fabric" | "trim"; lotId: string; role?: string | null; description?: string | null };
  /** Where each stage of making it happened (spinning, fabric formation, …). */
  productionStages?: { stage: string; country: string }[];
}

/** One step of the batch's life: a recorded event, the facility that recorded it and its proof links. */
export interface PassportStep {
  lotId: string;
  /** `fabric-lot`, `cutting`, `sewing` or `shipment`. */
  operation: string;
  facility: PassportParty;
  occurredAt: string | null;
  recordedAt: string;
  /** The event record in IPFS and its SHA-256 (hex, no prefix). */
  record: { url: string; sha256: string };
  transaction: string;
  /** EPCIS documents of this step. */
  epcis: { url: string; name: string }[];
  /** Share of this step's checks that passed (0..1). */
  verifiedRatio: number;
}

/** A conformity claim: one origin certificate over the batch, as verified now. */
export interface PassportClaim {
  /** The credential's id (its URL). */
  id: string;
  certificateId: string;
  name: string;
  /** The certificate's page. */
  pageUrl: string;
  /** SHA-256 (hex, no prefix) of the credential as anchored. */
  sha256: string;
  status: string;
  conformance: boolean;
  issuedAt: string;
}

export interface ProductPassportInput {
  /** The passport's stable URL: its id. */
  id: string;
  baseUrl: string;
  issuer: { did: string; name: string };
  /** When the passport's content holds from: the latest recorded step. */
  validFrom: string;
  product: {
    gtin: string;
    lot: string;
    name: string;
    /** The batch's GS1 Digital Link on this service (the passport's subject). */
    digitalLink: string;
    /** The batch page. */
    pageUrl: string;
    hsCode?: string | null;
    styles: string[];
    garmentCount?: number | null;
    producedAt: PassportParty;
    productionDate?: string | null;
  };
  materials: PassportMaterial[];
  steps: PassportStep[];
  claims: PassportClaim[];
  /** Where the whole verification is shown, and its verdict. */
  verification: { url: string; verdict: string };
}

const formatHs6 = (hs: string) => {
  const digits = hs.replaceAll(".", "");
  return digits.length >= 6 ? `${digits.slice(0, 4)}.${digits.slice(4, 6)}` : hs;
};

const party = (p: PassportParty) => ({
  id: p.id,
  name: p.name,
  ...(p.registeredId ? { registeredId: p.registeredId } : {}),
});

/** The UNTP value-chain process of a threadproof operation. */
const VALUE_CHAIN_PROCESS: Readonly<Record<string, string>> = {
  "fabric-lot": "fabric production",
  cutting: "cutting",
  sewing: "sewing",
  shipment: "shipment",
};

/**
 * The unsigned passport: VC 2.0 and UNTP DPP contexts first (the DPP schema requires them in that order), then
 * threadproof's for its own terms.
 *
 * @example
 * const credential = buildProductPassport(input);
 * const signed = await signDocument(credential, { privateKey, verificationMethod });
 */
export function buildProductPassport(input: ProductPassportInput): Record<string, unknown> {
  const { product } = input;
  return {
    "@context": [VC_CONTEXT, UNTP_DPP_CONTEXT, threadproofContextUrl(input.baseUrl)],
    id: input.id,
    type: [...PRODUCT_PASSPORT_TYPES],
    name: `Digital product passport of ${product.name}, batch ${product.lot}`,
    issuer: { type: ["CredentialIssuer"], id: input.issuer.did, name: input.issuer.name },
    validFrom: input.validFrom,
    credentialSubject: {
      type: ["ProductPassport"],
      id: product.digitalLink,
      granularityLevel: "batch",
      product: {
        type: ["Product"],
        id: `https://id.gs1.org/01/${product.gtin}/10/${encodeURIComponent(product.lot)}`,
        name: product.name,
        registeredId: product.gtin,
        idScheme: {
          type: ["IdentifierScheme"],
          id: "https://id.gs1.org/01/",
          name: "Global Trade Item Number (GTIN)",
        },
        batchNumber: product.lot,
        ...(product.hsCode
          ? {
              productCategory: [
                {
                  type: ["Classification"],
                  id: `https://www.wcoomd.org/hs/${formatHs6(product.hsCode)}`,
                  code: formatHs6(product.hsCode),
                  name: `HS ${formatHs6(product.hsCode)}`,
                  schemeID: "https://www.wcoomd.org/en/topics/nomenclature.aspx",
                  schemeName: "Harmonized System",
                },
              ],
            }
          : {}),
        ...(product.styles.length ? { style: product.styles } : {}),
        ...(product.garmentCount != null ? { garmentCount: product.garmentCount } : {}),
        furtherInformation: [
          {
            type: ["Link"],
            linkURL: product.pageUrl,
            linkName: "Batch provenance page",
            linkType: "text/html",
          },
        ],
        producedAtFacility: party(product.producedAt),
        ...(product.producedAt.country ? { countryOfProduction: product.producedAt.country } : {}),
        ...(product.productionDate ? { productionDate: product.productionDate.slice(0, 10) } : {}),
      },
      materialsProvenance: input.materials.map((material) => ({
        type: ["Material"],
        name: material.name,
        ...(material.originCountry ? { originCountry: material.originCountry } : {}),
        ...(material.massFraction !== undefined ? { massFraction: material.massFraction } : {}),
        ...(material.massKg !== undefined
          ? { mass: { type: ["Measure"], value: material.massKg, unit: "KGM" } }
          : {}),
        materialSource: {
          kind: material.source.kind,
          lotId: material.source.lotId,
          ...(material.source.role ? { role: material.source.role } : {}),
          ...(material.source.description ? { description: material.source.description } : {}),
        },
        ...(material.productionStages?.length ? { productionStages: material.productionStages } : {}),
      })),
      conformityClaim: input.claims.map((claim) => ({
        type: ["Claim", "Declaration"],
        id: claim.id,
        name: claim.name,
        certificateId: claim.certificateId,
        // Rules of origin decide tariff treatment: regulatory compliance in UNTP's topics.
        conformityTopic: "governance.compliance",
        conformance: claim.conformance,
        certificateStatus: claim.status,
        assessmentDate: claim.issuedAt.slice(0, 10),
        conformityEvidence: {
          type: ["SecureLink", "Link"],
          linkURL: claim.id,
          linkName: `Origin certificate ${claim.certificateId}`,
          linkType: "application/vc+ld+json",
          hashDigest: claim.sha256,
          hashMethod: "SHA-256",
        },
        certificatePage: claim.pageUrl,
      })),
      traceabilityInformation: input.steps.map((step) => ({
        type: ["TraceabilityPerformance"],
        valueChainProcess: VALUE_CHAIN_PROCESS[step.operation] ?? step.operation,
        verifiedRatio: step.verifiedRatio,
        traceabilityEvent: [
          {
            type: ["SecureLink", "Link"],
            linkURL: step.record.url,
            linkName: `Event record of ${step.lotId}`,
            linkType: "application/json",
            hashDigest: step.record.sha256,
            hashMethod: "SHA-256",
          },
          ...step.epcis.map((link) => ({
            type: ["SecureLink", "Link"],
            linkURL: link.url,
            linkName: link.name,
            linkType: "application/ld+json",
          })),
        ],
        lotId: step.lotId,
        operation: step.operation,
        facility: {
          ...party(step.facility),
          ...(step.facility.country ? { country: step.facility.country } : {}),
        },
        ...(step.occurredAt ? { eventTime: step.occurredAt } : {}),
        recordedAt: step.recordedAt,
        transaction: step.transaction,
      })),
      verification: {
        type: ["Link"],
        linkURL: input.verification.url,
        linkType: "application/json",
        verdict: input.verification.verdict,
      },
    },
  };
}
