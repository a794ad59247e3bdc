/** The service's own routes: its health check and its OpenAPI document. Neither is rate-limited. */
import type { RouteTable } from "../route-table";

export const serviceRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: "/healthz",
      summary: "200 once the service takes writes",
      access: "open",
      answers: { 200: { description: "Ready" } },
      errors: ["NOT_READY"],
      handle: (_request, response, context) => {
        if (context.isReady && !context.isReady()) {
          response
            .status(503)
            .json({ error: { code: "NOT_READY", message: "The service is starting or stopping" } });
          return;
        }
        response.json({
          status: "ok",
          chainId: context.ledger.chainId,
          contractAddress: context.ledger.contractAddress,
        });
      },
    },
    {
      method: "get",
      path: "/api/v1/openapi.json",
      summary: "This document",
      access: "open",
      undocumented: true,
      answers: { 200: { description: "The OpenAPI 3.1 document" } },
      handle: (_request, response, context) => {
        response.json(context.openApiDocument());
      },
    },
  ],
};
