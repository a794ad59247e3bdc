/** Request schemas of the certificate routes (validation, types and the OpenAPI document). */
import { z } from "zod";
import { CountrySchema, IdSchema } from "./common";
import { AssessmentIdSchema, FtaIdSchema } from "./origin";

const text = (max: number) => z.string().trim().min(1).max(max);

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
      .strictObject({ name: text(200), address: text(300).optional(), country: CountrySchema.optional() })
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
