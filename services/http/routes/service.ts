/**
 * The service's own routes: its health check and its OpenAPI document. Neither is rate-limited, so the health
 * check's probes are cached: a flood of /healthz costs one probe every few seconds.
 */
import { z } from "zod";
import { statfs } from "node:fs/promises";
import type { RouteTable } from "../route-table";
import type { RouteContext } from "./context";

/** How long one round of probes answers /healthz. */
const PROBE_TTL_MS = 3_000;
/** A probe that does not answer in this time is `timeout`. */
const PROBE_DEADLINE_MS = 2_000;
/** Below this much free space on the data dir's filesystem, `disk` says `low` (an operator's warning). */
export const DISK_RESERVE_BYTES = 64 * 1024 * 1024;

type ProbeStatus = "ok" | "timeout" | "unavailable" | "closed" | "full" | "low" | "unknown";

export interface Readiness {
  /** `ok`: every store takes writes; `degraded`: reads are served, writes are refused (503). */
  status: "ok" | "degraded";
  chain: ProbeStatus;
  ipfs: ProbeStatus;
  readModel: ProbeStatus;
  serviceDb: ProbeStatus;
  disk: ProbeStatus;
  /** Free bytes on the data dir's filesystem (absent when it could not be read). */
  diskFreeBytes?: number;
}

async function probe(run: () => Promise<unknown>): Promise<ProbeStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      run().then(() => "ok" as const),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), PROBE_DEADLINE_MS);
      }),
    ]);
    return outcome;
  } catch {
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

async function diskStatus(dataDir: string | undefined): Promise<{ disk: ProbeStatus; free?: number }> {
  if (!dataDir) return { disk: "unknown" };
  try {
    const stats = await statfs(dataDir);
    const free = Number(stats.bavail) * Number(stats.bsize);
    return { disk: free === 0 ? "full" : free < DISK_RESERVE_BYTES ? "low" : "ok", free };
  } catch {
    return { disk: "unknown" };
  }
}

/** One round of probes: chain (a block number), IPFS (a durable probe write), the databases, the disk. */
async function measureReadiness(context: RouteContext): Promise<Readiness> {
  const [chain, ipfs, disk] = await Promise.all([
    probe(() => context.ledger.blockNumber()),
    probe(async () => {
      if (context.store.probeWrite) await context.store.probeWrite();
      else await context.store.has("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    }),
    diskStatus(context.dataDir),
  ]);
  const readModel: ProbeStatus = context.indexDb.open ? "ok" : "closed";
  const serviceDb: ProbeStatus = context.serviceDb.open ? "ok" : "closed";
  const takesWrites =
    chain === "ok" &&
    ipfs === "ok" &&
    readModel === "ok" &&
    serviceDb === "ok" &&
    // Low space is reported, not refused: the probe write says whether writes still go through.
    disk.disk !== "full";
  return {
    status: takesWrites ? "ok" : "degraded",
    chain,
    ipfs,
    readModel,
    serviceDb,
    disk: disk.disk,
    ...(disk.free !== undefined ? { diskFreeBytes: disk.free } : {}),
  };
}

const cached = new WeakMap<RouteContext, { at: number; readiness: Promise<Readiness> }>();

/** The readiness of the stores, probed at most once per PROBE_TTL_MS (concurrent callers share a round). */
export function readinessOf(context: RouteContext, now = Date.now()): Promise<Readiness> {
  const last = cached.get(context);
  if (last && now - last.at < PROBE_TTL_MS) return last.readiness;
  const readiness = measureReadiness(context);
  cached.set(context, { at: now, readiness });
  return readiness;
}

export const serviceRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: "/healthz",
      operationId: "getHealth",
      summary: "200 while the service takes writes; 503 with the store that cannot, while reads go on",
      access: "open",
      answers: {
        200: { description: "Ready: every store (chain, IPFS, databases, disk) takes writes" },
      },
      errors: ["NOT_READY", "UNAVAILABLE"],
      handle: async (_request, response, context) => {
        if (context.isReady && !context.isReady()) {
          response
            .status(503)
            .json({ error: { code: "NOT_READY", message: "The service is starting or stopping" } });
          return;
        }
        const readiness = await readinessOf(context);
        const body = {
          chainId: context.ledger.chainId,
          contractAddress: context.ledger.contractAddress,
          ...readiness,
        };
        if (readiness.status === "ok") {
          response.json(body);
          return;
        }
        const failing = (["chain", "ipfs", "readModel", "serviceDb", "disk"] as const).filter(
          (store) => !["ok", "unknown", "low"].includes(readiness[store]),
        );
        response.status(503).json({
          ...body,
          error: {
            code: "UNAVAILABLE",
            message: `Not taking writes: ${failing.map((store) => `${store} ${readiness[store]}`).join(", ")}; reads are served`,
          },
        });
      },
    },
    {
      method: "get",
      path: "/api/v1/openapi.json",
      operationId: "getOpenApiDocument",
      summary: "This document",
      access: "open",
      answers: {
        200: {
          description: "The OpenAPI 3.1 document",
          content: { "application/json": z.record(z.string(), z.unknown()) },
        },
      },
      handle: (_request, response, context) => {
        response.json(context.openApiDocument());
      },
    },
  ],
};
