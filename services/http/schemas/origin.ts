/** Request and response schemas of the origin routes: validation, types and the OpenAPI document in one. */
import { z } from "zod";
import { IdSchema } from "./common";
import { originAssessmentSchema } from "../../origin/assessment";
import { countryCodeSchema, ftaIds, originFactsSchema } from "../../origin/facts";

export const FtaIdSchema = z.enum(ftaIds, { error: `must be one of ${ftaIds.join(", ")}` });

export const AssessmentRequestSchema = z
  .strictObject({
    subjectId: IdSchema.describe("A garment batch (sewing lot) or a shipment of garments"),
    fta: FtaIdSchema,
    importingCountry: countryCodeSchema
      .optional()
      .describe("Needed unless the subject is an export shipment, whose destination is used"),
    date: z.iso
      .date({ error: "must be a calendar date written YYYY-MM-DD" })
      .optional()
      .describe("Export date; needed unless the subject is an export shipment, whose date is used"),
  })
  .meta({
    id: "OriginAssessmentRequest",
    example: { subjectId: "SHP-0001", fta: "EVFTA" },
  });

/** A CIDv1 (base32) naming a stored assessment. */
export const AssessmentIdSchema = z
  .string()
  .regex(/^b[a-z2-7]{20,200}$/, "must be an assessment id (a CID such as bafkrei...)")
  .meta({ id: "AssessmentId", example: "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq" });

export const OriginFactsBodySchema = originFactsSchema.meta({ id: "OriginFacts" });
export const OriginAssessmentResponseSchema = originAssessmentSchema.meta({ id: "OriginAssessment" });

export const StoredAssessmentSchema = z
  .object({
    id: AssessmentIdSchema,
    subject: z.record(z.string(), z.unknown()).describe("The lot assessed and what it was made from"),
    facts: z.unknown().describe("The OriginFacts derived from the provenance; null when some were missing"),
    assessment: OriginAssessmentResponseSchema,
    assessedAt: z.string(),
    assessedBy: z.string(),
  })
  .meta({ id: "StoredOriginAssessment" });

export const ComparisonRequestSchema = z
  .strictObject({
    subjectId: IdSchema.describe("A garment batch (sewing lot) or a shipment of garments"),
    importingCountry: countryCodeSchema
      .optional()
      .describe("Needed unless the subject is an export shipment, whose destination is used"),
    date: z.iso
      .date({ error: "must be a calendar date written YYYY-MM-DD" })
      .optional()
      .describe("Export date; needed unless the subject is an export shipment, whose date is used"),
  })
  .meta({ id: "OriginComparisonRequest", example: { subjectId: "SHP-0001" } });

export const ComparisonSchema = z
  .object({
    subjectId: z.string(),
    exportingCountry: z.string().nullable(),
    importingCountry: z.string().nullable(),
    date: z.string().nullable(),
    agreements: z.array(
      z.object({
        fta: FtaIdSchema,
        name: z.string(),
        inForceSince: z.string(),
        status: z.enum(["originating", "not-originating", "insufficient-data"]),
        provisional: z.boolean(),
        certifiable: z.boolean().describe("Originating and not provisional: a certificate can be issued"),
        rule: z.object({ id: z.string(), text: z.string(), source: z.string() }),
        failingChecks: z.array(z.object({ id: z.string(), text: z.string() })),
        missing: z.array(z.string()),
        smallestChange: z
          .object({
            text: z
              .string()
              .describe('e.g. "weave or knit the cotton denim (HS 5209.42) in Viet Nam or the EU"'),
            changes: z.number().int(),
            rule: z.object({ id: z.string(), text: z.string(), source: z.string() }),
          })
          .nullable()
          .describe("The smallest change of one or two recorded stages that would make it originate, if any"),
      }),
    ),
  })
  .meta({ id: "OriginComparison" });
