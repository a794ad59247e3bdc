/** Request and answer schemas of the certificate routes (validation, types and the OpenAPI document). */
import { z } from "zod";
import { CheckNoteSchema, CountrySchema, IdSchema } from "./common";
import { AssessmentIdSchema, FtaIdSchema } from "./origin";
import { proofTypeIds } from "../../origin/proof-types";

const text = (max: number) => z.string().trim().min(1).max(max);

const telephone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()./-]{6,30}$/, "must be a telephone number (digits, spaces, + ( ) . / -)");

/** A party's details as the proof of origin prints them (CPTPP Annex 3-B: name, address, telephone, e-mail). */
const PartyDetailsSchema = z.strictObject({
  name: text(200).optional(),
  address: text(300).optional(),
  country: CountrySchema.optional(),
  telephone: telephone.optional(),
  email: z.email().optional(),
  authorisationNumber: text(100)
    .optional()
    .describe("Approved exporter's customs or competent governmental authorisation number"),
  rexNumber: text(50).optional().describe("EU Registered Exporter (REX) number"),
});

const decimalString = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}(\.\d{1,6})?$/, `must be ${what} written as a decimal string with at most 6 decimals`);
const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code such as USD or EUR");

export const IssueCertificateBodySchema = z
  .strictObject({
    assessmentId: AssessmentIdSchema.optional().describe("A kept assessment (POST /origin/assessments)"),
    subjectId: IdSchema.optional().describe("Or: the garment batch or shipment to assess now"),
    fta: FtaIdSchema.optional().describe("With subjectId: the agreement"),
    importingCountry: CountrySchema.optional().describe("With subjectId, when the subject is not an export"),
    date: z.iso.date({ error: "must be a calendar date written YYYY-MM-DD" }).optional(),
    certifierRole: z.enum(["exporter", "producer", "importer"]).optional().describe("CPTPP data element 1"),
    contact: z
      .strictObject({
        address: text(300).optional(),
        telephone: text(50).optional(),
        email: z.email().optional(),
      })
      .optional()
      .describe("The certifier's address, telephone and e-mail (CPTPP data element 2)"),
    importer: z
      .strictObject({
        name: text(200),
        address: text(300).optional(),
        country: CountrySchema.optional(),
        telephone: telephone.optional(),
        email: z.email().optional(),
      })
      .optional()
      .describe("The importer, when the shipment's buyer is not it"),
    exporterAuthorisation: text(100)
      .optional()
      .describe("EVFTA/UKVFTA: the exporter's customs or competent governmental authorisation number"),
    blanketPeriod: z
      .strictObject({ from: z.iso.date(), to: z.iso.date() })
      .refine((period) => period.from <= period.to, "must end on or after its start")
      .refine((period) => {
        const limit = new Date(`${period.from}T00:00:00Z`);
        limit.setUTCMonth(limit.getUTCMonth() + 12);
        return Date.parse(`${period.to}T00:00:00Z`) <= limit.getTime();
      }, "must be at most 12 months")
      .optional()
      .describe("CPTPP blanket period for identical goods"),
    place: text(200).optional().describe("Where the certificate is signed"),
    proofType: z
      .enum(proofTypeIds, { error: `must be one of ${proofTypeIds.join(", ")}` })
      .optional()
      .describe(
        "The proof of origin to make out; its conditions are then enforced (a refusal names the field). Without it, the first proof whose conditions are met is chosen and what it cannot show is printed as a warning",
      ),
    exporter: PartyDetailsSchema.optional().describe(
      "The exporter's details, over what the provenance records",
    ),
    producer: PartyDetailsSchema.optional().describe(
      "The producer's details, over what the provenance records",
    ),
    consignmentValue: z
      .strictObject({ amount: decimalString("the amount"), currency })
      .optional()
      .describe("The consignment's total value (EVFTA/UKVFTA: EUR 6,000 ceiling of an origin declaration)"),
    exchangeRate: z
      .strictObject({
        from: currency,
        to: currency,
        rate: decimalString("units of `to` per unit of `from`"),
        date: z.iso.date().optional(),
        source: text(200).optional(),
      })
      .optional()
      .describe("The stated rate to convert the consignment value to the ceiling's currency"),
    supersedes: IdSchema.optional().describe(
      "The id of this certifier's valid certificate for the same subject and agreement, to replace: it is revoked as superseded by the new one, which names it in credentialSubject.replaces. Without it, issuing while one is valid answers 409 CERTIFICATE_EXISTS",
    ),
  })
  .superRefine((body, ctx) => {
    if (body.assessmentId !== undefined) {
      for (const field of ["subjectId", "fta", "importingCountry", "date"] as const) {
        if (body[field] !== undefined)
          ctx.addIssue({ code: "custom", path: [field], message: "must not be given with assessmentId" });
      }
      return;
    }
    if (body.subjectId === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["subjectId"],
        message: "is required unless assessmentId is given",
      });
    if (body.fta === undefined)
      ctx.addIssue({ code: "custom", path: ["fta"], message: "is required unless assessmentId is given" });
  })
  .meta({
    id: "IssueCertificate",
    example: { subjectId: "SHP-0001", fta: "EVFTA", exporterAuthorisation: "VN-HCM-0042" },
  });
export type IssueCertificateBody = z.infer<typeof IssueCertificateBodySchema>;

export const RevokeCertificateBodySchema = z
  .strictObject({ reason: text(1000).describe("Why; stored in IPFS, its digest on chain") })
  .meta({ id: "RevokeCertificate", example: { reason: "The invoice number was wrong" } });

export const RevokedCertificateSchema = z
  .object({
    id: z.string(),
    revoked: z.literal(true),
    reason: z.string(),
    reasonCid: z.string(),
    revokedAt: z.string(),
    txHash: z.string(),
    blockNumber: z
      .number()
      .int()
      .nullable()
      .meta({ description: "null when a retry's answer is read back from the chain's record" }),
  })
  .meta({ id: "RevokedCertificate" });

export const CredentialSchema = z.record(z.string(), z.unknown()).meta({
  id: "OriginCredential",
  description:
    "W3C Verifiable Credential 2.0 (UNTP Digital Conformity Credential) with an eddsa-jcs-2022 Data Integrity proof by the issuer's did:key",
});

export const IssuedCertificateSchema = z
  .object({
    id: z.string(),
    fta: z.string(),
    subjectId: z.string(),
    assessmentId: z.string(),
    cid: z.string(),
    digest: z
      .string()
      .meta({ description: "0x SHA-256 of the credential's canonical JSON, anchored on chain" }),
    txHash: z.string(),
    blockNumber: z.number().int(),
    issuer: z.string().meta({ description: "The certifier's did:key" }),
    validFrom: z.string(),
    validUntil: z.string(),
    replaces: z
      .string()
      .nullable()
      .meta({ description: "The certificate this one replaces (revoked as superseded by it), or null" }),
    links: z.object({ json: z.string(), pdf: z.string(), page: z.string(), verification: z.string() }),
    credential: CredentialSchema,
  })
  .meta({ id: "IssuedCertificate" });

export const CertificateVerificationSchema = z
  .object({
    id: z.string(),
    verdict: z.enum(["valid", "revoked", "expired", "tampered", "unverified"]),
    checkedAt: z.string(),
    anchor: z.record(z.string(), z.unknown()),
    revocation: z
      .object({ revokedAt: z.string(), reason: z.string().nullable(), txHash: z.string().nullable() })
      .nullable(),
    certificate: CredentialSchema.nullable(),
    replaces: z.string().nullable().meta({ description: "The certificate this one replaces, or null" }),
    supersededBy: z
      .string()
      .nullable()
      .meta({ description: "The certificate that replaced this one (revoked as superseded), or null" }),
    proofForm: z.enum(["standard", "legacy"]).nullable().meta({
      description:
        "standard: eddsa-jcs-2022 as specified; legacy: the earlier form (proof without @context) that only threadproof verifies — re-issue it (POST …/reissue); null: the signature does not verify or could not be read",
    }),
    checks: z.array(
      z.object({
        id: z.enum(["anchored", "digest", "signature", "subject", "assessment", "not-revoked", "validity"]),
        passed: z.boolean().nullable(),
        detail: z.string(),
        note: CheckNoteSchema.optional(),
      }),
    ),
  })
  .meta({ id: "CertificateVerification" });
