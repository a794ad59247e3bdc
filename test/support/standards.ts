/**
 * The standards data the tests check against (`shared/standards/`, beside the repository; see its README).
 * It is read in place, never copied into the project. `THREADPROOF_SHARED_DIR` points elsewhere when needed.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const REPO_ROOT = resolve(__dirname, "..", "..");

/** The absolute path of `shared/standards/<parts>`; throws with the places tried when it is missing. */
export function standardsPath(...parts: string[]): string {
  const candidates = [process.env.THREADPROOF_SHARED_DIR, resolve(REPO_ROOT, "..", "shared")].filter(
    (dir): dir is string => Boolean(dir),
  );
  for (const dir of candidates) {
    const path = resolve(dir, "standards", ...parts);
    if (existsSync(path)) return path;
  }
  throw new Error(
    `The standards data ${parts.join("/")} is not in ${candidates.map((dir) => `${dir}/standards`).join(" or ")}`,
  );
}

/** The text of a standards file, byte for byte (no trailing newline added or removed). */
export function readStandardsText(...parts: string[]): string {
  return readFileSync(standardsPath(...parts), "utf8");
}

/** A standards file parsed as JSON. */
export function readStandardsJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readStandardsText(...parts)) as T;
}
