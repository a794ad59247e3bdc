/**
 * The data dir holds the chain journal, sealed keys, the operator key, the databases and every uploaded
 * document (invoices): nobody but the service's user may read it. The directory is 0700 and everything in it
 * 0600 (directories 0700); files new processes create get those modes from the umask, and what an earlier
 * version left wider is tightened at start.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

export const DIRECTORY_MODE = 0o700;
export const FILE_MODE = 0o600;

/** blockstore-fs's block directory (earlier versions): one file per block, walked once, then marked. */
const LEGACY_BLOCKS = join("ipfs", "blocks");
const LEGACY_BLOCKS_MARKER = ".modes-tightened";

/**
 * Creates the data dir (0700) when missing, tightens it when it exists, and makes this process create files
 * 0600 and directories 0700 from now on (umask 077; worker threads share the process's umask).
 */
export function prepareDataDir(dataDir: string): void {
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: DIRECTORY_MODE });
  chmodSync(dataDir, DIRECTORY_MODE);
}

/**
 * Sets every directory under `dataDir` to 0700 and every file to 0600 (symbolic links are left alone). The
 * legacy block directory, which can hold one file per block ever stored, is walked on the first start only.
 * Returns how many entries changed mode.
 */
export function tightenDataDirModes(dataDir: string): number {
  let changed = 0;
  const tighten = (path: string, isDirectory: boolean) => {
    const wanted = isDirectory ? DIRECTORY_MODE : FILE_MODE;
    if ((statSync(path).mode & 0o777) !== wanted) {
      chmodSync(path, wanted);
      changed += 1;
    }
  };
  const walk = (directory: string, relative: string) => {
    tighten(directory, true);
    if (relative === LEGACY_BLOCKS) {
      const marker = join(directory, LEGACY_BLOCKS_MARKER);
      if (existsSync(marker)) return;
      walkEntries(directory, relative);
      writeFileSync(marker, "", { mode: FILE_MODE });
      return;
    }
    walkEntries(directory, relative);
  };
  const walkEntries = (directory: string, relative: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path, relative === "" ? entry.name : join(relative, entry.name));
      else if (entry.isFile()) tighten(path, false);
    }
  };
  walk(dataDir, "");
  return changed;
}
