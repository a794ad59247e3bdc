/**
 * A 100,000-row spreadsheet keeps memory flat: a dry run (streamed parsing and validation of every row,
 * through the real service) grows the process's resident memory by less than a bound, measured while the
 * job runs; a commit, which records every row (IPFS, journalled, mined, indexed), holds no more at its end
 * than after its first rows. The bound is memory, not time: rows per second are the bench's
 * (scripts/bench-import.ts).
 */
import { createWriteStream, openAsBlob } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";

const ROWS = 100_000;
/**
 * Measured here (2 cores shared with other work, load average ~17): the dry run of 100,000 rows peaked
 * 183 MiB above the RSS before it in one run, 70 MiB in another. The heap's garbage from each row's cells,
 * body and schema parse is not told apart from what is live; what the job keeps by design is the set of
 * lot ids seen, for duplicate rows. The bound keeps 40% headroom over the higher measurement.
 */
const RSS_GROWTH_BOUND_MIB = 256;

/**
 * The commit: COMMIT_ROWS rows, the first WARM_ROWS of them to reach the process's working size (caches, the
 * chunk in flight), then what the JavaScript heap still holds after a full garbage collection at the end
 * against the same after WARM_ROWS: per-row state the job kept would show there. Resident memory is printed
 * but not bounded: V8 and SQLite keep the pages they grew into, so a cold process's RSS rises for tens of
 * thousands of rows before it levels off (measured here alone: 542 MiB at row 8,000, 751 MiB at 24,000; after
 * a 100,000-row dry run in the same process, 563 and 708 MiB), whatever the job retains. The commit runs on
 * the supervised anvil, whose chain lives in its own process (the embedded EDR keeps every block in this one).
 */
const COMMIT_ROWS = 24_000;
const WARM_ROWS = 8_000;
const COMMIT_HEAP_GROWTH_BOUND_MIB = 32;

/** The heap in use after a full collection (`gc` exposed at run time: the test runner starts no flags). */
function liveHeapMib(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const mib = () => process.memoryUsage().rss / 1024 / 1024;

/** A Vietnamese-headed CSV of `rows` fabric lots, written row by row as an ERP export would be. */
async function writeFabricLots(file: string, rows: number, tag: string): Promise<void> {
  const out = createWriteStream(file);
  out.write("\ufeffMã lô;Ngày;Thành phần;Số lượng;Đơn vị;Nhà cung cấp;Nước của nhà cung cấp\r\n");
  for (let n = 0; n < rows; n++) {
    if (!out.write(`${tag}-${n};02/03/2026;cotton:100;1.200,5;m;Dệt Nam Định;VN\r\n`))
      await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Registers a fabric mill and answers its API key. */
async function registerMill(t: TestService, id: string): Promise<string> {
  const answer = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: { id, name: "Scale Mill", country: "VN", roles: ["fabric"] },
  });
  expect(answer.status).toBe(201);
  return answer.body.apiKey;
}

/** Uploads `file` as an import and polls its job to the end, calling `onPoll` with each state seen. */
async function runImport(
  t: TestService,
  key: string,
  file: string,
  mode: "dry-run" | "commit",
  onPoll: (job: Json) => void = () => undefined,
): Promise<Json> {
  const form = new FormData();
  form.append("kind", "fabric-lots");
  form.append("mode", mode);
  form.append("file", await openAsBlob(file), "large.csv");
  const answer = await t.call("POST", "/api/v1/imports", { key, rawBody: form });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  for (;;) {
    const job = (await t.call("GET", answer.headers.get("location")!, { key })).body;
    onPoll(job);
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("on the embedded chain", () => {
  let t: TestService;
  let key: string;

  beforeAll(async () => {
    t = await startTestService();
    key = await registerMill(t, "scale-mill");
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it("dry-runs a 100,000-row CSV with flat memory", async () => {
    const file = join(t.dataDir, "large.csv");
    await writeFabricLots(file, ROWS, "SCALE");
    const before = mib();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, mib())), 25);
    let job;
    try {
      job = await runImport(t, key, file, "dry-run");
    } finally {
      clearInterval(sampler);
    }
    expect(job).toMatchObject({ status: "success", total: ROWS, done: ROWS, recorded: 0, errors: [] });
    console.log(`100,000-row dry run: RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB`);
    expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND_MIB);
  }, 600_000);
});

describe("on the supervised anvil", () => {
  let t: TestService;
  let key: string;

  beforeAll(async () => {
    t = await startTestService({ CHAIN_ENGINE: "anvil" });
    key = await registerMill(t, "commit-mill");
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it(`commits ${COMMIT_ROWS.toLocaleString("en")} rows and holds no more memory at the end than after its first rows`, async () => {
    const file = join(t.dataDir, "commit.csv");
    await writeFabricLots(file, COMMIT_ROWS, "COMMIT");
    const before = mib();
    let warmHeap: number | undefined;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, mib())), 25);
    let job;
    try {
      job = await runImport(t, key, file, "commit", (polled) => {
        if (warmHeap === undefined && polled.done >= WARM_ROWS) warmHeap = liveHeapMib();
      });
    } finally {
      clearInterval(sampler);
    }
    const endHeap = liveHeapMib();
    expect(job).toMatchObject({ status: "success", total: COMMIT_ROWS, done: COMMIT_ROWS, errors: [] });
    expect(job.recorded).toBe(COMMIT_ROWS);
    // Every row is on chain and in the index: the last one reads back like any lot.
    const last = await t.call("GET", `/api/v1/lots/COMMIT-${COMMIT_ROWS - 1}`);
    expect(last.body).toMatchObject({ id: `COMMIT-${COMMIT_ROWS - 1}`, quantity: 1200.5, unit: "m" });
    console.log(
      `${COMMIT_ROWS}-row commit: live heap ${warmHeap?.toFixed(0)} MiB at row ${WARM_ROWS}, ${endHeap.toFixed(0)} MiB at the end; RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB`,
    );
    expect(warmHeap).toBeDefined();
    expect(endHeap - warmHeap!).toBeLessThan(COMMIT_HEAP_GROWTH_BOUND_MIB);
  }, 600_000);
});
