import { z } from "zod";
import { ftaIds } from "./facts";

/**
 * The answer of `assessOrigin`, as a schema: the API uses it for the OpenAPI document of
 * `POST /api/v1/origin/assess`, and the tests check every answer against it.
 */

export const originCheckSchema = z
  .object({
    id: z.string().describe("Stable id of the test, e.g. 'yarn-forward.materials[0]'"),
    passed: z.boolean().describe("True when the test is met; false when it fails or cannot be decided"),
    detail: z.string().describe("What was tested and why it passed or failed, in plain English"),
    missing: z
      .array(z.string())
      .optional()
      .describe("When the test cannot be decided: the facts it needs, e.g. 'materials[0].stages.spinning'"),
  })
  .describe("One test of the rule, with its explanation");

export const cumulationUseSchema = z
  .object({
    id: z.string().describe("Which cumulation, e.g. 'evfta-korean-fabric'"),
    text: z.string(),
    source: z.string(),
    countries: z.array(z.string()).describe("Countries whose materials counted"),
    materials: z.array(z.string()).describe("Paths of the materials that counted, e.g. 'materials[0]'"),
    proofEntry: z.string().optional().describe("The entry the proof of origin must carry for it"),
  })
  .describe("One use of cumulation: materials of another country that counted as originating");

export const originAssessmentSchema = z
  .object({
    fta: z.enum(ftaIds),
    status: z.enum(["originating", "not-originating", "insufficient-data"]),
    provisional: z
      .boolean()
      .describe("True when the agreement's rule table is not confirmed: never issue a certificate from it"),
    provisionalReason: z.string().optional().describe("Why the answer is provisional"),
    rule: z
      .object({ id: z.string(), text: z.string(), source: z.string() })
      .describe("The rule applied: the alternative met when originating, else the whole product rule"),
    checks: z.array(originCheckSchema),
    missing: z
      .array(z.string())
      .describe("Facts whose absence kept the answer from being decided; empty unless insufficient-data"),
    cumulation: z
      .object({
        kind: z.enum(["bilateral", "accumulation"]),
        text: z.string(),
        source: z.string(),
        used: z.array(cumulationUseSchema),
      })
      .optional()
      .describe("Present when materials of another country counted as originating through a claim"),
    requiredProofEntries: z
      .array(z.string())
      .optional()
      .describe("Entries the proof of origin must carry (e.g. the Korean-fabric cumulation entry)"),
    shortSupplyItems: z
      .array(z.number().int())
      .optional()
      .describe("CPTPP Short Supply List items relied on: the certification must record them"),
  })
  .describe("Whether a garment is originating under an agreement, and why");

export type OriginAssessment = z.output<typeof originAssessmentSchema>;
export type OriginCheck = z.output<typeof originCheckSchema>;
export type CumulationUse = z.output<typeof cumulationUseSchema>;
