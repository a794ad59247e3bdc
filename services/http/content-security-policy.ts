/**
 * The one Content-Security-Policy of the service, set by helmet on every answer (services/http/app.ts): each
 * page — garment viewer, certificate page, not-found and wrong-code pages — is the same layout with the one
 * inlined stylesheet, so one policy fits them all and no page can end up weaker than another. Only that
 * stylesheet (by its hash), data: images, images from this site (the product photo a facility uploaded, served
 * from /ipfs/ with its hash checked) and forms back to this site: no script, nothing from elsewhere, no
 * framing. Raw documents and records add `sandbox` on top (their routes set it).
 */
import { viewerStyleHash } from "../../web/index";
import { consoleStyleHash } from "../../web/console/index";

export const CONTENT_SECURITY_POLICY_DIRECTIVES = {
  "default-src": ["'none'"],
  // The viewer's stylesheet and the consoles' (web/console), each inlined and allowed by its hash.
  "style-src": [viewerStyleHash, consoleStyleHash],
  // 'self' for the product photo; flags are inline SVG and need no source.
  "img-src": ["'self'", "data:"],
  "form-action": ["'self'"],
  "base-uri": ["'none'"],
  "frame-ancestors": ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/** The header's value, as helmet writes it. */
export const CONTENT_SECURITY_POLICY = Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(" ")}`)
  .join(";");
