/**
 * The data dir's lock and modes: one live process per data dir (DATA_DIR_IN_USE for a second), a lock the
 * kernel drops when its holder dies (SIGKILL, a container restart whose new process has the same pid), and
 * 0700/0600 for the directory and everything in it.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir } from "../../../services/config/data-dir-lock";
import { prepareDataDir, tightenDataDirModes } from "../../../services/config/data-dir-modes";
import { PROJECT_ROOT } from "../../support/service-process";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "tp-datadir-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the data-dir lock", () => {
  it("refuses a second holder with DATA_DIR_IN_USE while the first holds it, and is free once released", () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: "DATA_DIR_IN_USE" }));
    release();
    const again = lockDataDir(dir);
    again();
  });

  it("is not blocked by a pid file an earlier version left, even one naming this very process", () => {
    const dir = tempDir();
    // A restarted container: the dead process had pid 1 or, as here, the same pid as the new one.
    writeFileSync(join(dir, "service.lock"), String(process.pid));
    const release = lockDataDir(dir);
    release();
    writeFileSync(join(dir, "service.lock"), "1");
    lockDataDir(dir)();
  });

  it("is dropped by the kernel when its holder is killed, and held against another process while it lives", async () => {
    const dir = tempDir();
    const script = `
      const { lockDataDir } = require("./services/config/data-dir-lock");
      lockDataDir(process.argv[1]);
      process.stdout.write("locked\\n");
      setInterval(() => {}, 1000);
    `;
    const holder = spawn(process.execPath, ["--import", "tsx", "-e", script, dir], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      holder.once("exit", (code) => reject(new Error(`holder exited ${code}`)));
    });
    // Another process (this one) may not take it while the holder lives.
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: "DATA_DIR_IN_USE" }));
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    holder.kill("SIGKILL");
    await exited;
    // No clean-up ran in the holder, and nothing is trusted but the kernel's lock: it is free.
    const release = lockDataDir(dir);
    release();
  }, 30_000);
});

describe("data-dir modes", () => {
  it("creates the data dir 0700 and tightens one an earlier version left 0755", () => {
    const parent = tempDir();
    const fresh = join(parent, "fresh");
    prepareDataDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const old = join(parent, "old");
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    prepareDataDir(old);
    expect(mode(old)).toBe(0o700);
  });

  it("sets every file to 0600 and directory to 0700, the legacy block directory once", () => {
    const dir = tempDir();
    const files = ["index.sqlite", "service.sqlite", "operator-api-key", join("chain", "chain.sqlite")];
    mkdirSync(join(dir, "chain"), { mode: 0o755 });
    mkdirSync(join(dir, "ipfs", "blocks", "AB"), { recursive: true, mode: 0o755 });
    for (const file of [...files, join("ipfs", "blocks", "AB", "CIQAB.data")]) {
      writeFileSync(join(dir, file), "x", { mode: 0o644 });
      chmodSync(join(dir, file), 0o644);
    }
    // Explicit modes: the umask of this process (077 once a data dir was prepared) does not decide them.
    for (const sub of ["chain", "ipfs", join("ipfs", "blocks"), join("ipfs", "blocks", "AB")]) {
      chmodSync(join(dir, sub), 0o755);
    }
    expect(tightenDataDirModes(dir)).toBe(9);
    for (const file of files) expect(mode(join(dir, file)), file).toBe(0o600);
    expect(mode(join(dir, "ipfs", "blocks", "AB", "CIQAB.data"))).toBe(0o600);
    for (const sub of ["chain", "ipfs", join("ipfs", "blocks"), join("ipfs", "blocks", "AB")]) {
      expect(mode(join(dir, sub)), sub).toBe(0o700);
    }
    // Nothing left to change; the legacy blocks are not walked again.
    expect(tightenDataDirModes(dir)).toBe(0);
  });
});
