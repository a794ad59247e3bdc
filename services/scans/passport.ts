/**
 * A small digital product passport for one garment, shaped as a UNTP Digital Product Passport (a W3C
 * Verifiable Credential 2.0 document) and built only from the read model, i.e. from what the chain and its
 * IPFS records say. It is honest about what it is: an unsecured credential (no `proof`: the service holds no
 * issuer key for passports); anyone can check its contents against the chain through the links it carries.
 */
import type { CertificateVerification, ResolvedGarment } from "../provenance/index";
import type { LotView } from "../read-model/queries";

type Found = Extract<ResolvedGarment, { found: true }> & {
  /** The verdict over every check of the garment's lots (the passport's lots are the checked views). */
  verdict?: "authentic" | "unverified" | "tampered";
};

export interface PassportLinks {
  /** The garment's Digital Link without its code (the product's identifier). */
  digitalLink: string;
  /** The provenance JSON with verification. */
  provenance: string;
  /** Absolute URL of an IPFS object served by this service. */
  ipfs: (cid: string) => string;
  certificate: (id: string) => string;
}

const BIZ_STEP: Record<LotView["operation"], string> = {
  "fabric-lot": "https://ref.gs1.org/cbv/BizStep-receiving",
  cutting: "https://ref.gs1.org/cbv/BizStep-transforming",
  sewing: "https://ref.gs1.org/cbv/BizStep-assembling",
  shipment: "https://ref.gs1.org/cbv/BizStep-shipping",
};

/** The certificates a passport cites: as provenance verification judged them (id, FTA, status, integrity). */
export type PassportCertificate = Pick<CertificateVerification, "id" | "fta" | "status"> &
  Partial<Pick<CertificateVerification, "verified">>;

/** What a claim says of its certificate's standing: its status, and whether it checked out now. */
function claimDescription(certificate: PassportCertificate): string {
  const integrity =
    certificate.verified === "failed"
      ? "; it does not match its anchor on chain"
      : certificate.verified === "unavailable"
        ? "; it could not be verified now"
        : "";
  return `${certificate.fta} origin certificate ${certificate.id}: ${certificate.status}${integrity}`;
}

/**
 * The passport of a found garment, with the certificates over its lots as provenance verification judged
 * them: a claim conforms only while its certificate is valid (not revoked, not expired) and checks out.
 *
 * @example
 * res.json(garmentPassport(resolveGarment(indexDb, { lot, serial, gtin }), links, certificates));
 */
export function garmentPassport(
  garment: Found,
  links: PassportLinks,
  certificates: readonly PassportCertificate[],
): Record<string, unknown> {
  const { batch, serial, nodes } = garment;
  const product = batch.sewing?.product;
  const fabrics = nodes.filter((lot) => lot.fabric);
  const consumed = new Map<string, number>();
  for (const lot of nodes) for (const input of lot.inputs) consumed.set(input.lotId, input.quantity);
  return {
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/",
    ],
    type: ["VerifiableCredential", "DigitalProductPassport"],
    id: `${links.digitalLink}#passport`,
    issuer: {
      type: ["CredentialIssuer"],
      id: `urn:threadproof:facility:${batch.recordedBy.id ?? batch.lotKey}`,
      name: batch.recordedBy.name ?? batch.recordedBy.id ?? "unknown",
    },
    validFrom: batch.recordedAt,
    credentialSubject: {
      type: ["ProductPassport"],
      product: {
        type: ["Product"],
        id: links.digitalLink,
        name: product?.description ?? batch.description ?? batch.id,
        productCategory: product?.hsCode
          ? [{ type: ["Classification"], code: product.hsCode, schemeName: "Harmonized System" }]
          : [],
        batchNumber: batch.id,
        serialNumber: String(serial),
        producedAtFacility: {
          type: ["Facility"],
          id: `urn:threadproof:facility:${batch.recordedBy.id ?? ""}`,
          name: batch.recordedBy.name,
        },
        countryOfProduction: batch.recordedBy.country,
        productionDate: batch.occurredAt ?? batch.recordedAt,
      },
      materialsProvenance: fabrics.map((lot) => {
        const formation = lot.fabric!.stages.find((s) => s.stage === "fabric-formation");
        return {
          type: ["Material"],
          name: lot.description ?? lot.id,
          originCountry: formation?.country ?? lot.fabric!.supplier.country,
          materialType: lot.fabric!.composition,
          hazardous: false,
          ...(consumed.has(lot.id) ? { quantityUsed: { value: consumed.get(lot.id), unit: lot.unit } } : {}),
        };
      }),
      conformityClaim: certificates.map((c) => ({
        type: ["Claim"],
        id: c.id,
        description: claimDescription(c),
        referenceRegulation: { name: c.fta },
        conformance: c.status === "valid" && (c.verified ?? "passed") === "passed",
        conformityEvidence: { type: ["Link"], linkURL: links.certificate(c.id), linkType: "certificate" },
      })),
      traceabilityInformation: nodes.map((lot) => ({
        type: ["TraceabilityPerformance"],
        valueChainProcess: lot.operation,
        bizStep: BIZ_STEP[lot.operation],
        eventReference: lot.id,
        eventTime: lot.occurredAt ?? lot.recordedAt,
        facility: { name: lot.recordedBy.name, countryCode: lot.recordedBy.country },
        evidence: {
          type: ["Link"],
          linkURL: links.ipfs(lot.record.cid),
          linkType: "application/json",
          hashDigest: lot.record.digest.slice(2),
          hashMethod: "SHA-256",
        },
        transaction: lot.chain.txHash,
      })),
      verification: {
        type: ["Link"],
        linkURL: links.provenance,
        linkType: "application/json",
        ...(garment.verdict ? { verdict: garment.verdict } : {}),
      },
    },
  };
}
