/**
 * Structured logs (pino) that never carry secrets: authorization headers, API keys, private keys and
 * passwords are censored by path, and credentials inside URLs (RPC endpoints) are masked wherever they appear.
 */
import pino from "pino";
import type { Logger } from "pino";

export type { Logger } from "pino";

const CENSOR = "[redacted]";

/** Paths pino censors wherever these fields appear (one level of nesting under any key). */
export const REDACTED_PATHS = [
  "authorization",
  "apiKey",
  "privateKey",
  "relayerPrivateKey",
  "password",
  "operatorApiKey",
  "mnemonic",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "*.authorization",
  "*.apiKey",
  "*.privateKey",
  "*.relayerPrivateKey",
  "*.password",
  "*.operatorApiKey",
  "*.mnemonic",
];

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;

/** `url` with any `user:password@` part masked. */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${CENSOR}@`);
}

function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskUrlCredentials(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskDeep(item, depth + 1);
  return out;
}

export interface CreateLoggerParameters {
  level?: string;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/**
 * The service's root logger.
 *
 * @example
 * const logger = createLogger({ level: config.logLevel });
 * logger.info({ port }, "listening");
 */
export function createLogger({ level = "info", destination }: CreateLoggerParameters = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "threadproof" },
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    formatters: { log: (object) => maskDeep(object, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === "string" ? maskUrlCredentials(arg) : arg)) as Parameters<
            typeof method
          >,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
