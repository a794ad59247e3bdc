/**
 * Private keys at rest: AES-256-GCM under a random master key kept beside them in a 0600 file. Facility and
 * relayer keys (chain layer) and certifier keys (certificates) are stored this way, each in its own SQLite
 * table named `signing_keys`, keyed by an owner name. Keys never leave this module unsealed except to their
 * caller, and never reach logs.
 */
import Database from "better-sqlite3";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SealedKeyStore {
  /** Stores `privateKey` for `owner` with a public label (an address or a DID); an owner is stored once. */
  putKey(owner: string, address: string, privateKey: `0x${string}`): void;
  getKey(owner: string): { address: string; privateKey: `0x${string}` } | undefined;
}

const MASTER_KEY_FILE = "master.key";

/** Loads (or creates, mode 0600) the master key of `dir`. */
export function loadMasterKey(dir: string): Buffer {
  const path = join(dir, MASTER_KEY_FILE);
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600, flag: "wx" });
  const key = readFileSync(path);
  if (key.length !== 32) throw new Error(`${path} is not a 32-byte key`);
  return key;
}

function seal(masterKey: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unseal(masterKey: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv("aes-256-gcm", masterKey, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString("utf8");
}

/** The sealed key table inside an open database (created when missing). */
export function sealedKeyTable(db: Database.Database, masterKey: Buffer): SealedKeyStore {
  db.exec(`CREATE TABLE IF NOT EXISTS signing_keys (
    owner TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    sealed_key BLOB NOT NULL
  )`);
  const insert = db.prepare("INSERT INTO signing_keys (owner, address, sealed_key) VALUES (?, ?, ?)");
  const select = db.prepare("SELECT address, sealed_key FROM signing_keys WHERE owner = ?");
  return {
    putKey(owner, address, privateKey) {
      insert.run(owner, address, seal(masterKey, privateKey));
    },
    getKey(owner) {
      const row = select.get(owner) as { address: string; sealed_key: Buffer } | undefined;
      if (row === undefined) return undefined;
      return { address: row.address, privateKey: unseal(masterKey, row.sealed_key) as `0x${string}` };
    },
  };
}

/** A key store of its own in `dir/keys.sqlite` (WAL, synchronous FULL). */
export function openSealedKeyStore(dir: string): SealedKeyStore & { close(): void } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dir, "keys.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return { ...sealedKeyTable(db, loadMasterKey(dir)), close: () => db.close() };
}
