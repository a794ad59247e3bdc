/** Answer schemas and path parameters of the garment routes (the OpenAPI document). */
import { z } from "zod";
import { CheckNoteSchema, IdSchema } from "./common";

export const VerificationCheckSchema = z
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
    note: CheckNoteSchema.optional(),
  })
  .meta({ id: "VerificationCheck" });

export const GarmentVerificationSchema = z
  .object({
    authenticationCode: z.enum(["valid", "wrong", "missing"]),
    verdict: z.enum(["authentic", "unverified", "tampered"]),
    verifiedAt: z.string(),
    product: z.object({ description: z.string(), gtin: z.string(), lot: z.string(), serial: z.string() }),
    checks: z.array(VerificationCheckSchema),
    timeline: z.array(z.record(z.string(), z.unknown())),
    fabrics: z.array(z.record(z.string(), z.unknown())),
    documents: z.array(z.record(z.string(), z.unknown())),
    certificates: z.array(z.record(z.string(), z.unknown())),
    cloneWarning: z.object({ scans: z.number(), places: z.number() }).optional(),
    supplyChainEvents: z
      .object({
        events: z.array(
          z.object({
            eventID: z.string(),
            eventType: z.string(),
            bizStep: z.string().nullable(),
            disposition: z.string().nullable(),
            eventTime: z.string(),
            facilityId: z.string(),
            verdict: z.enum(["verified", "unverified", "tampered"]),
            reason: z.string().optional(),
            reasonNote: CheckNoteSchema.optional(),
            recordUrl: z.string(),
          }),
        ),
        total: z.number().int(),
        queryUrl: z.string(),
      })
      .optional()
      .meta({
        description:
          "Other EPCIS events naming the garment or its batch (newest ten), each checked against its capture's commitment on chain",
      }),
  })
  .meta({ id: "GarmentVerification" });

/** `/garments/{gtin}/{lot}/{serial}`: checked with the GS1 Digital Link rules, not with these schemas. */
export const GarmentParams = z.object({
  gtin: z.string().meta({ description: "GTIN-8/12/13/14 with its check digit", example: "08938505974019" }),
  lot: IdSchema.meta({ description: "The garment batch (sewing lot) id" }),
  serial: z.string().meta({ example: "17" }),
});

/** `/garments/{lot}/{serial}/qr.png`. */
export const BatchGarmentParams = z.object({ lot: IdSchema, serial: z.string() });

/** `/garments/{lot}/{serial}/label`: what the garment's label prints. */
export const GarmentLabelSchema = z
  .object({
    gtin: z.string().meta({ example: "08938505974019" }),
    lot: z.string(),
    serial: z.string(),
    authCode: z.string().meta({ description: "The garment's secret authentication code (the link's `ac`)" }),
    digitalLink: z
      .string()
      .meta({ description: "The GS1 Digital Link the QR code carries, on PUBLIC_BASE_URL" }),
  })
  .meta({ id: "GarmentLabel" });

export const AuthenticationCodeQuery = z.object({
  ac: z.string().optional().meta({ description: "The authentication code" }),
});
