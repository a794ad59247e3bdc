/** The four production events; each is posted by the facility its API key belongs to. */
import type { ZodType } from "zod";
import { recordEvent } from "../../production/record-event";
import type { EventBody } from "../../records/events";
import { requireFacility } from "../auth";
import type { RouteDefinition, RouteTable } from "../route-table";
import {
  CuttingBodySchema,
  EventAcceptedSchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "../schemas/events";
import { parseWith } from "../validation";
import { jsonAnswer } from "./answers";

function eventRoute(
  path: string,
  type: EventBody["type"],
  schema: ZodType,
  summary: string,
  operationId: string,
): RouteDefinition {
  return {
    method: "post",
    path: `/events/${path}`,
    operationId: operationId,
    summary,
    access: "bearer",
    request: { body: schema },
    answers: { 201: jsonAnswer("Recorded and mined", EventAcceptedSchema) },
    errors: [
      "NOT_FOUND",
      "DUPLICATE_ID",
      "INSUFFICIENT_QUANTITY",
      "WRONG_LOT_KIND",
      "UNIT_MISMATCH",
      "FACILITY_SUSPENDED",
      "FACILITY_ROLE_MISSING",
      "DOCUMENTS_TOO_MANY",
      "DOCUMENTS_TOO_LARGE",
      "IMPLAUSIBLE_YIELD",
    ],
    authorize: (principal) => void requireFacility(principal),
    write: async (request, principal, context) => {
      const body = parseWith(schema, request.body) as EventBody["body"];
      const accepted = await recordEvent(context, requireFacility(principal), { type, body } as EventBody);
      return { status: 201, body: accepted };
    },
  };
}

export const eventRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    eventRoute(
      "fabric-lots",
      "fabric-lot",
      FabricLotBodySchema,
      "Record a fabric lot received or made by this facility",
      "recordFabricLot",
    ),
    eventRoute(
      "cuttings",
      "cutting",
      CuttingBodySchema,
      "Record a cutting: consumes fabric, creates cut bundles",
      "recordCutting",
    ),
    eventRoute(
      "sewings",
      "sewing",
      SewingBodySchema,
      "Record a sewing: consumes cut bundles, creates a garment batch",
      "recordSewing",
    ),
    eventRoute(
      "shipments",
      "shipment",
      ShipmentBodySchema,
      "Record a shipment to a buyer or a transfer to another facility",
      "recordShipment",
    ),
  ],
};
