import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where a generated operator key is kept inside the data dir (mode 0600). */
export const OPERATOR_KEY_FILE = "operator-api-key";

/**
 * The operator's API key: `configured` when set; otherwise the one kept in `dataDir`, generated (32 random
 * bytes, base64url) and written with mode 0600 on first start. `generated` is true only that first time, so the
 * caller prints it once and never again.
 */
export function ensureOperatorApiKey(
  dataDir: string,
  configured?: string,
): { key: string; generated: boolean } {
  if (configured) return { key: configured, generated: false };
  const path = join(dataDir, OPERATOR_KEY_FILE);
  try {
    return { key: readFileSync(path, "utf8").trim(), generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64url");
  // "wx": never overwrite a key another process wrote in the meantime.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  return { key, generated: true };
}
