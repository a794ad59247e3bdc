/**
 * The four event bodies of DESIGN.md §5. Objects are strict: an unknown field is refused by name, because
 * the body becomes the event record whose digest goes on chain.
 */
import { z } from "zod";
import { MAX_GARMENTS_PER_BATCH } from "../../garments/index";
import { constructions, ftaIds, materialRoles, stageNames } from "../../origin/facts";
import { isValidGtin } from "../../garments/digital-link";
import {
  AmountSchema,
  CidSchema,
  CountrySchema,
  DocumentsSchema,
  HsCodeSchema,
  IdSchema,
  MoneySchema,
  NameSchema,
  QuantitySchema,
  TimestampSchema,
  UnitSchema,
} from "./common";

export const StageSchema = z.enum(stageNames).meta({ id: "Stage" });

export const FtaSchema = z.enum(ftaIds).meta({ id: "Fta" });

export const MaterialRoleSchema = z.enum(materialRoles).meta({ id: "MaterialRole" });

export const ConstructionSchema = z.enum(constructions).meta({ id: "Construction" });

const distinctInputs = (inputs: { lotId: string }[]) =>
  new Set(inputs.map((input) => input.lotId)).size === inputs.length;

const PiecesSchema = z
  .strictObject({
    amount: AmountSchema.refine(Number.isInteger, "must be a whole number of pieces"),
    unit: z.literal("pcs"),
  })
  .meta({ id: "Pieces", example: { amount: 2400, unit: "pcs" } });

const InputSchema = z.strictObject({ lotId: IdSchema, quantity: QuantitySchema });

export const FabricLotBodySchema = z
  .strictObject({
    id: IdSchema,
    description: z.string().trim().min(1).max(500).optional(),
    hsCode: HsCodeSchema.optional(),
    composition: z
      .array(
        z.strictObject({
          fibre: z.string().trim().min(1).max(100),
          percent: z.number().positive().max(100),
          elastomeric: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(20)
      .refine(
        (parts) => Math.abs(parts.reduce((sum, part) => sum + part.percent, 0) - 100) < 0.01,
        "percentages must add up to 100",
      ),
    quantity: QuantitySchema.refine((quantity) => quantity.unit !== "pcs", {
      message: "fabric is counted in m or kg",
      path: ["unit"],
    }),
    weightKg: z.number().positive().max(1e9).optional(),
    value: MoneySchema.optional(),
    supplier: z.strictObject({ name: NameSchema, country: CountrySchema }),
    stages: z
      .array(z.strictObject({ stage: StageSchema, country: CountrySchema }))
      .max(20)
      .optional(),
    originating: z
      .array(
        z.strictObject({
          fta: FtaSchema,
          basis: z.string().trim().min(1).max(500),
          proofCid: CidSchema.optional(),
        }),
      )
      .max(20)
      .optional(),
    occurredAt: TimestampSchema,
    documents: DocumentsSchema.optional(),
  })
  .meta({
    id: "FabricLotEvent",
    example: {
      id: "FL-0001",
      description: "cotton single jersey 180 gsm",
      hsCode: "6006.21",
      composition: [
        { fibre: "cotton", percent: 95 },
        { fibre: "elastane", percent: 5, elastomeric: true },
      ],
      quantity: { amount: 1200, unit: "m" },
      weightKg: 260,
      value: { amount: 3600, currency: "USD" },
      supplier: { name: "Hanil Textile", country: "KR" },
      stages: [
        { stage: "spinning", country: "KR" },
        { stage: "fabric-formation", country: "KR" },
      ],
      occurredAt: "2026-03-01T08:00:00Z",
    },
  });
export type FabricLotBody = z.infer<typeof FabricLotBodySchema>;

export const CuttingBodySchema = z
  .strictObject({
    id: IdSchema,
    inputs: z
      .array(InputSchema.extend({ role: MaterialRoleSchema.optional() }))
      .min(1)
      .max(50)
      .refine(distinctInputs, "must not list a lot twice"),
    output: z.strictObject({ quantity: PiecesSchema, style: z.string().trim().min(1).max(100).optional() }),
    occurredAt: TimestampSchema,
    documents: DocumentsSchema.optional(),
  })
  .meta({
    id: "CuttingEvent",
    example: {
      id: "CUT-0001",
      inputs: [{ lotId: "FL-0001", quantity: { amount: 300, unit: "m" }, role: "main-fabric" }],
      output: { quantity: { amount: 2400, unit: "pcs" }, style: "TS-01" },
      occurredAt: "2026-03-02T08:00:00Z",
    },
  });
export type CuttingBody = z.infer<typeof CuttingBodySchema>;

/** A garment batch's id is printed in its garments' GS1 Digital Links as the lot (AI 10): at most 20 characters. */
const GarmentBatchIdSchema = IdSchema.refine(
  (id) => id.length <= 20 && id !== "." && id !== "..",
  "a garment batch id is printed in GS1 Digital Links (AI 10): at most 20 characters, not '.' or '..'",
);

export const SewingBodySchema = z
  .strictObject({
    id: GarmentBatchIdSchema,
    inputs: z.array(InputSchema).min(1).max(50).refine(distinctInputs, "must not list a lot twice"),
    trims: z
      .array(
        z.strictObject({
          description: z.string().trim().min(1).max(200),
          hsCode: HsCodeSchema.optional(),
          role: MaterialRoleSchema,
          originCountry: CountrySchema,
          weightKg: z.number().nonnegative().max(1e9).optional(),
          value: MoneySchema.optional(),
        }),
      )
      .max(50)
      .optional(),
    product: z.strictObject({
      gtin: z.string().refine(isValidGtin, "must be a valid GTIN-8, -12, -13 or -14 with its check digit"),
      hsCode: HsCodeSchema,
      description: z.string().trim().min(1).max(500),
      construction: ConstructionSchema,
      exWorksPrice: MoneySchema,
    }),
    output: z.strictObject({
      quantity: PiecesSchema.refine((quantity) => quantity.amount <= MAX_GARMENTS_PER_BATCH, {
        message: `a batch holds at most ${MAX_GARMENTS_PER_BATCH} garments`,
        path: ["amount"],
      }),
    }),
    occurredAt: TimestampSchema,
    documents: DocumentsSchema.optional(),
  })
  .meta({
    id: "SewingEvent",
    example: {
      id: "SEW-0001",
      inputs: [{ lotId: "CUT-0001", quantity: { amount: 2400, unit: "pcs" } }],
      trims: [
        {
          description: "buttons",
          hsCode: "9606.21",
          role: "accessory",
          originCountry: "CN",
          weightKg: 0.4,
          value: { amount: 12, currency: "USD" },
        },
      ],
      product: {
        gtin: "08938505974019",
        hsCode: "6109.10",
        description: "men's cotton T-shirt",
        construction: "cut-and-sewn",
        exWorksPrice: { amount: 4.2, currency: "USD" },
      },
      output: { quantity: { amount: 1200, unit: "pcs" } },
      occurredAt: "2026-03-03T08:00:00Z",
    },
  });
export type SewingBody = z.infer<typeof SewingBodySchema>;

export const ShipmentBodySchema = z
  .strictObject({
    id: IdSchema,
    inputs: z.array(InputSchema).min(1).max(50).refine(distinctInputs, "must not list a lot twice"),
    buyer: z.strictObject({ name: NameSchema, country: CountrySchema }).optional(),
    destinationCountry: CountrySchema.optional(),
    invoiceNumber: z.string().trim().min(1).max(100).optional(),
    toFacilityId: IdSchema.optional(),
    occurredAt: TimestampSchema,
    documents: DocumentsSchema.optional(),
  })
  .superRefine((body, context) => {
    if (body.toFacilityId !== undefined) {
      for (const field of ["buyer", "destinationCountry"] as const) {
        if (body[field] !== undefined) {
          context.addIssue({
            code: "custom",
            path: [field],
            message: "must be absent when toFacilityId is given",
          });
        }
      }
    } else {
      for (const field of ["buyer", "destinationCountry"] as const) {
        if (body[field] === undefined) {
          context.addIssue({
            code: "custom",
            path: [field],
            message: "is required for an export (or give toFacilityId)",
          });
        }
      }
    }
    const units = new Set(body.inputs.map((input) => input.quantity.unit));
    if (units.size > 1)
      context.addIssue({ code: "custom", path: ["inputs"], message: "must all be in one unit" });
  })
  .meta({
    id: "ShipmentEvent",
    example: {
      id: "SHP-0001",
      inputs: [{ lotId: "SEW-0001", quantity: { amount: 1000, unit: "pcs" } }],
      buyer: { name: "Nordwind GmbH", country: "DE" },
      destinationCountry: "DE",
      invoiceNumber: "INV-2026-114",
      occurredAt: "2026-03-05T08:00:00Z",
    },
  });
export type ShipmentBody = z.infer<typeof ShipmentBodySchema>;

export const EventAcceptedSchema = z
  .object({
    id: z.string(),
    txHash: z.string(),
    blockNumber: z.number().int(),
    recordCid: z.string(),
  })
  .meta({ id: "EventAccepted" });
export type EventAccepted = z.infer<typeof EventAcceptedSchema>;

export { UnitSchema };
