/**
 * The origin certificate as a W3C Verifiable Credential 2.0 shaped as a UNTP Digital Conformity Credential:
 * the issuer is the certifier's `did:web` (its `did:key` before did:web); the subject is the attestation
 * that a garment batch or shipment is originating under an agreement, with the data elements and declaration
 * of its proof of origin (filled from the proof document, see {@link dataElementsFor}) and any cumulation
 * entry, the assessment and its checks; `evidence` lists every event record and document with its SHA-256; `credentialStatus` points at the
 * on-chain anchor whose revocation flag is the status. The proof is added by {@link signDocument}.
 */
import type { OriginAssessment } from "../origin/assessment";
import type { DerivedSubject } from "../assessments/derive-facts";
import type { FtaId, OriginFacts } from "../origin/facts";
import type { ProofRequirements } from "../origin/rules/types";
import type { EvidenceLink } from "../certificates/evidence";
import type { StatusListEntry } from "./status-list";
import { UNTP_DCC_CONTEXT, VC_CONTEXT, threadproofContextUrl } from "./contexts";

export { VC_CONTEXT } from "./contexts";
export const CREDENTIAL_TYPES = [
  "VerifiableCredential",
  "DigitalConformityCredential",
  "OriginCertificate",
] as const;
export const STATUS_TYPE = "ThreadproofChainAnchorStatus";

/** CPTPP Annex 3-B, element 9: the certifying statement. */
export const CPTPP_CERTIFYING_STATEMENT =
  "I certify that the goods described in this document qualify as originating and the information contained " +
  "in this document is true and accurate. I assume responsibility for proving such representations and agree " +
  "to maintain and present upon request or to make available during a verification visit, documentation " +
  "necessary to support this certification.";

/** Details the certifier adds at issue: what the provenance cannot know. All optional. */
export interface IssueDetails {
  certifierRole?: "exporter" | "producer" | "importer";
  contact?: { address?: string; telephone?: string; email?: string };
  importer?: { name: string; address?: string; country?: string };
  /** EVFTA/UKVFTA: the exporter's customs or competent governmental authorisation number. */
  exporterAuthorisation?: string;
  /** CPTPP blanket certification for multiple shipments of identical goods (at most 12 months). */
  blanketPeriod?: { from: string; to: string };
  /** Where the certificate is signed (default: the exporting country). */
  place?: string;
}

export interface CredentialInput {
  id: string;
  baseUrl: string;
  fta: FtaId;
  agreementName: string;
  issuer: { did: string; name: string; certifierId: string };
  issuedAt: Date;
  validUntil: Date;
  subject: DerivedSubject;
  facts: OriginFacts;
  assessment: OriginAssessment;
  assessmentId: string;
  proofRequirements: ProofRequirements;
  evidence: EvidenceLink[];
  chain: { chainId: number; contract: string; certificateKey: string };
  details: IssueDetails;
  /** The certificate's entry in its certifier's Bitstring Status List (absent: the chain anchor only). */
  statusListEntry?: StatusListEntry;
}

export interface DataElement {
  element: string;
  value: string | null;
  /** When threadproof does not know the value: who must supply it ("to be supplied by the exporter"). */
  toSupply?: string;
}

const formatHs6 = (hs: string) => `${hs.slice(0, 4)}.${hs.slice(4, 6)}`;
const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The agreement's data elements as its rule table names them, not yet filled: the certificate use case fills
 * them (and the declaration text) from the proof document the PDF prints (certificates/proof-documents.ts,
 * `attachProofOfOrigin`), so the JSON, the page and the PDF say one thing.
 */
export function dataElementsFor(input: CredentialInput): DataElement[] {
  return input.proofRequirements.dataElements.map((element) => ({ element, value: null }));
}

/** Official pages of the agreements, as the regulation's identifier (UNTP asks for a URI). */
const agreementPages: Readonly<Record<string, string>> = {
  EVFTA: "https://eur-lex.europa.eu/eli/agree_internation/2020/753/oj",
  UKVFTA: "https://www.gov.uk/government/collections/uk-vietnam-free-trade-agreement",
  CPTPP: "https://www.dfat.gov.au/trade/agreements/in-force/cptpp/official-documents",
};
/** The parties that administer each agreement. */
const agreementParties: Readonly<Record<string, string>> = {
  EVFTA: "The European Union and Viet Nam",
  UKVFTA: "The United Kingdom and Viet Nam",
  CPTPP: "The Parties to the CPTPP",
};

/**
 * UNTP's assessor level: who attests. Under CPTPP the exporter, producer or importer certifies origin
 * itself (the importer being the buyer); under EVFTA/UKVFTA the exporter declares it.
 */
export function assessorLevelOf(details: IssueDetails): "Self" | "Buyer" {
  return details.certifierRole === "importer" ? "Buyer" : "Self";
}

/** A party's URI: its facility page on this service, or the service's own page for an unregistered party. */
function partyId(baseUrl: string, party: { id?: string | null } | null | undefined): string {
  return party?.id ? `${baseUrl}/facilities/${encodeURIComponent(party.id)}` : baseUrl;
}

/** The party the attestation is issued to (UNTP `issuedToParty`): the exporter, else the producer. */
function issuedToParty(input: CredentialInput): { id: string; name: string } {
  const party = input.subject.exporter ?? input.subject.producer;
  return { id: partyId(input.baseUrl, party), name: party?.name ?? input.issuer.name };
}

/**
 * The unsigned credential, shaped as a UNTP Digital Conformity Credential 0.6.1: VC 2.0 and UNTP DCC
 * contexts first (the DCC schema requires them in that order), then threadproof's for its own terms.
 */
export function buildOriginCredential(input: CredentialInput): Record<string, unknown> {
  const { baseUrl, id, facts, subject, assessment } = input;
  const certificateUrl = `${baseUrl}/api/v1/origin/certificates/${encodeURIComponent(id)}`;
  const template = input.proofRequirements.declarationText;
  const proofEntries = assessment.requiredProofEntries ?? [];
  const assessmentUrl = `${baseUrl}/api/v1/origin/assessments/${input.assessmentId}`;
  const anchorStatus = {
    id: `${certificateUrl}/verification`,
    type: STATUS_TYPE,
    statusPurpose: "revocation",
    chainId: input.chain.chainId,
    contract: input.chain.contract,
    certificateKey: input.chain.certificateKey,
  };
  const product = {
    id: subject.gtin
      ? `https://id.gs1.org/01/${subject.gtin}`
      : `${baseUrl}/lots/${encodeURIComponent(subject.id)}`,
    name: facts.product.description,
    ...(subject.gtin ? { registeredId: subject.gtin } : {}),
  };
  return {
    "@context": [VC_CONTEXT, UNTP_DCC_CONTEXT, threadproofContextUrl(baseUrl)],
    id: certificateUrl,
    type: [...CREDENTIAL_TYPES],
    name: `Certificate of origin ${id} under ${input.fta}`,
    issuer: {
      id: input.issuer.did,
      type: ["CredentialIssuer"],
      name: input.issuer.name,
      // UNTP's issuer has no room for other terms: the certifier's register entry names it.
      issuerAlsoKnownAs: [
        {
          id: `${baseUrl}/certifiers/${encodeURIComponent(input.issuer.certifierId)}`,
          name: input.issuer.name,
          registeredId: input.issuer.certifierId,
        },
      ],
    },
    validFrom: input.issuedAt.toISOString(),
    validUntil: input.validUntil.toISOString(),
    credentialSubject: {
      id: `${baseUrl}/certificates/${encodeURIComponent(id)}`,
      type: ["ConformityAttestation", "Attestation"],
      name: `Preferential origin of ${subject.id} under ${input.agreementName}`,
      certificateId: id,
      assessorLevel: assessorLevelOf(input.details),
      // No accreditation body stands behind the attestation: UNTP's honest value.
      assessmentLevel: "Unspecified",
      attestationType: template ? "declaration" : "certification",
      issuedToParty: issuedToParty(input),
      agreement: { id: input.fta, name: input.agreementName },
      exporter: subject.exporter,
      producer: subject.producer,
      importer: input.details.importer ?? subject.buyer,
      exportingCountry: facts.exportingCountry,
      importingCountry: facts.importingCountry,
      exportDate: facts.date ?? null,
      product: {
        name: facts.product.description,
        hsCode: formatHs6(facts.product.hsCode),
        gtin: subject.gtin,
        construction: facts.product.construction ?? null,
      },
      subjectLot: {
        id: subject.id,
        kind: subject.kind,
        quantity: subject.quantity,
        unit: subject.unit,
        garmentBatches: subject.garmentBatches,
        invoiceNumber: subject.invoiceNumber,
      },
      assessment: [
        {
          type: ["ConformityAssessment", "Declaration"],
          id: assessmentUrl,
          name: `Rules of origin of the ${input.agreementName}`,
          assessmentDate: dateOnly(input.issuedAt),
          referenceRegulation: {
            type: ["Regulation"],
            id: agreementPages[input.fta] ?? `${baseUrl}/agreements/${input.fta}`,
            name: `${input.agreementName}: rules of origin`,
            administeredBy: {
              id: agreementPages[input.fta] ?? `${baseUrl}/agreements/${input.fta}`,
              name: agreementParties[input.fta] ?? input.agreementName,
            },
          },
          // Rules of origin decide tariff treatment: a matter of regulatory compliance in UNTP's topics.
          conformityTopic: "governance.compliance",
          conformance: true,
          compliance: true,
          assessedProduct: [{ type: ["ProductVerification"], product, IDverifiedByCAB: false }],
          assessmentId: input.assessmentId,
          assessmentUrl,
          status: assessment.status,
          provisional: assessment.provisional,
          rule: assessment.rule,
          checks: assessment.checks,
          ...(assessment.cumulation ? { cumulation: assessment.cumulation } : {}),
          ...(assessment.shortSupplyItems ? { shortSupplyItems: assessment.shortSupplyItems } : {}),
        },
      ],
      originDeclaration: {
        form: input.proofRequirements.forms[0] ?? null,
        requirements: {
          text: input.proofRequirements.text,
          source: input.proofRequirements.source,
          confirmed: input.proofRequirements.confirmed,
        },
        dataElements: dataElementsFor(input),
        proofEntries,
        ...(input.proofRequirements.validityMonths
          ? { validityMonths: input.proofRequirements.validityMonths }
          : {}),
        ...(input.proofRequirements.recordKeepingYears
          ? { recordKeepingYears: input.proofRequirements.recordKeepingYears }
          : {}),
      },
      facts,
    },
    // The chain anchor is the source of truth; the status list publishes it in the W3C form.
    credentialStatus: input.statusListEntry ? [anchorStatus, input.statusListEntry] : anchorStatus,
    evidence: input.evidence,
  };
}
