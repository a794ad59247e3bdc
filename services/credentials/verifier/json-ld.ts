/**
 * The JSON-LD meaning of a credential, checked offline: `jsonld.expand` in safe mode (a dropped term, a
 * protected term redefined, a type that maps to no IRI are errors) with a static document loader that knows
 * only the VC 2.0 context (bundled by `@digitalbazaar/credentials-context`) and threadproof's own. A context
 * it does not know is never fetched: the check is then "unverified", naming it. A `proof` is left out: its
 * terms are its cryptosuite's, and the proof check answers for it (eddsa-jcs-2022 does no JSON-LD at all).
 */
import jsonld from "jsonld";
import { threadproofContext, threadproofContextUrl } from "../contexts";
import { isUrl } from "./data-model";
import type { Problem } from "./data-model";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- ESM package; its CommonJS build is what loads here
const { contexts: bundledContexts } = require("@digitalbazaar/credentials-context") as {
  contexts: Map<string, unknown>;
};

export type JsonLdOutcome =
  | { status: "valid" }
  | { status: "invalid"; problems: Problem[] }
  | { status: "unverified"; unknownContext: string };

class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(`unknown context ${url}`);
  }
}

/** The contexts known offline, by URL, for a service published at `baseUrl`. */
export function staticContexts(baseUrl: string): Map<string, unknown> {
  const known = new Map<string, unknown>(bundledContexts);
  known.set(threadproofContextUrl(baseUrl), threadproofContext(baseUrl));
  return known;
}

function withoutProof(document: unknown): unknown {
  if (typeof document !== "object" || document === null || Array.isArray(document))
    return structuredClone(document);
  const { proof: _proof, ...rest } = document as Record<string, unknown>;
  return structuredClone(rest);
}

/** Every `@type` value of an expanded document (and its nodes, at any depth). */
function expandedTypes(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const entry of node) expandedTypes(entry, found);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "@type") for (const type of [value].flat()) if (typeof type === "string") found.push(type);
      // A @json literal's contents are data, not nodes.
      if (key !== "@value") expandedTypes(value, found);
    }
  }
  return found;
}

/**
 * Expands `document` in safe mode with the static contexts only.
 *
 * @example
 * const outcome = await checkJsonLd(credential, { contexts: staticContexts("https://trace.example.vn") });
 */
export async function checkJsonLd(
  document: unknown,
  options: { contexts: ReadonlyMap<string, unknown> },
): Promise<JsonLdOutcome> {
  const documentLoader = async (url: string) => {
    const known = options.contexts.get(url);
    if (known === undefined) throw new UnknownContextError(url);
    return { contextUrl: null, documentUrl: url, document: known };
  };
  let expanded: Record<string, unknown>[];
  try {
    expanded = await jsonld.expand(withoutProof(document), { documentLoader, safe: true });
  } catch (error) {
    const unknown = findUnknownContext(error);
    if (unknown) return { status: "unverified", unknownContext: unknown };
    return { status: "invalid", problems: [{ path: "@context", message: jsonLdMessage(error) }] };
  }
  const badTypes = expandedTypes(expanded).filter((type) => !type.startsWith("_:") && !isUrl(type));
  if (badTypes.length > 0)
    return {
      status: "invalid",
      problems: badTypes
        .slice(0, 10)
        .map((type) => ({ path: "type", message: `the type ${type} is no URL once expanded` })),
    };
  return { status: "valid" };
}

/** jsonld wraps loader errors in its own (`details.cause`); the unknown context's URL, if that is what failed. */
function findUnknownContext(error: unknown, depth = 0): string | null {
  if (depth > 5 || typeof error !== "object" || error === null) return null;
  if (error instanceof UnknownContextError) return error.url;
  const { cause, details } = error as { cause?: unknown; details?: { cause?: unknown } };
  return findUnknownContext(details?.cause, depth + 1) ?? findUnknownContext(cause, depth + 1);
}

function jsonLdMessage(error: unknown): string {
  const { message, details } = error as { message?: unknown; details?: { code?: unknown } };
  const code = typeof details?.code === "string" ? `${details.code}: ` : "";
  return `JSON-LD expansion fails: ${code}${typeof message === "string" ? message.slice(0, 200) : "an error"}`;
}
