/**
 * API keys: 32 random bytes in base64url, shown once, stored only as their sha-256. A key belongs to one
 * principal: the operator (from the configuration), a facility or a certifier.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ServiceDatabase } from "./database";

export type Principal =
  { type: "operator"; id: "operator" } | { type: "facility"; id: string } | { type: "certifier"; id: string };

/** A new random API key (43 base64url characters). */
export function generateApiKey(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a key. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A principal's stable name, e.g. `facility:mill-a` (idempotency and upload records use it). */
export function principalName(principal: Principal): string {
  return `${principal.type}:${principal.id}`;
}

export interface ApiKeyRegistry {
  /** The principal `key` belongs to, or null (unknown or revoked). */
  resolve(key: string): Principal | null;
  /** Issues a new key for a facility or certifier, revoking its earlier ones; returns the key (shown once). */
  issue(principal: Exclude<Principal, { type: "operator" }>): string;
  /** Whether the principal has a live key. */
  hasKey(principal: Exclude<Principal, { type: "operator" }>): boolean;
}

/**
 * Keys stored in the service database plus the operator key from the configuration.
 *
 * @example
 * const keys = createApiKeyRegistry({ db: serviceDb, operatorApiKey: config.operatorApiKey });
 * const principal = keys.resolve(bearerToken);
 */
export function createApiKeyRegistry(params: {
  db: ServiceDatabase;
  operatorApiKey: string;
}): ApiKeyRegistry {
  const { db } = params;
  const operatorHash = Buffer.from(hashApiKey(params.operatorApiKey), "hex");
  const find = db.prepare(
    "SELECT principal_type, principal_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
  );
  const revoke = db.prepare(
    "UPDATE api_keys SET revoked_at = ? WHERE principal_type = ? AND principal_id = ? AND revoked_at IS NULL",
  );
  const insert = db.prepare(
    "INSERT INTO api_keys (key_hash, principal_type, principal_id, created_at) VALUES (?, ?, ?, ?)",
  );
  const live = db.prepare(
    "SELECT 1 FROM api_keys WHERE principal_type = ? AND principal_id = ? AND revoked_at IS NULL LIMIT 1",
  );

  return {
    resolve(key) {
      const hash = hashApiKey(key);
      if (timingSafeEqual(Buffer.from(hash, "hex"), operatorHash))
        return { type: "operator", id: "operator" };
      const row = find.get(hash) as
        { principal_type: "facility" | "certifier"; principal_id: string } | undefined;
      return row ? { type: row.principal_type, id: row.principal_id } : null;
    },
    issue(principal) {
      const key = generateApiKey();
      const now = new Date().toISOString();
      db.transaction(() => {
        revoke.run(now, principal.type, principal.id);
        insert.run(hashApiKey(key), principal.type, principal.id, now);
      })();
      return key;
    },
    hasKey(principal) {
      return live.get(principal.type, principal.id) !== undefined;
    },
  };
}
