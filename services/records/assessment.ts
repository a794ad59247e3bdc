/**
 * The stored origin assessment: derived facts and the engine's answer, kept as a canonical JSON record in
 * IPFS. Its CID is the assessment's id, so a certificate can cite it and anyone can check that the cited
 * bytes are the ones assessed.
 */
import { z } from "zod";
import type { LotKind, OperationKind, Unit } from "../chain/ledger";
import { originAssessmentSchema } from "../origin/assessment";
import { ftaIds, originFactsSchema } from "../origin/facts";

export const ASSESSMENT_RECORD_TYPE = "origin-assessment";
export const ASSESSMENT_RECORD_VERSION = 1;

/** What was asked: the lot, the agreement, and what the provenance may not say itself. */
export const AssessmentRequestRecordSchema = z.strictObject({
  subjectId: z.string(),
  fta: z.enum(ftaIds),
  importingCountry: z.string().optional(),
  date: z.string().optional(),
});
export type AssessmentRequest = z.output<typeof AssessmentRequestRecordSchema>;

const PartySchema = z.strictObject({
  id: z.string().nullable(),
  name: z.string().nullable(),
  country: z.string(),
});

/** What the facts were derived from: the subject lot and the lots that made it. */
export const DerivedSubjectSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(["fabric", "cut-bundles", "garment-batch", "shipment"]) satisfies z.ZodType<LotKind>,
  operation: z.enum(["fabric-lot", "cutting", "sewing", "shipment"]) satisfies z.ZodType<OperationKind>,
  /** Pieces in the subject lot. */
  quantity: z.number(),
  unit: z.enum(["m", "kg", "pcs"]) satisfies z.ZodType<Unit>,
  gtin: z.string().nullable(),
  description: z.string().nullable(),
  /** The garment batches (sewing lots) the subject holds garments of. */
  garmentBatches: z.array(z.string()),
  /** The facility that ships the subject (for a garment batch: the one that sewed it). */
  exporter: PartySchema.nullable(),
  /** The facility that sewed the garments. */
  producer: PartySchema.nullable(),
  buyer: z.strictObject({ name: z.string().nullable(), country: z.string().nullable() }).nullable(),
  invoiceNumber: z.string().nullable(),
  destinationCountry: z.string().nullable(),
  shippedAt: z.string().nullable(),
  /** Every fabric lot reached, with its amount per garment in its own unit. */
  fabricLots: z.array(
    z.strictObject({
      lotId: z.string(),
      role: z.string().nullable(),
      amountPerGarment: z.number(),
      unit: z.string(),
    }),
  ),
});
export type DerivedSubject = z.output<typeof DerivedSubjectSchema>;

export const AssessmentRecordSchema = z.strictObject({
  type: z.literal(ASSESSMENT_RECORD_TYPE),
  version: z.literal(ASSESSMENT_RECORD_VERSION),
  request: AssessmentRequestRecordSchema,
  subject: DerivedSubjectSchema,
  /** The facts assessed (validated and normalised), or null when the provenance lacked facts they need. */
  facts: originFactsSchema.nullable(),
  assessment: originAssessmentSchema,
  assessedAt: z.iso.datetime(),
  /** `type:id` of the API key that asked. */
  assessedBy: z.string(),
});
export type AssessmentRecord = z.output<typeof AssessmentRecordSchema>;

/**
 * The assessment record. Its parts are the engine's own validated output, stored as they are: they are not
 * parsed again (the facts schema normalises, and a record must keep the bytes that were assessed).
 *
 * @example
 * buildAssessmentRecord({ request, subject, facts, assessment, assessedAt: new Date(), assessedBy: "certifier:vcci" });
 */
export function buildAssessmentRecord(
  params: Omit<AssessmentRecord, "type" | "version" | "assessedAt"> & { assessedAt: Date },
): AssessmentRecord {
  return {
    type: ASSESSMENT_RECORD_TYPE,
    version: ASSESSMENT_RECORD_VERSION,
    request: params.request,
    subject: params.subject,
    facts: params.facts,
    assessment: params.assessment,
    assessedAt: params.assessedAt.toISOString(),
    assessedBy: params.assessedBy,
  };
}

/**
 * Whether a stored record is an origin assessment of a version this code reads: the check a reader makes
 * before taking the record as one (its bytes are the digest's, so its parts are as they were written).
 */
export const AssessmentRecordEnvelopeSchema = z.looseObject({
  type: z.literal(ASSESSMENT_RECORD_TYPE),
  version: z.literal(ASSESSMENT_RECORD_VERSION),
});
