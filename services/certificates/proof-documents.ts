/**
 * The proof of origin a certificate stands for, and the content of its printable document.
 *
 * `decideProofOfOrigin` runs at issue: it merges the request's exporter, producer and importer details with
 * what the provenance knows, derives the consignment value when the request does not state it, and checks
 * the proof type's conditions (`origin/proof-types.ts`). A request that names its `proofType` is refused on
 * any condition not met, naming the field; one that does not gets the first proof whose conditions are
 * met, and every condition it cannot show is carried as a warning printed on the document.
 *
 * `proofDocumentFor` turns a credential into what the PDF prints: exactly the data elements of its proof
 * type (EUR.1 boxes, the origin declaration, CPTPP's nine elements, Form D/E/AK/... boxes), the declaration
 * in the agreement's wording, the rule met and each of its checks once, in words — a material is named by
 * its description and HS code, never by its index in the facts. Checks of an alternative rule that was not
 * the one met are left out (a certificate is issued only for an originating answer, so the rule met is
 * always stated). Who makes the proof out and who signs the digital copy are stated once, the same way, on
 * every page.
 */
import { ValidationError } from "../errors";
import type { OriginFacts } from "../origin/facts";
import { toMillionths } from "../origin/amounts";
import {
  checkProofRequest,
  proofTypeFor,
  proofTypesFor,
  type PartyDetails,
  type PartyRole,
  type ProofFinding,
  type ProofRequest,
  type ProofType,
  type ProofTypeId,
  type StatedAmount,
  type StatedRate,
} from "../origin/proof-types";
import { ruleSetFor } from "../origin/rules";
import { inWords, type MaterialLike } from "../origin/in-words";

export { inWords } from "../origin/in-words";
import { issuerCertifierId, type OriginCredential } from "./anchored";
import type { DerivedSubject } from "../records/index";
import type { DataElement } from "../credentials/credential";
import { CPTPP_CERTIFYING_STATEMENT } from "../credentials/credential";

/** What the credential records about its proof of origin (credentialSubject.proofOfOrigin). */
export interface ProofOfOrigin {
  proofType: ProofTypeId;
  name: string;
  issuedBy: ProofType["issuedBy"];
  signedBy: string;
  source: string;
  confirmed: boolean;
  certifierRole: PartyRole | null;
  exporter: PartyDetails | null;
  producer: PartyDetails | null;
  importer: PartyDetails | null;
  consignmentValue: (StatedAmount & { derivedFrom?: string }) | null;
  exchangeRate: StatedRate | null;
  valueInCeilingCurrency: string | null;
  /** CPTPP: the blanket period for identical goods (element 8), when the request gives one. */
  blanketPeriod?: { from: string; to: string };
  /** Where the proof is made out, when the request says (otherwise the exporter's country). */
  place?: string;
  /** Conditions not shown, in words (printed on the document). */
  warnings: ProofFinding[];
}

/** The request fields the proof decision reads. */
export interface ProofOfOriginRequest extends ProofRequest {
  /** The certifier's contact (legacy field: CPTPP element 2). */
  contact?: { address?: string; telephone?: string; email?: string };
  /** Legacy field: the exporter's authorisation number, as `exporter.authorisationNumber`. */
  exporterAuthorisation?: string;
  blanketPeriod?: { from: string; to: string };
  place?: string;
}

const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== "")) as T;

function merge(known: PartyDetails | null, given: PartyDetails | undefined): PartyDetails | null {
  const merged = compact({ ...(known ?? {}), ...(given ?? {}) });
  return Object.keys(merged).length > 0 ? merged : null;
}

/** millionths as a decimal string, trailing zeros cut. */
function decimal(millionths: bigint): string {
  const whole = millionths / 1_000_000n;
  const fraction = (millionths % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** The consignment's ex-works value: quantity × ex-works price of one garment, exactly. */
function derivedConsignmentValue(
  facts: OriginFacts,
  subject: DerivedSubject,
): (StatedAmount & { derivedFrom: string }) | undefined {
  const price = facts.product.exWorksPrice;
  if (!price || subject.unit !== "pcs" || !Number.isInteger(subject.quantity)) return undefined;
  const each = toMillionths(price.amount);
  if (each === undefined) return undefined;
  return {
    amount: decimal(each * BigInt(subject.quantity)),
    currency: price.currency,
    derivedFrom: `${subject.quantity} pcs × ${price.currency} ${price.amount} ex-works`,
  };
}

/**
 * The proof of origin for an issue request. Throws a ValidationError naming the field when the request names
 * a `proofType` whose conditions are not met, or when no proof is open to it.
 *
 * @example
 * decideProofOfOrigin({ proofType: "origin-declaration-any-exporter", consignmentValue: { amount: "6000.01", currency: "EUR" } }, facts, subject);
 * // throws: consignmentValue — over the EUR 6,000 ceiling
 */
export function decideProofOfOrigin(
  request: ProofOfOriginRequest,
  facts: OriginFacts,
  subject: DerivedSubject,
): ProofOfOrigin {
  const fromSubject = (party: { name: string | null; country: string | null } | null) =>
    party ? compact({ name: party.name ?? undefined, country: party.country ?? undefined }) : null;
  const legacyAuthorisation = request.exporterAuthorisation
    ? { authorisationNumber: request.exporterAuthorisation }
    : {};
  const exporter = merge(fromSubject(subject.exporter), { ...legacyAuthorisation, ...request.exporter });
  const producer = merge(fromSubject(subject.producer), request.producer);
  const importer = merge(fromSubject(subject.buyer), request.importer);
  const strict = request.proofType !== undefined;
  const certifierRole = request.certifierRole ?? (facts.fta === "CPTPP" && !strict ? "exporter" : undefined);
  const parties: Record<PartyRole, PartyDetails | null> = { exporter, producer, importer };
  if (certifierRole && request.contact)
    parties[certifierRole] = merge(parties[certifierRole], request.contact);
  const consignmentValue = request.consignmentValue ?? derivedConsignmentValue(facts, subject);
  const decision = checkProofRequest(facts.fta, facts.exportingCountry, {
    ...(request.proofType ? { proofType: request.proofType } : {}),
    ...(certifierRole ? { certifierRole } : {}),
    ...(parties.exporter ? { exporter: parties.exporter } : {}),
    ...(parties.producer ? { producer: parties.producer } : {}),
    ...(parties.importer ? { importer: parties.importer } : {}),
    ...(consignmentValue ? { consignmentValue } : {}),
    ...(request.exchangeRate ? { exchangeRate: request.exchangeRate } : {}),
  });
  if (strict && decision.refusals.length > 0)
    throw new ValidationError(
      decision.refusals.map((finding) => ({
        path: finding.field,
        message: `${finding.message} (${finding.condition})`,
      })),
      `The ${proofTypeFor(facts.fta, request.proofType!)?.name ?? request.proofType} cannot be made out for this request`,
    );
  // Without a named proof, the agreement's last-resort proof stands, with what it could not show as warnings.
  const type = decision.proofType ?? fallbackProof(facts.fta);
  const warnings = decision.proofType
    ? decision.warnings
    : [
        ...decision.refusals.map((finding) => ({ ...finding, message: `not shown: ${finding.message}` })),
        ...decision.warnings,
      ];
  return {
    proofType: type.id,
    name: type.name,
    issuedBy: type.issuedBy,
    signedBy: type.signedBy,
    source: type.source,
    confirmed: type.confirmed,
    certifierRole: type.fta === "CPTPP" ? (certifierRole ?? null) : "exporter",
    exporter: parties.exporter,
    producer: parties.producer,
    importer: parties.importer,
    consignmentValue: consignmentValue ?? null,
    exchangeRate: request.exchangeRate ?? null,
    valueInCeilingCurrency: decision.valueInCeilingCurrency ?? null,
    ...(type.fta === "CPTPP" && request.blanketPeriod ? { blanketPeriod: request.blanketPeriod } : {}),
    ...(request.place ? { place: request.place } : {}),
    warnings,
  };
}

function fallbackProof(fta: OriginFacts["fta"]): ProofType {
  const open = proofTypesFor(fta).filter((type) => !type.notAvailableFromVietNam);
  return open.find((type) => type.issuedBy !== "exporter" || !type.requiresAuthorisationNumber) ?? open[0]!;
}

// --- The printable content --------------------------------------------------------------------------------

export interface ProofDocumentElement {
  label: string;
  value: string;
  /** True when threadproof does not know the value: the exporter (or the issuing body) must supply it. */
  toSupply: boolean;
}

export interface ProofDocumentCheck {
  passed: boolean;
  text: string;
}

/** What a certificate's PDF prints, in order. */
export interface ProofDocument {
  /** The heading of the proof's section: the document's legal name. */
  title: string;
  /** Who makes the proof out and who signs this digital copy, the same words on every page. */
  madeOutBy: string;
  digitalCopySignedBy: string;
  /** The same, short, for each page's footer. */
  footer: string;
  elements: ProofDocumentElement[];
  /** The declaration in the agreement's wording, filled in. */
  declaration: { heading: string; text: string } | null;
  /** Entries the proof must carry (cumulation). */
  proofEntries: string[];
  ruleMet: string;
  checks: ProofDocumentCheck[];
  warnings: string[];
  source: string;
}

const TO_SUPPLY = "to be supplied by the exporter";
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const treatyNames: Readonly<Record<string, string>> = { VN: "Viet Nam", KR: "Korea" };
const countryName = (code: string | null | undefined) =>
  code ? (treatyNames[code] ?? regionNames.of(code) ?? code) : null;

/** A party on one line: name, address, country; telephone and e-mail where `contact`. */
export function partyLine(party: PartyDetails | null | undefined, contact = false): string | null {
  if (!party?.name) return null;
  const parts = [party.name, party.address, countryName(party.country)];
  if (contact)
    parts.push(
      party.telephone ? `tel. ${party.telephone}` : undefined,
      party.email ? `e-mail ${party.email}` : undefined,
    );
  return parts.filter(Boolean).join(", ");
}

interface CheckLike {
  id: string;
  passed: boolean;
  detail: string;
}

/**
 * The checks of the rule met, each once: those of another alternative of the same product rule are left out
 * (the rule met is stated; the alternative's outcome does not bear on it), and a check repeated with the same
 * words is printed once.
 */
export function checksOfRuleMet(
  checks: readonly CheckLike[],
  ruleId: string,
  materials: readonly MaterialLike[],
): ProofDocumentCheck[] {
  const productRuleId = ruleId.includes("/") ? ruleId.slice(0, ruleId.indexOf("/")) : null;
  const seen = new Set<string>();
  const kept: ProofDocumentCheck[] = [];
  for (const check of checks) {
    const alternative = productRuleId && check.id.startsWith(`${productRuleId}/`);
    if (alternative && !check.id.startsWith(`${ruleId}.`) && check.id !== ruleId) continue;
    const text = inWords(check.detail, materials);
    if (seen.has(text)) continue;
    seen.add(text);
    kept.push({ passed: check.passed, text });
  }
  return kept;
}

type Subject = OriginCredential["credentialSubject"] & {
  proofOfOrigin?: ProofOfOrigin;
  originDeclaration?: {
    form: string | null;
    dataElements: DataElement[];
    declarationText?: string;
    proofEntries: string[];
    requirements?: { source?: string };
  };
  subjectLot: { id: string; kind: string; quantity?: number; unit?: string; invoiceNumber?: string | null };
  exportDate?: string | null;
};

const element = (
  label: string,
  value: string | null | undefined,
  toSupply = TO_SUPPLY,
): ProofDocumentElement =>
  value ? { label, value, toSupply: false } : { label, value: toSupply, toSupply: true };

/** The proof document's elements as the credential records them: an unknown value is null, with who supplies it. */
export function credentialDataElements(document: Pick<ProofDocument, "elements">): DataElement[] {
  return document.elements.map((e) =>
    e.toSupply ? { element: e.label, value: null, toSupply: e.value } : { element: e.label, value: e.value },
  );
}

/**
 * Records the proof of origin on an unsigned credential and fills its `originDeclaration` from the proof
 * document the PDF prints: the form's name, the data elements (same numbers, labels and values) and the
 * declaration, so the JSON, the certificate page and the PDF say one thing.
 */
export function attachProofOfOrigin(unsigned: Record<string, unknown>, proof: ProofOfOrigin): void {
  const subject = unsigned.credentialSubject as Record<string, unknown> & {
    originDeclaration: Record<string, unknown>;
  };
  subject.proofOfOrigin = proof;
  const document = proofDocumentFor(unsigned as unknown as OriginCredential);
  const { declarationText: _old, ...rest } = subject.originDeclaration;
  subject.originDeclaration = {
    ...rest,
    form: proof.name,
    dataElements: credentialDataElements(document),
    ...(document.declaration ? { declarationText: document.declaration.text } : {}),
  };
}

/** The EVFTA/UKVFTA declaration, Protocol 1's wording, blanks filled. */
function euDeclaration(template: string, proof: ProofOfOrigin, origin: string): string {
  const number = proof.exporter?.authorisationNumber;
  const withNumber = number
    ? template.replace("No ...", `No ${number}`)
    : // Not an approved exporter: no authorisation number to give, so the words in brackets are left out.
      template.replace(" (customs or competent governmental authorisation No ...)", "");
  return withNumber.replace("are of ... preferential origin", `are of ${origin} preferential origin`);
}

/** The origin criterion code a Form D/E/AK/... box asks for, from the rule met. */
export function originCriterionCode(fta: OriginFacts["fta"], ruleId: string): string {
  const [productRuleId, alternativeId] = ruleId.split("/");
  const rule = ruleSetFor(fta).productRules.find((candidate) => candidate.id === productRuleId);
  const alternative = rule?.alternatives.find((candidate) => candidate.id === alternativeId);
  if (!alternative) return "PSR";
  if (alternative.rvc) return `RVC ${alternative.rvc.minPercent} %`;
  // A tariff shift with upstream stages (yarn forward) is a product-specific process rule, not a bare CC.
  const upstream = alternative.stages.some((stage) => stage !== "cutting" && stage !== "sewing");
  if (upstream || !alternative.tariffShift) return "PSR";
  return { chapter: "CC", heading: "CTH", subheading: "CTSH" }[alternative.tariffShift.level] ?? "PSR";
}

/**
 * What the certificate's PDF prints for its proof of origin. A credential issued before proof types were
 * recorded prints the data elements it holds, under its form's name.
 */
export function proofDocumentFor(credential: OriginCredential): ProofDocument {
  const subject = credential.credentialSubject as Subject;
  const assessment = subject.assessment[0]!;
  const facts = (subject.facts ?? {}) as { materials?: MaterialLike[]; product?: { description?: string } };
  const materials = facts.materials ?? [];
  const checks = checksOfRuleMet((assessment.checks ?? []) as CheckLike[], assessment.rule.id, materials);
  const ruleMet = `${assessment.rule.text} (rule ${assessment.rule.id}; ${assessment.rule.source})`;
  const declaration = subject.originDeclaration;
  const proofEntries = declaration?.proofEntries ?? [];
  const signer = `${credential.issuer.name} (${issuerCertifierId(credential) ?? "certifier not named"})`;
  const proof = subject.proofOfOrigin;
  if (!proof) {
    return {
      title: `Required data elements${declaration?.form ? ` — ${declaration.form}` : ""}`,
      madeOutBy: `Certified by ${signer}`,
      digitalCopySignedBy: signer,
      footer: `certified by ${credential.issuer.name}`,
      elements: (declaration?.dataElements ?? []).map((e) => element(e.element, e.value, e.toSupply)),
      declaration: declaration?.declarationText
        ? { heading: "Origin declaration", text: inWords(declaration.declarationText, materials) }
        : null,
      proofEntries,
      ruleMet,
      checks,
      warnings: [],
      source: declaration?.requirements?.source ?? "",
    };
  }
  const fta = subject.agreement.id as OriginFacts["fta"];
  const origin = countryName(subject.exportingCountry) ?? subject.exportingCountry;
  const destination = countryName(subject.importingCountry) ?? subject.importingCountry;
  const lot = subject.subjectLot;
  const goods = `${subject.product.name}, HS ${subject.product.hsCode}`;
  const quantity = lot.quantity ? `${lot.quantity} ${lot.unit ?? ""}`.trim() : null;
  const signedOn = credential.validFrom.slice(0, 10);
  const makerRole = proof.certifierRole ?? "exporter";
  const maker = proof[makerRole];
  const madeOutBy =
    proof.issuedBy === "authorised-body"
      ? `${proof.name} to be issued by the authorised body on the application of the exporter${maker?.name ? `, ${maker.name}` : ""}`
      : `${proof.name} made out by the ${makerRole}${maker?.name ? `, ${maker.name}` : ""}`;
  const digitalCopySignedBy = `${signer}, who checked the goods' provenance against the rule of origin; it does not take the ${makerRole}'s place as signatory`;
  const warnings = proof.warnings.map((w) => `${w.field}: ${w.message} (${w.condition})`);
  const footer = `${proof.issuedBy === "authorised-body" ? "application by" : "made out by"} the ${makerRole}${maker?.name ? ` ${maker.name}` : ""} · digital copy signed by ${credential.issuer.name}`;
  const base = {
    madeOutBy,
    digitalCopySignedBy,
    footer,
    proofEntries,
    ruleMet,
    checks,
    warnings,
    source: proof.source,
  };
  const template = ruleSetFor(fta).proof.declarationText;

  switch (proof.proofType) {
    case "origin-declaration-approved-exporter":
    case "origin-declaration-any-exporter":
      return {
        ...base,
        title: proof.name,
        elements: [
          element("Exporter", partyLine(proof.exporter)),
          element("Invoice or other commercial document the declaration is made out on", lot.invoiceNumber),
          element("Products covered", `${goods}${quantity ? `, ${quantity}` : ""}`),
          ...(proof.proofType === "origin-declaration-approved-exporter"
            ? [
                element(
                  "Exporter's customs or competent governmental authorisation No",
                  proof.exporter?.authorisationNumber,
                ),
              ]
            : [element("Consignment value (up to EUR 6,000 without an authorisation)", valueLine(proof))]),
          element(
            "Place and date",
            `${proof.place ?? countryName(proof.exporter?.country) ?? origin}, ${signedOn}`,
          ),
          element(
            "Signature and name of the exporter",
            proof.exporter?.name ? `${proof.exporter.name} (signature on the invoice)` : null,
          ),
        ],
        declaration: template
          ? { heading: "Origin declaration", text: euDeclaration(template, proof, origin) }
          : null,
      };
    case "eur1": {
      const other = fta === "UKVFTA" ? "the United Kingdom" : "the European Union";
      return {
        ...base,
        title: `${proof.name} — the exporter's application data`,
        elements: [
          element("1. Exporter (name, full address, country)", partyLine(proof.exporter)),
          element("2. Certificate used in preferential trade between", `${origin} and ${other}`),
          element("3. Consignee (name, full address, country) (optional)", partyLine(proof.importer)),
          element("4. Country in which the products are considered as originating", origin),
          element("5. Country of destination", destination),
          element("6. Transport details (optional)", null),
          element("7. Remarks", proofEntries.join("; ") || "none"),
          element(
            "8. Item number; marks and numbers; number and kind of packages; description of goods",
            goods,
          ),
          element("9. Gross mass (kg) or other measure", quantity),
          element("10. Invoices (optional)", lot.invoiceNumber),
          element(
            "11. Customs or competent authority endorsement",
            null,
            "completed by the issuing authority",
          ),
          element(
            "12. Declaration by the exporter (place, date, signature)",
            null,
            "signed by the exporter on the form",
          ),
        ],
        declaration: null,
      };
    }
    case "cptpp-certification": {
      const certifier = proof.certifierRole ? proof[proof.certifierRole] : null;
      const exporterLine =
        proof.certifierRole === "exporter" ? "the certifier (element 2)" : partyLine(proof.exporter, true);
      const producerLine =
        proof.certifierRole === "producer"
          ? "the certifier (element 2)"
          : (partyLine(proof.producer, true) ?? "Available upon request by the importing authorities");
      return {
        ...base,
        title: "Certification of origin (CPTPP Annex 3-B)",
        elements: [
          element("1. Certifier", proof.certifierRole),
          element("2. Certifier: name, address, telephone, e-mail", partyLine(certifier, true)),
          element("3. Exporter: name, address, telephone, e-mail", exporterLine),
          element("4. Producer: name, address, telephone, e-mail", producerLine),
          element(
            "5. Importer: name, address, telephone, e-mail",
            partyLine(proof.importer, true),
            "not known",
          ),
          element(
            "6. Description and HS tariff classification (6 digits)",
            `${goods}${lot.invoiceNumber ? `; invoice ${lot.invoiceNumber}` : ""}`,
          ),
          element("7. Origin criterion", ruleMet),
          element("8. Blanket period", blanket(proof, subject), "single shipment"),
          element(
            "9. Authorised signature and date",
            certifier?.name ? `${certifier.name} (${proof.certifierRole}), ${signedOn}` : null,
          ),
        ],
        declaration: { heading: "Certifying statement", text: CPTPP_CERTIFYING_STATEMENT },
      };
    }
    default:
      return {
        ...base,
        title: `${proof.name} — the exporter's application data`,
        elements: [
          element("1. Goods consigned from (exporter's name, address, country)", partyLine(proof.exporter)),
          element("2. Goods consigned to (consignee's name, address, country)", partyLine(proof.importer)),
          element("3. Means of transport and route", null),
          element("4. For official use", null, "completed by the issuing authority"),
          element("5. Item number", "1"),
          element("6. Marks and numbers on packages", null),
          element("7. Number and type of packages, description of goods, HS code", goods),
          element("8. Origin criterion", originCriterionCode(fta, assessment.rule.id)),
          element("9. Quantity and FOB value", quantity ? `${quantity}; FOB value ${TO_SUPPLY}` : null),
          element("10. Number and date of invoices", lot.invoiceNumber),
          element("11. Declaration by the exporter", null, "signed by the exporter on the form"),
          element("12. Certification", null, "completed by the issuing authority"),
        ],
        declaration: null,
      };
  }
}

function valueLine(proof: ProofOfOrigin): string | null {
  if (!proof.consignmentValue) return null;
  const { amount, currency, derivedFrom } = proof.consignmentValue;
  const stated = `${currency} ${amount}${derivedFrom ? ` (${derivedFrom})` : ""}`;
  if (!proof.valueInCeilingCurrency || currency === "EUR") return stated;
  const rate = proof.exchangeRate;
  return `${stated} = EUR ${proof.valueInCeilingCurrency}${rate ? ` at ${rate.rate} ${rate.to} per ${rate.from}${rate.date ? ` on ${rate.date}` : ""}${rate.source ? ` (${rate.source})` : ""}` : ""}`;
}

function blanket(proof: ProofOfOrigin, subject: Subject): string | null {
  if (proof.blanketPeriod) return `${proof.blanketPeriod.from} to ${proof.blanketPeriod.to}`;
  // Certificates issued before the proof recorded its blanket period carry it in the credential's elements.
  const elements = subject.originDeclaration?.dataElements ?? [];
  return elements.find((e) => e.element.startsWith("Blanket period"))?.value ?? null;
}
