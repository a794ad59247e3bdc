/**
 * The consoles' one stylesheet, read once and inlined into every console page (nothing fetched from
 * elsewhere); `consoleStyleHash` lets the Content-Security-Policy allow exactly it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const consoleCss: string = readFileSync(path.join(__dirname, "console.css"), "utf8")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\s+/g, " ")
  .replace(/\s*([{}:;,>])\s*/g, "$1")
  .replace(/;}/g, "}")
  .trim();

/** CSP source for the inlined console stylesheet, e.g. `'sha256-AbC…='`. */
export const consoleStyleHash = `'sha256-${createHash("sha256").update(consoleCss).digest("base64")}'`;
