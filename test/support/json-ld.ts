/**
 * JSON-LD processing as an outside consumer does it, offline: `jsonld` in safe mode (any dropped term or
 * value is an error) with a static loader that knows the VC 2.0 and UNTP 0.6.1 contexts (from the shared
 * standards data) and threadproof's own context (from the service's bundled module). Nothing is fetched.
 */
import jsonld from "jsonld";
import { UNTP_DCC_CONTEXT, UNTP_DPP_CONTEXT, VC_CONTEXT } from "../../services/credentials/contexts";
import { threadproofContext, threadproofContextUrl } from "../../services/credentials/contexts";
import { readStandardsJson } from "./standards";

export function staticContexts(baseUrl: string): Map<string, unknown> {
  return new Map<string, unknown>([
    [VC_CONTEXT, readStandardsJson("w3c", "credentials-v2.jsonld")],
    [UNTP_DCC_CONTEXT, readStandardsJson("untp-0.6.1", "dcc-context.jsonld")],
    [UNTP_DPP_CONTEXT, readStandardsJson("untp-0.6.1", "dpp-context.jsonld")],
    [threadproofContextUrl(baseUrl), threadproofContext(baseUrl)],
  ]);
}

/** Expands `document` in safe mode; throws on a dropped term or on a context the loader does not know. */
export function expandSafely(document: unknown, baseUrl: string): Promise<Record<string, unknown>[]> {
  const contexts = staticContexts(baseUrl);
  return jsonld.expand(structuredClone(document), {
    safe: true,
    documentLoader: async (url: string) => {
      const known = contexts.get(url);
      if (known === undefined) throw new Error(`No static context for ${url}`);
      return { contextUrl: null, documentUrl: url, document: known };
    },
  });
}
