/**
 * The chain layer's durable state in one SQLite file (WAL, synchronous FULL): the journal of every raw
 * transaction the relayer sent (before it is sent on a chain the service runs; once mined on an external node),
 * the archive of their logs on a chain the service runs (log-archive.ts), the encrypted signing keys of the
 * relayer and the facilities, and a few settings (contract address). A row committed here survives SIGKILL and power loss.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadMasterKey, sealedKeyTable, type SealedKeyStore } from "../keystore";
import type { Hex } from "./ledger";
import { logArchiveTable, type LogArchive } from "./log-archive";

export interface JournalEntry {
  seq: number;
  timestamp: number;
  rawTx: Hex;
  txHash: Hex;
  /** The relayer nonce it was signed with (set on entries written since external nodes are journalled too). */
  nonce?: number;
}

export interface ChainStore extends SealedKeyStore, LogArchive {
  /** Appends a transaction before it is sent; durable when this returns. */
  appendJournal(entry: Omit<JournalEntry, "seq">): number;
  /** Removes an entry whose transaction the chain refused (so it was never mined). */
  removeJournal(seq: number): void;
  journal(): Iterable<JournalEntry>;
  /** The entries after `seq`, in order (a snapshot's tail). */
  journalAfter(seq: number): Iterable<JournalEntry>;
  /** The entries signed with a nonce of at least `nonce`, in order (what a node that lost them needs again). */
  journalFromNonce(nonce: number): Iterable<JournalEntry>;
  /** How many entries there are up to `seq`, inclusive. */
  journalCountUpTo(seq: number): number;
  /**
   * Marks that the entries from `seq` on were sent again to a node that had lost them (written before they are
   * sent): mined again, they sit in other blocks, and the read model must re-read them. An earlier mark stays.
   */
  markResent(seq: number): void;
  /** The first entry sent again and not yet re-read by the read model, if any. */
  resentFrom(): number | undefined;
  /** Clears the mark once the read model re-read the entries from `seq` on (kept if a newer re-send moved it). */
  clearResent(seq: number): void;
  /** The last entry's seq (0 when empty). */
  lastJournalSeq(): number;
  journalLength(): number;
  getSetting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  close(): void;
}

interface JournalRow {
  seq: number;
  timestamp: number;
  raw_tx: Buffer;
  tx_hash: Hex;
  nonce: number | null;
}

function* entries(rows: Iterable<unknown>): Iterable<JournalEntry> {
  for (const row of rows as Iterable<JournalRow>) {
    yield {
      seq: row.seq,
      timestamp: row.timestamp,
      rawTx: `0x${row.raw_tx.toString("hex")}`,
      txHash: row.tx_hash,
      ...(row.nonce !== null ? { nonce: row.nonce } : {}),
    };
  }
}

/** The setting holding the journal seq from which entries were re-sent and await the read model. */
const RESENT_FROM = "resent-from-seq";

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
  // Added when external nodes got a journal too: older files have no nonce on their (embedded) entries.
  const columns = db.prepare("SELECT name FROM pragma_table_info('journal')").all() as { name: string }[];
  if (!columns.some((column) => column.name === "nonce")) {
    db.exec("ALTER TABLE journal ADD COLUMN nonce INTEGER");
  }
  db.exec("CREATE INDEX IF NOT EXISTS journal_nonce ON journal (nonce)");
  const insertJournal = db.prepare(
    "INSERT INTO journal (timestamp, raw_tx, tx_hash, nonce) VALUES (?, ?, ?, ?)",
  );
  const deleteJournal = db.prepare("DELETE FROM journal WHERE seq = ?");
  const columnsSql = "seq, timestamp, raw_tx, tx_hash, nonce";
  const selectJournal = db.prepare(`SELECT ${columnsSql} FROM journal ORDER BY seq`);
  const selectAfter = db.prepare(`SELECT ${columnsSql} FROM journal WHERE seq > ? ORDER BY seq`);
  const selectFromNonce = db.prepare(`SELECT ${columnsSql} FROM journal WHERE nonce >= ? ORDER BY seq`);
  const countUpTo = db.prepare("SELECT count(*) AS n FROM journal WHERE seq <= ?");
  const lastSeq = db.prepare("SELECT coalesce(max(seq), 0) AS n FROM journal");
  const countJournal = db.prepare("SELECT count(*) AS n FROM journal");
  const selectSetting = db.prepare("SELECT value FROM settings WHERE name = ?");
  const upsertSetting = db.prepare(
    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
  );
  const deleteSetting = db.prepare("DELETE FROM settings WHERE name = ? AND value = ?");
  // Facility and relayer keys, by owner ("relayer", "facility:<id>").
  const keys = sealedKeyTable(db, masterKey);
  const archive = logArchiveTable(db);

  return {
    appendJournal(entry) {
      const result = insertJournal.run(
        entry.timestamp,
        Buffer.from(entry.rawTx.slice(2), "hex"),
        entry.txHash,
        entry.nonce ?? null,
      );
      return Number(result.lastInsertRowid);
    },
    removeJournal(seq) {
      deleteJournal.run(seq);
    },
    journal: () => entries(selectJournal.iterate()),
    journalAfter: (seq) => entries(selectAfter.iterate(seq)),
    journalFromNonce: (nonce) => entries(selectFromNonce.iterate(nonce)),
    journalCountUpTo: (seq) => (countUpTo.get(seq) as { n: number }).n,
    markResent(seq) {
      const marked = selectSetting.get(RESENT_FROM) as { value: string } | undefined;
      if (marked === undefined || Number(marked.value) > seq) upsertSetting.run(RESENT_FROM, String(seq));
    },
    resentFrom() {
      const marked = selectSetting.get(RESENT_FROM) as { value: string } | undefined;
      return marked === undefined ? undefined : Number(marked.value);
    },
    clearResent(seq) {
      deleteSetting.run(RESENT_FROM, String(seq));
    },
    lastJournalSeq: () => (lastSeq.get() as { n: number }).n,
    journalLength() {
      return (countJournal.get() as { n: number }).n;
    },
    getSetting(name) {
      return (selectSetting.get(name) as { value: string } | undefined)?.value;
    },
    setSetting(name, value) {
      upsertSetting.run(name, value);
    },
    ...archive,
    putKey: keys.putKey,
    getKey: keys.getKey,
    close() {
      db.close();
    },
  };
}
