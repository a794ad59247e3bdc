/**
 * Reaching into the embedded IPFS node's on-disk blockstore (DATA_DIR/ipfs/blocks.sqlite, see
 * services/ipfs/durable-blockstore.ts) the way an attacker or a failing disk would: find the block that holds
 * some bytes, overwrite it or delete it, and put it back.
 */
import Database from "better-sqlite3";
import { join } from "node:path";

function withBlocks<T>(dataDir: string, run: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, "ipfs", "blocks.sqlite"));
  try {
    db.pragma("busy_timeout = 5000");
    return run(db);
  } finally {
    db.close();
  }
}

/** The multihash key of the block under `dataDir` whose content is exactly `bytes` (throws when there is none). */
export function blockKeyOf(dataDir: string, bytes: Uint8Array): Buffer {
  const key = withBlocks(
    dataDir,
    (db) =>
      db.prepare("SELECT multihash FROM blocks WHERE bytes = ?").pluck().get(Buffer.from(bytes)) as
        Buffer | undefined,
  );
  if (!key) throw new Error("no block holds these bytes");
  return key;
}

/** How many blocks the embedded store holds. */
export function blockCount(dataDir: string): number {
  return withBlocks(dataDir, (db) => db.prepare("SELECT count(*) FROM blocks").pluck().get() as number);
}

/** Replaces the block holding `bytes` with `replacement`; returns a function that puts the original back. */
export function overwriteBlock(dataDir: string, bytes: Uint8Array, replacement: Uint8Array): () => void {
  const key = blockKeyOf(dataDir, bytes);
  const set = (value: Uint8Array) =>
    withBlocks(dataDir, (db) =>
      db.prepare("UPDATE blocks SET bytes = ? WHERE multihash = ?").run(Buffer.from(value), key),
    );
  set(replacement);
  return () => void set(bytes);
}

/** Deletes the block holding `bytes`; returns a function that puts it back. */
export function deleteBlock(dataDir: string, bytes: Uint8Array): () => void {
  const key = blockKeyOf(dataDir, bytes);
  const row = withBlocks(
    dataDir,
    (db) => db.prepare("SELECT cid FROM blocks WHERE multihash = ?").pluck().get(key) as Buffer,
  );
  withBlocks(dataDir, (db) => db.prepare("DELETE FROM blocks WHERE multihash = ?").run(key));
  return () =>
    void withBlocks(dataDir, (db) =>
      db
        .prepare("INSERT OR REPLACE INTO blocks (multihash, cid, bytes) VALUES (?, ?, ?)")
        .run(key, row, Buffer.from(bytes)),
    );
}
