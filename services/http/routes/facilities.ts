/** Facilities and certifiers: the operator registers, suspends and reinstates; anyone reads a facility. */
import { NotFoundError } from "../../errors/index";
import { findFacility } from "../../read-model/queries";
import {
  registerCertifier,
  registerFacility,
  reissueFacilityKey,
  setFacilitySuspended,
} from "../../facilities/facilities";
import { requireOperator } from "../auth";
import type { RouteDefinition, RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import {
  ApiKeyIssuedSchema,
  CertifierRegisteredSchema,
  FacilityRegisteredSchema,
  FacilitySchema,
  FacilitySuspensionSchema,
  RegisterCertifierBodySchema,
  RegisterFacilityBodySchema,
} from "../schemas/facilities";
import { parseWith } from "../validation";
import { IdParams, jsonAnswer } from "./answers";

const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

const suspension = (action: "suspend" | "reinstate", suspended: boolean): RouteDefinition => ({
  method: "post",
  path: `/facilities/:id/${action}`,
  summary: `${action === "suspend" ? "Suspend" : "Reinstate"} a facility (operator)`,
  access: "bearer",
  request: { params: IdParams },
  answers: { 200: jsonAnswer("Done", FacilitySuspensionSchema) },
  errors: ["NOT_FOUND"],
  authorize: requireOperator,
  write: async (request, _principal, context) => ({
    status: 200,
    body: await setFacilitySuspended(context, idParam(request.params.id), suspended),
  }),
});

export const facilityRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/facilities",
      summary: "Register a facility (operator); returns its API key once",
      access: "bearer",
      request: { body: RegisterFacilityBodySchema },
      answers: { 201: jsonAnswer("Registered", FacilityRegisteredSchema) },
      errors: ["DUPLICATE_ID"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const body = parseWith(RegisterFacilityBodySchema, request.body);
        const registered = await registerFacility(context, body);
        // The key is shown once: a replay of this request answers without it.
        return { status: 201, body: registered, replayBody: { ...registered, apiKey: null } };
      },
    },
    {
      method: "get",
      path: "/facilities/:id",
      summary: "A registered facility",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The facility", FacilitySchema) },
      errors: ["NOT_FOUND"],
      handle: (request, response, context) => {
        const id = idParam(request.params.id);
        const facility = findFacility(context.indexDb, id);
        if (!facility) throw new NotFoundError("Facility", id);
        const { facilityKey: _key, metadataDigest: _digest, ...view } = facility;
        response.json(view);
      },
    },
    suspension("suspend", true),
    suspension("reinstate", false),
    {
      method: "post",
      path: "/facilities/:id/api-keys",
      summary: "Issue a new API key for a facility, revoking the old ones (operator)",
      access: "bearer",
      request: { params: IdParams },
      answers: { 201: jsonAnswer("Issued", ApiKeyIssuedSchema) },
      errors: ["NOT_FOUND"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const issued = reissueFacilityKey(context, idParam(request.params.id));
        return { status: 201, body: issued, replayBody: { ...issued, apiKey: null } };
      },
    },
    {
      method: "post",
      path: "/certifiers",
      summary: "Register a certifier and issue its API key (operator)",
      access: "bearer",
      request: { body: RegisterCertifierBodySchema },
      answers: { 201: jsonAnswer("Registered", CertifierRegisteredSchema) },
      errors: ["DUPLICATE_ID"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const created = registerCertifier(context, parseWith(RegisterCertifierBodySchema, request.body));
        return { status: 201, body: created, replayBody: { ...created, apiKey: null } };
      },
    },
  ],
};
