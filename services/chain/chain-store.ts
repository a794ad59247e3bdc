/**
 * The chain layer's durable state in one SQLite file (WAL, synchronous FULL): the journal of every raw
 * transaction sent to the embedded chain, the encrypted signing keys of the relayer and the facilities, and a
 * few settings (contract address). A row committed here survives SIGKILL and power loss.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadMasterKey, sealedKeyTable, type SealedKeyStore } from "../keystore";
import type { Hex } from "./ledger";

export interface JournalEntry {
  seq: number;
  timestamp: number;
  rawTx: Hex;
  txHash: Hex;
}

export interface ChainStore extends SealedKeyStore {
  /** Appends a transaction before it is sent; durable when this returns. */
  appendJournal(entry: Omit<JournalEntry, "seq">): number;
  /** Removes an entry whose transaction the chain refused (so it was never mined). */
  removeJournal(seq: number): void;
  journal(): Iterable<JournalEntry>;
  journalLength(): number;
  getSetting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  close(): void;
}

/** Opens the chain store under `dir` (created when missing). */
export function openChainStore(dir: string): ChainStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const masterKey = loadMasterKey(dir);
  const db = new Database(join(dir, "chain.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS journal (
      seq INTEGER PRIMARY KEY,
      timestamp INTEGER NOT NULL,
      raw_tx BLOB NOT NULL,
      tx_hash TEXT NOT NULL UNIQUE
    );
    CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const insertJournal = db.prepare("INSERT INTO journal (timestamp, raw_tx, tx_hash) VALUES (?, ?, ?)");
  const deleteJournal = db.prepare("DELETE FROM journal WHERE seq = ?");
  const selectJournal = db.prepare("SELECT seq, timestamp, raw_tx, tx_hash FROM journal ORDER BY seq");
  const countJournal = db.prepare("SELECT count(*) AS n FROM journal");
  const selectSetting = db.prepare("SELECT value FROM settings WHERE name = ?");
  const upsertSetting = db.prepare(
    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
  );
  // Facility and relayer keys, by owner ("relayer", "facility:<id>").
  const keys = sealedKeyTable(db, masterKey);

  return {
    appendJournal(entry) {
      const result = insertJournal.run(
        entry.timestamp,
        Buffer.from(entry.rawTx.slice(2), "hex"),
        entry.txHash,
      );
      return Number(result.lastInsertRowid);
    },
    removeJournal(seq) {
      deleteJournal.run(seq);
    },
    *journal() {
      for (const row of selectJournal.iterate() as Iterable<{
        seq: number;
        timestamp: number;
        raw_tx: Buffer;
        tx_hash: Hex;
      }>) {
        yield {
          seq: row.seq,
          timestamp: row.timestamp,
          rawTx: `0x${row.raw_tx.toString("hex")}`,
          txHash: row.tx_hash,
        };
      }
    },
    journalLength() {
      return (countJournal.get() as { n: number }).n;
    },
    getSetting(name) {
      return (selectSetting.get(name) as { value: string } | undefined)?.value;
    },
    setSetting(name, value) {
      upsertSetting.run(name, value);
    },
    putKey: keys.putKey,
    getKey: keys.getKey,
    close() {
      db.close();
    },
  };
}
