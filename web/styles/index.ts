/**
 * The stylesheets, each read once and inlined into every page: one request per page on a slow network,
 * nothing fetched from elsewhere. Each hash lets the server allow exactly that inline style in its
 * Content-Security-Policy (`style-src 'sha256-…'`).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/** A stylesheet with comments and surplus whitespace removed, and its CSP source (`'sha256-AbC…='`). */
export function inlineStylesheet(file: string): { css: string; hash: string } {
  const css = readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*([{}:;,>])\s*/g, "$1")
    .replace(/;}/g, "}")
    .trim();
  return { css, hash: `'sha256-${createHash("sha256").update(css).digest("base64")}'` };
}

const viewer = inlineStylesheet(path.join(__dirname, "viewer.css"));

/** The viewer's stylesheet, minified. */
export const viewerCss: string = viewer.css;

/** CSP source for the inlined viewer stylesheet. */
export const viewerStyleHash: string = viewer.hash;
