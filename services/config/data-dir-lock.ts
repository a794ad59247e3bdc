/**
 * One service per data dir: two embedded chains on one journal would fork it. The lock is an exclusive SQLite
 * lock (`locking_mode = EXCLUSIVE`, a POSIX record lock underneath) on `<dataDir>/lock.sqlite`, held for the
 * life of the process: the kernel drops it when the process dies, however it dies. No pid is trusted, so a
 * restarted container whose new process has the pid of the dead one (often 1) starts, and a stale lock file
 * cannot block anyone.
 */
import { closeSync, existsSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { AppError } from "../errors";

/** DATA_DIR_IN_USE at start: another live process uses this data dir (two embedded chains on one journal would fork it). */
export class DataDirInUseError extends AppError {
  constructor(dataDir: string, cause?: unknown) {
    super("DATA_DIR_IN_USE", "Another threadproof process is using this data directory", {
      details: { lock: join(dataDir, LOCK_FILE) },
      cause,
    });
  }
}

/** The lock database inside the data dir. */
export const LOCK_FILE = "lock.sqlite";
/** The pid file earlier versions used; removed once the lock is held. */
const LEGACY_LOCK_FILE = "service.lock";

/**
 * Takes the data dir for this process, or throws DATA_DIR_IN_USE when a live process holds it. Returns the
 * release function (closing releases the lock; so does the process's death).
 *
 * @example
 * const unlock = lockDataDir(config.dataDir);
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    // The first write takes the exclusive lock; in this locking mode it is kept until the connection closes.
    db.exec(`
      BEGIN EXCLUSIVE;
      CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL);
      INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ${process.pid}, '${new Date().toISOString()}');
      COMMIT;
    `);
  } catch (error) {
    db.close();
    if (/BUSY|LOCKED/.test((error as { code?: string }).code ?? ""))
      throw new DataDirInUseError(dataDir, error);
    throw error;
  }
  rmSync(join(dataDir, LEGACY_LOCK_FILE), { force: true });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    db.close();
  };
}
