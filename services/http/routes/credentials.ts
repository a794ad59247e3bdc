/**
 * The credentials' public surroundings: the JSON-LD context of threadproof's own terms, and (below) the
 * status lists, DID documents and the verifier that outside tools use to check threadproof's credentials.
 */
import { z } from "zod";
import { JSON_LD_MEDIA_TYPE, THREADPROOF_CONTEXT_PATH, threadproofContext } from "../../credentials/contexts";
import type { RouteTable } from "../route-table";
import { jsonAnswer } from "./answers";

const JsonLdContextSchema = z.object({ "@context": z.record(z.string(), z.unknown()) });

export const credentialRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: THREADPROOF_CONTEXT_PATH,
      operationId: "getThreadproofContext",
      summary: "The JSON-LD context of threadproof's own credential terms",
      access: "open",
      answers: { 200: jsonAnswer("The context", JsonLdContextSchema, JSON_LD_MEDIA_TYPE) },
      handle: (_request, response, context) => {
        response
          .type(JSON_LD_MEDIA_TYPE)
          .set("Cache-Control", "public, max-age=86400")
          .json(threadproofContext(context.publicBaseUrl));
      },
    },
  ],
};
