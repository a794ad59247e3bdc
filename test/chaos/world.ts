/**
 * The world the chaos tests attack: a real service (embedded chain, Helia on disk, SQLite, HTTP on loopback)
 * with every kind of principal and lots held by two facilities, plus a raw HTTP client that sends exactly the
 * bytes, path and headers it is given (fetch would normalise `../` and refuse odd headers), and a snapshot of
 * everything a request could change.
 */
import { request as httpRequest, Agent } from "node:http";
import type { OutgoingHttpHeaders } from "node:http";
import { expect } from "vitest";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../support/api-harness";
import type { TestService } from "../support/api-harness";

/** Scales request counts and kills: CHAOS_SCALE=10 runs ten times as much. */
export const CHAOS_SCALE = Math.max(0.1, Number(process.env.CHAOS_SCALE ?? 1));

export const scaled = (n: number) => Math.max(1, Math.round(n * CHAOS_SCALE));

export type PrincipalName =
  | "none"
  | "bad key"
  | "malformed header"
  | "operator"
  | "certifier"
  | "facility A"
  | "facility B"
  | "suspended facility";

export const PRINCIPALS: PrincipalName[] = [
  "none",
  "bad key",
  "malformed header",
  "operator",
  "certifier",
  "facility A",
  "facility B",
  "suspended facility",
];

export interface World {
  t: TestService;
  /** The Authorization header each principal sends (undefined: none). */
  authorization: Record<PrincipalName, string | undefined>;
  /** Lots each facility holds: fabric, cut bundles, garment batch. */
  lots: {
    A: { fabric: string; cut: string; sewn: string };
    B: { fabric: string; cut: string; sewn: string };
  };
  /** A facility only the authorization sweep suspends, reinstates and re-keys. */
  spareFacility: string;
  documentCid: string;
  gtin: string;
}

async function mustCreate(
  t: TestService,
  key: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const answer = await t.call("POST", path, { key, body });
  expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body as Record<string, unknown>;
}

/** Starts a service and records the world on it through the API. */
export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const t = await startTestService(env);
  const register = async (id: string) =>
    (
      await mustCreate(t, OPERATOR_KEY, "/api/v1/facilities", {
        id,
        name: `Factory ${id}`,
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
      })
    ).apiKey as string;
  const keyA = await register("fac-a");
  const keyB = await register("fac-b");
  const keyS = await register("fac-suspended");
  await register("fac-spare");
  const certifier = (await mustCreate(t, OPERATOR_KEY, "/api/v1/certifiers", { id: "cert-1", name: "VCCI" }))
    .apiKey as string;

  const lotsOf = async (key: string, tag: string) => {
    await mustCreate(t, key, "/api/v1/events/fabric-lots", fabricLot(`FL-${tag}`));
    await mustCreate(t, key, "/api/v1/events/cuttings", cutting(`CUT-${tag}`, `FL-${tag}`));
    await mustCreate(
      t,
      key,
      "/api/v1/events/sewings",
      sewing(`SEW-${tag}`, `CUT-${tag}`, {
        inputs: [{ lotId: `CUT-${tag}`, quantity: { amount: 1200, unit: "pcs" } }],
        output: { quantity: { amount: 100, unit: "pcs" } },
      }),
    );
    return { fabric: `FL-${tag}`, cut: `CUT-${tag}`, sewn: `SEW-${tag}` };
  };
  const lots = { A: await lotsOf(keyA, "A"), B: await lotsOf(keyB, "B") };
  await mustCreate(t, keyS, "/api/v1/events/fabric-lots", fabricLot("FL-S"));
  await mustCreate(t, OPERATOR_KEY, "/api/v1/facilities/fac-suspended/suspend", {});

  const upload = await t.call("POST", "/api/v1/documents", {
    key: keyA,
    rawBody: fileForm(samplePdf("mill certificate"), "application/pdf", { type: "mill-certificate" }),
  });
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);

  return {
    t,
    authorization: {
      none: undefined,
      "bad key": "Bearer tp_0000000000000000000000000000000000000000",
      "malformed header": "Basic b3BlcmF0b3I6cGFzc3dvcmQ=",
      operator: `Bearer ${OPERATOR_KEY}`,
      certifier: `Bearer ${certifier}`,
      "facility A": `Bearer ${keyA}`,
      "facility B": `Bearer ${keyB}`,
      "suspended facility": `Bearer ${keyS}`,
    },
    lots,
    spareFacility: "fac-spare",
    documentCid: upload.body.cid as string,
    gtin: "08938505974019",
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** Sends exactly this request (raw path, raw body bytes) to the service and reads the whole answer. */
export function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers?: OutgoingHttpHeaders; body?: Uint8Array | string },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: {
          ...options.headers,
          ...(options.body === undefined ? {} : { "content-length": Buffer.byteLength(options.body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Everything a refused request must leave as it was: every table of the read model and of the service
 * database (API keys, certifiers, uploads; not the idempotency table, where refusals are stored by design to be
 * replayed), and the chain's block number.
 */
export async function snapshot(world: World): Promise<string> {
  const { service } = world.t;
  const tables = (db: typeof service.indexDb, skip: string[]) =>
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    )
      .map((row) => row.name)
      .filter((name) => !skip.includes(name) && !name.startsWith("sqlite_"))
      .map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]);
  return JSON.stringify({
    blockNumber: await service.ledger.blockNumber(),
    index: tables(service.indexDb, []),
    service: tables(service.serviceDb, ["idempotency"]),
  });
}

/** The error codes the API answers with: a new one must be added here on purpose. */
export const STABLE_ERROR_CODES = new Set([
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "ROUTE_NOT_FOUND",
  "RATE_LIMITED",
  "DUPLICATE_ID",
  "INSUFFICIENT_QUANTITY",
  "WRONG_LOT_KIND",
  "UNIT_MISMATCH",
  "FACILITY_SUSPENDED",
  "FACILITY_ROLE_MISSING",
  "IDEMPOTENCY_KEY_REUSED",
  "INVALID_CID",
  "INVALID_RECORD_REFERENCE",
  "NOT_A_RECORD",
  "INVALID_GTIN",
  "INVALID_DIGITAL_LINK",
  "QR_DATA_INVALID",
  "INVALID_CERTIFICATE_SUBJECT",
  "INVALID_ORIGIN_SUBJECT",
  "CERTIFICATE_REVOKED",
  "NOT_ORIGINATING",
  "PROVISIONAL_RULE",
  "INSUFFICIENT_DATA",
  "GTIN_MISSING",
  "MIXED_PRODUCTS",
  "MIXED_ORIGINS",
  "PROVENANCE_TOO_COMPLEX",
  "CONFLICTS_WITH_PROVENANCE",
  "DERIVED_FACTS_INVALID",
  "ASSESSMENT_STALE",
]);

/** Asserts the JSON error shape `{ error: { code, message } }` with a code from the stable set. */
export function expectErrorShape(answer: RawAnswer, context: string): string {
  const body = answer.json as
    | { error?: { code?: unknown; message?: unknown }; type?: unknown; title?: unknown; code?: unknown }
    | undefined;
  // The EPCIS routes answer RFC 7807 problem documents, as GS1's REST bindings ask, with the service's code.
  if (
    body?.error === undefined &&
    typeof body?.type === "string" &&
    body.type.startsWith("epcisException:")
  ) {
    expect(body.title, context).toBeTypeOf("string");
    expect(body.code, context).toBeTypeOf("string");
    const code = body.code as string;
    expect(STABLE_ERROR_CODES.has(code), `${context}: unknown error code ${code}`).toBe(true);
    return code;
  }
  expect(body?.error, `${context}: not the error shape: ${answer.text.slice(0, 300)}`).toBeTypeOf("object");
  expect(body!.error!.code, context).toBeTypeOf("string");
  expect(body!.error!.message, context).toBeTypeOf("string");
  const code = body!.error!.code as string;
  expect(STABLE_ERROR_CODES.has(code), `${context}: unknown error code ${code}`).toBe(true);
  return code;
}

export { OPERATOR_KEY };
