import { Router } from "express";
import type { ZodType } from "zod";
import { recordEvent } from "../../production/record-event";
import type { EventBody } from "../../records/events";
import { requireFacility } from "../auth";
import {
  CuttingBodySchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "../schemas/events";
import { parseWith } from "../validation";
import type { RouteContext } from "./context";

/** The four production events; each is posted by the facility its API key belongs to. */
export const EVENT_ROUTES: { path: string; type: EventBody["type"]; schema: ZodType }[] = [
  { path: "/events/fabric-lots", type: "fabric-lot", schema: FabricLotBodySchema },
  { path: "/events/cuttings", type: "cutting", schema: CuttingBodySchema },
  { path: "/events/sewings", type: "sewing", schema: SewingBodySchema },
  { path: "/events/shipments", type: "shipment", schema: ShipmentBodySchema },
];

export function eventRoutes(context: RouteContext): Router {
  const router = Router();
  for (const route of EVENT_ROUTES) {
    router.post(
      route.path,
      context.requireAuth,
      context.write({
        authorize: (principal) => void requireFacility(principal),
        handle: async (request, principal) => {
          const body = parseWith(route.schema, request.body) as EventBody["body"];
          const accepted = await recordEvent(context, requireFacility(principal), {
            type: route.type,
            body,
          } as EventBody);
          return { status: 201, body: accepted };
        },
      }),
    );
  }
  return router;
}
