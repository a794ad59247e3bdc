/**
 * The viewer's one stylesheet, read once and inlined into every page: one request per page on a slow network,
 * nothing fetched from elsewhere. `viewerStyleHash` lets the server allow exactly this inline style in its
 * Content-Security-Policy (`style-src 'sha256-…'`).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** The stylesheet, with comments and surplus whitespace removed. */
export const viewerCss: string = readFileSync(path.join(__dirname, "viewer.css"), "utf8")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\s+/g, " ")
  .replace(/\s*([{}:;,>])\s*/g, "$1")
  .replace(/;}/g, "}")
  .trim();

/** CSP source for the inlined stylesheet, e.g. `'sha256-AbC…='`. */
export const viewerStyleHash = `'sha256-${createHash("sha256").update(viewerCss).digest("base64")}'`;
