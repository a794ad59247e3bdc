/**
 * The embedded IPFS node's datastore (what Helia keeps beside the blocks: its pins, one entry per pin and one
 * per pinned block) in one SQLite database (`datastore.sqlite`, WAL). datastore-fs wrote each entry as its own
 * file (a mkdir, a write and a rename, about 20 file operations per pinned record); a row costs a few
 * microseconds, so pinning stops being the largest cost of recording an event.
 *
 * Writes are grouped: the puts and deletes of one turn of the event loop go in one transaction, committed
 * before any of them resolves, so pinning a capture's thousands of records costs a few commits, not two per
 * record. A write is visible to `get` and `has` as soon as it is made (Helia reads back what it just wrote).
 *
 * Durability is as before: a datastore-fs write was never fsynced, and a commit here is not either
 * (`synchronous = NORMAL`: a power cut may lose the last pins, never corrupt the file). A lost pin loses no
 * block (blocks are in the durable blockstore, fsynced before a put resolves); it only leaves the block
 * unprotected from a garbage collection, which the service never runs.
 *
 * A data dir written by datastore-fs (`data/`) is still read: an entry not in the database is looked up there
 * and listed by queries, never copied.
 */
import { closeSync, existsSync, openSync } from "node:fs";
import Database from "better-sqlite3";
import type { BaseDatastore } from "datastore-core";
import type { Datastore, Key, Pair, Query, KeyQuery } from "interface-datastore";
import type { AbortOptions } from "abort-error";
import { UnavailableError } from "../errors";

export interface SqliteDatastoreParameters {
  /** The database file (created 0600 when missing), e.g. `<ipfs dir>/datastore.sqlite`. */
  path: string;
  /** A datastore-fs directory written by earlier versions, read for entries the database lacks. */
  legacy?: Pick<Datastore, "has" | "get" | "delete" | "query" | "queryKeys">;
  /** datastore-core's BaseDatastore and interface-datastore's Key (ESM-only packages; the caller loads them). */
  BaseDatastore: typeof BaseDatastore;
  Key: typeof Key;
}

export interface SqliteDatastore extends Datastore {
  close(): void;
  /** Transactions committed so far: tests read it. */
  commits(): number;
}

/**
 * interface-store's NotFoundError, by name (Helia's pins test the name). Without a stack: Helia asks for the
 * entry of every block it pins, and a new block's answer is this error; its stack trace was ~1% of a capture.
 */
function notFound(key: Key): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const error = new Error(`Key ${key.toString()} not found`);
  Error.stackTraceLimit = limit;
  error.name = "NotFoundError";
  return error;
}

const asBytes = (value: Buffer) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/**
 * Opens (or creates) the datastore.
 *
 * @example
 * const { BaseDatastore } = await import("datastore-core");
 * const { Key } = await import("interface-datastore");
 * const datastore = openSqliteDatastore({ path: join(dir, "datastore.sqlite"), BaseDatastore, Key });
 */
export function openSqliteDatastore({
  path,
  legacy,
  BaseDatastore,
  Key,
}: SqliteDatastoreParameters): SqliteDatastore {
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
  const upsert = db.prepare(
    "INSERT INTO entries (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const select = db.prepare("SELECT value FROM entries WHERE key = ?").pluck();
  const exists = db.prepare("SELECT 1 FROM entries WHERE key = ?").pluck();
  const remove = db.prepare("DELETE FROM entries WHERE key = ?");
  // Keys from the prefix up to the prefix followed by the highest character: what starts with the prefix.
  const range = db.prepare("SELECT key, value FROM entries WHERE key >= ? AND key < ? ORDER BY key").raw();
  const all = db.prepare("SELECT key, value FROM entries ORDER BY key").raw();
  const writeAll = db.transaction((entries: Map<string, Uint8Array | null>) => {
    for (const [key, value] of entries) {
      if (value === null) remove.run(key);
      else upsert.run(key, value);
    }
  });

  /** Writes not yet committed (null: a delete), and the callers waiting for their commit. */
  let pending = new Map<string, Uint8Array | null>();
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;
  let commitCount = 0;

  /** Commits every pending write in one transaction; a failure rejects each write's caller and drops them. */
  function commitPending(): void {
    scheduled = false;
    const entries = pending;
    const waiters = waiting;
    pending = new Map();
    waiting = [];
    if (entries.size === 0) return waiters.forEach((waiter) => waiter.resolve());
    try {
      writeAll(entries);
      commitCount += 1;
    } catch (error) {
      const failure = new UnavailableError("The IPFS datastore cannot store entries", {
        details: { store: "ipfs" },
        cause: error,
      });
      waiters.forEach((waiter) => waiter.reject(failure));
      throw failure;
    }
    waiters.forEach((waiter) => waiter.resolve());
  }

  /** Stages writes and resolves once the transaction holding them (every write of this turn) is committed. */
  function write(entries: Iterable<[string, Uint8Array | null]>): Promise<void> {
    for (const [key, value] of entries) pending.set(key, value);
    const committed = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        try {
          commitPending();
        } catch {
          // Each waiting write was rejected with the failure.
        }
      });
    }
    return committed;
  }

  /** A pending write of `key`: its value, null for a delete, undefined when none is pending. */
  const pendingValue = (key: string) => pending.get(key);

  // Read whole, not iterated: a caller (libp2p's peer store, the keychain) may write while it walks a query,
  // and one better-sqlite3 connection cannot write while an iterator is open on it. The rows are small keys.
  function rows(prefix: string | undefined): Iterable<[string, Buffer]> {
    // What is staged is committed first, so a query lists it too.
    if (pending.size > 0) commitPending();
    return (prefix === undefined ? all.all() : range.all(prefix, `${prefix}\uffff`)) as [string, Buffer][];
  }

  class Store extends BaseDatastore {
    override async put(key: Key, value: Uint8Array): Promise<Key> {
      await write([[key.toString(), value]]);
      return key;
    }

    override async get(key: Key, options?: AbortOptions): Promise<Uint8Array> {
      const staged = pendingValue(key.toString());
      if (staged === null) throw notFound(key);
      if (staged !== undefined) return staged;
      const value = select.get(key.toString()) as Buffer | undefined;
      if (value !== undefined) return asBytes(value);
      if (legacy && (await legacy.has(key, options))) return legacy.get(key, options);
      throw notFound(key);
    }

    override async has(key: Key, options?: AbortOptions): Promise<boolean> {
      const staged = pendingValue(key.toString());
      if (staged !== undefined) return staged !== null;
      if (exists.get(key.toString()) !== undefined) return true;
      return legacy ? legacy.has(key, options) : false;
    }

    override async delete(key: Key, options?: AbortOptions): Promise<void> {
      await write([[key.toString(), null]]);
      await legacy?.delete(key, options);
    }

    override batch() {
      const entries: [string, Uint8Array | null][] = [];
      return {
        put: (key: Key, value: Uint8Array) => void entries.push([key.toString(), value]),
        delete: (key: Key) => void entries.push([key.toString(), null]),
        commit: async (options?: AbortOptions) => {
          await write(entries);
          if (legacy)
            for (const [key, value] of entries)
              if (value === null) await legacy.delete(new Key(key), options);
        },
      };
    }

    override async *_all(query: Query, options?: AbortOptions): AsyncGenerator<Pair> {
      const seen = new Set<string>();
      for (const [key, value] of rows(query.prefix)) {
        seen.add(key);
        yield { key: new Key(key), value: asBytes(value) };
      }
      if (!legacy) return;
      for await (const pair of legacy.query({ ...(query.prefix ? { prefix: query.prefix } : {}) }, options))
        if (!seen.has(pair.key.toString())) yield pair;
    }

    override async *_allKeys(query: KeyQuery, options?: AbortOptions): AsyncGenerator<Key> {
      const seen = new Set<string>();
      for (const [key] of rows(query.prefix)) {
        seen.add(key);
        yield new Key(key);
      }
      if (!legacy) return;
      for await (const key of legacy.queryKeys(
        { ...(query.prefix ? { prefix: query.prefix } : {}) },
        options,
      ))
        if (!seen.has(key.toString())) yield key;
    }

    commits(): number {
      return commitCount;
    }

    close(): void {
      if (!db.open) return;
      try {
        commitPending();
      } finally {
        db.close();
      }
    }
  }
  return new Store() as unknown as SqliteDatastore;
}
