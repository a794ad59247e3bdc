import { z } from "zod";
import { UnitSchema } from "./common";

const FacilitySummarySchema = z
  .object({ id: z.string().nullable(), name: z.string().nullable(), country: z.string() })
  .meta({ id: "FacilitySummary" });

const DocumentCitationSchema = z
  .object({
    type: z.string(),
    cid: z.string(),
    sha256: z.string().nullable(),
    mediaType: z.string().nullable(),
  })
  .meta({ id: "DocumentCitation" });

export const LotSchema = z
  .object({
    id: z.string(),
    lotKey: z.string(),
    kind: z.enum(["fabric", "cut-bundles", "garment-batch", "shipment"]),
    operation: z.enum(["fabric-lot", "cutting", "sewing", "shipment"]),
    quantity: z.number(),
    remaining: z.number(),
    unit: UnitSchema,
    facility: FacilitySummarySchema.meta({ description: "The facility holding the lot" }),
    recordedBy: FacilitySummarySchema,
    description: z.string().nullable(),
    occurredAt: z.string().nullable(),
    recordedAt: z.string().meta({ description: "Timestamp of the block that recorded it" }),
    record: z.object({ cid: z.string(), digest: z.string(), available: z.boolean() }),
    chain: z.object({ txHash: z.string(), blockNumber: z.number().int() }),
    documents: z.array(DocumentCitationSchema),
    inputs: z.array(
      z.object({ lotId: z.string(), quantity: z.number(), unit: UnitSchema, role: z.string().nullable() }),
    ),
    consumedBy: z.array(z.object({ lotId: z.string(), quantity: z.number() })),
    fabric: z.record(z.string(), z.unknown()).optional(),
    cutting: z.record(z.string(), z.unknown()).optional(),
    sewing: z.record(z.string(), z.unknown()).optional(),
    shipment: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "Lot" });

export const ProvenanceSchema = z
  .object({
    subject: z.string(),
    nodes: z.array(LotSchema),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        quantity: z.number(),
        unit: UnitSchema,
        role: z.string().nullable(),
      }),
    ),
    verification: z
      .unknown()
      .optional()
      .meta({ description: "Verdicts per node and document, once the verifier is plugged in" }),
  })
  .meta({ id: "Provenance" });
