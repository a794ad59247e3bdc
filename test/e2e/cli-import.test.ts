/**
 * `threadproof import`, `errors` and `template` driven as a user would (spawned processes) against the real
 * service: a dry run naming the bad row's row, column and value, both error behaviours, the error file, and
 * a re-import that records nothing twice. Written against the import API contract (POST /api/v1/imports).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import { runProcess, runThreadproof } from "../support/cli-process";
import type { CliRun } from "../support/cli-process";

let t: TestService;
let key: string;
let dir: string;

async function cli(args: string[]): Promise<CliRun> {
  const run = await runThreadproof(args, { THREADPROOF_URL: t.service.url, THREADPROOF_API_KEY: key });
  expect(run.stdout + run.stderr, "the API key is printed").not.toContain(key);
  return run;
}
const show = (run: CliRun) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

/** A fabric-lot sheet as an ERP exports it: BOM, CRLF, dd/mm/yyyy dates; row 3 (header = row 1) is bad. */
function fabricSheet(prefix: string): string {
  const rows = [
    "Lot id,Date,Composition,Quantity,Unit,Supplier,Supplier country",
    `${prefix}-1,02/03/2026,cotton:100,1200,m,Hanil Textile,KR`,
    `${prefix}-2,02/03/2026,cotton:100,twelve,m,Hanil Textile,KR`,
    `${prefix}-3,03/03/2026,cotton:95; elastane:5*,800,m,Hanil Textile,KR`,
  ];
  return "\uFEFF" + rows.join("\r\n") + "\r\n";
}
const sheet = (name: string, prefix: string) => {
  const path = join(dir, name);
  writeFileSync(path, fabricSheet(prefix));
  return path;
};
const lotStatus = async (id: string) => (await t.call("GET", `/api/v1/lots/${id}`)).status;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tp-cli-import-"));
  t = await startTestService();
  const registered = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: { id: "import-mill", name: "Import Mill", country: "VN", roles: ["fabric", "cutting"] },
  });
  expect(registered.status).toBe(201);
  key = registered.body.apiKey;
}, 180_000);

afterAll(async () => {
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("threadproof import", () => {
  it("downloads a template whose header row is in the language asked for", async () => {
    const path = join(dir, "template.csv");
    const run = await cli(["template", "fabric-lots", "--format", "csv", "--lang", "en", "-o", path]);
    expect(run.code, show(run)).toBe(0);
    const header = readFileSync(path, "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)[0]!;
    expect(header).toContain("Lot id");
    const vi = join(dir, "template-vi.xlsx");
    const xlsx = await cli(["template", "fabric-lots", "--lang", "vi", "-o", vi]);
    expect(xlsx.code, show(xlsx)).toBe(0);
    expect(readFileSync(vi).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("a dry run names the bad row, column and value, records nothing and exits 1", async () => {
    const run = await cli(["import", sheet("dry.csv", "FL-DRY"), "--kind", "fabric-lots", "--dry-run"]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/^dry run of 3 rows: 1 bad — nothing recorded$/m);
    expect(run.stdout).toMatch(/^ {2}row 3, column "Quantity": .+ \(value: "twelve"\)$/m);
    expect(run.stderr).toMatch(/^3\/3 rows$/m);
    expect(await lotStatus("FL-DRY-1")).toBe(404);

    const asJson = await cli([
      "--json",
      "import",
      sheet("dry.csv", "FL-DRY"),
      "--kind",
      "fabric-lots",
      "--dry-run",
    ]);
    expect(asJson.code, show(asJson)).toBe(1);
    const job = JSON.parse(asJson.stdout);
    expect(job).toMatchObject({ mode: "dry-run", status: expect.any(String), total: 3 });
    expect(job.errors).toEqual([expect.objectContaining({ row: 3, column: "Quantity", value: "twelve" })]);
  });

  it("draws a progress bar when stderr is a terminal", async () => {
    // script(1) runs the CLI on a pseudo-terminal, as in an interactive shell.
    const command = [
      "node",
      "bin/threadproof.mjs",
      "import",
      sheet("tty.csv", "FL-TTY"),
      "--kind",
      "fabric-lots",
      "--dry-run",
    ]
      .map((word) => `'${word}'`)
      .join(" ");
    const run = await runProcess("script", ["-qec", command, "/dev/null"], {
      THREADPROOF_URL: t.service.url,
      THREADPROOF_API_KEY: key,
    });
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).toMatch(/[\u2588\u2591]+ 100% \| 3\/3 rows/);
    expect(run.stdout).not.toMatch(/^3\/3 rows\r?$/m);
  });

  it("rollback records nothing when a row is bad", async () => {
    const run = await cli(["import", sheet("rollback.csv", "FL-RB"), "--kind", "fabric-lots"]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/^import refused \(rollback\): nothing recorded, 1 bad rows$/m);
    expect(run.stdout).toMatch(/row 3, column "Quantity"/);
    expect(await lotStatus("FL-RB-1")).toBe(404);
  });

  it("proceed records the good rows, hands back the bad one as a file, and a re-import records nothing twice", async () => {
    const path = sheet("proceed.csv", "FL-PR");
    const run = await cli(["import", path, "--kind", "fabric-lots", "--on-error", "proceed"]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/^imported 2 rows, 0 already recorded \(skipped\), 1 bad rows left out$/m);
    expect(await lotStatus("FL-PR-1")).toBe(200);
    expect(await lotStatus("FL-PR-3")).toBe(200);
    expect(await lotStatus("FL-PR-2")).toBe(404);
    const jobId = /^job: (\S+)$/m.exec(run.stdout)![1]!;

    const errorFile = join(dir, "bad-rows.csv");
    const errors = await cli(["errors", jobId, "-o", errorFile]);
    expect(errors.code, show(errors)).toBe(0);
    const bad = readFileSync(errorFile, "utf8");
    expect(bad).toContain("FL-PR-2");
    expect(bad).toContain("twelve");
    expect(bad).not.toContain("FL-PR-1");

    // The same command again carries the same Idempotency-Key (the file's hash): the server answers the
    // first job and starts nothing.
    const again = await cli(["--json", "import", path, "--kind", "fabric-lots", "--on-error", "proceed"]);
    expect(again.code, show(again)).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: jobId, recorded: 2, skipped: 0 });
    // Under another key, a new job: the rows recorded before are skipped, nothing is recorded twice.
    const anew = await cli([
      "--json",
      "--idempotency-key",
      "proceed-again",
      "import",
      path,
      "--kind",
      "fabric-lots",
      "--on-error",
      "proceed",
    ]);
    expect(anew.code, show(anew)).toBe(1);
    const job = JSON.parse(anew.stdout);
    expect(job.id).not.toBe(jobId);
    expect(job).toMatchObject({ recorded: 0, skipped: 2 });
    expect(job.errors).toEqual([expect.objectContaining({ row: 3, column: "Quantity" })]);
  });

  it("job shows an import job", async () => {
    const accepted = await cli([
      "--json",
      "import",
      sheet("nowait.csv", "FL-NW"),
      "--kind",
      "fabric-lots",
      "--dry-run",
      "--no-wait",
    ]);
    expect(accepted.code, show(accepted)).toBe(0);
    const { id } = JSON.parse(accepted.stdout);
    const run = await cli(["job", id, "--wait"]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/row 3, column "Quantity"/);
  });
});
