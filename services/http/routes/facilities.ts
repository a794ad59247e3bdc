/**
 * Facilities and certifiers: the operator registers, suspends and reinstates facilities and sets their GS1
 * company prefixes; registers certifiers and rotates their keys (as may the certifier itself); anyone reads a
 * facility or a certifier.
 */
import { NotFoundError } from "../../errors/index";
import { findFacility } from "../../read-model/queries";
import {
  describeCertifier,
  registerCertifier,
  registerFacility,
  reissueFacilityKey,
  rotateCertifierKeys,
  setFacilityGtinPrefixes,
  setFacilitySuspended,
} from "../../facilities/facilities";
import { ForbiddenError } from "../../errors/index";
import { requireOperator } from "../auth";
import type { RouteDefinition, RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import {
  ApiKeyIssuedSchema,
  CertifierKeyRotationSchema,
  CertifierRegisteredSchema,
  CertifierSchema,
  FacilityRegisteredSchema,
  GtinPrefixesSetSchema,
  SetGtinPrefixesBodySchema,
  FacilitySchema,
  FacilitySuspensionSchema,
  RegisterCertifierBodySchema,
  RegisterFacilityRequestSchema,
} from "../schemas/facilities";
import { parseWith } from "../validation";
import { IdParams, jsonAnswer } from "./answers";
import type { RouteContext } from "./context";

const certifierDeps = (context: RouteContext) => ({
  ...context,
  certifierKeys: context.certificates.certifierKeys,
});

const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

const suspension = (action: "suspend" | "reinstate", suspended: boolean): RouteDefinition => ({
  method: "post",
  path: `/facilities/:id/${action}`,
  operationId: `${action}Facility`,
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
      operationId: "registerFacility",
      summary: "Register a facility (operator); returns its API key once",
      access: "bearer",
      request: { body: RegisterFacilityRequestSchema },
      answers: { 201: jsonAnswer("Registered", FacilityRegisteredSchema) },
      errors: ["DUPLICATE_ID"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const body = parseWith(RegisterFacilityRequestSchema, request.body);
        const registered = await registerFacility(context, body);
        // The key is shown once: a replay of this request answers without it.
        return { status: 201, body: registered, replayBody: { ...registered, apiKey: null } };
      },
    },
    {
      method: "get",
      path: "/facilities/:id",
      operationId: "getFacility",
      summary: "A registered facility",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The facility", FacilitySchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        const facility = findFacility(context.indexDb, id);
        if (!facility) throw new NotFoundError("Facility", id);
        const { facilityKey: _key, metadataDigest: _digest, ...view } = facility;
        response.json({ ...view, gtinPrefixes: await context.ledger.getGtinPrefixes(id) });
      },
    },
    suspension("suspend", true),
    suspension("reinstate", false),
    {
      method: "post",
      path: "/facilities/:id/gtin-prefixes",
      operationId: "addFacilityGtinPrefixes",
      summary:
        "Set a facility's GS1 company prefixes on chain (operator); its sewings may only use GTINs under them",
      access: "bearer",
      request: { params: IdParams, body: SetGtinPrefixesBodySchema },
      answers: { 200: jsonAnswer("Set", GtinPrefixesSetSchema) },
      errors: ["NOT_FOUND"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const { gtinPrefixes } = parseWith(SetGtinPrefixesBodySchema, request.body);
        return {
          status: 200,
          body: await setFacilityGtinPrefixes(context, idParam(request.params.id), gtinPrefixes),
        };
      },
    },
    {
      method: "post",
      path: "/facilities/:id/api-keys",
      operationId: "issueFacilityApiKey",
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
      operationId: "registerCertifier",
      summary: "Register a certifier and issue its API key (operator)",
      access: "bearer",
      request: { body: RegisterCertifierBodySchema },
      answers: { 201: jsonAnswer("Registered", CertifierRegisteredSchema) },
      errors: ["DUPLICATE_ID"],
      authorize: requireOperator,
      write: async (request, _principal, context) => {
        const created = await registerCertifier(
          certifierDeps(context),
          parseWith(RegisterCertifierBodySchema, request.body),
        );
        return { status: 201, body: created, replayBody: { ...created, apiKey: null } };
      },
    },
    {
      method: "get",
      path: "/certifiers/:id",
      operationId: "getCertifier",
      summary: "A certifier: its signing account on chain and every did:key it signs or signed with",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The certifier", CertifierSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        response.json(await describeCertifier(certifierDeps(context), idParam(request.params.id)));
      },
    },
    {
      method: "post",
      path: "/certifiers/:id/key-rotation",
      operationId: "rotateCertifierKey",
      summary:
        "Rotate a certifier's chain account and credential-signing did:key (operator, or the certifier itself); what it signed before stays valid",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("Rotated", CertifierKeyRotationSchema) },
      errors: ["NOT_FOUND"],
      authorize: (principal) => {
        if (principal.type === "facility")
          throw new ForbiddenError("Only the operator or the certifier itself may rotate a certifier's keys");
      },
      write: async (request, principal, context) => ({
        status: 200,
        body: await rotateCertifierKeys(certifierDeps(context), principal, idParam(request.params.id)),
      }),
    },
  ],
};
