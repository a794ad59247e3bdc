/**
 * The proofs of origin each agreement allows for garments exported from Viet Nam, who makes each out and
 * signs it, and the conditions on each (value ceilings, authorisation numbers, certifier roles), as data
 * with the source of each line from domain/rules-of-origin.md ([C] confirmed, [U] not). `checkProofRequest`
 * says, for a request, which proof applies and refuses or warns naming the condition that is not met.
 *
 * Amounts are exact: a consignment value and an exchange rate are decimals read into integers
 * (millionths), and the ceiling test cross-multiplies, so EUR 6,000.00 exactly is within "does not exceed
 * EUR 6,000" and EUR 6,000.01 is not.
 */
import type { FtaId } from "./facts";

export const proofTypeIds = [
  "eur1",
  "origin-declaration-approved-exporter",
  "origin-declaration-any-exporter",
  "statement-on-origin-rex",
  "cptpp-certification",
  "rcep-certificate",
  "rcep-declaration-approved-exporter",
  "rcep-declaration-exporter-or-producer",
  "form-d",
  "form-e",
  "form-ak",
  "form-aj",
  "form-vj",
  "form-vk",
  "form-aanz",
] as const;
export type ProofTypeId = (typeof proofTypeIds)[number];

export type PartyRole = "exporter" | "producer" | "importer";

/** Who makes the proof out: an authorised body issues it on the exporter's application, or a party self-certifies. */
export type ProofIssuer = "authorised-body" | "exporter" | "importer-exporter-or-producer";

export interface ProofType {
  readonly id: ProofTypeId;
  readonly fta: FtaId;
  /** The document's name as the agreement calls it. */
  readonly name: string;
  readonly issuedBy: ProofIssuer;
  /** Who signs, in words printed on the document. */
  readonly signedBy: string;
  /** CPTPP: the roles that may complete the certification. */
  readonly certifierRoles?: readonly PartyRole[];
  /** The exporter's authorisation (approved-exporter) number must be given and is printed. */
  readonly requiresAuthorisationNumber?: true;
  /** The exporter's REX number must be given. */
  readonly requiresRexNumber?: true;
  /** The consignment's value must not exceed this (in whole units of the currency). */
  readonly valueCeiling?: { readonly amount: number; readonly currency: string; readonly text: string };
  /** Not open to exports from Viet Nam, and why (refused when asked for). */
  readonly notAvailableFromVietNam?: string;
  readonly text: string;
  readonly source: string;
  readonly confirmed: boolean;
}

const EVFTA_PROOF_SOURCE = "EVFTA Protocol 1, Title IV (rules-of-origin.md, EVFTA: Proof [C])";

/** Every proof type, in the order a request without `proofType` tries them. */
export const proofTypes: readonly ProofType[] = [
  // EVFTA and UKVFTA share Protocol 1's proofs.
  ...(["EVFTA", "UKVFTA"] as const).flatMap((fta): ProofType[] => [
    {
      id: "origin-declaration-approved-exporter",
      fta,
      name: "Origin declaration (approved exporter)",
      issuedBy: "exporter",
      signedBy: "the approved exporter",
      requiresAuthorisationNumber: true,
      text:
        "An origin declaration on the invoice or another commercial document by an exporter holding a customs or " +
        "competent governmental authorisation, for any value; the declaration carries the authorisation number",
      source: `${fta === "EVFTA" ? "EVFTA" : "UKVFTA"} Protocol 1, origin declaration text ("authorisation No ...")`,
      // rules-of-origin.md gives the declaration text with the authorisation number, not the approved-exporter article.
      confirmed: false,
    },
    {
      id: "origin-declaration-any-exporter",
      fta,
      name: "Origin declaration",
      issuedBy: "exporter",
      signedBy: "the exporter",
      valueCeiling: {
        amount: 6000,
        currency: "EUR",
        text: "an origin declaration by an exporter who is not approved is for consignments up to EUR 6,000",
      },
      text: "An origin declaration by the exporter on the invoice for a consignment of at most EUR 6,000",
      source: EVFTA_PROOF_SOURCE,
      confirmed: true,
    },
    {
      id: "eur1",
      fta,
      name: "EUR.1 movement certificate",
      issuedBy: "authorised-body",
      signedBy: "the exporter (box 12, declaration) and the issuing authority (box 11, endorsement)",
      text: "A EUR.1 movement certificate issued by Viet Nam's authorised body on the exporter's application",
      source: EVFTA_PROOF_SOURCE,
      confirmed: true,
    },
    {
      id: "statement-on-origin-rex",
      fta,
      name: "Statement on origin (REX)",
      issuedBy: "exporter",
      signedBy: "the REX-registered exporter",
      requiresRexNumber: true,
      notAvailableFromVietNam:
        "Viet Nam does not use the EU's REX system for its exports: use an origin declaration or a EUR.1",
      text: "A statement on origin by an exporter registered in the EU's REX system",
      source: EVFTA_PROOF_SOURCE,
      confirmed: true,
    },
  ]),
  {
    id: "cptpp-certification",
    fta: "CPTPP",
    name: "Certification of origin",
    issuedBy: "importer-exporter-or-producer",
    signedBy: "the certifier (importer, exporter or producer)",
    certifierRoles: ["importer", "exporter", "producer"],
    text: "A certification of origin completed by the importer, the exporter or the producer, in no set form",
    source: "CPTPP Art. 3.20 and Annex 3-B (rules-of-origin.md, CPTPP: Proof [C])",
    confirmed: true,
  },
  {
    id: "rcep-declaration-approved-exporter",
    fta: "RCEP",
    name: "Declaration of origin (approved exporter)",
    issuedBy: "exporter",
    signedBy: "the approved exporter",
    requiresAuthorisationNumber: true,
    text: "A declaration of origin by an approved exporter",
    source: "RCEP Art. 3.16 (rules-of-origin.md, RCEP: Proof [C])",
    confirmed: true,
  },
  {
    id: "rcep-certificate",
    fta: "RCEP",
    name: "Certificate of Origin (Form RCEP)",
    issuedBy: "authorised-body",
    signedBy: "the exporter (declaration) and the issuing body (certification)",
    text: "A Certificate of Origin issued by an issuing body of Viet Nam on the exporter's application",
    source: "RCEP Art. 3.16 (rules-of-origin.md, RCEP: Proof [C])",
    confirmed: true,
  },
  {
    id: "rcep-declaration-exporter-or-producer",
    fta: "RCEP",
    name: "Declaration of origin (exporter or producer)",
    issuedBy: "exporter",
    signedBy: "the exporter or producer",
    notAvailableFromVietNam:
      "Viet Nam has ten years from entry into force to allow declarations by any exporter or producer: use Form RCEP or an approved exporter's declaration",
    text: "A declaration of origin by the exporter or producer",
    source: "RCEP Art. 3.16 (rules-of-origin.md, RCEP: Proof [C])",
    confirmed: true,
  },
  ...(
    [
      [
        "form-d",
        "ATIGA",
        "Certificate of Origin Form D",
        "ATIGA Annex 8 (operational certification procedure)",
      ],
      [
        "form-e",
        "ACFTA",
        "Certificate of Origin Form E",
        "ACFTA rules of origin, operational certification procedure",
      ],
      [
        "form-ak",
        "AKFTA",
        "Certificate of Origin Form AK",
        "AKFTA rules of origin, operational certification procedure",
      ],
      ["form-aj", "AJCEP", "Certificate of Origin Form AJ", "AJCEP operational procedures"],
      [
        "form-vj",
        "VJEPA",
        "Certificate of Origin Form VJ",
        "VJEPA implementing agreement, operational procedures",
      ],
      [
        "form-vk",
        "VKFTA",
        "Certificate of Origin Form VK",
        "VKFTA chapter 3, operational certification procedure",
      ],
      [
        "form-aanz",
        "AANZFTA",
        "Certificate of origin (Form AANZ)",
        "AANZFTA chapter 3 (Form AANZ [secondary])",
      ],
    ] as const
  ).map(([id, fta, name, source]): ProofType => ({
    id,
    fta,
    name,
    issuedBy: "authorised-body",
    signedBy: "the exporter (declaration) and the issuing authority (certification)",
    text: `${name}, issued by an organisation authorised to issue certificates of origin in Viet Nam on the exporter's application (Circular 40/2025/TT-BCT, e-C/O through eCoSys)`,
    source,
    // rules-of-origin.md does not state these forms' legal texts ([U]).
    confirmed: false,
  })),
];

/** The proof types an agreement allows, in the order a request without `proofType` tries them. */
export function proofTypesFor(fta: FtaId): ProofType[] {
  return proofTypes.filter((type) => type.fta === fta);
}

export function proofTypeFor(fta: FtaId, id: ProofTypeId): ProofType | undefined {
  return proofTypes.find((type) => type.fta === fta && type.id === id);
}

/** A party to the shipment, as the request gives it. */
export interface PartyDetails {
  name?: string;
  address?: string;
  country?: string;
  telephone?: string;
  email?: string;
  /** Approved-exporter, customs or competent governmental authorisation number. */
  authorisationNumber?: string;
  /** EU Registered Exporter number. */
  rexNumber?: string;
}

/** A decimal amount, written as a string so it is read exactly ("7840.00"). */
export interface StatedAmount {
  amount: string;
  currency: string;
}

/** How many units of `to` one unit of `from` buys, as stated by the request (and where from). */
export interface StatedRate {
  from: string;
  to: string;
  rate: string;
  date?: string;
  source?: string;
}

export interface ProofRequest {
  proofType?: ProofTypeId;
  certifierRole?: PartyRole;
  exporter?: PartyDetails;
  producer?: PartyDetails;
  importer?: PartyDetails;
  consignmentValue?: StatedAmount;
  exchangeRate?: StatedRate;
}

/** A condition not met: `field` is the request field to change, `condition` the rule it fails. */
export interface ProofFinding {
  field: string;
  condition: string;
  message: string;
}

export interface ProofDecision {
  /** The proof that applies; null when every proof the agreement allows is refused. */
  proofType: ProofType | null;
  refusals: ProofFinding[];
  warnings: ProofFinding[];
  /** The consignment value in the ceiling's currency, as a decimal string, when it was converted. */
  valueInCeilingCurrency?: string;
}

const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;
const SCALE = 1_000_000n;

/**
 * A non-negative decimal string as millionths; undefined when it is not one with at most six decimals.
 *
 * @example
 * decimalMillionths("6000.01"); // 6000010000n
 */
export function decimalMillionths(text: string): bigint | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(6, "0"));
}

/** Millionths² (an amount times a rate) as a decimal string with up to 12 decimals, trailing zeros cut. */
function formatScaled(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const fraction = (value % scale)
    .toString()
    .padStart(scale.toString().length - 1, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/**
 * The consignment value against a ceiling, exactly: `amount × rate ≤ ceiling`, all in integers.
 * Returns the comparison (-1 below, 0 at, 1 over) and the converted value, or a finding naming the field.
 */
function compareToCeiling(
  ceiling: NonNullable<ProofType["valueCeiling"]>,
  value: StatedAmount,
  rate: StatedRate | undefined,
): { comparison: -1 | 0 | 1; converted: string } | ProofFinding {
  const condition = ceiling.text;
  const amount = decimalMillionths(value.amount);
  if (amount === undefined)
    return {
      field: "consignmentValue.amount",
      condition,
      message: "must be a decimal amount with at most 6 decimals, written as a string",
    };
  const limit = BigInt(ceiling.amount) * SCALE;
  let converted: bigint; // in millionths² of the ceiling's currency
  if (value.currency === ceiling.currency) converted = amount * SCALE;
  else {
    if (!rate)
      return {
        field: "exchangeRate",
        condition,
        message: `is required to compare a ${value.currency} value with the EUR ${ceiling.amount.toLocaleString("en")} ceiling: state the rate used (from ${value.currency} to ${ceiling.currency})`,
      };
    if (rate.from !== value.currency || rate.to !== ceiling.currency)
      return {
        field: "exchangeRate",
        condition,
        message: `must convert from ${value.currency} to ${ceiling.currency}`,
      };
    const perUnit = decimalMillionths(rate.rate);
    if (perUnit === undefined || perUnit === 0n)
      return {
        field: "exchangeRate.rate",
        condition,
        message: "must be a positive decimal with at most 6 decimals, written as a string",
      };
    converted = amount * perUnit;
  }
  const bound = limit * SCALE;
  const comparison = converted < bound ? -1 : converted === bound ? 0 : 1;
  return { comparison, converted: formatScaled(converted, SCALE * SCALE) };
}

const isFinding = (value: unknown): value is ProofFinding =>
  typeof value === "object" && value !== null && "field" in value;

const contactFields = ["name", "address", "telephone", "email"] as const;

/** CPTPP Annex 3-B: the certifier's, exporter's and producer's name, address, telephone and e-mail. */
function cptppFindings(request: ProofRequest): { refusals: ProofFinding[]; warnings: ProofFinding[] } {
  const refusals: ProofFinding[] = [];
  const warnings: ProofFinding[] = [];
  const role = request.certifierRole;
  if (!role) {
    refusals.push({
      field: "certifierRole",
      condition: "CPTPP Annex 3-B element 1: the certifier is the importer, the exporter or the producer",
      message: "is required: importer, exporter or producer",
    });
    return { refusals, warnings };
  }
  const certifier = request[role];
  for (const key of contactFields)
    if (!certifier?.[key])
      refusals.push({
        field: `${role}.${key}`,
        condition:
          "CPTPP Annex 3-B element 2: the certifier's name, address, telephone number and e-mail address",
        message: `is required: the ${role} is the certifier`,
      });
  if (role !== "exporter")
    for (const key of contactFields)
      if (!request.exporter?.[key])
        refusals.push({
          field: `exporter.${key}`,
          condition:
            "CPTPP Annex 3-B element 3: the exporter's name, address, telephone number and e-mail address",
          message: "is required when the exporter is not the certifier",
        });
  if (role !== "producer" && !(role === "exporter" && !request.producer)) {
    for (const key of contactFields)
      if (!request.producer?.[key])
        warnings.push({
          field: `producer.${key}`,
          condition:
            "CPTPP Annex 3-B element 4: the producer's name, address, telephone number and e-mail address",
          message:
            "is not given: the certification will read 'Available upon request by the importing authorities'",
        });
  }
  return { refusals, warnings };
}

/** Why one proof type cannot be used for the request (empty when it can), and what to warn of. */
function conditionsOf(type: ProofType, request: ProofRequest, exportingCountry: string) {
  const refusals: ProofFinding[] = [];
  const warnings: ProofFinding[] = [];
  let valueInCeilingCurrency: string | undefined;
  if (type.notAvailableFromVietNam && exportingCountry === "VN")
    refusals.push({ field: "proofType", condition: type.source, message: type.notAvailableFromVietNam });
  if (type.requiresAuthorisationNumber && !request.exporter?.authorisationNumber)
    refusals.push({
      field: "exporter.authorisationNumber",
      condition: `${type.name}: the exporter's authorisation number is printed in the declaration`,
      message: "is required for a declaration by an approved exporter",
    });
  if (type.requiresRexNumber && !request.exporter?.rexNumber)
    refusals.push({
      field: "exporter.rexNumber",
      condition: `${type.name}: the exporter's REX number`,
      message: "is required for a statement on origin",
    });
  if (type.valueCeiling) {
    if (!request.consignmentValue)
      refusals.push({
        field: "consignmentValue",
        condition: type.valueCeiling.text,
        message: "is required: the ceiling is tested on the consignment's total value",
      });
    else {
      const result = compareToCeiling(type.valueCeiling, request.consignmentValue, request.exchangeRate);
      if (isFinding(result)) refusals.push(result);
      else {
        valueInCeilingCurrency = result.converted;
        if (result.comparison > 0)
          refusals.push({
            field: "consignmentValue",
            condition: type.valueCeiling.text,
            message: `is ${type.valueCeiling.currency} ${result.converted}, over the ${type.valueCeiling.currency} ${type.valueCeiling.amount.toLocaleString("en")} ceiling: an approved exporter's declaration (exporter.authorisationNumber) or a EUR.1 is needed`,
          });
      }
    }
  }
  if (type.fta === "CPTPP") {
    const cptpp = cptppFindings(request);
    refusals.push(...cptpp.refusals);
    warnings.push(...cptpp.warnings);
  } else if (request.certifierRole && request.certifierRole !== "exporter")
    refusals.push({
      field: "certifierRole",
      condition: `${type.name}: signed by ${type.signedBy}`,
      message: `must be exporter (or left out) for ${type.name}`,
    });
  if (type.issuedBy === "authorised-body")
    warnings.push({
      field: "proofType",
      condition: type.text,
      message: `threadproof prepares the application; the ${type.name} itself is issued by the authorised body`,
    });
  if (!type.confirmed)
    warnings.push({
      field: "proofType",
      condition: type.source,
      message: `the requirements of the ${type.name} are not confirmed against the legal text: check them before relying on this document`,
    });
  for (const role of ["exporter", "producer", "importer"] as const) {
    const email = request[role]?.email;
    if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      refusals.push({
        field: `${role}.email`,
        condition: "a reachable contact",
        message: "must be an e-mail address",
      });
  }
  return { refusals, warnings, valueInCeilingCurrency };
}

/**
 * Which proof of origin applies to a request, and the conditions it does not meet. With `proofType` the
 * request's choice is checked; without, the agreement's proofs are tried in order and the first whose
 * conditions are met is chosen (EVFTA: the approved exporter's declaration, the declaration up to
 * EUR 6,000, then EUR.1).
 *
 * @example
 * checkProofRequest("EVFTA", "VN", { consignmentValue: { amount: "6000.01", currency: "EUR" } }).proofType?.id;
 * // "eur1": over the ceiling, not approved
 */
export function checkProofRequest(
  fta: FtaId,
  exportingCountry: string,
  request: ProofRequest,
): ProofDecision {
  const candidates = proofTypesFor(fta);
  if (request.proofType) {
    const chosen = candidates.find((type) => type.id === request.proofType);
    if (!chosen)
      return {
        proofType: null,
        refusals: [
          {
            field: "proofType",
            condition: `${fta} allows ${candidates.map((type) => type.id).join(", ")}`,
            message: `${request.proofType} is not a proof of origin under ${fta}`,
          },
        ],
        warnings: [],
      };
    const result = conditionsOf(chosen, request, exportingCountry);
    return {
      proofType: result.refusals.length === 0 ? chosen : null,
      refusals: result.refusals,
      warnings: result.warnings,
      ...(result.valueInCeilingCurrency ? { valueInCeilingCurrency: result.valueInCeilingCurrency } : {}),
    };
  }
  const tried: ProofFinding[] = [];
  let lastRefused: { refusals: ProofFinding[]; warnings: ProofFinding[] } | undefined;
  for (const type of candidates) {
    if (type.notAvailableFromVietNam && exportingCountry === "VN") continue;
    // Without an authorisation number, an approved exporter's path is not the one asked for.
    if (type.requiresAuthorisationNumber && !request.exporter?.authorisationNumber) continue;
    const result = conditionsOf(type, request, exportingCountry);
    if (result.refusals.length === 0)
      return {
        proofType: type,
        refusals: [],
        // Why a cheaper proof was passed over is worth saying (the EUR 6,000 ceiling).
        warnings: [
          ...tried.map((finding) => ({ ...finding, message: `not used: ${finding.message}` })),
          ...result.warnings,
        ],
        ...(result.valueInCeilingCurrency ? { valueInCeilingCurrency: result.valueInCeilingCurrency } : {}),
      };
    tried.push(...result.refusals.filter((finding) => finding.condition === type.valueCeiling?.text));
    lastRefused = result;
  }
  // Every proof refused: the last one tried (the one with fewest conditions) says what to change.
  return {
    proofType: null,
    refusals: lastRefused?.refusals ?? [
      { field: "proofType", condition: fta, message: "no proof of origin is open to this request" },
    ],
    warnings: lastRefused?.warnings ?? [],
  };
}
