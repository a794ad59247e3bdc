/**
 * A facility's sewing lines and key equipment: the facility registers them with its own key; it and the
 * operator read the register. Cuttings and sewings name them by `lineId` / `equipmentId`.
 */
import { facilityEquipment, registerEquipment } from "../../facilities/equipment";
import type { RouteTable } from "../route-table";
import { principalOf, requireFacility } from "../auth";
import { IdSchema } from "../schemas/common";
import { EquipmentListSchema, EquipmentSchema, RegisterEquipmentBodySchema } from "../schemas/equipment";
import { parseWith } from "../validation";
import { IdParams, jsonAnswer } from "./answers";

const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

export const equipmentRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/facilities/:id/equipment",
      operationId: "registerFacilityEquipment",
      summary:
        "Register a sewing line or a piece of key equipment (cutting table, knitting machine) of the facility (its own key)",
      access: "bearer",
      request: { params: IdParams, body: RegisterEquipmentBodySchema },
      answers: { 201: jsonAnswer("Registered", EquipmentSchema) },
      errors: ["NOT_FOUND", "DUPLICATE_ID", "FACILITY_SUSPENDED"],
      // A facility key, before anything is read; the use case checks it is this facility's own.
      authorize: (principal) => void requireFacility(principal),
      write: async (request, principal, context) => {
        const id = idParam(request.params.id);
        const body = parseWith(RegisterEquipmentBodySchema, request.body);
        return { status: 201, body: registerEquipment(context, principal, id, body) };
      },
    },
    {
      method: "get",
      path: "/facilities/:id/equipment",
      operationId: "listFacilityEquipment",
      summary: "The facility's registered sewing lines and equipment (the facility itself or the operator)",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The register", EquipmentListSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        response.json({ facilityId: id, equipment: facilityEquipment(context, principalOf(response), id) });
      },
    },
  ],
};
