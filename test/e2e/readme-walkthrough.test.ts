/**
 * The README's walk-through, executed: the bash blocks of its curl session, certificate, EPCIS and spreadsheet
 * sections, in order, as one `bash -euo pipefail` script with curl and jq — what a newcomer types into one
 * terminal — against a fresh `DEMO=off npm start`. Then the facts the walk-through claims, read back from the
 * service: balances, the certificates and their verification, the files it wrote.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";
import { fencedBlocks, sectionLines } from "../support/markdown";
import { spawnNpmStart, type NpmStartProcess } from "../support/npm-start-process";
import { PROJECT_ROOT } from "../support/service-process";

/** The README sections whose blocks run, in the order a reader follows them. */
const WALKTHROUGH = [
  "The API in one curl session",
  "Assess and certify with curl",
  "EPCIS 2.0 capture and query",
  "Importing a spreadsheet",
];

const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const sections = WALKTHROUGH.map((title) => ({ title, blocks: fencedBlocks(sectionLines(readme, title)) }));

/** One script of every block, each after an `echo` of its section; a failing line names itself. */
function walkthroughScript(): string {
  const parts = ["set -E", "trap 'echo \"README line failed (exit $?): $BASH_COMMAND\" >&2' ERR"];
  for (const { title, blocks } of sections)
    for (const block of blocks)
      parts.push(`echo ${JSON.stringify(`## ${title} (README.md:${block.line})`)} >&2`, block.code);
  return parts.join("\n");
}

/** What the walk-through says its lines print: each `# => …` comment, on a line of its own or after a command. */
function expectedOutputs(): string[] {
  return sections.flatMap(({ blocks }) =>
    blocks.flatMap((block) =>
      block.code.split("\n").flatMap((line) => {
        const said = /(?:^|\s)# => (.*)$/.exec(line);
        return said ? [said[1]!.trim()] : [];
      }),
    ),
  );
}

interface BashRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` under `bash -euo pipefail`; a run past `timeoutMs` (a job polled for ever) is killed. */
function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<BashRun> {
  const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  child.once("exit", () => clearTimeout(timer));
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once("exit", (code) => done({ code, stdout, stderr })));
}

describe("the README walk-through", () => {
  it("has bash blocks only, in every section it runs, so none escapes being run", () => {
    for (const { title, blocks } of sections) {
      expect(blocks.length, title).toBeGreaterThan(0);
      expect(
        blocks.map((block) => block.language),
        title,
      ).toEqual(blocks.map(() => "bash"));
    }
  });

  it("says what its lines print, with `# =>`, often enough to be checked", () => {
    expect(expectedOutputs()).toContain('"authentic"');
    expect(expectedOutputs().length).toBeGreaterThan(10);
  });

  it("lets no request fail unnoticed: each curl has -f, or its answer is checked by jq -e", () => {
    const script = sections.flatMap(({ blocks }) => blocks.map((block) => block.code)).join("\n");
    const commands = script
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("#"))
      .join("\n")
      .split(/(?=\bcurl\s)/)
      .filter((part) => /^curl\s/.test(part));
    expect(commands.length).toBeGreaterThan(30);
    const unchecked = commands.filter(
      (command) =>
        !/^curl\s+(?:-[a-zA-Z]*f[a-zA-Z]*|--fail(?:-with-body)?)\b/.test(command) &&
        !/\|\s*jq\s+-e/.test(command),
    );
    expect(unchecked.map((command) => command.split("\n")[0])).toEqual([]);
  });

  it("fails on a line that uses a variable no earlier line set (bash -u), naming the line", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "threadproof-readme-u-"));
    try {
      writeFileSync(join(cwd, "operator-api-key"), "k".repeat(43));
      // The first request with the operator's key misspelt: nothing reaches the (absent) service.
      const broken = walkthroughScript().replace("Bearer $OPERATOR_KEY", "Bearer $OPERATOR_KY");
      const run = await runBash(broken, cwd, { BASE: "http://127.0.0.1:9", DATA_DIR: cwd });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/OPERATOR_KY: unbound variable/);
      expect(run.stderr).toMatch(/README line failed/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  describe("against a fresh service", () => {
    const root = mkdtempSync(join(tmpdir(), "threadproof-readme-"));
    const dataDir = join(root, "walk");
    const cwd = join(root, "terminal");
    let service: NpmStartProcess;
    let base = "";
    let run: BashRun;

    beforeAll(async () => {
      mkdirSync(cwd);
      const port = await freePort();
      base = `http://localhost:${port}`;
      // As the README says: `DATA_DIR=… DEMO=off npm start` in another terminal, the session in an empty folder.
      service = spawnNpmStart({ DATA_DIR: dataDir, DEMO: "off", PORT: String(port) });
      await service.waitFor("Operator API key");
      run = await runBash(walkthroughScript(), cwd, { BASE: base, DATA_DIR: dataDir });
    }, 400_000);
    afterAll(async () => {
      await service?.stop();
      rmSync(root, { recursive: true, force: true });
    });

    const json = async <T = Record<string, unknown>>(path: string): Promise<T> => {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    };

    it("runs every line, in order, without a failure", () => {
      expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
      for (const { title } of sections) expect(run.stderr).toContain(`## ${title}`);
    });

    it("prints what its `# =>` comments say, in order", () => {
      const printed = run.stdout.split("\n");
      let from = 0;
      for (const expected of expectedOutputs()) {
        const at = printed.indexOf(expected, from);
        expect(
          at,
          `README says a line prints ${expected}; after line ${from} the walk-through printed:\n${printed.slice(from).join("\n")}`,
        ).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    });

    it("leaves the balances it describes", async () => {
      expect(await json("/api/v1/lots/FL-0001")).toMatchObject({ quantity: 1200, remaining: 900, unit: "m" });
      // FL-0002 came in by EPCIS capture; the spreadsheet's good row cut 300 m of it, the bad row nothing.
      expect(await json("/api/v1/lots/FL-0002")).toMatchObject({ quantity: 1200, remaining: 900 });
      expect(await json("/api/v1/lots/CUT-0002")).toMatchObject({ quantity: 2400 });
      expect((await fetch(`${base}/api/v1/lots/CUT-0003`)).status).toBe(404);
      expect(await json("/api/v1/lots/SEW-0001")).toMatchObject({ quantity: 1200, remaining: 200 });
      expect(await json("/api/v1/lots/SHP-0001")).toMatchObject({ quantity: 1000 });
    });

    it("issues an EVFTA certificate that verifies as valid, after revoking the first, signed with the new key", async () => {
      const { certificates } = await json<{ certificates: { id: string; fta: string; status: string }[] }>(
        "/api/v1/lots/SHP-0001/certificates",
      );
      expect(certificates.map((c) => `${c.fta} ${c.status}`).sort()).toEqual([
        "EVFTA revoked",
        "EVFTA valid",
      ]);
      const first = certificates.find((c) => c.status === "revoked");
      const second = certificates.find((c) => c.status === "valid");
      const valid = await json<{ verdict: string }>(
        `/api/v1/origin/certificates/${encodeURIComponent(second!.id)}/verification`,
      );
      expect(valid.verdict).toBe("valid");
      const revoked = await json<{ verdict: string; revocation: unknown }>(
        `/api/v1/origin/certificates/${encodeURIComponent(first!.id)}/verification`,
      );
      expect(revoked.verdict).toBe("revoked");
      expect(JSON.stringify(revoked.revocation)).toContain("old telephone number");
      // The key rotation between the two: they are signed by different keys of the same certifier.
      const methodOf = async (id: string) =>
        (
          await json<{ proof: { verificationMethod: string } }>(
            `/api/v1/origin/certificates/${encodeURIComponent(id)}`,
          )
        ).proof.verificationMethod;
      expect(await methodOf(second!.id)).not.toBe(await methodOf(first!.id));
      expect(run.stdout).toContain(`${base}/certificates/${first!.id}`);
    });

    it("writes the files it says: the label sheet, the certificate PDF, the template and the error file", () => {
      for (const pdf of ["labels.pdf", "co.pdf"])
        expect(readFileSync(join(cwd, pdf)).subarray(0, 5).toString("latin1"), pdf).toBe("%PDF-");
      expect(readFileSync(join(cwd, "cat-vai.xlsx")).subarray(0, 2).toString("latin1")).toBe("PK");
      expect(readFileSync(join(cwd, "errors.csv"), "utf8")).toContain("CUT-0003");
    });
  });
});
