/**
 * The OpenAPI paths of the origin and certificate routes, for `buildOpenApiDocument` to add to its registry
 * (the schemas that validate the requests are the ones documented).
 */
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ErrorSchema, IdSchema } from "./schemas/common";
import {
  AssessmentIdSchema,
  AssessmentRequestSchema,
  OriginAssessmentResponseSchema,
  OriginFactsBodySchema,
  StoredAssessmentSchema,
} from "./schemas/origin";
import { IssueCertificateBodySchema, RevokeCertificateBodySchema } from "./schemas/certificates";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const IdempotencyKeyHeader = z.string().min(1).max(255).optional().meta({
  description: "Any unique string; a retry with the same key and body returns the first answer",
});

const writeErrors = {
  400: errorResponse("Invalid input (VALIDATION_FAILED names each field)"),
  401: errorResponse("No or unknown API key"),
  403: errorResponse("The key may not do this"),
  422: errorResponse("IDEMPOTENCY_KEY_REUSED"),
  503: errorResponse("The chain or IPFS is unavailable; nothing was recorded"),
};

const CredentialSchema = z.record(z.string(), z.unknown()).meta({
  id: "OriginCredential",
  description:
    "W3C Verifiable Credential 2.0 (UNTP Digital Conformity Credential) with an eddsa-jcs-2022 Data Integrity proof by the issuer's did:key",
});

const IssuedCertificateSchema = z
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
    links: z.object({ json: z.string(), pdf: z.string(), page: z.string(), verification: z.string() }),
    credential: CredentialSchema,
  })
  .meta({ id: "IssuedCertificate" });

const VerificationSchema = z
  .object({
    id: z.string(),
    verdict: z.enum(["valid", "revoked", "expired", "tampered", "unverified"]),
    checkedAt: z.string(),
    anchor: z.record(z.string(), z.unknown()),
    revocation: z
      .object({ revokedAt: z.string(), reason: z.string().nullable(), txHash: z.string().nullable() })
      .nullable(),
    certificate: CredentialSchema.nullable(),
    checks: z.array(
      z.object({
        id: z.enum(["anchored", "digest", "signature", "subject", "assessment", "not-revoked", "validity"]),
        passed: z.boolean().nullable(),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: "CertificateVerification" });

/**
 * Adds the origin and certificate paths to `registry`; `security` is the bearer requirement of writes.
 *
 * @example
 * registerOriginPaths(registry, [{ [bearer.name]: [] }]);
 */
export function registerOriginPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  const idParam = z.object({ id: IdSchema });
  const json = (schema: z.ZodType) => ({
    body: { content: { "application/json": { schema } } },
    headers: z.object({ "Idempotency-Key": IdempotencyKeyHeader }),
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/origin/assess",
    summary: "Assess OriginFacts as given (any API key); records nothing",
    security,
    request: { body: { content: { "application/json": { schema: OriginFactsBodySchema } } } },
    responses: {
      200: {
        description: "The assessment",
        content: { "application/json": { schema: OriginAssessmentResponseSchema } },
      },
      400: errorResponse("VALIDATION_FAILED naming each bad fact"),
      401: errorResponse("No or unknown API key"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/origin/assessments",
    summary:
      "Derive OriginFacts from a garment batch's or shipment's recorded provenance, assess and keep them",
    security,
    request: json(AssessmentRequestSchema),
    responses: {
      201: {
        description: "Assessed and kept",
        content: { "application/json": { schema: StoredAssessmentSchema } },
      },
      404: errorResponse("Unknown lot"),
      409: errorResponse(
        "INVALID_ORIGIN_SUBJECT, MIXED_PRODUCTS, MIXED_ORIGINS, CONFLICTS_WITH_PROVENANCE, DERIVED_FACTS_INVALID",
      ),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/origin/assessments/{id}",
    summary: "A kept assessment (its id is the CID of its record)",
    request: { params: z.object({ id: AssessmentIdSchema }) },
    responses: {
      200: {
        description: "The assessment",
        content: { "application/json": { schema: StoredAssessmentSchema } },
      },
      404: errorResponse("Unknown assessment"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/origin/certificates",
    summary: "Issue a certificate of origin (certifier key) for an originating, non-provisional assessment",
    security,
    request: json(IssueCertificateBodySchema),
    responses: {
      201: {
        description: "Issued and anchored",
        content: { "application/json": { schema: IssuedCertificateSchema } },
      },
      404: errorResponse("Unknown assessment or lot"),
      409: errorResponse(
        "NOT_ORIGINATING, INSUFFICIENT_DATA, PROVISIONAL_RULE, ASSESSMENT_STALE, EVIDENCE_UNAVAILABLE",
      ),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/origin/certificates/{id}",
    summary: "The signed certificate (W3C Verifiable Credential, JSON)",
    request: { params: idParam },
    responses: {
      200: {
        description: "The credential",
        content: { "application/vc+ld+json": { schema: CredentialSchema } },
      },
      404: errorResponse("Unknown certificate"),
      502: errorResponse("CERTIFICATE_UNREADABLE"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/origin/certificates/{id}.pdf",
    summary: "The certificate as a PDF with a QR code to its verification page",
    request: { params: idParam },
    responses: {
      200: {
        description: "The PDF",
        content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } },
      },
      404: errorResponse("Unknown certificate"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/origin/certificates/{id}/verification",
    summary: "Verify a certificate: signature, anchored digest, assessment, revocation and validity",
    request: { params: idParam },
    responses: {
      200: {
        description: "The verification",
        content: { "application/json": { schema: VerificationSchema } },
      },
      404: errorResponse("Unknown certificate"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/origin/certificates/{id}/revoke",
    summary:
      "Revoke a certificate (the issuing certifier only); the reason goes to IPFS, its digest on chain",
    security,
    request: { params: idParam, ...json(RevokeCertificateBodySchema) },
    responses: {
      200: { description: "Revoked" },
      404: errorResponse("Unknown certificate"),
      409: errorResponse("CERTIFICATE_REVOKED"),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/lots/{id}/certificates",
    summary: "The certificates anchored for a lot, with their status as the chain has it now",
    request: { params: idParam },
    responses: { 200: { description: "The certificates" } },
  });
}
