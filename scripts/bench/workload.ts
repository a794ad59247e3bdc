/**
 * What the benchmark's clients post: facilities registered through the API, then per client a stream of
 * production events with unique ids — a fabric lot, cuttings from it, and now and then a sewing of the last
 * cutting into a garment batch (5 % fabric lots, 90 % cuttings, 5 % sewings), as a cutting room and sewing
 * line do.
 */
import { BENCH_OPERATOR_KEY } from "./service";

export const GTIN = "08938505974019";
/** Pieces per cutting and per sewing: small garment batches keep the Merkle manifest cheap. */
export const PIECES = 8;

export interface Facility {
  id: string;
  apiKey: string;
}

/** POSTs JSON and returns the parsed answer; throws with the body unless the status is `expect`. */
export async function postJson(
  url: string,
  key: string,
  body: unknown,
  expect = 201,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== expect) {
    throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${JSON.stringify(answer)}`);
  }
  return answer;
}

/** Registers `count` facilities with every production role; answers their API keys. */
export async function registerFacilities(
  baseUrl: string,
  count: number,
  prefix: string,
): Promise<Facility[]> {
  const facilities: Facility[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-factory-${i}`;
    const answer = await postJson(`${baseUrl}/api/v1/facilities`, BENCH_OPERATOR_KEY, {
      id,
      name: `Thai Nguyen Garment ${i}`,
      country: "VN",
      roles: ["fabric", "cutting", "sewing", "shipping"],
      gtinPrefixes: ["8938505"],
    });
    facilities.push({ id, apiKey: answer.apiKey as string });
  }
  return facilities;
}

export const fabricBody = (id: string) => ({
  id,
  description: "cotton single jersey 180 gsm",
  hsCode: "6006.21",
  composition: [{ fibre: "cotton", percent: 100 }],
  quantity: { amount: 1000, unit: "m" },
  supplier: { name: "Nam Dinh Knitting", country: "VN" },
  stages: [
    { stage: "spinning", country: "VN" },
    { stage: "fabric-formation", country: "VN" },
  ],
  occurredAt: "2026-03-01T08:00:00Z",
});

export const cuttingBody = (id: string, fabricId: string) => ({
  id,
  inputs: [{ lotId: fabricId, quantity: { amount: 1, unit: "m" }, role: "main-fabric" }],
  output: { quantity: { amount: PIECES, unit: "pcs" }, style: "TS-01" },
  occurredAt: "2026-03-02T08:00:00Z",
});

export const sewingBody = (id: string, cutId: string) => ({
  id,
  inputs: [{ lotId: cutId, quantity: { amount: PIECES, unit: "pcs" } }],
  product: {
    gtin: GTIN,
    hsCode: "6109.10",
    description: "men's cotton T-shirt",
    construction: "cut-and-sewn",
    exWorksPrice: { amount: 4.2, currency: "USD" },
  },
  output: { quantity: { amount: PIECES, unit: "pcs" } },
  occurredAt: "2026-03-03T08:00:00Z",
});

export interface EventStream {
  /** Posts client `client`'s next event and resolves once it is acknowledged (201). */
  next(client: number): Promise<void>;
  /** Garment batches recorded so far, in order. */
  readonly sewings: string[];
  /** Events acknowledged so far. */
  readonly acknowledged: () => number;
}

/** Per-client event streams against `baseUrl`; lot ids start with `tag` so that runs never collide. */
export function eventStream(baseUrl: string, facilities: Facility[], tag: string): EventStream {
  const state = new Map<number, { k: number; fabricId: string; lastCutId: string }>();
  const sewings: string[] = [];
  let acknowledged = 0;
  return {
    sewings,
    acknowledged: () => acknowledged,
    async next(client) {
      const facility = facilities[client % facilities.length]!;
      const s = state.get(client) ?? { k: 0, fabricId: "", lastCutId: "" };
      state.set(client, s);
      const k = s.k++;
      const id = `${tag}-${client}-${k}`;
      if (k % 20 === 0) {
        await postJson(`${baseUrl}/api/v1/events/fabric-lots`, facility.apiKey, fabricBody(id));
        s.fabricId = id;
      } else if (k % 20 === 10) {
        await postJson(`${baseUrl}/api/v1/events/sewings`, facility.apiKey, sewingBody(id, s.lastCutId));
        sewings.push(id);
      } else {
        await postJson(`${baseUrl}/api/v1/events/cuttings`, facility.apiKey, cuttingBody(id, s.fabricId));
        s.lastCutId = id;
      }
      acknowledged++;
    },
  };
}
