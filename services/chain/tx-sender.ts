/**
 * Sends the relayer's transactions one at a time, in order: it owns the nonce, signs locally and, on a chain
 * the service runs itself (in-process EDR or a supervised anvil), writes each raw transaction to the journal
 * before sending it, with the block timestamp it will be mined at, so that a restart can replay the chain
 * exactly (same hashes, same addresses, same state). On an external node it journals each transaction once
 * mined, before the write is acknowledged, and gives a node that lost some of them the same raw transactions
 * again (at start, and when the node's count falls behind while a send waits).
 *
 * On an external node a transaction can be dropped from its pool or sit there unmined. Each send has a
 * receipt deadline; while it waits it re-submits: the same signed raw transaction first (same hash, nothing
 * new for the chain), and only when the node no longer knows it and the nonce is still free, the same
 * operation re-signed with the same nonce and higher fees. One nonce per write, whatever happens: the nonce
 * moves on only once a transaction holding it is mined. When the deadline passes the send is refused
 * (UNAVAILABLE) and the nonce stays for the next send, which replaces whatever may still be pending under it
 * (higher fees), so a refused write cannot be mined later beside its retry. Only standard `eth_` methods are
 * used, so this works against any node (Hardhat, anvil, geth).
 */
import type { Wallet } from "ethers";
import { UnavailableError } from "../errors/index";
import { signEip1559 } from "./calldata";
import type { Log } from "./events";
import type { ChainStore } from "./chain-store";
import type { Hex } from "./ledger";
import type { RpcClient } from "./rpc";

export interface MinedTransaction {
  txHash: Hex;
  blockNumber: number;
  blockTimestamp: number;
  status: 0 | 1;
  logs: Log[];
  contractAddress: string | null;
}

export interface TxRequest {
  to: string | null;
  data: Hex;
  gasLimit: bigint;
}

export interface TxSender {
  readonly address: string;
  send(request: TxRequest): Promise<MinedTransaction>;
  /** Runs `task` in the send queue: no transaction is in flight while it runs. */
  exclusive(task: () => Promise<void>): Promise<void>;
  /** Journal entries re-sent at start because the external node no longer held them. */
  readonly resentAtStart: number;
}

/** A chain node the service supervises (see anvil-engine.ts). */
export interface SupervisedNode {
  afterSend(): Promise<void>;
  recover(): Promise<void>;
  isUnreachable(error: unknown): boolean;
}

interface RpcReceipt {
  transactionHash: Hex;
  blockNumber: Hex;
  status: Hex;
  logs: Log[];
  contractAddress: string | null;
}

interface RpcBlock {
  timestamp: Hex;
}

/** What a sender reports about re-submissions (a `LedgerLogger` fits). */
export interface TxSenderLogger {
  warn(obj: object, msg?: string): void;
}

export interface TxSenderOptions {
  rpc: RpcClient;
  wallet: Wallet;
  chainId: number;
  /**
   * The journal of a chain the service runs itself (in-process or a supervised anvil): each transaction is
   * written before it is sent, with the timestamp it is mined at, and the chain is rebuilt from it.
   */
  journal?: Pick<ChainStore, "appendJournal" | "removeJournal">;
  /**
   * With `journal`: where each mined transaction's logs are archived before the send returns (and so before the
   * write is acknowledged), so that the node may forget old blocks' logs.
   */
  archive?: Pick<ChainStore, "archiveTransaction">;
  /**
   * A chain node the service runs as a child process: told after each send (to take snapshots), and asked to
   * start again from snapshot and journal when it went away in the middle of a send.
   */
  node?: SupervisedNode;
  /**
   * On an external node: the journal of what was mined, written before a write is acknowledged, so that a
   * node that loses transactions gets the same raw transactions (same hashes) again.
   */
  minedJournal?: Pick<ChainStore, "appendJournal" | "journalFromNonce" | "markResent">;
  /** Polling interval for receipts from an external node. */
  receiptPollMs?: number;
  /** How long a send waits for its receipt on an external node before it is refused (default 120 s). */
  receiptDeadlineMs?: number;
  /** How long without a receipt before the node is asked whether it still holds the transaction. */
  resubmitAfterMs?: number;
  logger?: TxSenderLogger;
}

/** A receipt wait on an external node gives up after this long unless configured (CHAIN_RECEIPT_DEADLINE_MS). */
export const DEFAULT_RECEIPT_DEADLINE_MS = 120_000;

const GWEI = 1_000_000_000n;

interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** One signed transaction for the pending nonce, and what it does. */
interface Signed extends Fees {
  rawTx: Hex;
  txHash: Hex;
  to: string | null;
  data: Hex;
}

/** A replacement must outbid what it replaces; nodes ask for at least 10 % more of both fees. */
function outbid(fresh: Fees, previous: Fees | undefined): Fees {
  if (previous === undefined) return fresh;
  const bump = (value: bigint) => (value * 1125n) / 1000n + 1n;
  return {
    maxFeePerGas:
      fresh.maxFeePerGas > bump(previous.maxFeePerGas) ? fresh.maxFeePerGas : bump(previous.maxFeePerGas),
    maxPriorityFeePerGas:
      fresh.maxPriorityFeePerGas > bump(previous.maxPriorityFeePerGas)
        ? fresh.maxPriorityFeePerGas
        : bump(previous.maxPriorityFeePerGas),
  };
}

/** A node's answer that it holds this transaction already (nodes word it differently). */
const isAlreadyKnown = (error: unknown) =>
  /already known|known transaction|already imported/i.test((error as Error).message);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createTxSender(options: TxSenderOptions): Promise<TxSender> {
  const { rpc, wallet, chainId, journal } = options;
  const receiptPollMs = options.receiptPollMs ?? 50;
  const receiptDeadlineMs = options.receiptDeadlineMs ?? DEFAULT_RECEIPT_DEADLINE_MS;
  const resubmitAfterMs =
    options.resubmitAfterMs ?? Math.min(15_000, Math.max(250, Math.floor(receiptDeadlineMs / 8)));
  let resentAtStart = 0;
  if (options.minedJournal !== undefined) {
    // A node that lost acknowledged transactions (while this service was stopped) gets them back first.
    const mined = Number(
      BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "latest"])),
    );
    resentAtStart = await resendJournal(mined);
  }
  let nonce = Number(BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "pending"])));
  const latest = await rpc.request<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
  let lastTimestamp = Number(BigInt(latest.timestamp));
  let queue: Promise<unknown> = Promise.resolve();
  /**
   * What was signed for `nonce` by sends that were refused at their deadline: any of them may still be in a
   * pool. The next send outbids the highest, and looks for their receipts too.
   */
  let unsettled: Signed[] = [];

  async function fees(): Promise<Fees> {
    // The embedded chain runs with a zero base fee; an external node gets twice its base fee plus a tip.
    if (journal !== undefined) return { maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n };
    const block = await rpc.request<{ baseFeePerGas?: Hex }>("eth_getBlockByNumber", ["latest", false]);
    const baseFee = BigInt(block.baseFeePerGas ?? "0x0");
    return { maxFeePerGas: baseFee * 2n + GWEI, maxPriorityFeePerGas: GWEI };
  }

  function sign(request: TxRequest, fee: Fees): Signed {
    const { rawTx, txHash } = signEip1559(
      { chainId, nonce, to: request.to, data: request.data, gasLimit: request.gasLimit, ...fee },
      wallet.privateKey as Hex,
    );
    return { rawTx, txHash, to: request.to, data: request.data, ...fee };
  }

  async function receiptOf(txHash: Hex): Promise<RpcReceipt | null> {
    return rpc.request<RpcReceipt | null>("eth_getTransactionReceipt", [txHash]);
  }

  async function toMined(txHash: Hex, receipt: RpcReceipt, minedAt?: number): Promise<MinedTransaction> {
    const blockTimestamp =
      minedAt ??
      Number(
        BigInt((await rpc.request<RpcBlock>("eth_getBlockByNumber", [receipt.blockNumber, false])).timestamp),
      );
    return {
      txHash,
      blockNumber: Number(BigInt(receipt.blockNumber)),
      blockTimestamp,
      status: BigInt(receipt.status) === 1n ? 1 : 0,
      logs: receipt.logs,
      contractAddress: receipt.contractAddress,
    };
  }

  /** The embedded chain mines synchronously: journal, send, receipt. */
  async function sendEmbedded(
    request: TxRequest,
    chainJournal: NonNullable<TxSenderOptions["journal"]>,
  ): Promise<MinedTransaction> {
    const { rawTx, txHash } = sign(request, await fees());
    // Mined at a timestamp we choose and record, so that a replay mines it at the same one.
    const timestamp = Math.max(lastTimestamp, Math.floor(Date.now() / 1000));
    const { node } = options;
    try {
      await rpc.request("evm_setNextBlockTimestamp", [timestamp]);
    } catch (error) {
      // Nothing is journalled yet: a node that went away is started again, and asked once more.
      if (node === undefined || !node.isUnreachable(error)) throw error;
      await node.recover();
      await rpc.request("evm_setNextBlockTimestamp", [timestamp]);
    }
    const seq = chainJournal.appendJournal({ timestamp, rawTx, txHash, nonce });
    lastTimestamp = timestamp;
    try {
      await rpc.request("eth_sendRawTransaction", [rawTx]);
    } catch (error) {
      if (node === undefined || !node.isUnreachable(error)) {
        // A refused transaction was not mined, so it must not replay.
        chainJournal.removeJournal(seq);
        throw error;
      }
      // The node went away with it: started again, it replays the journal, this transaction included.
      await recoverOrForget(node, chainJournal, seq);
    }
    nonce++;
    for (;;) {
      let receipt: RpcReceipt | null;
      try {
        receipt = await receiptOf(txHash);
      } catch (error) {
        if (node === undefined || !node.isUnreachable(error)) throw error;
        nonce--;
        await recoverOrForget(node, chainJournal, seq);
        nonce++;
        continue;
      }
      if (receipt !== null) return toMined(txHash, receipt, timestamp);
      await sleep(receiptPollMs);
    }
  }

  /** Starts the node again from the journal; if it cannot start, the transaction is dropped from the journal. */
  async function recoverOrForget(
    node: SupervisedNode,
    chainJournal: NonNullable<TxSenderOptions["journal"]>,
    seq: number,
  ): Promise<void> {
    try {
      await node.recover();
    } catch (error) {
      // The node is down for good: the caller is told nothing was recorded, so it must not replay later.
      chainJournal.removeJournal(seq);
      throw new UnavailableError("The chain node is not running; nothing was recorded", { cause: error });
    }
  }

  /**
   * Re-sends what the external node no longer holds (it was restarted from an older state, or replaced):
   * the journal's raw transactions from nonce `from` on, in order, then waits for the last one.
   */
  async function resendJournal(from: number): Promise<number> {
    const journal = options.minedJournal;
    if (journal === undefined) return 0;
    let last: Hex | undefined;
    let count = 0;
    const lost = [...journal.journalFromNonce(from)];
    // Mined again, they land in other blocks: marked first, so the read model re-reads them even after a crash.
    if (lost.length > 0) journal.markResent(lost[0]!.seq);
    for (const entry of lost) {
      try {
        await rpc.request("eth_sendRawTransaction", [entry.rawTx]);
      } catch (error) {
        if (!isAlreadyKnown(error)) {
          options.logger?.warn(
            { err: error, txHash: entry.txHash, nonce: entry.nonce },
            "the chain node refused a journalled transaction",
          );
          continue;
        }
      }
      last = entry.txHash;
      count++;
    }
    if (last === undefined) return 0;
    const deadline = Date.now() + receiptDeadlineMs;
    while ((await receiptOf(last)) === null) {
      if (Date.now() >= deadline) {
        throw new UnavailableError("The chain node did not mine the journal's transactions again in time");
      }
      await sleep(receiptPollMs);
    }
    options.logger?.warn(
      { transactions: count, fromNonce: from },
      "re-sent journalled transactions the chain node had lost",
    );
    return count;
  }

  /** Sends `signed`; a node that says it has it already (or refuses it) is asked again later. */
  async function submit(signed: Signed): Promise<boolean> {
    try {
      await rpc.request("eth_sendRawTransaction", [signed.rawTx]);
      return true;
    } catch (error) {
      if (isAlreadyKnown(error)) return true;
      return false;
    }
  }

  async function isKnown(signed: Signed): Promise<boolean> {
    return (await rpc.request<unknown>("eth_getTransactionByHash", [signed.txHash])) !== null;
  }

  /** How many of the relayer's transactions are mined: the nonce after the last one. */
  async function minedCount(): Promise<number> {
    return Number(BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "latest"])));
  }

  /** An external node: send, then wait for a receipt of any transaction signed for this nonce. */
  async function sendExternal(request: TxRequest): Promise<MinedTransaction> {
    const deadline = Date.now() + receiptDeadlineMs;
    let nonceTaken = false;
    const highest = unsettled.at(-1);
    const candidates: Signed[] = [...unsettled, sign(request, outbid(await fees(), highest))];
    let current = candidates.at(-1)!;
    if (!(await submit(current)) && !(await isKnown(current)) && unsettled.length === 0) {
      // Refused outright (underfunded, bad gas): nothing is pending under this nonce, say why now.
      if ((await minedCount()) > nonce) nonceTaken = true;
      else await rpc.request("eth_sendRawTransaction", [current.rawTx]);
    }
    let lastCheck = Date.now();
    for (;;) {
      for (const candidate of [...candidates].reverse()) {
        const receipt = await receiptOf(candidate.txHash);
        if (receipt === null) continue;
        nonce++;
        unsettled = [];
        const sameOperation = candidate.to === request.to && candidate.data === request.data;
        const mined = await toMined(candidate.txHash, receipt);
        // Whatever of ours was mined under this nonce is journalled before anything is acknowledged.
        options.minedJournal?.appendJournal({
          timestamp: mined.blockTimestamp,
          rawTx: candidate.rawTx,
          txHash: candidate.txHash,
          nonce: nonce - 1,
        });
        if (!sameOperation) {
          // An earlier, refused send's transaction was mined under this nonce: this operation was not.
          throw new UnavailableError(
            "A transaction refused earlier was mined instead; this operation was not recorded",
          );
        }
        return mined;
      }
      if (nonceTaken) {
        // Mined, but by none of ours: another sender uses this key. Start again from the node's count.
        nonce = Number(
          BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "pending"])),
        );
        unsettled = [];
        throw new UnavailableError(
          "The relayer's nonce was used by another transaction; nothing was recorded",
        );
      }
      if (Date.now() >= deadline) {
        unsettled = candidates;
        throw new UnavailableError("The chain did not mine the transaction in time; nothing was recorded", {
          details: { deadlineMs: receiptDeadlineMs },
        });
      }
      if (Date.now() - lastCheck >= resubmitAfterMs) {
        lastCheck = Date.now();
        await resubmit();
      }
      await sleep(receiptPollMs);
    }

    async function resubmit(): Promise<void> {
      const minedNow = await minedCount();
      if (minedNow < nonce) {
        // The node lost transactions it had mined (restarted from an older state): give them back first.
        await resendJournal(minedNow);
      }
      if (await isKnown(current)) {
        // Pending and stuck: broadcast it again (same hash), in case the node lost its peers' copy.
        await submit(current);
        return;
      }
      // Dropped: the same signed transaction first.
      if ((await submit(current)) && (await isKnown(current))) {
        options.logger?.warn({ txHash: current.txHash, nonce }, "re-submitted a dropped transaction");
        return;
      }
      // The node will not take it again. Re-sign with the same nonce only while that nonce is still free.
      const mined = await minedCount();
      if (mined > nonce) {
        // Taken: the receipt check finds it if it was ours, else the send stops.
        nonceTaken = true;
        return;
      }
      const replacement = sign(request, outbid(await fees(), current));
      candidates.push(replacement);
      current = replacement;
      await submit(replacement);
      options.logger?.warn(
        { txHash: replacement.txHash, replaces: candidates.at(-2)?.txHash, nonce },
        "re-signed a dropped transaction with the same nonce",
      );
    }
  }

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    address: wallet.address,
    resentAtStart,
    send(request) {
      return enqueue(async () => {
        if (journal === undefined) return sendExternal(request);
        try {
          const mined = await sendEmbedded(request, journal);
          options.archive?.archiveTransaction(mined);
          return mined;
        } finally {
          await options.node?.afterSend();
        }
      });
    },
    exclusive: (task) => enqueue(task),
  };
}

/**
 * Replays a journal into a fresh chain; every transaction must get back its recorded hash and be mined at its
 * recorded timestamp. anvil answers `eth_sendRawTransaction` before it has mined the block, so
 * `awaitEachReceipt` waits for it: a timestamp set for the next transaction must not land on this one.
 */
export async function replayJournal(
  rpc: RpcClient,
  entries: Iterable<{ timestamp: number; rawTx: Hex; txHash: Hex; seq: number }>,
  options: { awaitEachReceipt?: boolean } = {},
): Promise<number> {
  let count = 0;
  for (const entry of entries) {
    await rpc.request("evm_setNextBlockTimestamp", [entry.timestamp]);
    const txHash = await rpc.request<Hex>("eth_sendRawTransaction", [entry.rawTx]);
    if (txHash !== entry.txHash) {
      throw new Error(`Journal entry ${entry.seq} replayed as ${txHash}, expected ${entry.txHash}`);
    }
    while (
      options.awaitEachReceipt === true &&
      (await rpc.request<RpcReceipt | null>("eth_getTransactionReceipt", [txHash])) === null
    ) {
      await sleep(1);
    }
    count++;
  }
  return count;
}
