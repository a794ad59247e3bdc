/**
 * What the console routes share, built once by `createApp`: the session store, the per-client sign-in budget
 * and whether the session cookie is `Secure` (PUBLIC_BASE_URL is https). Also the console's form parser.
 */
import express from "express";
import type { RequestHandler } from "express";
import { hashApiKey } from "../../service-db/api-keys";
import type { ServiceDatabase } from "../../service-db/database";
import { createSessionStore } from "../../service-db/sessions";
import type { SessionStore } from "../../service-db/sessions";
import { createClientBudget } from "../client-budget";
import type { ClientBudget } from "../client-budget";

export interface ConsoleContext {
  sessions: SessionStore;
  /** Sign-in attempts per client per minute (brute force): over it, 429 and the sign-in page says when. */
  signInAttempts: ClientBudget;
  /** Whether the session cookie carries `Secure` (the service is reached over https). */
  secureCookie: boolean;
  /** The cookie's Max-Age: the session's absolute age. */
  maxAgeSeconds: number;
}

export function createConsoleContext(params: {
  serviceDb: ServiceDatabase;
  operatorApiKey: string;
  publicBaseUrl: string;
  idleMinutes: number;
  maxHours: number;
  signInAttemptsPerMinute: number;
}): ConsoleContext {
  const sessions = createSessionStore({
    db: params.serviceDb,
    idleMs: params.idleMinutes * 60_000,
    maxAgeMs: params.maxHours * 3_600_000,
    operatorKeyHash: hashApiKey(params.operatorApiKey),
  });
  // Sessions that ended by time while nobody asked for them go at start (each lookup deletes its own).
  sessions.sweep();
  return {
    sessions,
    signInAttempts: createClientBudget({
      name: "console sign-in attempts",
      perMinute: params.signInAttemptsPerMinute,
    }),
    secureCookie: params.publicBaseUrl.startsWith("https:"),
    maxAgeSeconds: Math.round(params.maxHours * 3600),
  };
}

/** Console forms: URL-encoded, small, flat (repeated names give arrays). */
export function consoleBodyParser(): RequestHandler {
  return express.urlencoded({ extended: false, limit: 64 * 1024, parameterLimit: 100 });
}
