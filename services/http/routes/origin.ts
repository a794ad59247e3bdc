/**
 * The origin engine's HTTP routes, mounted under /api/v1:
 * - `POST /origin/assess` — OriginFacts in, the assessment out; any API key; records nothing;
 * - `POST /origin/assessments` — assess a garment batch's or shipment's recorded provenance and keep the
 *   answer (its id is the CID of the stored record); any API key; idempotent;
 * - `GET /origin/assessments/{id}` — a kept assessment; public, like the provenance it was derived from;
 * - `POST /origin/comparisons` — every agreement in force for a subject at once, with the failing checks and
 *   the smallest change that would make it originate; certifier or operator keys; records nothing.
 */
import type { ErrorCode } from "../../errors/index";
import { z } from "zod";
import { parseWith } from "../validation";
import { createAssessment, loadAssessment } from "../../assessments/assessments";
import type { StoredAssessment } from "../../assessments/assessments";
import { assessOrigin } from "../../origin/evaluate";
import { originFactsSchema } from "../../origin/facts";
import type { RouteTable } from "../route-table";
import {
  AssessmentIdSchema,
  AssessmentRequestSchema,
  OriginAssessmentResponseSchema,
  OriginFactsBodySchema,
  StoredAssessmentSchema,
  ComparisonRequestSchema,
  ComparisonSchema,
} from "../schemas/origin";
import { jsonAnswer } from "./answers";
import { principalOf } from "../auth";
import { authorizeComparison, compareAgreements } from "../../assessments/comparisons";

/** The JSON answer for a kept assessment. */
export function storedAssessmentBody(stored: StoredAssessment) {
  const { record } = stored;
  return {
    id: stored.id,
    subject: record.subject,
    facts: record.facts,
    assessment: record.assessment,
    assessedAt: record.assessedAt,
    assessedBy: record.assessedBy,
  };
}

/** What deriving origin facts from recorded provenance can refuse with (assessments and comparisons). */
const DERIVATION_ERRORS = [
  "NOT_FOUND",
  "INVALID_ORIGIN_SUBJECT",
  "MIXED_PRODUCTS",
  "MIXED_ORIGINS",
  "CONFLICTS_WITH_PROVENANCE",
  "DERIVED_FACTS_INVALID",
  "PROVENANCE_TOO_COMPLEX",
  "PROVENANCE_TAMPERED",
  "PROVENANCE_UNVERIFIED",
] as const satisfies readonly ErrorCode[];

export const originRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/origin/assess",
      operationId: "assessOrigin",
      summary: "Assess OriginFacts as given (any API key); records nothing",
      access: "bearer",
      request: { body: OriginFactsBodySchema },
      answers: { 200: jsonAnswer("The assessment", OriginAssessmentResponseSchema) },
      errors: ["VALIDATION_FAILED"],
      handle: (request, response) => {
        const facts = parseWith(originFactsSchema, request.body);
        response.json(assessOrigin(facts));
      },
    },
    {
      method: "post",
      path: "/origin/assessments",
      operationId: "recordAssessment",
      summary:
        "Derive OriginFacts from a garment batch's or shipment's recorded provenance, assess and keep them",
      access: "bearer",
      request: { body: AssessmentRequestSchema },
      answers: { 201: jsonAnswer("Assessed and kept", StoredAssessmentSchema) },
      errors: [...DERIVATION_ERRORS, "FACILITY_SUSPENDED", "QUOTA_EXCEEDED"],
      write: async (request, principal, context) => {
        const body = parseWith(AssessmentRequestSchema, request.body);
        const stored = await createAssessment(context, body, principal);
        return { status: 201, body: storedAssessmentBody(stored) };
      },
    },
    {
      method: "get",
      path: "/origin/assessments/:id",
      operationId: "getAssessment",
      summary: "A kept assessment (its id is the CID of its record)",
      access: "public",
      request: { params: z.object({ id: AssessmentIdSchema }) },
      answers: { 200: jsonAnswer("The assessment", StoredAssessmentSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const id = parseWith(AssessmentIdSchema, request.params.id, "id");
        response.json(storedAssessmentBody(await loadAssessment(context.store, id)));
      },
    },
    {
      method: "post",
      path: "/origin/comparisons",
      operationId: "compareOriginAgreements",
      summary:
        "Assess a garment batch or shipment under every agreement in force for its destination and date, with the smallest change that would make it originate",
      access: "bearer",
      request: { body: ComparisonRequestSchema },
      answers: { 200: jsonAnswer("One answer per agreement in force", ComparisonSchema) },
      errors: ["FORBIDDEN", ...DERIVATION_ERRORS],
      handle: async (request, response, context) => {
        authorizeComparison(principalOf(response));
        const body = parseWith(ComparisonRequestSchema, request.body);
        response.json(await compareAgreements(context, body));
      },
    },
  ],
};
