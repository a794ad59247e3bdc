/**
 * SIGKILL under a stream of writes: the service runs as a child process and is killed at random moments,
 * then restarted on the same data dir. Every acknowledged event must be there exactly once afterwards, with the
 * transaction hash it was acknowledged with, and the mass balance must be exact: writes whose answer was lost
 * in the crash are retried with their Idempotency-Key and must end up recorded once, never twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLedger } from "../../services/chain";
import { chainKey } from "../../services/chain/keys";
import { startServiceProcess, type ServiceProcess } from "../support/service-process";
import { mulberry32 } from "../support/seeded-random";

const OPERATOR_KEY = "crash-test-operator-key-0123456789abcdef";
const KILLS = 5;
const WRITERS = 6;
const FABRIC_METRES = 1_000_000;

interface Write {
  path: string;
  idempotencyKey: string;
  body: object;
  lotId: string;
}

async function post(
  url: string,
  key: string,
  write: Write,
): Promise<{ status: number; body: { txHash?: string } }> {
  const response = await fetch(`${url}${write.path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "idempotency-key": write.idempotencyKey,
    },
    body: JSON.stringify(write.body),
  });
  return { status: response.status, body: (await response.json()) as { txHash?: string } };
}

const cuttingWrite = (n: number): Write => ({
  path: "/api/v1/events/cuttings",
  idempotencyKey: `cut-${n}`,
  lotId: `CUT-${n}`,
  body: {
    id: `CUT-${n}`,
    inputs: [{ lotId: "FL-MAIN", quantity: { amount: 1, unit: "m" }, role: "main-fabric" }],
    output: { quantity: { amount: 8, unit: "pcs" }, style: "TS-01" },
    occurredAt: "2026-03-02T08:00:00Z",
  },
});

const fabricWrite = (id: string, amount: number): Write => ({
  path: "/api/v1/events/fabric-lots",
  idempotencyKey: `fabric-${id}`,
  lotId: id,
  body: {
    id,
    description: "cotton single jersey 180 gsm",
    hsCode: "6006.21",
    composition: [{ fibre: "cotton", percent: 100 }],
    quantity: { amount, unit: "m" },
    supplier: { name: "Hanoi Knitting Mill", country: "VN" },
    stages: [
      { stage: "spinning", country: "VN" },
      { stage: "fabric-formation", country: "VN" },
    ],
    occurredAt: "2026-03-01T08:00:00Z",
  },
});

describe("crash recovery under load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-crash-"));
  const env = {
    PORT: "0",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: OPERATOR_KEY,
    PUBLIC_RATE_LIMIT_PER_MINUTE: "100000",
  };
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`survives ${KILLS} SIGKILLs with every acknowledged event present exactly once`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
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
        id: "cutter",
        name: "Thai Nguyen Cutting",
        country: "VN",
        roles: ["fabric", "cutting"],
      }),
    });
    expect(registered.status, context).toBe(201);
    const { apiKey } = (await registered.json()) as { apiKey: string };
    expect((await post(service.url, apiKey, fabricWrite("FL-MAIN", FABRIC_METRES))).status, context).toBe(
      201,
    );

    const acknowledged = new Map<string, string>(); // lot id -> tx hash it was acknowledged with
    const uncertain = new Map<string, Write>(); // sent, answer lost in a crash
    let next = 0;
    let retried = 0;

    async function writer(url: string, stop: { now: boolean }): Promise<void> {
      while (!stop.now) {
        const n = next++;
        const write = n % 10 === 0 ? fabricWrite(`FL-${n}`, 50) : cuttingWrite(n);
        try {
          const answer = await post(url, apiKey, write);
          expect(answer.status, `${context}: ${write.lotId} ${JSON.stringify(answer.body)}`).toBe(201);
          acknowledged.set(write.lotId, answer.body.txHash as string);
        } catch (error) {
          if ((error as Error).name === "AssertionError") throw error;
          uncertain.set(write.lotId, write); // connection reset or refused: the service died under us
          return;
        }
      }
    }

    let kills = 0;
    while (kills < KILLS) {
      const stop = { now: false };
      const running = Array.from({ length: WRITERS }, () => writer(service!.url, stop));
      await new Promise((resolve) => setTimeout(resolve, 150 + random() * 600));
      await service.kill("SIGKILL");
      kills++;
      stop.now = true;
      await Promise.all(running);
      service = await startServiceProcess(env);
      // What was in flight when the process died is retried with the same key and body.
      for (const [lotId, write] of uncertain) {
        const answer = await post(service.url, apiKey, write);
        expect(answer.status, `${context}: retry of ${lotId} ${JSON.stringify(answer.body)}`).toBe(201);
        acknowledged.set(lotId, answer.body.txHash as string);
        uncertain.delete(lotId);
        retried++;
      }
    }

    // Every acknowledged lot is readable with the transaction it was acknowledged with.
    for (const [lotId, txHash] of acknowledged) {
      const response = await fetch(`${service.url}/api/v1/lots/${encodeURIComponent(lotId)}`);
      expect(response.status, `${context}: ${lotId}`).toBe(200);
      const lot = (await response.json()) as { chain: { txHash: string } };
      expect(lot.chain.txHash, `${context}: ${lotId}`).toBe(txHash);
    }
    await service.kill("SIGTERM");
    service = undefined;

    // On chain: each lot recorded once, nothing recorded that was not acknowledged, and exact mass balance.
    const ledger = await createLedger({ dataDir });
    try {
      const recorded = (await ledger.readEvents(0)).filter((event) => event.name === "LotRecorded");
      const keys = recorded.map((event) => (event.name === "LotRecorded" ? event.lotKey : ""));
      expect(new Set(keys).size, context).toBe(keys.length);
      const expected = new Set(["FL-MAIN", ...acknowledged.keys()].map(chainKey));
      expect(new Set(keys), context).toEqual(expected);
      const cuttings = [...acknowledged.keys()].filter((id) => id.startsWith("CUT-")).length;
      expect(await ledger.getLot("FL-MAIN"), context).toMatchObject({ remaining: FABRIC_METRES - cuttings });
      expect(kills).toBe(KILLS);
      expect(acknowledged.size, context).toBeGreaterThan(KILLS * 5);
      console.log(
        `crash test (${context}): ${kills} kills, ${acknowledged.size} events acknowledged (${retried} of them retried after their answer was lost), 0 lost, 0 duplicated`,
      );
    } finally {
      await ledger.close();
    }
  }, 600_000);
});
