/**
 * The HTTP client of the public API: bearer key, per-request timeout, retries of 429/503 honouring
 * Retry-After (writes carry an Idempotency-Key, so a retry records nothing twice), and one mapping of every
 * failure to an exit code and a message naming what the server named.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "./errors";
import type { Refusal } from "./errors";
import { EXIT, exitCodeOfStatus } from "./exit-codes";

export interface ClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per request, including reading the answer's headers. */
  timeoutMs: number;
  /** How many times a 429 or 503 is retried before giving up (exit 6). */
  retries?: number;
  /** Longest wait between two attempts, whatever Retry-After says. */
  maxRetryWaitMs?: number;
  /** Told before each retry (the CLI prints it on stderr). */
  onRetry?: (message: string) => void;
}

export interface RequestOptions {
  /** A JSON body (sent as application/json unless `contentType` says otherwise). */
  json?: unknown;
  /** A ready body: multipart form data or raw bytes. */
  body?: FormData | Uint8Array | string;
  contentType?: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Send the API key (default true; public reads work without one). */
  auth?: boolean;
}

/** The server's answer body as parsed JSON, or its text when it is not JSON. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

type Loose = Record<string, unknown> | undefined;
const asObject = (value: unknown): Loose =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * What the server refused, from either of its error shapes: `{ error: { code, message, details: { fields } } }`
 * on /api/v1 and RFC 7807 problem documents (`title`, `fields`, `issues`) on /epcis.
 */
export function refusalsOf(body: unknown): { code?: string; message?: string; refusals: Refusal[] } {
  const top = asObject(body);
  const error = asObject(top?.error);
  const details = asObject(error?.details);
  const source = error ? details : top;
  const refusals: Refusal[] = [];
  for (const field of asArray(source?.fields)) {
    const item = asObject(field);
    if (item)
      refusals.push({
        where: String(item.path === "" ? "(body)" : (item.path ?? "(body)")),
        message: String(item.message ?? ""),
      });
  }
  if (refusals.length === 0) {
    for (const issue of asArray(source?.issues)) {
      const item = asObject(issue);
      if (!item) continue;
      const where = item.pointer ?? item.path ?? item.instancePath ?? item.eventID ?? "(document)";
      refusals.push({ where: String(where), message: String(item.message ?? "") });
    }
  }
  // A refusal about one field of what is recorded (`details.field`: a date, a lot) names it too.
  if (refusals.length === 0 && typeof details?.field === "string")
    refusals.push({ where: details.field, message: String(error?.message ?? "") });
  const code = (error?.code ?? top?.code) as string | undefined;
  const message = (error?.message ??
    top?.title ??
    (typeof body === "string" ? body.slice(0, 200) : undefined)) as string | undefined;
  return { ...(code ? { code } : {}), ...(message ? { message } : {}), refusals };
}

/** Seconds (or an HTTP date) from Retry-After, as milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Why a request never got an answer, in words, without the URL's credentials or any header. */
function networkFailure(error: unknown, origin: string, timeoutMs: number): CliError {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError")
    return new CliError(
      `${origin} did not answer within ${timeoutMs / 1000} s (--timeout)`,
      EXIT.UNAVAILABLE,
    );
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } })
    .cause;
  // Node's fetch names the socket error in its cause (in the first of several when it tried IPv4 and IPv6).
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  const reason =
    code === "ECONNREFUSED"
      ? "connection refused: is the service running there? (--url or THREADPROOF_URL)"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "unknown host (--url or THREADPROOF_URL)"
        : code
          ? `network error ${code}`
          : `network error${cause?.message ? `: ${cause.message}` : ""}`;
  return new CliError(`cannot reach ${origin}: ${reason}`, EXIT.UNAVAILABLE, code ? { code } : {});
}

export class ApiClient {
  private readonly base: URL;
  constructor(private readonly options: ClientOptions) {
    try {
      this.base = new URL(options.baseUrl);
    } catch {
      throw new CliError(`--url is not a URL: ${options.baseUrl}`, EXIT.USAGE);
    }
    if (this.base.protocol !== "http:" && this.base.protocol !== "https:")
      throw new CliError(`--url must be http or https: ${this.base.origin}`, EXIT.USAGE);
  }

  /** Where the service is, as shown to users (never with credentials in the URL). */
  get origin(): string {
    return this.base.origin;
  }

  url(path: string, query: Record<string, string | undefined> = {}): URL {
    const url = new URL(
      path.replace(/^\//, ""),
      this.base.href.endsWith("/") ? this.base : `${this.base.href}/`,
    );
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    return url;
  }

  /** Sends a request; answers the 2xx response, throws a {@link CliError} for anything else. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (options.auth !== false && this.options.apiKey)
      headers.authorization = `Bearer ${this.options.apiKey}`;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    let body: FormData | Uint8Array | string | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = options.contentType ?? "application/json";
    } else if (options.contentType) headers["content-type"] = options.contentType;
    const url = this.url(path, options.query);
    const retries = this.options.retries ?? 4;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: body as BodyInit | undefined,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        throw networkFailure(error, this.origin, this.options.timeoutMs);
      }
      if (response.ok) return response;
      if ((response.status === 429 || response.status === 503) && attempt < retries) {
        await response.body?.cancel();
        const backoff = 500 * 2 ** attempt;
        const wait = Math.min(
          retryAfterMs(response.headers.get("retry-after")) ?? backoff,
          this.options.maxRetryWaitMs ?? 30_000,
        );
        this.options.onRetry?.(
          `${response.status} from ${method} ${url.pathname}: retrying in ${(wait / 1000).toFixed(1)} s (${attempt + 1}/${retries})`,
        );
        await sleep(wait);
        continue;
      }
      throw await this.failure(response, method, url);
    }
  }

  /** GET or POST answering JSON. */
  async json<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    return (await readBody(response)) as T;
  }

  private async failure(response: Response, method: string, url: URL): Promise<CliError> {
    const body = await readBody(response).catch(() => undefined);
    const { code, message, refusals } = refusalsOf(body);
    const what = `${method} ${url.pathname}`;
    const text =
      response.status === 401
        ? `${what}: ${message ?? "unauthenticated"} (set THREADPROOF_API_KEY to a valid key)`
        : `${what}: ${response.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}`;
    return new CliError(text, exitCodeOfStatus(response.status), {
      status: response.status,
      ...(code ? { code } : {}),
      refusals,
      body,
    });
  }
}
