/**
 * SIGKILL chaos: the service runs as a child process and is killed again and again — under a mixed stream of
 * writes (fabric lots, cuttings, sewings with garment commitments, shipments, document uploads) and during
 * start-up while it restores its chain — then restarted on the same data dir. Writes whose answer was lost are
 * retried with their Idempotency-Key. At the end: every acknowledged event is on chain exactly once with the
 * transaction it was acknowledged with, nothing unacknowledged was recorded, every lot's remaining quantity is
 * exactly what the acknowledged events leave, every acknowledged document comes back byte for byte, and the
 * read model the service kept through the crashes equals one rebuilt from the chain and IPFS. It runs on both
 * chain engines; on anvil the node process is SIGKILLed as well, alone and with the service.
 *
 * CHAOS_SCALE multiplies the kills; CHAOS_SEED replays a run.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLedger } from "../../services/chain";
import { chainKey } from "../../services/chain/keys";
import { dumpIndex, openIndexDatabase, rebuildIndex } from "../../services/read-model/index";
import { createDocumentStore } from "../../services/ipfs";
import { PROJECT_ROOT, startServiceProcess, type ServiceProcess } from "../support/service-process";
import { fabricLot, fileForm, sewing } from "../support/api-harness";
import { scaled } from "./world";
import { mulberry32 } from "../support/seeded-random";
import { killSupervisedNode } from "../support/anvil-node";

const OPERATOR_KEY = "chaos-crash-operator-key-0123456789abcdef";
const KILLS_UNDER_LOAD = scaled(6);
const KILLS_DURING_START = scaled(2);
const WRITERS = 6;

type Kind = "fabric" | "cutting" | "sewing" | "shipment" | "document";

interface Write {
  kind: Kind;
  /** Lot id, or the document's sha-256. */
  id: string;
  path: string;
  idempotencyKey: string;
  body?: object;
  bytes?: Uint8Array;
  /** Lot this write consumes from, and how much. */
  consumes?: { lotId: string; amount: number };
}

/** What a writer holds: its current fabric lot, its last cutting and its last garment batch. */
interface WriterState {
  k: number;
  fabric?: string;
  cut?: { id: string; sewn: boolean };
  sewn?: { id: string; left: number };
}

function nextWrite(writer: number, state: WriterState): Write {
  const k = state.k;
  const id = `W${writer}-${k}`;
  const key = `chaos-${id}`;
  if (state.fabric === undefined || k % 12 === 0) {
    return {
      kind: "fabric",
      id: `FL-${id}`,
      path: "/api/v1/events/fabric-lots",
      idempotencyKey: key,
      body: fabricLot(`FL-${id}`, { quantity: { amount: 1000, unit: "m" } }),
    };
  }
  if (k % 12 === 5) {
    const bytes = new TextEncoder().encode(`%PDF-1.4\n% test report ${id}\n%%EOF\n`);
    return {
      kind: "document",
      id: createHash("sha256").update(bytes).digest("hex"),
      path: "/api/v1/documents",
      idempotencyKey: key,
      bytes,
    };
  }
  if (state.cut && !state.cut.sewn && k % 3 === 0) {
    return {
      kind: "sewing",
      id: `SEW-${id}`,
      path: "/api/v1/events/sewings",
      idempotencyKey: key,
      body: sewing(`SEW-${id}`, state.cut.id, {
        inputs: [{ lotId: state.cut.id, quantity: { amount: 8, unit: "pcs" } }],
        output: { quantity: { amount: 8, unit: "pcs" } },
      }),
      consumes: { lotId: state.cut.id, amount: 8 },
    };
  }
  if (state.sewn && state.sewn.left > 0 && k % 3 === 1) {
    return {
      kind: "shipment",
      id: `SHP-${id}`,
      path: "/api/v1/events/shipments",
      idempotencyKey: key,
      body: {
        id: `SHP-${id}`,
        inputs: [{ lotId: state.sewn.id, quantity: { amount: 1, unit: "pcs" } }],
        buyer: { name: "Nordwind GmbH", country: "DE" },
        destinationCountry: "DE",
        invoiceNumber: `INV-${id}`,
        occurredAt: "2026-03-05T08:00:00Z",
      },
      consumes: { lotId: state.sewn.id, amount: 1 },
    };
  }
  return {
    kind: "cutting",
    id: `CUT-${id}`,
    path: "/api/v1/events/cuttings",
    idempotencyKey: key,
    body: {
      id: `CUT-${id}`,
      inputs: [{ lotId: state.fabric, quantity: { amount: 1, unit: "m" }, role: "main-fabric" }],
      output: { quantity: { amount: 8, unit: "pcs" }, style: "TS-01" },
      occurredAt: "2026-03-02T08:00:00Z",
    },
    consumes: { lotId: state.fabric, amount: 1 },
  };
}

/** The writer's state after `write` was acknowledged. */
function advance(state: WriterState, write: Write): void {
  state.k++;
  if (write.kind === "fabric") state.fabric = write.id;
  if (write.kind === "cutting") state.cut = { id: write.id, sewn: false };
  if (write.kind === "sewing") {
    state.cut!.sewn = true;
    state.sewn = { id: write.id, left: 8 };
  }
  if (write.kind === "shipment") state.sewn!.left--;
}

async function send(
  url: string,
  apiKey: string,
  write: Write,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${apiKey}`,
    "idempotency-key": write.idempotencyKey,
  };
  let body: string | FormData;
  if (write.bytes) {
    body = fileForm(write.bytes, "application/pdf", { type: "test-report" });
  } else {
    headers["content-type"] = "application/json";
    body = JSON.stringify(write.body);
  }
  const response = await fetch(`${url}${write.path}`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts the service as a child and SIGKILLs it after `afterMs`, wherever its start-up is. */
async function killDuringStart(env: Record<string, string>, afterMs: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", LOG_LEVEL: "silent", ...env },
    stdio: "ignore",
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  if (child.exitCode === null) child.kill("SIGKILL");
  await exited;
}

/** The service's error log lines, for a failure message. */
function serviceErrors(service: ServiceProcess | undefined): string {
  return (service?.output() ?? "")
    .split("\n")
    .filter((line) => /"level":(50|60)/.test(line))
    .slice(-5)
    .join("\n");
}

// On the anvil engine the node process is killed too: alone (the service starts it again under the writes),
// or together with the service.
describe.each(["edr", "anvil"] as const)("SIGKILL chaos on the %s chain engine", (engine) => {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-chaos-crash-"));
  const env = {
    PORT: "0",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: OPERATOR_KEY,
    PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
    CHAIN_ENGINE: engine,
    // Snapshots every few transactions, so that kills land before, during and after them.
    CHAIN_SNAPSHOT_EVERY: "20",
  };
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${KILLS_UNDER_LOAD} kills under mixed writes and ${KILLS_DURING_START} during start-up with nothing lost or doubled`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    const context = `seed ${seed}`;

    service = await startServiceProcess(env);
    const registered = await fetch(`${service.url}/api/v1/facilities`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${OPERATOR_KEY}`,
        "content-type": "application/json",
        "idempotency-key": "facility",
      },
      body: JSON.stringify({
        id: "thai-nguyen-1",
        name: "Thai Nguyen Garment 1",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
      }),
    });
    expect(registered.status, context).toBe(201);
    const { apiKey } = (await registered.json()) as { apiKey: string };

    const states = Array.from({ length: WRITERS }, (): WriterState => ({ k: 0 }));
    const acknowledged = new Map<string, { write: Write; txHash?: string; cid?: string }>();
    const uncertain = new Map<number, Write>(); // writer -> write whose answer the crash swallowed
    let retried = 0;

    const accept = (writer: number, write: Write, body: Record<string, unknown>) => {
      acknowledged.set(write.id, { write, txHash: body.txHash as string, cid: body.cid as string });
      advance(states[writer]!, write);
    };

    async function writer(index: number, url: string, stop: { now: boolean }): Promise<void> {
      while (!stop.now) {
        const write = nextWrite(index, states[index]!);
        let answer;
        try {
          answer = await send(url, apiKey, write);
        } catch {
          uncertain.set(index, write); // the service died under us: the outcome is unknown
          return;
        }
        if (answer.status === 503 && engine === "anvil") {
          // The node was being started again: nothing was recorded, or the retry finds it was.
          uncertain.set(index, write);
          return;
        }
        expect(
          answer.status,
          `${context}: ${write.id} ${JSON.stringify(answer.body)}\n${serviceErrors(service)}`,
        ).toBe(201);
        accept(index, write, answer.body);
      }
    }

    const restartAndRetry = async () => {
      service = await startServiceProcess(env);
      await retryUncertain();
    };
    const retryUncertain = async () => {
      for (const [index, write] of uncertain) {
        const answer = await send(service!.url, apiKey, write);
        expect(answer.status, `${context}: retry of ${write.id} ${JSON.stringify(answer.body)}`).toBe(201);
        accept(index, write, answer.body);
        uncertain.delete(index);
        retried++;
      }
    };

    let kills = 0;
    let nodeKills = 0;
    let startKills = 0;
    for (let round = 0; round < KILLS_UNDER_LOAD; round++) {
      const stop = { now: false };
      const running = states.map((_, index) => writer(index, service!.url, stop));
      await new Promise((resolve) => setTimeout(resolve, 200 + random() * 800));
      const target = engine === "anvil" ? (["node", "service", "both"] as const)[round % 3]! : "service";
      if (target !== "service") {
        killSupervisedNode(dataDir);
        nodeKills++;
      }
      if (target === "node") {
        // The service starts its node again; the writes go on and every one of them is answered 201.
        await new Promise((resolve) => setTimeout(resolve, 300 + random() * 700));
        stop.now = true;
        await Promise.all(running);
        await retryUncertain();
        continue;
      }
      await service!.kill("SIGKILL");
      kills++;
      stop.now = true;
      await Promise.all(running);
      service = undefined;
      if (startKills < KILLS_DURING_START && round % 3 === 1) {
        // Killed again while it restores the chain and catches the index up.
        await killDuringStart(env, 500 + random() * 5_000);
        startKills++;
      }
      await restartAndRetry();
    }
    while (startKills < KILLS_DURING_START) {
      await service!.kill("SIGKILL");
      kills++;
      await killDuringStart(env, 500 + random() * 5_000);
      startKills++;
      await restartAndRetry();
    }

    // Through the API: every acknowledged lot with its transaction, every document byte for byte.
    for (const { write, txHash } of acknowledged.values()) {
      if (write.kind === "document") {
        const response = await fetch(`${service!.url}/api/v1/documents/${acknowledged.get(write.id)!.cid}`);
        expect(response.status, `${context}: document ${write.id}`).toBe(200);
        const digest = createHash("sha256")
          .update(new Uint8Array(await response.arrayBuffer()))
          .digest("hex");
        expect(digest, `${context}: document ${write.id}`).toBe(write.id);
        continue;
      }
      const response = await fetch(`${service!.url}/api/v1/lots/${encodeURIComponent(write.id)}`);
      expect(response.status, `${context}: ${write.id}`).toBe(200);
      const lot = (await response.json()) as { chain: { txHash: string } };
      expect(lot.chain.txHash, `${context}: ${write.id}`).toBe(txHash);
    }
    await service!.kill("SIGTERM");
    service = undefined;

    // On chain: each lot once, nothing unacknowledged, and every remaining quantity exact.
    const ledger = await createLedger({ dataDir, engine });
    try {
      const recorded = (await ledger.readEvents(0)).flatMap((event) =>
        event.name === "LotRecorded" ? [event.lotKey] : [],
      );
      expect(new Set(recorded).size, `${context}: a lot recorded twice`).toBe(recorded.length);
      const lots = [...acknowledged.values()].filter(({ write }) => write.kind !== "document");
      expect(new Set(recorded), context).toEqual(new Set(lots.map(({ write }) => chainKey(write.id))));
      const consumed = new Map<string, number>();
      for (const { write } of lots) {
        if (write.consumes) {
          consumed.set(
            write.consumes.lotId,
            (consumed.get(write.consumes.lotId) ?? 0) + write.consumes.amount,
          );
        }
      }
      const quantity: Record<Kind, number> = {
        fabric: 1000,
        cutting: 8,
        sewing: 8,
        shipment: 1,
        document: 0,
      };
      for (const { write } of lots) {
        const state = await ledger.getLot(write.id);
        const expected = write.kind === "shipment" ? 0 : quantity[write.kind] - (consumed.get(write.id) ?? 0);
        expect(state?.remaining, `${context}: remaining of ${write.id}`).toBe(expected);
        // Its kept chain record survived the kills whole: it checks out against its batch's root on chain.
        expect((await ledger.lotRecord(write.id))?.lotKey, `${context}: chain record of ${write.id}`).toBe(
          state?.lotKey,
        );
      }
      // The read model the crashed and restarted service kept equals one rebuilt from the chain and IPFS.
      const store = await createDocumentStore({ dataDir });
      const live = openIndexDatabase(join(dataDir, "index.sqlite"));
      const rebuilt = openIndexDatabase(":memory:");
      try {
        await rebuildIndex({ ledger, store, db: rebuilt });
        expect(dumpIndex(live), `${context}: the index differs from a rebuild`).toEqual(dumpIndex(rebuilt));
      } finally {
        live.close();
        rebuilt.close();
        await store.close();
      }

      const kinds = new Map<Kind, number>();
      for (const { write } of acknowledged.values()) kinds.set(write.kind, (kinds.get(write.kind) ?? 0) + 1);
      expect(kills + nodeKills, context).toBeGreaterThanOrEqual(KILLS_UNDER_LOAD);
      expect(startKills, context).toBe(KILLS_DURING_START);
      expect(acknowledged.size, context).toBeGreaterThan(KILLS_UNDER_LOAD * 3);
      console.log(
        `SIGKILL chaos on ${engine} (${context}): ${kills} service kills and ${nodeKills} node kills under load + ${startKills} during start-up survived; ` +
          `${acknowledged.size} writes acknowledged (${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ")}), ` +
          `${retried} retried after their answer was lost; ${lots.length} lots checked on chain: 0 lost, 0 doubled, mass balance exact, records check out against batch roots, index equal to a rebuild`,
      );
    } finally {
      await ledger.close();
    }
  }, 900_000);
});
