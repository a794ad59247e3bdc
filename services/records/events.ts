/**
 * The four production event records of DESIGN.md §5, as they go to IPFS and their digests to the chain. A
 * record holds what the posting facility states plus what the service derives deterministically (who posted
 * it, the cited documents' hashes, the garment commitment): never a server clock, so re-posting the same
 * request makes the same bytes and the same digest.
 *
 * These schemas are the source: the HTTP bodies are these records without their envelope
 * (services/http/schemas/events.ts), and readers parse stored records with their lenient forms.
 * Objects are strict: an unknown field is refused by name, because it would change what goes on chain.
 */
import { z } from "zod";
import { MAX_GARMENTS_PER_BATCH } from "../garments/index";
import { isValidGtin } from "../garments/digital-link";
import { constructions, ftaIds, materialRoles, stageNames } from "../origin/facts";
import type { OperationKind } from "../chain/ledger";
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
  RECORD_VERSION,
  RecordVersionSchema,
  TimestampSchema,
} from "./common";
import type { DocumentReference } from "./common";
import { DocumentCitationSchema } from "./documents";
import type { DocumentCitation } from "./documents";
import { SewnGarmentsSchema } from "./garments";
import type { SewnGarments } from "./garments";
import type { Lenient } from "./reader";
import { readerOf } from "./reader";

export const StageSchema = z.enum(stageNames).meta({ id: "Stage" });

export const FtaSchema = z.enum(ftaIds).meta({ id: "Fta" });

export const MaterialRoleSchema = z.enum(materialRoles).meta({ id: "MaterialRole" });

export const ConstructionSchema = z.enum(constructions).meta({ id: "Construction" });

/**
 * What the service adds to what a facility states: the record's type and version, the facility that posted
 * it and the documents it cites (resolved to their hashes). `.omit(EVENT_ENVELOPE)` gives the stated part.
 */
export const EVENT_ENVELOPE = { type: true, version: true, facilityId: true, documents: true } as const;
type EnvelopeKey = keyof typeof EVENT_ENVELOPE;

const envelope = <T extends OperationKind>(type: T) => ({
  type: z.literal(type),
  version: RecordVersionSchema,
  facilityId: IdSchema,
  documents: z.array(DocumentCitationSchema),
});

const distinctInputs = (inputs: { lotId: string }[]) =>
  new Set(inputs.map((input) => input.lotId)).size === inputs.length;

export const PiecesSchema = z
  .strictObject({
    amount: AmountSchema.refine(Number.isInteger, "must be a whole number of pieces"),
    unit: z.literal("pcs"),
  })
  .meta({ id: "Pieces", example: { amount: 2400, unit: "pcs" } });

const InputSchema = z.strictObject({ lotId: IdSchema, quantity: QuantitySchema });

/**
 * Where a cutting or sewing ran, optional and additive: a sewing line (`lineId`) and a piece of equipment
 * (`equipmentId`: a cutting table, a knitting machine) the facility registered
 * (POST /api/v1/facilities/{id}/equipment). A record that names neither has the same bytes as before.
 */
const ranOn = {
  lineId: IdSchema.optional().meta({ description: "The registered sewing line the event ran on" }),
  equipmentId: IdSchema.optional().meta({
    description: "The registered equipment (cutting table, knitting machine…) the event ran on",
  }),
};

export const FabricLotRecordSchema = z.strictObject({
  ...envelope("fabric-lot"),
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
});
export type FabricLotRecord = z.output<typeof FabricLotRecordSchema>;

export const CuttingRecordSchema = z.strictObject({
  ...envelope("cutting"),
  id: IdSchema,
  inputs: z
    .array(InputSchema.extend({ role: MaterialRoleSchema.optional() }))
    .min(1)
    .max(50)
    .refine(distinctInputs, "must not list a lot twice"),
  output: z.strictObject({ quantity: PiecesSchema, style: z.string().trim().min(1).max(100).optional() }),
  ...ranOn,
  occurredAt: TimestampSchema,
});
export type CuttingRecord = z.output<typeof CuttingRecordSchema>;

/** A garment batch's id is printed in its garments' GS1 Digital Links as the lot (AI 10): at most 20 characters. */
const GarmentBatchIdSchema = IdSchema.refine(
  (id) => id.length <= 20 && id !== "." && id !== "..",
  "a garment batch id is printed in GS1 Digital Links (AI 10): at most 20 characters, not '.' or '..'",
);

/**
 * Sewing records are version 2 when a trim carries stages (where its thread was spun, its elastic formed);
 * a sewing without trim stages is written as version 1, byte for byte as before.
 */
export const SEWING_TRIM_STAGES_VERSION = 2;

/** Where a stage of a trim or component happened, with the document that proves it where one is held. */
export const TrimStageSchema = z
  .strictObject({ stage: StageSchema, country: CountrySchema, proofCid: CidSchema.optional() })
  .meta({ id: "TrimStage", example: { stage: "spinning", country: "VN" } });

export const SewingRecordSchema = z.strictObject({
  ...envelope("sewing"),
  version: z.literal([RECORD_VERSION, SEWING_TRIM_STAGES_VERSION]),
  id: GarmentBatchIdSchema,
  inputs: z.array(InputSchema).min(1).max(50).refine(distinctInputs, "must not list a lot twice"),
  /** Trims and components (thread, narrow elastic, pocketing, lining, …), by their role in the garment. */
  trims: z
    .array(
      z.strictObject({
        description: z.string().trim().min(1).max(200),
        hsCode: HsCodeSchema.optional(),
        role: MaterialRoleSchema,
        originCountry: CountrySchema,
        weightKg: z.number().nonnegative().max(1e9).optional(),
        value: MoneySchema.optional(),
        stages: z.array(TrimStageSchema).min(1).max(20).optional(),
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
  ...ranOn,
  occurredAt: TimestampSchema,
  /** The batch's garment commitment (services/production/garment-commitment.ts): derived, never stated. */
  garments: SewnGarmentsSchema,
});
export type SewingRecord = z.output<typeof SewingRecordSchema>;

/**
 * A shipment's fields; the parties rule ({@link checkShipmentParties}) applies to the record and to its
 * body alike. (zod cannot `.omit()` from a refined object, so the body derives from this unrefined form.)
 */
export const ShipmentRecordFieldsSchema = z.strictObject({
  ...envelope("shipment"),
  id: IdSchema,
  inputs: z.array(InputSchema).min(1).max(50).refine(distinctInputs, "must not list a lot twice"),
  buyer: z.strictObject({ name: NameSchema, country: CountrySchema }).optional(),
  destinationCountry: CountrySchema.optional(),
  invoiceNumber: z.string().trim().min(1).max(100).optional(),
  toFacilityId: IdSchema.optional(),
  occurredAt: TimestampSchema,
});

/** An export names its buyer and destination, a transfer its recipient only; all inputs are in one unit. */
export function checkShipmentParties(
  shipment: {
    toFacilityId?: string;
    buyer?: unknown;
    destinationCountry?: string;
    inputs: { quantity: { unit: string } }[];
  },
  context: z.RefinementCtx,
): void {
  if (shipment.toFacilityId !== undefined) {
    for (const field of ["buyer", "destinationCountry"] as const) {
      if (shipment[field] !== undefined) {
        context.addIssue({
          code: "custom",
          path: [field],
          message: "must be absent when toFacilityId is given",
        });
      }
    }
  } else {
    for (const field of ["buyer", "destinationCountry"] as const) {
      if (shipment[field] === undefined) {
        context.addIssue({
          code: "custom",
          path: [field],
          message: "is required for an export (or give toFacilityId)",
        });
      }
    }
  }
  const units = new Set(shipment.inputs.map((input) => input.quantity.unit));
  if (units.size > 1)
    context.addIssue({ code: "custom", path: ["inputs"], message: "must all be in one unit" });
}

export const ShipmentRecordSchema = ShipmentRecordFieldsSchema.superRefine(checkShipmentParties);
export type ShipmentRecord = z.output<typeof ShipmentRecordSchema>;

export type EventRecord = FabricLotRecord | CuttingRecord | SewingRecord | ShipmentRecord;

/** The record schema of each operation the chain records. */
export const EVENT_RECORD_SCHEMAS = {
  "fabric-lot": FabricLotRecordSchema,
  cutting: CuttingRecordSchema,
  sewing: SewingRecordSchema,
  shipment: ShipmentRecordSchema,
} as const satisfies Record<OperationKind, z.ZodType>;

/** What a facility states for an event: its record without the envelope, citing documents by reference. */
type Stated<R, Derived extends string = never> = Omit<R, EnvelopeKey | Derived> & {
  documents?: DocumentReference[];
};
/**
 * The bodies a facility states (HTTP, EPCIS, spreadsheets): each record without the envelope the service adds
 * (type, version, posting facility, resolved documents; a sewing's garment commitment), citing documents by
 * reference. Every intake path validates with these, so all of them record the same events.
 */
const cited = { documents: DocumentsSchema.optional() };
export const EVENT_BODY_SCHEMAS = {
  "fabric-lot": FabricLotRecordSchema.omit(EVENT_ENVELOPE).extend(cited),
  cutting: CuttingRecordSchema.omit(EVENT_ENVELOPE).extend(cited),
  sewing: SewingRecordSchema.omit({ ...EVENT_ENVELOPE, garments: true }).extend(cited),
  shipment: ShipmentRecordFieldsSchema.omit(EVENT_ENVELOPE).extend(cited).superRefine(checkShipmentParties),
} as const;

export type FabricLotBody = Stated<FabricLotRecord>;
export type CuttingBody = Stated<CuttingRecord>;
export type SewingBody = Stated<SewingRecord, "garments">;
export type ShipmentBody = Stated<ShipmentRecord>;

export type EventBody =
  | { type: "fabric-lot"; body: FabricLotBody }
  | { type: "cutting"; body: CuttingBody }
  | { type: "sewing"; body: SewingBody }
  | { type: "shipment"; body: ShipmentBody };

/**
 * The record of an event posted by `facilityId`, citing `documents` (resolved from the body's); a sewing also
 * takes its garment commitment. The record is checked against its schema on the way out.
 *
 * @example
 * const record = buildEventRecord({ type: "cutting", body }, "tng-song-cong", []);
 */
export function buildEventRecord(
  event: EventBody,
  facilityId: string,
  documents: DocumentCitation[],
  garments?: SewnGarments,
): EventRecord {
  const { documents: _cited, ...stated } = event.body;
  const base = { version: RECORD_VERSION, facilityId, documents };
  switch (event.type) {
    case "fabric-lot":
      return FabricLotRecordSchema.parse({ type: "fabric-lot", ...base, ...stated });
    case "cutting":
      return CuttingRecordSchema.parse({ type: "cutting", ...base, ...stated });
    case "sewing":
      if (!garments) throw new Error("A sewing record needs its garment commitment");
      return SewingRecordSchema.parse({
        type: "sewing",
        ...base,
        ...(event.body.trims?.some((trim) => trim.stages) ? { version: SEWING_TRIM_STAGES_VERSION } : {}),
        ...stated,
        garments,
      });
    case "shipment":
      return ShipmentRecordSchema.parse({ type: "shipment", ...base, ...stated });
  }
}

/** The lenient reader form of each event record (see services/records/reader.ts). */
export const EVENT_RECORD_READERS = {
  "fabric-lot": readerOf(FabricLotRecordSchema),
  cutting: readerOf(CuttingRecordSchema),
  sewing: readerOf(SewingRecordSchema),
  shipment: readerOf(ShipmentRecordSchema),
} as const;

/** An event record as a lenient reader gives it, tagged with the operation it was read for. */
export type EventRecordRead = {
  [K in OperationKind]: { operation: K; record: Lenient<z.output<(typeof EVENT_RECORD_SCHEMAS)[K]>> };
}[OperationKind];

/**
 * Reads a stored record as the record of a `operation` (the chain's word for what the lot is, not the
 * record's own `type`); null when it is not a JSON object.
 *
 * @example
 * const read = readEventRecord("sewing", JSON.parse(text));
 * read?.operation === "sewing" && read.record.product?.gtin;
 */
export function readEventRecord(operation: OperationKind, value: unknown): EventRecordRead | null {
  const result = EVENT_RECORD_READERS[operation].safeParse(value);
  return result.success ? ({ operation, record: result.data } as EventRecordRead) : null;
}
