/**
 * `npx tsx scripts/bench-import.ts`: a spreadsheet import of BENCH_SCALE fabric-lot rows (default 2,000;
 * `BENCH_SCALE=100000` for the figure) on the real service (embedded chain, Helia, SQLite, loopback
 * HTTP): a dry run (streamed parse and validation only), then a commit (every row recorded through the
 * recording use case: IPFS, journalled, mined, indexed), each timed from the upload to the job's end, with
 * the process's peak resident memory sampled while it runs. Prints one table and a last JSON line.
 */
import { createWriteStream, mkdtempSync, openAsBlob, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progress, rssMiB } from "./bench/measure";
import { startBenchService } from "./bench/service";
import { registerFacilities } from "./bench/workload";

const ROWS = Number(process.env.BENCH_SCALE ?? 2_000);

const HEADER =
  "Lot id,Date,Description,HS code,Composition,Quantity,Unit,Weight (kg),Supplier,Supplier country";

/** Writes the CSV row by row, as an ERP export would be: nothing holds the whole file. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\ufeff${HEADER}\r\n`);
  for (let n = 0; n < rows; n++) {
    const line = `IMP-${n},02/03/2026,cotton single jersey 180 gsm,6006.21,cotton:100,"1,200.5",m,260,Nam Dinh Knitting,VN\r\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Uploads the file, polls its job to the end, and answers rows/s and the peak RSS seen meanwhile. */
async function timedImport(
  url: string,
  key: string,
  file: string,
  mode: "dry-run" | "commit",
): Promise<{ rowsPerSecond: number; peakRssMiB: number; seconds: number }> {
  let peak = rssMiB();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 50);
  const started = performance.now();
  try {
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
      ).json()) as { status: string; total: number; recorded: number; errors: unknown[] };
      if (job.status !== "running") {
        if (job.status !== "success" || job.total !== ROWS)
          throw new Error(`import ${job.status}: ${JSON.stringify(job).slice(0, 500)}`);
        if (mode === "commit" && job.recorded !== ROWS)
          throw new Error(`recorded ${job.recorded} of ${ROWS}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  return { rowsPerSecond: ROWS / seconds, peakRssMiB: peak, seconds };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-bench-import-"));
  const file = join(dataDir, "fabric-lots.csv");
  const service = await startBenchService({ dataDir });
  try {
    const [facility] = await registerFacilities(service.url, 1, "import");
    await writeCsv(file, ROWS);
    const baseline = rssMiB();
    progress(`import dry run: ${ROWS} rows`);
    const dry = await timedImport(service.url, facility!.apiKey, file, "dry-run");
    progress(`import commit: ${ROWS} rows`);
    const commit = await timedImport(service.url, facility!.apiKey, file, "commit");
    console.log(
      `| measure (${ROWS} rows, fabric lots, CSV) | rows/s | seconds | peak RSS MiB (before: ${Math.round(baseline)}) | target |`,
    );
    console.log("| --- | ---: | ---: | ---: | --- |");
    console.log(
      `| import, dry run (parse + validate) | ${Math.round(dry.rowsPerSecond)} | ${dry.seconds.toFixed(1)} | ${Math.round(dry.peakRssMiB)} | memory flat |`,
    );
    console.log(
      `| import, commit (recorded and mined) | ${Math.round(commit.rowsPerSecond)} | ${commit.seconds.toFixed(1)} | ${Math.round(commit.peakRssMiB)} | ≥ 2,000 events/s: ${commit.rowsPerSecond >= 2_000 ? "PASS" : "MISS"} |`,
    );
    console.log(JSON.stringify({ rows: ROWS, baselineRssMiB: baseline, dryRun: dry, commit }));
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
