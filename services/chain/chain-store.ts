/**
 * The chain layer's durable state in one SQLite file (WAL, synchronous FULL): the journal of every raw
 * transaction sent to the embedded chain, the encrypted signing keys of the relayer and the facilities, and a
 * few settings (contract address). A row committed here survives SIGKILL and power loss.
 */
import Database from "better-sqlite3";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Hex } from "./ledger";

export interface JournalEntry {
  seq: number;
  timestamp: number;
  rawTx: Hex;
  txHash: Hex;
}

export interface ChainStore {
  /** Appends a transaction before it is sent; durable when this returns. */
  appendJournal(entry: Omit<JournalEntry, "seq">): number;
  /** Removes an entry whose transaction the chain refused (so it was never mined). */
  removeJournal(seq: number): void;
  journal(): Iterable<JournalEntry>;
  journalLength(): number;
  getSetting(name: string): string | undefined;
  setSetting(name: string, value: string): void;
  /** Stores a private key for `owner` (a facility id or "relayer"), encrypted at rest. */
  putKey(owner: string, address: string, privateKey: Hex): void;
  getKey(owner: string): { address: string; privateKey: Hex } | undefined;
  close(): void;
}

const KEY_FILE = "master.key";

/** Loads (or creates, mode 0600) the key that encrypts private keys at rest in the chain store. */
function loadMasterKey(dir: string): Buffer {
  const path = join(dir, KEY_FILE);
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600, flag: "wx" });
  const key = readFileSync(path);
  if (key.length !== 32) throw new Error(`${path} is not a 32-byte key`);
  return key;
}

function encrypt(masterKey: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(masterKey: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv("aes-256-gcm", masterKey, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString("utf8");
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
    CREATE TABLE IF NOT EXISTS signing_keys (
      owner TEXT PRIMARY KEY,
      address TEXT NOT NULL,
      sealed_key BLOB NOT NULL
    );
  `);
  const insertJournal = db.prepare("INSERT INTO journal (timestamp, raw_tx, tx_hash) VALUES (?, ?, ?)");
  const deleteJournal = db.prepare("DELETE FROM journal WHERE seq = ?");
  const selectJournal = db.prepare("SELECT seq, timestamp, raw_tx, tx_hash FROM journal ORDER BY seq");
  const countJournal = db.prepare("SELECT count(*) AS n FROM journal");
  const selectSetting = db.prepare("SELECT value FROM settings WHERE name = ?");
  const upsertSetting = db.prepare(
    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
  );
  const insertKey = db.prepare("INSERT INTO signing_keys (owner, address, sealed_key) VALUES (?, ?, ?)");
  const selectKey = db.prepare("SELECT address, sealed_key FROM signing_keys WHERE owner = ?");

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
    putKey(owner, address, privateKey) {
      insertKey.run(owner, address, encrypt(masterKey, privateKey));
    },
    getKey(owner) {
      const row = selectKey.get(owner) as { address: string; sealed_key: Buffer } | undefined;
      if (row === undefined) return undefined;
      return { address: row.address, privateKey: decrypt(masterKey, row.sealed_key) as Hex };
    },
    close() {
      db.close();
    },
  };
}
