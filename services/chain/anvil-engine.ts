/**
 * The anvil chain engine: a supervised anvil child process whose state the service rebuilds, never trusts.
 *
 * The journal (chain-store.ts) stays the truth, as on the in-process engine: every raw transaction is written
 * there before it is sent. What bounds start-up is a **snapshot**: every `snapshotEvery` transactions, at a quiet
 * point inside the sender's queue (no transaction in flight, so the dump can never be torn), the node's state
 * is streamed out with `anvil_dumpState` to `anvil/snapshot-<seq>.json` (written to a temporary name, fsynced,
 * renamed), where `<seq>` is the last journal entry it holds. A start loads the newest snapshot that checks
 * out (`--load-state`; the relayer's nonce must equal the transactions the journal holds up to `<seq>`) and
 * replays only the journal after it. A node that dies (or a send whose outcome the node took with it) is
 * stopped and started again the same way, so the node never holds a transaction the journal does not.
 *
 * With `--prune-history` and `--transaction-block-keeper` the node keeps no old states and only the last blocks'
 * transactions, receipts and logs, so its memory and its snapshots stay bounded. The service reads history
 * from its own log archive (log-archive.ts), written before each write is acknowledged, on both engines alike.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import { UnavailableError } from "../errors/index";
import { anvilPidFile, startAnvil, type AnvilProcess } from "./anvil-process";
import type { ChainStore } from "./chain-store";
import type { Hex } from "./ledger";
import { createHttpRpc, RpcError, type RpcClient } from "./rpc";
import { replayJournal } from "./tx-sender";

export interface AnvilEngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AnvilEngineOptions {
  /** `<dataDir>/chain`: snapshots go to its `anvil/` folder. */
  chainDir: string;
  store: Pick<ChainStore, "journalAfter" | "journalCountUpTo" | "lastJournalSeq">;
  chainId: number;
  gasLimit: number;
  genesisTimestamp: number;
  /** The relayer's address: funded on every start (the node runs with no dev accounts). */
  relayerAddress: string;
  /** Transactions between snapshots (default 1,000): the most a start replays after a clean stop. */
  snapshotEvery?: number;
  logger: AnvilEngineLogger;
}

export interface AnvilEngine {
  /** Forwards to the node that runs now; waits while it is being started again, and past a node that died. */
  readonly rpc: RpcClient;
  /**
   * Forwards to the node that runs now and fails at once when it is gone: for the sender, whose queue the
   * recovery runs in (waiting there would wait for itself).
   */
  readonly senderRpc: RpcClient;
  readonly restoredTransactions: number;
  /** The journal entry the loaded snapshot ended at (0: none). */
  readonly snapshotSeq: number;
  /** The sender calls this inside its queue after each journalled send. */
  afterSend(): Promise<void>;
  /** Stops the node and starts it again from the snapshot and the journal (inside the sender's queue). */
  recover(): Promise<void>;
  /** Lets the engine run recoveries it starts itself (a node that died) inside the sender's queue. */
  setExclusive(run: (task: () => Promise<void>) => Promise<void>): void;
  /** Writes a snapshot now (inside the sender's queue); returns its journal seq. */
  snapshot(): Promise<number>;
  close(): Promise<void>;
}

const RELAYER_BALANCE = `0x${(10n ** 30n).toString(16)}`;

/** Whether an RPC error means the node is not there (as opposed to the node answering with a refusal). */
export function isNodeUnreachable(error: unknown): boolean {
  return error instanceof RpcError && error.rpcCode === undefined;
}

/**
 * Pulls the hex string out of a JSON-RPC answer `{"jsonrpc":"2.0","id":1,"result":"0x…"}` as bytes while it
 * streams, so that a dump of hundreds of megabytes is never held in memory as one string. Hand-written: the
 * answer has this one shape, and no streaming JSON parser is among the dependencies.
 */
function hexResultDecoder(): Transform {
  const marker = '"result":"0x';
  let head = "";
  let inHex = false;
  let done = false;
  let carry = "";
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      let text = chunk.toString("latin1");
      if (done) return callback();
      if (!inHex) {
        head += text;
        const at = head.indexOf(marker);
        if (at < 0) {
          if (head.length > 4096)
            return callback(new Error(`anvil_dumpState answered ${head.slice(0, 200)}`));
          return callback();
        }
        inHex = true;
        text = head.slice(at + marker.length);
        head = "";
      }
      const end = text.indexOf('"');
      if (end >= 0) {
        text = text.slice(0, end);
        done = true;
      }
      text = carry + text;
      const even = text.length - (text.length % 2);
      carry = text.slice(even);
      callback(null, Buffer.from(text.slice(0, even), "hex"));
    },
    flush(callback: TransformCallback) {
      callback(done ? null : new Error("anvil_dumpState's answer ended early"));
    },
  });
}

/** Starts anvil from the newest good snapshot and replays the journal after it. */
export async function startAnvilEngine(options: AnvilEngineOptions): Promise<AnvilEngine> {
  const { store, logger } = options;
  const snapshotDir = join(options.chainDir, "anvil");
  mkdirSync(snapshotDir, { recursive: true, mode: 0o700 });
  const snapshotEvery = options.snapshotEvery ?? 1_000;
  const pidFile = anvilPidFile(options.chainDir);

  let node: AnvilProcess | undefined;
  let inner: RpcClient | undefined;
  let snapshotSeq = 0;
  let stopping = false;
  let restarting = false;
  let generation = 0;
  let ready: Promise<void> = Promise.resolve();
  let exclusive: (task: () => Promise<void>) => Promise<void> = (task) => task();

  /** Snapshot files, newest first. */
  function snapshots(): { seq: number; file: string }[] {
    return readdirSync(snapshotDir)
      .map((name) => /^snapshot-(\d+)\.json$/.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ seq: Number(match[1]), file: join(snapshotDir, match[0]) }))
      .sort((a, b) => b.seq - a.seq);
  }

  async function launch(stateFile?: string): Promise<void> {
    const started = await startAnvil({
      chainId: options.chainId,
      gasLimit: options.gasLimit,
      genesisTimestamp: options.genesisTimestamp,
      pidFile,
      ...(stateFile !== undefined ? { loadStateFile: stateFile } : {}),
    });
    node = started;
    inner = createHttpRpc(started.url);
    const mine = ++generation;
    void started.exited.then(() => {
      if (stopping || mine !== generation) return;
      logger.error({ pid: started.pid }, "the anvil node stopped; starting it again from its snapshot");
      void exclusive(async () => {
        if (mine === generation) await restart();
      }).catch((error: unknown) => logger.error({ err: error }, "starting the anvil node again failed"));
    });
  }

  async function stopNode(): Promise<void> {
    const current = node;
    node = undefined;
    generation++;
    await current?.stop();
  }

  /** Starts the node from the newest snapshot that checks out and replays the journal after it. */
  async function boot(): Promise<number> {
    for (const candidate of [...snapshots(), { seq: 0, file: undefined }]) {
      try {
        await launch(candidate.file);
        const rpc = inner as RpcClient;
        const nonce = Number(
          BigInt(await rpc.request<Hex>("eth_getTransactionCount", [options.relayerAddress, "latest"])),
        );
        const expected = store.journalCountUpTo(candidate.seq);
        if (nonce !== expected) {
          throw new Error(`the snapshot holds ${nonce} transactions, the journal ${expected} up to it`);
        }
        await rpc.request("anvil_setBalance", [options.relayerAddress, RELAYER_BALANCE]);
        snapshotSeq = candidate.seq;
        return await replayJournal(rpc, store.journalAfter(candidate.seq), { awaitEachReceipt: true });
      } catch (error) {
        await stopNode();
        if (candidate.file === undefined) throw error;
        // A snapshot that does not load or does not match the journal is set aside, not trusted.
        logger.warn(
          { err: error, snapshot: candidate.seq },
          "an anvil snapshot was not usable; trying an older one",
        );
        renameSync(candidate.file, `${candidate.file}.unusable`);
      }
    }
    throw new Error("unreachable");
  }

  async function restart(): Promise<void> {
    let release!: () => void;
    ready = new Promise((resolve) => (release = resolve));
    restarting = true;
    try {
      await stopNode();
      const replayed = await boot();
      logger.info({ snapshot: snapshotSeq, replayed }, "the anvil node was started again");
    } finally {
      restarting = false;
      release();
    }
  }

  async function snapshot(): Promise<number> {
    const seq = store.lastJournalSeq();
    const target = join(snapshotDir, `snapshot-${seq}.json`);
    const temporary = `${target}.partial`;
    const response = await fetch((node as AnvilProcess).url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "anvil_dumpState", params: [] }),
    });
    if (!response.ok || response.body === null)
      throw new Error(`anvil_dumpState answered HTTP ${response.status}`);
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream),
      hexResultDecoder(),
      createGunzip(),
      createWriteStream(temporary, { mode: 0o600 }),
    );
    const fd = openSync(temporary, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, target);
    const dir = openSync(snapshotDir, "r");
    fsyncSync(dir);
    closeSync(dir);
    snapshotSeq = seq;
    for (const older of snapshots().slice(1)) rmSync(older.file, { force: true });
    return seq;
  }

  const started = performance.now();
  const restoredTransactions = await boot();
  logger.info(
    { snapshot: snapshotSeq, replayed: restoredTransactions, ms: Math.round(performance.now() - started) },
    "started the anvil chain engine",
  );

  /** Waits until a node that went away is running again (its exit may not even be noticed yet). */
  async function afterRecovery(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await ready;
      if (!restarting && node?.isRunning() === true) {
        // Running as far as we know, but its exit may not have been reported yet: it must answer.
        try {
          await (inner as RpcClient).request("eth_chainId");
          return;
        } catch (error) {
          if (!isNodeUnreachable(error)) throw error;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new RpcError("The anvil node did not come back", undefined, undefined);
  }

  const rpc: RpcClient = {
    async request<T>(method: string, params: unknown[] = []): Promise<T> {
      await ready;
      try {
        return await (inner as RpcClient).request<T>(method, params);
      } catch (error) {
        // A call whose "latest" block was replaced while it ran (its state pruned): ask again, once.
        if (error instanceof RpcError && /BlockOutOfRange/.test(error.message)) {
          return (inner as RpcClient).request<T>(method, params);
        }
        // A read or a send that met the node gone waits for it to be started again, then asks once more.
        if (stopping || !isNodeUnreachable(error)) throw error;
        await afterRecovery();
        try {
          return await (inner as RpcClient).request<T>(method, params);
        } catch (again) {
          if (!isNodeUnreachable(again)) throw again;
          // Gone again straight away: the caller is told to retry, not that something broke.
          throw new UnavailableError("The chain node is being started again; retry shortly", {
            cause: again,
          });
        }
      }
    },
    async close() {},
  };

  const senderRpc: RpcClient = {
    request: <T>(method: string, params: unknown[] = []) => (inner as RpcClient).request<T>(method, params),
    async close() {},
  };

  return {
    rpc,
    senderRpc,
    restoredTransactions,
    get snapshotSeq() {
      return snapshotSeq;
    },
    async afterSend() {
      if (store.lastJournalSeq() - snapshotSeq < snapshotEvery) return;
      try {
        await snapshot();
      } catch (error) {
        // A missed snapshot costs start-up time, nothing else: the journal holds every transaction.
        logger.warn({ err: error }, "an anvil snapshot failed");
      }
    },
    recover: restart,
    setExclusive(run) {
      exclusive = run;
    },
    snapshot,
    async close() {
      try {
        if (node?.isRunning() === true && store.lastJournalSeq() > snapshotSeq) await snapshot();
      } catch (error) {
        logger.warn({ err: error }, "the closing anvil snapshot failed");
      }
      stopping = true;
      await stopNode();
    },
  };
}
