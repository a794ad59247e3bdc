import { Router, type RequestHandler } from "express";
import { NotFoundError } from "../../errors/index";
import { findFacility } from "../../read-model/queries";
import {
  registerCertifier,
  registerFacility,
  reissueFacilityKey,
  setFacilitySuspended,
} from "../../facilities/facilities";
import { requireOperator } from "../auth";
import { IdSchema } from "../schemas/common";
import { RegisterCertifierBodySchema, RegisterFacilityBodySchema } from "../schemas/facilities";
import { parseWith } from "../validation";
import type { RouteContext } from "./context";

/** Facilities and certifiers: the operator registers, suspends and reinstates; anyone reads a facility. */
export function facilityRoutes(context: RouteContext, options: { rateLimit: RequestHandler }): Router {
  const router = Router();
  const { write, requireAuth } = context;
  const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

  router.post(
    "/facilities",
    requireAuth,
    write({
      authorize: requireOperator,
      handle: async (request) => {
        const body = parseWith(RegisterFacilityBodySchema, request.body);
        const registered = await registerFacility(context, body);
        // The key is shown once: a replay of this request answers without it.
        return { status: 201, body: registered, replayBody: { ...registered, apiKey: null } };
      },
    }),
  );

  for (const [action, suspended] of [
    ["suspend", true],
    ["reinstate", false],
  ] as const) {
    router.post(
      `/facilities/:id/${action}`,
      requireAuth,
      write({
        authorize: requireOperator,
        handle: async (request) => ({
          status: 200,
          body: await setFacilitySuspended(context, idParam(request.params.id), suspended),
        }),
      }),
    );
  }

  router.post(
    "/facilities/:id/api-keys",
    requireAuth,
    write({
      authorize: requireOperator,
      handle: async (request) => {
        const issued = reissueFacilityKey(context, idParam(request.params.id));
        return { status: 201, body: issued, replayBody: { ...issued, apiKey: null } };
      },
    }),
  );

  router.get("/facilities/:id", options.rateLimit, (request, response) => {
    const id = idParam(request.params.id);
    const facility = findFacility(context.indexDb, id);
    if (!facility) throw new NotFoundError("Facility", id);
    const { facilityKey: _key, metadataDigest: _digest, ...view } = facility;
    response.json(view);
  });

  router.post(
    "/certifiers",
    requireAuth,
    write({
      authorize: requireOperator,
      handle: async (request) => {
        const created = registerCertifier(context, parseWith(RegisterCertifierBodySchema, request.body));
        return { status: 201, body: created, replayBody: { ...created, apiKey: null } };
      },
    }),
  );

  return router;
}
