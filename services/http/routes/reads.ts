import { Router } from "express";
import type { RequestHandler } from "express";
import { NotFoundError } from "../../errors/index";
import { findLot, findUpstreamGraph } from "../../read-model/queries";
import type { ProvenanceGraph } from "../../read-model/queries";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import type { RouteContext } from "./context";

/**
 * Adds verification verdicts to a provenance graph (chain → record → documents, every hash checked). The
 * provenance module supplies it; without one the graph is answered as the read model has it.
 */
export type VerifyProvenance = (
  graph: ProvenanceGraph,
) => Promise<ProvenanceGraph & { verification?: unknown }>;

/** Public reads: a lot, and a lot's upstream provenance graph. */
export function readRoutes(
  context: RouteContext,
  options: { rateLimit: RequestHandler; verifyProvenance?: VerifyProvenance },
): Router {
  const router = Router();
  router.get("/lots/:id", options.rateLimit, (request, response) => {
    const id = parseWith(IdSchema, request.params.id, "id");
    const lot = findLot(context.indexDb, id);
    if (!lot) throw new NotFoundError("Lot", id);
    response.json(lot);
  });
  router.get("/provenance/:id", options.rateLimit, async (request, response) => {
    const id = parseWith(IdSchema, request.params.id, "id");
    const graph = findUpstreamGraph(context.indexDb, id);
    if (!graph) throw new NotFoundError("Lot", id);
    response.json(options.verifyProvenance ? await options.verifyProvenance(graph) : graph);
  });
  return router;
}
