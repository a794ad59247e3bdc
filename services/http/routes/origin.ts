/**
 * The origin engine's HTTP routes, mounted under /api/v1:
 * - `POST /origin/assess` — OriginFacts in, the assessment out; any API key; records nothing;
 * - `POST /origin/assessments` — assess a garment batch's or shipment's recorded provenance and keep the
 *   answer (its id is the CID of the stored record); any API key; idempotent;
 * - `GET /origin/assessments/{id}` — a kept assessment; public, like the provenance it was derived from.
 */
import { Router } from "express";
import { principalName } from "../../service-db/api-keys";
import type { RouteContext } from "./context";
import { parseWith } from "../validation";
import { createAssessment, loadAssessment } from "../../assessments/assessments";
import type { StoredAssessment } from "../../assessments/assessments";
import { assessOrigin } from "../../origin/evaluate";
import { originFactsSchema } from "../../origin/facts";
import { AssessmentIdSchema, AssessmentRequestSchema } from "../schemas/origin";

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

/**
 * Builds the origin router.
 *
 * @example
 * api.use(originRoutes(context));
 */
export function originRoutes(context: RouteContext): Router {
  const router = Router();

  router.post("/origin/assess", context.requireAuth, (request, response) => {
    const facts = parseWith(originFactsSchema, request.body);
    response.json(assessOrigin(facts));
  });

  router.post(
    "/origin/assessments",
    context.requireAuth,
    context.write({
      handle: async (request, principal) => {
        const body = parseWith(AssessmentRequestSchema, request.body);
        const stored = await createAssessment(context, body, principalName(principal));
        return { status: 201, body: storedAssessmentBody(stored) };
      },
    }),
  );

  router.get("/origin/assessments/:id", async (request, response) => {
    const id = parseWith(AssessmentIdSchema, request.params.id, "id");
    response.json(storedAssessmentBody(await loadAssessment(context.store, id)));
  });

  return router;
}
