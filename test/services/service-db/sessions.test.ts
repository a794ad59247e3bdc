/**
 * Console sessions on a real service database: ids stored only as their hash, idle and absolute expiry,
 * sign-out, and a session ended at once when its key is re-issued or the operator's key changes.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKeyRegistry, hashApiKey } from "../../../services/service-db/api-keys";
import { openServiceDatabase } from "../../../services/service-db/database";
import type { ServiceDatabase } from "../../../services/service-db/database";
import { createSessionStore, csrfTokenOf, isCsrfToken } from "../../../services/service-db/sessions";
import type { SessionStore } from "../../../services/service-db/sessions";

const OPERATOR_KEY = "operator-key-for-session-tests-0123456789";
const MINUTE = 60_000;

describe("console sessions", () => {
  let dir: string;
  let db: ServiceDatabase;
  let clock: number;
  let sessions: SessionStore;
  const open = (store: SessionStore = sessions) =>
    store.open({ type: "operator", id: "operator" }, hashApiKey(OPERATOR_KEY));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tp-sessions-"));
    db = openServiceDatabase(join(dir, "service.sqlite"));
    clock = Date.parse("2026-12-01T08:00:00Z");
    sessions = createSessionStore({
      db,
      idleMs: 30 * MINUTE,
      maxAgeMs: 12 * 60 * MINUTE,
      operatorKeyHash: hashApiKey(OPERATOR_KEY),
      now: () => clock,
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a 256-bit random id, stores only its hash and resolves it to the principal", () => {
    const { id, session } = open();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id, "base64url")).toHaveLength(32);
    expect(open().id).not.toBe(id);
    const stored = db.prepare("SELECT * FROM console_sessions").all() as Record<string, unknown>[];
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(stored.map((row) => row.id_hash)).toContain(createHash("sha256").update(id).digest("hex"));
    const lookup = sessions.resolve(id);
    expect(lookup).toMatchObject({ session: { principal: { type: "operator", id: "operator" } } });
    expect("session" in lookup && lookup.session.csrfToken).toBe(session.csrfToken);
  });

  it("derives a CSRF token per session and compares it exactly", () => {
    const a = open();
    const b = open();
    expect(a.session.csrfToken).toBe(csrfTokenOf(a.id));
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(isCsrfToken(a.session, a.session.csrfToken)).toBe(true);
    expect(isCsrfToken(a.session, b.session.csrfToken)).toBe(false);
    expect(isCsrfToken(a.session, a.session.csrfToken.slice(1))).toBe(false);
    expect(isCsrfToken(a.session, undefined)).toBe(false);
  });

  it("ends a session idle for 30 minutes, and keeps one in use until its 12 hours are up", () => {
    const idle = open();
    clock += 29 * MINUTE;
    expect("session" in sessions.resolve(idle.id)).toBe(true);
    clock += 30 * MINUTE;
    expect(sessions.resolve(idle.id)).toEqual({ ended: "idle" });
    // Ended means deleted: the next request hears it is unknown.
    expect(sessions.resolve(idle.id)).toEqual({ ended: "unknown" });

    const busy = open();
    for (let i = 0; i < 12 * 3 - 1; i++) {
      clock += 20 * MINUTE;
      expect("session" in sessions.resolve(busy.id), `after ${(i + 1) * 20} minutes`).toBe(true);
    }
    clock += 20 * MINUTE;
    expect(sessions.resolve(busy.id)).toEqual({ ended: "expired" });
  });

  it("signs out, and refuses ids of the wrong shape without a lookup", () => {
    const { id } = open();
    sessions.close(id);
    expect(sessions.resolve(id)).toEqual({ ended: "unknown" });
    expect(sessions.resolve("x")).toEqual({ ended: "unknown" });
    expect(sessions.resolve("' OR 1=1 --".padEnd(43, "a"))).toEqual({ ended: "unknown" });
  });

  it("ends a facility's session when its key is re-issued, and an operator's when the operator key changes", () => {
    const keys = createApiKeyRegistry({ db, operatorApiKey: OPERATOR_KEY });
    const principal = { type: "facility", id: "tng-sewing" } as const;
    const first = keys.issue(principal);
    const session = sessions.open(principal, hashApiKey(first));
    expect("session" in sessions.resolve(session.id)).toBe(true);
    const second = keys.issue(principal);
    expect(sessions.resolve(session.id)).toEqual({ ended: "key-revoked" });
    const renewed = sessions.open(principal, hashApiKey(second));
    expect("session" in sessions.resolve(renewed.id)).toBe(true);

    const operator = open();
    const afterKeyChange = createSessionStore({
      db,
      idleMs: 30 * MINUTE,
      maxAgeMs: 12 * 60 * MINUTE,
      operatorKeyHash: hashApiKey("another-operator-key-0123456789abcdef"),
      now: () => clock,
    });
    expect(afterKeyChange.resolve(operator.id)).toEqual({ ended: "key-revoked" });
  });

  it("sweeps ended sessions", () => {
    open();
    open();
    clock += 10 * MINUTE;
    const fresh = open();
    clock += 25 * MINUTE;
    expect(sessions.sweep()).toBe(2);
    expect("session" in sessions.resolve(fresh.id)).toBe(true);
  });
});
