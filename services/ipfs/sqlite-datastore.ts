/**
 * The embedded IPFS node's datastore (what Helia keeps beside the blocks: its pins, one entry per pin and one
 * per pinned block) in one SQLite database (`datastore.sqlite`, WAL). datastore-fs wrote each entry as its own
 * file (a mkdir, a write and a rename, about 20 file operations per pinned record); a row costs a few
 * microseconds, so pinning stops being the largest cost of recording an event.
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
}

/** interface-store's NotFoundError, by name (Helia's pins test the name). */
function notFound(key: Key): Error {
  const error = new Error(`Key ${key.toString()} not found`);
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
  const putBatch = db.transaction((pairs: { key: string; value: Uint8Array }[], deletes: string[]) => {
    for (const pair of pairs) upsert.run(pair.key, pair.value);
    for (const key of deletes) remove.run(key);
  });

  const write = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      throw new UnavailableError("The IPFS datastore cannot store entries", {
        details: { store: "ipfs" },
        cause: error,
      });
    }
  };

  // Read whole, not iterated: a caller (libp2p's peer store, the keychain) may write while it walks a query,
  // and one better-sqlite3 connection cannot write while an iterator is open on it. The rows are small keys.
  function rows(prefix: string | undefined): Iterable<[string, Buffer]> {
    return (prefix === undefined ? all.all() : range.all(prefix, `${prefix}\uffff`)) as [string, Buffer][];
  }

  class Store extends BaseDatastore {
    override async put(key: Key, value: Uint8Array): Promise<Key> {
      write(() => upsert.run(key.toString(), value));
      return key;
    }

    override async get(key: Key, options?: AbortOptions): Promise<Uint8Array> {
      const value = select.get(key.toString()) as Buffer | undefined;
      if (value !== undefined) return asBytes(value);
      if (legacy && (await legacy.has(key, options))) return legacy.get(key, options);
      throw notFound(key);
    }

    override async has(key: Key, options?: AbortOptions): Promise<boolean> {
      if (exists.get(key.toString()) !== undefined) return true;
      return legacy ? legacy.has(key, options) : false;
    }

    override async delete(key: Key, options?: AbortOptions): Promise<void> {
      write(() => remove.run(key.toString()));
      await legacy?.delete(key, options);
    }

    override batch() {
      const puts: { key: string; value: Uint8Array }[] = [];
      const deletes: string[] = [];
      return {
        put: (key: Key, value: Uint8Array) => void puts.push({ key: key.toString(), value }),
        delete: (key: Key) => void deletes.push(key.toString()),
        commit: async (options?: AbortOptions) => {
          write(() => putBatch(puts, deletes));
          if (legacy) for (const key of deletes) await legacy.delete(new Key(key), options);
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

    close(): void {
      if (db.open) db.close();
    }
  }
  return new Store() as unknown as SqliteDatastore;
}
