/**
 * `npx tsx scripts/bench-import.ts`: a spreadsheet import of BENCH_SCALE fabric-lot rows (default 2,000;
 * `BENCH_SCALE=100000` for the figure; BENCH_COMMIT_SCALE rows for the commit) on the real service
 * (embedded chain, or BENCH_CHAIN_ENGINE=anvil; Helia, SQLite, loopback HTTP), beside the one-event path
 * (BENCH_EVENTS fabric lots, one request each) in the same run: a dry run (streamed parse and validation only),
 * then a commit (every row recorded through the recording use case: IPFS, journalled, mined, indexed), each
 * timed from the upload to the job's end, with the process's CPU per row and peak RSS, and whether the
 * commit's RSS stays flat after its first third. Prints one table and, last, its rows as JSON.
 */
import { createWriteStream, mkdtempSync, openAsBlob, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkRows, measureIntake, measureOneEventPath, oneEventRows } from "./bench/intake";
import { progress, rssMiB } from "./bench/measure";
import { benchChainEngine, startBenchService } from "./bench/service";
import { fmt, formatTable, verdict } from "./bench/table";
import type { BenchRow } from "./bench/table";
import { registerFacilities } from "./bench/workload";

const ROWS = Number(process.env.BENCH_SCALE ?? 2_000);
/** Rows of the committed file (default BENCH_SCALE): recording is far slower than checking. */
const COMMIT_ROWS = Number(process.env.BENCH_COMMIT_SCALE ?? ROWS);
/** Events of the one-event path, the commit's baseline in the same run. */
const SINGLE_EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);

const HEADER =
  "Lot id,Date,Description,HS code,Composition,Quantity,Unit,Weight (kg),Supplier,Supplier country";

/** Writes the CSV row by row, as an ERP export would be: nothing holds the whole file. */
async function writeCsv(path: string, rows: number, tag: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\ufeff${HEADER}\r\n`);
  for (let n = 0; n < rows; n++) {
    const line = `${tag}-${n},02/03/2026,cotton single jersey 180 gsm,6006.21,cotton:100,"1,200.5",m,260,Nam Dinh Knitting,VN\r\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/**
 * Uploads the file and polls its job to the end (it must succeed with every row); `onPoll` sees each state.
 */
async function runImport(
  url: string,
  key: string,
  file: string,
  mode: "dry-run" | "commit",
  rows: number,
  onPoll: (done: number) => void = () => undefined,
): Promise<void> {
  const form = new FormData();
  form.append("kind", "fabric-lots");
  form.append("mode", mode);
  // Streamed from disk: the client does not hold the file either.
  form.append("file", await openAsBlob(file), "fabric-lots.csv");
  const answer = await fetch(`${url}/api/v1/imports`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  if (answer.status !== 202) throw new Error(`import answered ${answer.status}: ${await answer.text()}`);
  const location = answer.headers.get("location")!;
  for (;;) {
    const job = (await (
      await fetch(`${url}${location}`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { status: string; total: number; done: number; recorded: number; errors: unknown[] };
    onPoll(job.done);
    if (job.status !== "running") {
      if (job.status !== "success" || job.total !== rows)
        throw new Error(`import ${job.status}: ${JSON.stringify(job).slice(0, 500)}`);
      if (mode === "commit" && job.recorded !== rows) throw new Error(`recorded ${job.recorded} of ${rows}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-bench-import-"));
  const file = join(dataDir, "fabric-lots.csv");
  const commitFile = join(dataDir, "fabric-lots-commit.csv");
  const engine = benchChainEngine();
  const service = await startBenchService({ dataDir, chainEngine: engine });
  try {
    const [facility] = await registerFacilities(service.url, 1, "import");
    const { apiKey } = facility!;
    await writeCsv(file, ROWS, "DRY");
    await writeCsv(commitFile, COMMIT_ROWS, "IMP");
    const single = await measureOneEventPath({
      url: service.url,
      apiKey,
      count: SINGLE_EVENTS,
      clients: CLIENTS,
      tag: "JSON",
    });
    progress(`import dry run: ${ROWS} rows`);
    const dry = await measureIntake(ROWS, () => runImport(service.url, apiKey, file, "dry-run", ROWS));
    progress(`import commit: ${COMMIT_ROWS} rows (chain: ${engine})`);
    // Flatness: the RSS peak once the first third of the rows is recorded, against the peak until then.
    let done = 0;
    let firstThirdPeak = 0;
    let restPeak = 0;
    const sampler = setInterval(() => {
      if (done < COMMIT_ROWS / 3) firstThirdPeak = Math.max(firstThirdPeak, rssMiB());
      else restPeak = Math.max(restPeak, rssMiB());
    }, 25);
    let commit;
    try {
      commit = await measureIntake(COMMIT_ROWS, () =>
        runImport(service.url, apiKey, commitFile, "commit", COMMIT_ROWS, (polled) => (done = polled)),
      );
    } finally {
      clearInterval(sampler);
    }
    const rows: BenchRow[] = [
      ...oneEventRows(single, CLIENTS),
      {
        section: "ingest",
        measure: `spreadsheet import, dry run (streamed parse and checks, nothing recorded), ${fmt.int(ROWS)} rows`,
        value: `${fmt.int(dry.perSecond)} rows/s`,
        baseline: "",
        ratio: "",
        target: "",
        result: "",
        data: { ...dry },
      },
      {
        section: "memory",
        measure: `spreadsheet import, dry run of ${fmt.int(ROWS)} rows: peak RSS of the service process`,
        value: fmt.mib(dry.peakRssMiB),
        baseline: `before: ${fmt.mib(dry.rssBeforeMiB)}`,
        ratio: `${(dry.peakRssMiB / dry.rssBeforeMiB).toFixed(2)}x`,
        target: "",
        result: "",
      },
      ...bulkRows(`spreadsheet import, commit of fabric lots (chain: ${engine})`, commit, single),
      {
        section: "memory",
        measure: `spreadsheet import, commit (chain: ${engine}): RSS peak after the first third of the rows / until then`,
        value: `${fmt.mib(restPeak)} / ${fmt.mib(firstThirdPeak)}`,
        baseline: "",
        ratio: `${(restPeak / firstThirdPeak).toFixed(2)}x`,
        // On EDR the chain's blocks are in this process too (they grow with every event); anvil's are not.
        target: engine === "anvil" ? "<= 1.10x (flat)" : "(anvil run: flat)",
        result: engine === "anvil" ? verdict(restPeak <= firstThirdPeak * 1.1) : "",
      },
    ];
    console.log(formatTable(rows));
    // The last line for scripts/bench.ts, which puts these rows in its own table and bench.json.
    console.log(JSON.stringify(rows));
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
