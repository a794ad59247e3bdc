/**
 * SIGKILL in the middle of a chunked import: the service runs as a child process, a 1,200-row commit is
 * killed after its job has acknowledged at least one chunk, and the service restarts on the same data dir.
 * Every row the job counted as done before the kill is recorded (nothing acknowledged is lost), the job is
 * failed as interrupted, and importing the file again with the same Idempotency-Key (as the CLI does) starts
 * a new job that records the rest and doubles nothing: each lot once in the read model after a second restart,
 * which restores the chain from its journal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startServiceProcess, type ServiceProcess } from "../support/service-process";
import { killSupervisedNode } from "../support/anvil-node";

const OPERATOR_KEY = "chaos-import-operator-key-0123456789abcdef";
const ROWS = 1_200;
const HEADER =
  "Lot id,Date,Description,HS code,Composition,Quantity,Unit,Weight (kg),Supplier,Supplier country";

const file = new TextEncoder().encode(
  `\ufeff${[
    HEADER,
    ...Array.from(
      { length: ROWS },
      (_, n) => `CR-${n},02/03/2026,cotton jersey,6006.21,cotton:100,"1,200.5",m,260,Nam Dinh,VN`,
    ),
  ].join("\r\n")}\r\n`,
);

interface JobAnswer {
  id: string;
  status: string;
  total: number;
  done: number;
  recorded: number;
  skipped: number;
}

async function call(service: ServiceProcess, key: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${service.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function importForm(): FormData {
  const form = new FormData();
  form.append("kind", "fabric-lots");
  form.append("mode", "commit");
  form.append("errorBehaviour", "rollback");
  form.append("file", new Blob([Buffer.from(file)]), "fabric-lots.csv");
  return form;
}

describe("SIGKILL during a chunked import", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-chaos-import-"));
  const env = {
    PORT: "0",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: OPERATOR_KEY,
    PUBLIC_RATE_LIMIT_PER_MINUTE: "1000000",
  };
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.kill("SIGKILL");
    // On the anvil engine (CHAIN_ENGINE=anvil) the SIGKILLed service leaves its node running.
    killSupervisedNode(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses no acknowledged row and records nothing twice when the import is retried", async () => {
    service = await startServiceProcess(env);
    const registered = await call(service, OPERATOR_KEY, "/api/v1/facilities", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "crash-mill",
        name: "Crash Mill",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
      }),
    });
    expect(registered.status).toBe(201);
    const key = registered.body.apiKey as string;

    // The CLI sends a key derived from the file's hash: the retry after the crash carries the same one.
    const started = await call(service, key, "/api/v1/imports", {
      method: "POST",
      body: importForm(),
      headers: { "idempotency-key": "crash-import" },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const jobId = started.body.id as string;
    // Poll until the job acknowledges a first chunk, then kill wherever the next chunk is.
    let acknowledged = 0;
    for (;;) {
      const job = (await call(service, key, `/api/v1/imports/${jobId}`)).body as unknown as JobAnswer;
      expect(job.status, JSON.stringify(job)).toBe("running");
      acknowledged = job.done;
      if (acknowledged > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    const last = (await call(service, key, `/api/v1/imports/${jobId}`)).body as unknown as JobAnswer;
    acknowledged = Math.max(acknowledged, last.done);
    await service.kill("SIGKILL");
    expect(acknowledged, "the kill came before the import finished").toBeLessThan(ROWS);

    service = await startServiceProcess(env);
    const interrupted = (await call(service, key, `/api/v1/imports/${jobId}`)).body as unknown as JobAnswer;
    expect(interrupted.status).toBe("failed");
    // Rows are recorded in file order, a chunk at a time: the first `acknowledged` rows are all there.
    const missing: string[] = [];
    for (let n = 0; n < acknowledged; n++) {
      const lot = await fetch(`${service.url}/api/v1/lots/CR-${n}`);
      if (lot.status !== 200) missing.push(`CR-${n}: ${lot.status}`);
    }
    expect(missing, "acknowledged rows lost").toEqual([]);

    // The same file again: what went in before the kill is skipped, the rest recorded, nothing twice.
    const retried = await call(service, key, "/api/v1/imports", {
      method: "POST",
      body: importForm(),
      headers: { "idempotency-key": "crash-import" },
    });
    // The job the key named was interrupted: the retry starts the import again, as a new job.
    expect(retried.status).toBe(202);
    expect(retried.body.id).not.toBe(jobId);
    let job: JobAnswer;
    for (;;) {
      job = (await call(service, key, `/api/v1/imports/${retried.body.id as string}`))
        .body as unknown as JobAnswer;
      if (job.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job).toMatchObject({ status: "success", total: ROWS });
    expect(job.recorded + job.skipped).toBe(ROWS);
    expect(job.skipped).toBeGreaterThanOrEqual(acknowledged);
    // Once that job finished, the key answers it again and starts nothing.
    const replayed = await call(service, key, "/api/v1/imports", {
      method: "POST",
      body: importForm(),
      headers: { "idempotency-key": "crash-import" },
    });
    expect(replayed.body.id).toBe(retried.body.id);

    // Restart once more: the chain comes back from its journal and the read model holds each lot once.
    await service.kill("SIGKILL");
    service = await startServiceProcess(env);
    const index = new Database(join(dataDir, "index.sqlite"), { readonly: true });
    try {
      const counted = index
        .prepare("SELECT count(*) AS lots, count(DISTINCT id) AS ids FROM lots WHERE id LIKE 'CR-%'")
        .get() as { lots: number; ids: number };
      expect(counted).toEqual({ lots: ROWS, ids: ROWS });
    } finally {
      index.close();
    }
    for (const n of [0, acknowledged - 1, acknowledged, ROWS - 1]) {
      const lot = await fetch(`${service.url}/api/v1/lots/CR-${n}`);
      expect(lot.status, `CR-${n}`).toBe(200);
    }
  });
});
