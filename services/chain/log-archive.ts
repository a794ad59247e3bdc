/**
 * The log archive: every log of every transaction the service mined on a chain it runs itself, kept in the
 * chain store's SQLite file next to the journal and written before the write is acknowledged. The node is then
 * free to forget old blocks' receipts and logs (anvil's `--transaction-block-keeper`), so that its memory and
 * its snapshots stay bounded, while `lotRecord`, `statusListVersionOf` and index rebuilds still read the whole
 * history — from disk, a few rows at a time. A row here is a claim, not proof: what is shown as verified is
 * checked against chain state (a lot's record against its batch root, see index.ts).
 */
import type Database from "better-sqlite3";
import type { Log } from "./events";
import type { Hex } from "./ledger";

/** A transaction as it was mined: where, when, and its logs. */
export interface ArchivedTransaction {
  txHash: Hex;
  blockNumber: number;
  blockTimestamp: number;
  logs: Log[];
}

/** A log with the timestamp of its block. */
export interface ArchivedLog extends Log {
  blockTimestamp: number;
}

export interface LogArchive {
  /** Archives a mined transaction and its logs at once; archiving it again changes nothing. */
  archiveTransaction(tx: ArchivedTransaction): void;
  /** Where transaction `txHash` was mined, if archived. */
  archivedTransaction(txHash: Hex): { blockNumber: number; blockTimestamp: number } | undefined;
  /** Logs whose first indexed argument (topics[1]) is `key`, with one of `topic0s`, in chain order. */
  archivedLogsByKey(key: Hex, topic0s: Hex[]): ArchivedLog[];
  /** Every log of transaction `txHash`, in order. */
  archivedLogsOfTransaction(txHash: Hex): ArchivedLog[];
  /** Every log in blocks from `fromBlock` on, in chain order. */
  archivedLogsFrom(fromBlock: number): ArchivedLog[];
  /** The journal's transactions that are not archived yet (the last one, after a crash between mining and archiving). */
  unarchivedTransactions(): { txHash: Hex; timestamp: number }[];
}

interface LogRow {
  block_number: number;
  log_index: number;
  block_timestamp: number;
  tx_hash: Hex;
  address: string;
  topics: string;
  data: Buffer;
}

const hex = (value: number) => `0x${value.toString(16)}` as Hex;

function toLog(row: LogRow): ArchivedLog {
  return {
    address: row.address,
    topics: row.topics === "" ? [] : (row.topics.split(",") as Hex[]),
    data: `0x${row.data.toString("hex")}`,
    blockNumber: hex(row.block_number),
    transactionHash: row.tx_hash,
    logIndex: hex(row.log_index),
    blockTimestamp: row.block_timestamp,
  };
}

function* logs(rows: Iterable<unknown>): Iterable<ArchivedLog> {
  for (const row of rows as Iterable<LogRow>) yield toLog(row);
}

/** The archive's tables in the chain store's database `db` (which holds the `journal` table). */
export function logArchiveTable(db: Database.Database): LogArchive {
  // topics[1] gets a column of its own: it is the lot, list or certificate id that lookups ask for.
  db.exec(`
    CREATE TABLE IF NOT EXISTS archived_transactions (
      tx_hash TEXT PRIMARY KEY,
      block_number INTEGER NOT NULL,
      block_timestamp INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS archived_logs (
      block_number INTEGER NOT NULL,
      log_index INTEGER NOT NULL,
      block_timestamp INTEGER NOT NULL,
      tx_hash TEXT NOT NULL,
      address TEXT NOT NULL,
      topic1 TEXT,
      topics TEXT NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (block_number, log_index)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS archived_logs_topic1 ON archived_logs (topic1);
    CREATE INDEX IF NOT EXISTS archived_logs_tx ON archived_logs (tx_hash);
  `);
  const insertTransaction = db.prepare(
    "INSERT OR IGNORE INTO archived_transactions (tx_hash, block_number, block_timestamp) VALUES (?, ?, ?)",
  );
  const insertLog = db.prepare(
    `INSERT OR IGNORE INTO archived_logs
       (block_number, log_index, block_timestamp, tx_hash, address, topic1, topics, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectTransaction = db.prepare(
    "SELECT block_number, block_timestamp FROM archived_transactions WHERE tx_hash = ?",
  );
  const columns = "block_number, log_index, block_timestamp, tx_hash, address, topics, data";
  const selectByKey = db.prepare(
    `SELECT ${columns} FROM archived_logs WHERE topic1 = ? ORDER BY block_number, log_index`,
  );
  const selectOfTransaction = db.prepare(
    `SELECT ${columns} FROM archived_logs WHERE tx_hash = ? ORDER BY block_number, log_index`,
  );
  const selectFrom = db.prepare(
    `SELECT ${columns} FROM archived_logs WHERE block_number >= ? ORDER BY block_number, log_index`,
  );
  const selectUnarchived = db.prepare(
    `SELECT j.tx_hash AS tx_hash, j.timestamp AS timestamp FROM journal j
       LEFT JOIN archived_transactions a ON a.tx_hash = j.tx_hash
     WHERE a.tx_hash IS NULL ORDER BY j.seq`,
  );
  const archive = db.transaction((tx: ArchivedTransaction) => {
    insertTransaction.run(tx.txHash, tx.blockNumber, tx.blockTimestamp);
    for (const log of tx.logs) {
      insertLog.run(
        tx.blockNumber,
        Number(BigInt(log.logIndex)),
        tx.blockTimestamp,
        tx.txHash,
        log.address.toLowerCase(),
        log.topics[1]?.toLowerCase() ?? null,
        log.topics.map((topic) => topic.toLowerCase()).join(","),
        Buffer.from(log.data.slice(2), "hex"),
      );
    }
  });

  return {
    archiveTransaction: (tx) => archive(tx),
    archivedTransaction(txHash) {
      const row = selectTransaction.get(txHash) as
        { block_number: number; block_timestamp: number } | undefined;
      return row === undefined
        ? undefined
        : { blockNumber: row.block_number, blockTimestamp: row.block_timestamp };
    },
    archivedLogsByKey(key, topic0s) {
      const wanted = new Set(topic0s.map((topic) => topic.toLowerCase()));
      return [...logs(selectByKey.iterate(key.toLowerCase()))].filter((log) =>
        wanted.has(log.topics[0] as string),
      );
    },
    archivedLogsOfTransaction: (txHash) => [...logs(selectOfTransaction.iterate(txHash))],
    archivedLogsFrom: (fromBlock) => [...logs(selectFrom.iterate(fromBlock))],
    unarchivedTransactions: () =>
      (selectUnarchived.all() as { tx_hash: Hex; timestamp: number }[]).map((row) => ({
        txHash: row.tx_hash,
        timestamp: row.timestamp,
      })),
  };
}
