/**
 * The viewer's routes in the OpenAPI document. The core builds the document (services/api/openapi.ts); it
 * calls this with its registry so that the garment, QR and label routes are described beside the others.
 */
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ErrorSchema, IdSchema } from "./schemas/common";

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const CheckSchema = z
  .object({
    id: z.string(),
    kind: z.enum([
      "chain-record",
      "record-digest",
      "facility-signature",
      "document-hash",
      "garment-manifest",
      "garment-code",
      "certificate-anchored",
      "certificate-status",
      "other",
    ]),
    subject: z.string().optional(),
    label: z.string().optional(),
    status: z.enum(["passed", "failed", "unavailable"]),
    detail: z.string().optional(),
  })
  .meta({ id: "VerificationCheck" });

const GarmentVerificationSchema = z
  .object({
    authenticationCode: z.enum(["valid", "wrong", "missing"]),
    verdict: z.enum(["authentic", "unverified", "tampered"]),
    verifiedAt: z.string(),
    product: z.object({ description: z.string(), gtin: z.string(), lot: z.string(), serial: z.string() }),
    checks: z.array(CheckSchema),
    timeline: z.array(z.record(z.string(), z.unknown())),
    fabrics: z.array(z.record(z.string(), z.unknown())),
    documents: z.array(z.record(z.string(), z.unknown())),
    certificates: z.array(z.record(z.string(), z.unknown())),
    cloneWarning: z.object({ scans: z.number(), places: z.number() }).optional(),
  })
  .meta({ id: "GarmentVerification" });

/** Binary answers: the schema says only that it is a byte string. */
const binary = { schema: z.string().meta({ format: "binary" }) };

const garmentParams = z.object({
  gtin: z.string().meta({ description: "GTIN-8/12/13/14 with its check digit", example: "08938505974019" }),
  lot: IdSchema.meta({ description: "The garment batch (sewing lot) id" }),
  serial: z.string().meta({ example: "17" }),
});

/**
 * Adds the viewer's /api/v1 routes to `registry`.
 *
 * @example
 * registerViewerPaths(registry, { bearerSecurity: [{ [bearer.name]: [] }] });
 */
export function registerViewerPaths(
  registry: OpenAPIRegistry,
  options: { bearerSecurity: Record<string, string[]>[] },
): void {
  registry.registerPath({
    method: "get",
    path: "/api/v1/garments/{gtin}/{lot}/{serial}",
    summary:
      "One garment's provenance, every check and one verdict (public; what the resolver gives as JSON)",
    request: {
      params: garmentParams,
      query: z.object({ ac: z.string().optional().meta({ description: "The authentication code" }) }),
    },
    responses: {
      200: {
        description: "Verified now (never cached)",
        content: { "application/json": { schema: GarmentVerificationSchema } },
      },
      400: error("INVALID_GTIN or INVALID_DIGITAL_LINK, naming the part"),
      404: error("No such garment"),
      429: error("RATE_LIMITED"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/garments/{gtin}/{lot}/{serial}/passport",
    summary:
      "The garment's digital product passport (UNTP DPP shape, unsigned), from the recorded provenance",
    request: { params: garmentParams },
    responses: {
      200: {
        description: "The passport",
        content: { "application/ld+json": { schema: z.record(z.string(), z.unknown()) } },
      },
      404: error("No such garment"),
      429: error("RATE_LIMITED"),
    },
  });
  for (const format of ["png", "svg"] as const) {
    registry.registerPath({
      method: "get",
      path: `/api/v1/garments/{lot}/{serial}/qr.${format}`,
      summary: `The garment's QR code (${format.toUpperCase()}): its Digital Link with the authentication code`,
      description: "Only the facility that sewed the batch: the image carries the garment's secret code.",
      security: options.bearerSecurity,
      request: { params: z.object({ lot: IdSchema, serial: z.string() }) },
      responses: {
        200: {
          description: "The image",
          content: format === "png" ? { "image/png": binary } : { "image/svg+xml": binary },
        },
        400: error("INVALID_DIGITAL_LINK: the lot id cannot go in a Digital Link"),
        401: error("No or unknown API key"),
        403: error("Not the batch's facility"),
        404: error("No such garment"),
      },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/api/v1/lots/{id}/labels.pdf",
    summary: "A printable label sheet for the whole batch (A4, 21 labels a page), streamed",
    security: options.bearerSecurity,
    request: { params: z.object({ id: IdSchema }) },
    responses: {
      200: { description: "The PDF", content: { "application/pdf": binary } },
      400: error("INVALID_DIGITAL_LINK: the lot id cannot go in a Digital Link"),
      401: error("No or unknown API key"),
      403: error("Not the batch's facility"),
      404: error("No such garment batch"),
    },
  });
}
