import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../errors";

/** DATA_DIR_IN_USE at start: another live process uses this data dir (two embedded chains on one journal would fork it). */
export class DataDirInUseError extends AppError {
  constructor(pid: number) {
    super("DATA_DIR_IN_USE", `Another threadproof process (pid ${pid}) is using this data directory`, {
      details: { pid },
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the data dir for this process (`<dataDir>/service.lock` holding its pid). A lock left by a process that
 * died (SIGKILL, power loss) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, "service.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx", mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(holder);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error("Could not lock the data directory");
}
