/**
 * What every command gets from the global options: the API client, the output, and the Idempotency-Key
 * rule (derived from the content for uploads, random per invocation otherwise, `--idempotency-key` wins).
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { ApiClient } from "./client";
import { CliError } from "./errors";
import { EXIT } from "./exit-codes";
import { Output } from "./output";

export const DEFAULT_URL = "http://localhost:3000";

export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
  quiet?: boolean;
  timeout?: number;
  idempotencyKey?: string;
}

export interface Context {
  client: ApiClient;
  out: Output;
  /** The key for a write: `--idempotency-key`, else `derived` (a content hash), else a random one. */
  idempotencyKey(derived?: string): string;
}

export function contextOf(command: Command): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const apiKey = options.apiKey ?? process.env.THREADPROOF_API_KEY;
  const out = new Output({
    json: options.json === true,
    quiet: options.quiet === true,
    secrets: apiKey ? [apiKey] : [],
  });
  if (options.apiKey !== undefined)
    out.warn("--api-key shows in your shell history and the process list; set THREADPROOF_API_KEY instead");
  const client = new ApiClient({
    baseUrl: options.url ?? process.env.THREADPROOF_URL ?? DEFAULT_URL,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: (options.timeout ?? 30) * 1000,
    onRetry: (message) => out.info(message),
  });
  return {
    client,
    out,
    idempotencyKey: (derived) => options.idempotencyKey ?? derived ?? `threadproof-cli:${randomUUID()}`,
  };
}

/** The file's bytes, or a usage error naming it. */
export function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      EXIT.USAGE,
    );
  }
}

/** A JSON file, or a usage error naming it and where it stops being JSON. */
export function readJsonFile(path: string): unknown {
  const text = readInput(path).toString("utf8");
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`, EXIT.USAGE);
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes a downloaded answer to `path` (`-` for stdout), answering the byte count. */
export async function saveResponse(response: Response, path: string, out: Output): Promise<number> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (path === "-") {
    if (out.json) throw new CliError("-o - writes the file to stdout: not with --json", EXIT.USAGE);
    out.stdout.write(bytes);
  } else {
    try {
      writeFileSync(path, bytes);
    } catch (error) {
      throw new CliError(
        `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        EXIT.USAGE,
      );
    }
  }
  return bytes.byteLength;
}

/** A path segment from a user's id (a lot id may hold characters that mean something in a URL). */
export const segment = (id: string) => encodeURIComponent(id);
