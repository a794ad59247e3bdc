/**
 * The embedded IPFS node's blockstore: blocks in one SQLite database (`blocks.sqlite`, WAL), written so that a
 * put resolves only once its block is on stable storage. A record whose digest goes on chain must survive a
 * power cut; blockstore-fs wrote each block by rename with no fsync, so it might not.
 *
 * Group commit: puts that arrive while a commit is in flight wait together and go in the next transaction,
 * so 64 concurrent puts cost a handful of fsyncs, not 64. The transaction is committed without SQLite's own
 * fsync (`synchronous = NORMAL`), then the WAL file is fsynced off the event loop (libuv's thread pool) before
 * the puts of that batch resolve: fsync flushes the file whatever descriptor asks, and a checkpoint fsyncs the
 * WAL before it copies frames and the database after, so a frame is durable in one place or the other.
 * A block is visible (`has`, `get`) only once durable: Helia's `put` skips a block `has` reports, and must not
 * skip one that a power cut could still take away.
 *
 * Blocks are keyed by multihash, like blockstore-fs. A data dir written by blockstore-fs (`blocks/`) is still
 * read: a block not in the database is looked up there (never copied, so start-up does not grow with history).
 */
import { closeSync, constants, existsSync, fsync, fsyncSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";
import type { Blockstore, InputPair, Pair } from "interface-blockstore";
import type { AbortOptions } from "abort-error";
import type { CID } from "multiformats/cid";
import { UnavailableError } from "../errors";

export interface DurableBlockstoreParameters {
  /** The database file (created 0600 when missing), e.g. `<ipfs dir>/blocks.sqlite`. */
  path: string;
  /** A blockstore-fs directory written by earlier versions, read for blocks the database lacks. */
  legacy?: Pick<Blockstore, "has" | "get" | "delete" | "getAll">;
  /** How CIDs are rebuilt from their stored bytes (multiformats is ESM-only; the caller loads it). */
  decodeCid: (bytes: Uint8Array) => CID;
}

export interface DurableBlockstore extends Blockstore {
  /** Commits what is queued and closes the database. */
  close(): Promise<void>;
  /** Writes and removes a probe row durably: rejects when the store cannot take writes (disk full, read-only). */
  probeWrite(): Promise<void>;
  /** Transactions committed so far (each one fsync of the WAL): tests and the bench read it. */
  commits(): number;
}

interface Queued {
  key: Buffer;
  cid: Buffer;
  bytes: Buffer;
}

const asBuffer = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** Collects a put's value when Helia hands it over as chunks. */
async function collect(value: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const keyOf = (cid: CID) => Buffer.from(cid.multihash.bytes);

/** A disk that cannot take a write answers UNAVAILABLE (503): nothing was stored, try again later. */
function writeFailure(error: unknown): UnavailableError {
  const code = (error as { code?: string }).code ?? "";
  const reason = /FULL|ENOSPC/.test(code)
    ? "disk full"
    : /READONLY|EROFS/.test(code)
      ? "read-only"
      : /IOERR|EIO/.test(code)
        ? "I/O error"
        : "write failed";
  return new UnavailableError(`The IPFS blockstore cannot store blocks (${reason})`, {
    details: { store: "ipfs", reason },
    cause: error,
  });
}

function fsyncFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY);
    } catch (error) {
      // No WAL file: nothing was written through it since the last checkpoint reset.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return resolve();
      return reject(error);
    }
    fsync(fd, (error) => {
      closeSync(fd);
      if (error) reject(error);
      else resolve();
    });
  });
}

/**
 * Opens (or creates) the durable blockstore.
 *
 * @example
 * const blockstore = openDurableBlockstore({ path: join(dir, "blocks.sqlite"), decodeCid: CID.decode });
 */
export function openDurableBlockstore({
  path,
  legacy,
  decodeCid,
}: DurableBlockstoreParameters): DurableBlockstore {
  // SQLite gives the -wal and -shm files the database's own mode: create it 0600 first.
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  const db: SqliteDatabase = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(`
    CREATE TABLE IF NOT EXISTS blocks (multihash BLOB PRIMARY KEY, cid BLOB NOT NULL, bytes BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
  `);
  const walPath = `${path}-wal`;
  const insert = db.prepare("INSERT OR IGNORE INTO blocks (multihash, cid, bytes) VALUES (?, ?, ?)");
  const selectBytes = db.prepare("SELECT bytes FROM blocks WHERE multihash = ?").pluck();
  const selectHas = db.prepare("SELECT 1 FROM blocks WHERE multihash = ?").pluck();
  const remove = db.prepare("DELETE FROM blocks WHERE multihash = ?");
  const selectAll = db.prepare("SELECT cid, bytes FROM blocks").raw();
  const insertProbe = db.prepare("INSERT OR REPLACE INTO probe (id, at) VALUES (1, ?)");
  const deleteProbe = db.prepare("DELETE FROM probe");
  const insertBatch = db.transaction((batch: Queued[]) => {
    for (const entry of batch) insert.run(entry.key, entry.cid, entry.bytes);
  });
  // The WAL file's directory entry must be durable too, once: sync the directory after the schema write.
  syncDirectory(dirname(path));

  /** Puts waiting for the next commit, and those whose commit is waiting for its fsync (not yet visible). */
  let queue: { entry: Queued; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const notDurable = new Map<string, Promise<void>>();
  let committing = false;
  let commitCount = 0;
  let closed = false;

  async function commitLoop(): Promise<void> {
    committing = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          insertBatch(batch.map((item) => item.entry));
          await fsyncFile(walPath);
          commitCount += 1;
          for (const item of batch) item.resolve();
        } catch (error) {
          const failure = writeFailure(error);
          for (const item of batch) item.reject(failure);
        }
      }
    } finally {
      committing = false;
    }
  }

  function enqueue(entry: Queued): Promise<void> {
    const hex = entry.key.toString("hex");
    const durable = new Promise<void>((resolve, reject) => {
      queue.push({ entry, resolve, reject });
    }).finally(() => {
      if (notDurable.get(hex) === durable) notDurable.delete(hex);
    });
    notDurable.set(hex, durable);
    // setImmediate: the puts of this turn of the event loop join one batch.
    if (!committing) {
      committing = true;
      setImmediate(() => void commitLoop());
    }
    return durable;
  }

  /** Waits for a block being made durable (a failed write is then simply absent). */
  async function settled(key: Buffer): Promise<void> {
    const pending = notDurable.get(key.toString("hex"));
    if (pending) await pending.catch(() => undefined);
  }

  const store: DurableBlockstore = {
    async put(cid: CID, value, _options?: AbortOptions): Promise<CID> {
      if (closed) throw new UnavailableError("The IPFS blockstore is closed");
      const key = keyOf(cid);
      // Records arrive as one array: queued in this same turn, so a has() right after the call waits for it.
      const bytes = value instanceof Uint8Array ? asBuffer(value) : await collect(value);
      const pending = notDurable.get(key.toString("hex"));
      if (pending) {
        // The same block is on its way: this put is done when that one is (or retries if it failed).
        try {
          await pending;
          return cid;
        } catch {
          // fall through and try again
        }
      }
      await enqueue({ key, cid: Buffer.from(cid.bytes), bytes });
      return cid;
    },

    async *putMany(source: Iterable<InputPair> | AsyncIterable<InputPair>, options?: AbortOptions) {
      const puts: Promise<CID>[] = [];
      for await (const { cid, bytes } of source) puts.push(Promise.resolve(store.put(cid, bytes, options)));
      for (const put of puts) yield await put;
    },

    async *get(cid: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
      const key = keyOf(cid);
      await settled(key);
      const bytes = selectBytes.get(key) as Buffer | undefined;
      if (bytes) {
        yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return;
      }
      if (legacy && (await legacy.has(cid, options))) {
        yield* legacy.get(cid, options);
        return;
      }
      throw blockNotFound(cid);
    },

    async *getMany(source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions): AsyncGenerator<Pair> {
      for await (const cid of source) yield { cid, bytes: store.get(cid, options) };
    },

    async has(cid: CID, options?: AbortOptions): Promise<boolean> {
      const key = keyOf(cid);
      await settled(key);
      if (selectHas.get(key) !== undefined) return true;
      return legacy ? legacy.has(cid, options) : false;
    },

    async delete(cid: CID, options?: AbortOptions): Promise<void> {
      const key = keyOf(cid);
      await settled(key);
      remove.run(key);
      await legacy?.delete(cid, options);
    },

    async *deleteMany(source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions) {
      for await (const cid of source) {
        await store.delete(cid, options);
        yield cid;
      }
    },

    async *getAll(options?: AbortOptions): AsyncGenerator<Pair> {
      for (const [cidBytes, bytes] of selectAll.iterate() as Iterable<[Buffer, Buffer]>) {
        yield {
          cid: decodeCid(cidBytes),
          bytes: (function* () {
            yield new Uint8Array(bytes);
          })(),
        };
      }
      if (legacy) yield* legacy.getAll(options);
    },

    async probeWrite(): Promise<void> {
      try {
        db.transaction(() => {
          insertProbe.run(Date.now());
          deleteProbe.run();
        })();
        await fsyncFile(walPath);
      } catch (error) {
        throw writeFailure(error);
      }
    },

    commits: () => commitCount,

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      while (committing || queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      db.close();
    },
  };
  return store;
}

/** fsync of a directory, so a file created in it survives a power cut (best effort where unsupported). */
export function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; nothing more can be done there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** interface-store's NotFoundError, by name (the package is ESM-only; Helia tests the name). */
function blockNotFound(cid: CID): Error {
  const error = new Error(`Block ${cid.toString()} not found`);
  error.name = "NotFoundError";
  Object.assign(error, { code: "ERR_NOT_FOUND" });
  return error;
}
