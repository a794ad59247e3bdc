/** Public reads: a lot, and a lot's upstream provenance graph with every link verified. */
import { NotFoundError } from "../../errors/index";
import { verifyProvenance } from "../../provenance/index";
import { findLot, findUpstreamGraph } from "../../read-model/queries";
import type { RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import { LotSchema, ProvenanceSchema } from "../schemas/lots";
import { parseWith } from "../validation";
import { IdParams, jsonAnswer } from "./answers";

export const readRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "get",
      path: "/lots/:id",
      operationId: "getLot",
      summary: "A lot, as the chain and its records have it",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The lot", LotSchema) },
      errors: ["NOT_FOUND"],
      handle: (request, response, context) => {
        const id = parseWith(IdSchema, request.params.id, "id");
        const lot = findLot(context.indexDb, id);
        if (!lot) throw new NotFoundError("Lot", id);
        response.json(lot);
      },
    },
    {
      method: "get",
      path: "/provenance/:id",
      operationId: "getProvenance",
      summary: "The lot's whole upstream graph, back to its fabric lots",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The graph", ProvenanceSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const id = parseWith(IdSchema, request.params.id, "id");
        const graph = findUpstreamGraph(context.indexDb, id);
        if (!graph) throw new NotFoundError("Lot", id);
        // Chain → record → documents, every hash checked (services/provenance).
        response.json(await verifyProvenance(context.viewer.provenance, graph));
      },
    },
  ],
};
