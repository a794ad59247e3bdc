/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { CidSchema, ErrorSchema, IdSchema } from "./schemas/common";
import {
  CuttingBodySchema,
  EventAcceptedSchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "./schemas/events";
import { DocumentStoredSchema, UploadDocumentBodySchema } from "./schemas/documents";
import {
  ApiKeyIssuedSchema,
  CertifierRegisteredSchema,
  FacilityRegisteredSchema,
  FacilitySchema,
  FacilitySuspensionSchema,
  RegisterCertifierBodySchema,
  RegisterFacilityBodySchema,
} from "./schemas/facilities";
import { LotSchema, ProvenanceSchema } from "./schemas/lots";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const IdempotencyKeyHeader = z.string().min(1).max(255).optional().meta({
  description: "Any unique string; a retry with the same key and body returns the first answer",
});

const writeErrors = {
  400: errorResponse("Invalid input (VALIDATION_FAILED names each field; INVALID_JSON)"),
  401: errorResponse("No or unknown API key"),
  403: errorResponse("The key may not do this"),
  413: errorResponse("The body is too large"),
  422: errorResponse("IDEMPOTENCY_KEY_REUSED"),
  503: errorResponse("The chain or IPFS is unavailable; nothing was recorded"),
};

function jsonBody(schema: z.ZodType) {
  return {
    body: { content: { "application/json": { schema } } },
    headers: z.object({ "Idempotency-Key": IdempotencyKeyHeader }),
  };
}

/** Builds the document; `publicBaseUrl` becomes its server. */
/** Adds a module's paths (origin, certificates, viewer) to the document, with the bearer security given. */
export type OpenApiExtension = (registry: OpenAPIRegistry, security: Record<string, string[]>[]) => void;

export function buildOpenApiDocument(
  publicBaseUrl: string,
  extensions: readonly OpenApiExtension[] = [],
): ReturnType<OpenApiGeneratorV31["generateDocument"]> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key: the operator's, a facility's or a certifier's",
  });
  const secured = [{ [bearer.name]: [] }];
  const idParam = z.object({ id: IdSchema });

  registry.registerPath({
    method: "post",
    path: "/api/v1/facilities",
    summary: "Register a facility (operator); returns its API key once",
    security: secured,
    request: jsonBody(RegisterFacilityBodySchema),
    responses: {
      201: {
        description: "Registered",
        content: { "application/json": { schema: FacilityRegisteredSchema } },
      },
      409: errorResponse("DUPLICATE_ID"),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/facilities/{id}",
    summary: "A registered facility",
    request: { params: idParam },
    responses: {
      200: { description: "The facility", content: { "application/json": { schema: FacilitySchema } } },
      404: errorResponse("Unknown facility"),
    },
  });
  for (const action of ["suspend", "reinstate"] as const) {
    registry.registerPath({
      method: "post",
      path: `/api/v1/facilities/{id}/${action}`,
      summary: `${action === "suspend" ? "Suspend" : "Reinstate"} a facility (operator)`,
      security: secured,
      request: { params: idParam },
      responses: {
        200: { description: "Done", content: { "application/json": { schema: FacilitySuspensionSchema } } },
        404: errorResponse("Unknown facility"),
        ...writeErrors,
      },
    });
  }
  registry.registerPath({
    method: "post",
    path: "/api/v1/facilities/{id}/api-keys",
    summary: "Issue a new API key for a facility, revoking the old ones (operator)",
    security: secured,
    request: { params: idParam },
    responses: {
      201: { description: "Issued", content: { "application/json": { schema: ApiKeyIssuedSchema } } },
      404: errorResponse("Unknown facility"),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/certifiers",
    summary: "Register a certifier and issue its API key (operator)",
    security: secured,
    request: jsonBody(RegisterCertifierBodySchema),
    responses: {
      201: {
        description: "Registered",
        content: { "application/json": { schema: CertifierRegisteredSchema } },
      },
      409: errorResponse("DUPLICATE_ID"),
      ...writeErrors,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/v1/documents",
    summary: "Upload a supporting document to IPFS",
    security: secured,
    request: {
      body: { content: { "multipart/form-data": { schema: UploadDocumentBodySchema } } },
      headers: z.object({ "Idempotency-Key": IdempotencyKeyHeader }),
    },
    responses: {
      201: { description: "Stored", content: { "application/json": { schema: DocumentStoredSchema } } },
      415: errorResponse("UNSUPPORTED_MEDIA_TYPE"),
      ...writeErrors,
    },
  });
  for (const [path, schema, summary] of [
    ["fabric-lots", FabricLotBodySchema, "Record a fabric lot received or made by this facility"],
    ["cuttings", CuttingBodySchema, "Record a cutting: consumes fabric, creates cut bundles"],
    ["sewings", SewingBodySchema, "Record a sewing: consumes cut bundles, creates a garment batch"],
    ["shipments", ShipmentBodySchema, "Record a shipment to a buyer or a transfer to another facility"],
  ] as const) {
    registry.registerPath({
      method: "post",
      path: `/api/v1/events/${path}`,
      summary,
      security: secured,
      request: jsonBody(schema),
      responses: {
        201: {
          description: "Recorded and mined",
          content: { "application/json": { schema: EventAcceptedSchema } },
        },
        404: errorResponse("An input lot or the receiving facility is unknown"),
        409: errorResponse("DUPLICATE_ID, INSUFFICIENT_QUANTITY, WRONG_LOT_KIND or UNIT_MISMATCH"),
        ...writeErrors,
      },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/api/v1/lots/{id}",
    summary: "A lot, as the chain and its records have it",
    request: { params: idParam },
    responses: {
      200: { description: "The lot", content: { "application/json": { schema: LotSchema } } },
      404: errorResponse("Unknown lot"),
      429: errorResponse("RATE_LIMITED"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/provenance/{id}",
    summary: "The lot's whole upstream graph, back to its fabric lots",
    request: { params: idParam },
    responses: {
      200: { description: "The graph", content: { "application/json": { schema: ProvenanceSchema } } },
      404: errorResponse("Unknown lot"),
      429: errorResponse("RATE_LIMITED"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/documents/{cid}",
    summary: "A document uploaded here, as stored in IPFS",
    request: { params: z.object({ cid: CidSchema }) },
    responses: {
      200: { description: "The document's bytes, with its media type" },
      404: errorResponse("Unknown document"),
      429: errorResponse("RATE_LIMITED"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/records/{cid}",
    summary: "An event or facility record the chain names, checked against its digest",
    request: { params: z.object({ cid: CidSchema }) },
    responses: {
      200: {
        description: "The record (canonical JSON)",
        content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
      },
      404: errorResponse("Not a record the chain names"),
      502: errorResponse("RECORD_DIGEST_MISMATCH: the stored bytes were altered"),
      429: errorResponse("RATE_LIMITED"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/healthz",
    summary: "200 once the service takes writes",
    responses: { 200: { description: "Ready" }, 503: errorResponse("Starting or stopping") },
  });

  for (const extend of extensions) extend(registry, secured);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "threadproof API",
      version: "1.0.0",
      description: "Garment provenance: production events on chain, documents in IPFS.",
    },
    servers: [{ url: publicBaseUrl }],
  });
}
