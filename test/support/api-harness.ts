/**
 * Runs the real service for a test: the supervised anvil chain (or in-process EDR with CHAIN_ENGINE=edr
 * in the environment), Helia on disk and SQLite in a temp data dir, an HTTP server on port 0, and `fetch` against it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../services/config/index";
import { createLogger } from "../../services/logging/index";
import { startService } from "../../services/main";
import type { RunningService } from "../../services/main";

export const OPERATOR_KEY = "operator-test-key-0123456789abcdefghijklmnop";

/** A parsed JSON answer: tests read into it freely and assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestService {
  service: RunningService;
  dataDir: string;
  call<T = Json>(
    method: string,
    path: string,
    options?: {
      key?: string;
      body?: unknown;
      rawBody?: string | Uint8Array | FormData;
      headers?: Record<string, string>;
      idempotencyKey?: string;
    },
  ): Promise<ApiAnswer<T>>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTestService(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<TestService> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "tp-api-"));
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: dir,
    OPERATOR_API_KEY: OPERATOR_KEY,
    LOG_LEVEL: "silent",
    PUBLIC_RATE_LIMIT_PER_MINUTE: "100000",
    // `CHAIN_ENGINE=anvil npx vitest run ...` runs the API tests on the supervised anvil instead of EDR.
    ...(process.env.CHAIN_ENGINE !== undefined ? { CHAIN_ENGINE: process.env.CHAIN_ENGINE } : {}),
    ...env,
  });
  const service = await startService(config, { logger: createLogger({ level: "silent" }) });
  return {
    service,
    dataDir: dir,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
      let body: string | Uint8Array | FormData | undefined = options.rawBody;
      if (options.body !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(options.body);
      }
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers,
        body: body as BodyInit | undefined,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text so the test can show it
      }
      return { status: response.status, body: parsed as Json, headers: response.headers };
    },
    async stop(options = {}) {
      await service.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small but real PDF (header, one empty page, trailer). */
export function samplePdf(text = "certificate of origin"): Uint8Array {
  return new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

export function fileForm(
  bytes: Uint8Array,
  mediaType: string,
  fields: Record<string, string> = {},
  field = "file",
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append(field, new Blob([Buffer.from(bytes)], { type: mediaType }), "document");
  return form;
}

export const fabricLot = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  description: "cotton single jersey 180 gsm",
  hsCode: "6006.21",
  composition: [
    { fibre: "cotton", percent: 95 },
    { fibre: "elastane", percent: 5, elastomeric: true },
  ],
  quantity: { amount: 1200, unit: "m" },
  weightKg: 260,
  value: { amount: 3600, currency: "USD" },
  supplier: { name: "Hanil Textile", country: "KR" },
  stages: [
    { stage: "spinning", country: "KR" },
    { stage: "fabric-formation", country: "KR" },
  ],
  occurredAt: "2026-03-01T08:00:00Z",
  ...overrides,
});

export const cutting = (
  id: string,
  fabricId: string,
  amount = 300,
  overrides: Record<string, unknown> = {},
) => ({
  id,
  inputs: [{ lotId: fabricId, quantity: { amount, unit: "m" }, role: "main-fabric" }],
  // 8 pieces per metre (a T-shirt cutting), at most 2,400: a plausible yield for any amount consumed.
  output: {
    quantity: { amount: Math.min(2400, Math.max(1, Math.floor(amount * 8))), unit: "pcs" },
    style: "TS-01",
  },
  occurredAt: "2026-03-02T08:00:00Z",
  ...overrides,
});

export const sewing = (id: string, cutId: string, overrides: Record<string, unknown> = {}) => ({
  id,
  inputs: [{ lotId: cutId, quantity: { amount: 2400, unit: "pcs" } }],
  trims: [
    {
      description: "buttons",
      hsCode: "9606.21",
      role: "accessory",
      originCountry: "CN",
      weightKg: 0.4,
      value: { amount: 12, currency: "USD" },
    },
  ],
  product: {
    gtin: "08938505974019",
    hsCode: "6109.10",
    description: "men's cotton T-shirt",
    construction: "cut-and-sewn",
    exWorksPrice: { amount: 4.2, currency: "USD" },
  },
  output: { quantity: { amount: 1200, unit: "pcs" } },
  occurredAt: "2026-03-03T08:00:00Z",
  ...overrides,
});
