/**
 * Sends the relayer's transactions one at a time, in order: it owns the nonce, signs locally and, on the
 * embedded chain, writes each raw transaction to the journal before sending it, with the block timestamp it
 * will be mined at, so that a restart can replay the chain exactly (same hashes, same addresses, same state).
 */
import type { Wallet } from "ethers";
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

export interface TxSenderOptions {
  rpc: RpcClient;
  wallet: Wallet;
  chainId: number;
  /** The embedded chain's journal; absent when talking to an external node, which keeps its own state. */
  journal?: Pick<ChainStore, "appendJournal" | "removeJournal">;
  /** Polling interval for receipts from an external node. */
  receiptPollMs?: number;
}

const GWEI = 1_000_000_000n;

export async function createTxSender(options: TxSenderOptions): Promise<TxSender> {
  const { rpc, wallet, chainId, journal } = options;
  let nonce = Number(BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "pending"])));
  const latest = await rpc.request<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
  let lastTimestamp = Number(BigInt(latest.timestamp));
  let queue: Promise<unknown> = Promise.resolve();

  async function fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    // The embedded chain runs with a zero base fee; an external node gets twice its base fee plus a tip.
    if (journal !== undefined) return { maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n };
    const block = await rpc.request<{ baseFeePerGas?: Hex }>("eth_getBlockByNumber", ["latest", false]);
    const baseFee = BigInt(block.baseFeePerGas ?? "0x0");
    return { maxFeePerGas: baseFee * 2n + GWEI, maxPriorityFeePerGas: GWEI };
  }

  async function waitForReceipt(txHash: Hex): Promise<RpcReceipt> {
    for (;;) {
      const receipt = await rpc.request<RpcReceipt | null>("eth_getTransactionReceipt", [txHash]);
      if (receipt !== null) return receipt;
      await new Promise((resolve) => setTimeout(resolve, options.receiptPollMs ?? 50));
    }
  }

  async function sendNow(request: TxRequest): Promise<MinedTransaction> {
    const { rawTx, txHash } = signEip1559(
      { chainId, nonce, to: request.to, data: request.data, gasLimit: request.gasLimit, ...(await fees()) },
      wallet.privateKey as Hex,
    );
    let minedAt: number | undefined;
    if (journal !== undefined) {
      // Mined at a timestamp we choose and record, so that a replay mines it at the same one.
      const timestamp = Math.max(lastTimestamp, Math.floor(Date.now() / 1000));
      await rpc.request("evm_setNextBlockTimestamp", [timestamp]);
      const seq = journal.appendJournal({ timestamp, rawTx, txHash });
      lastTimestamp = timestamp;
      minedAt = timestamp;
      try {
        await rpc.request("eth_sendRawTransaction", [rawTx]);
      } catch (error) {
        // The embedded chain mines synchronously: a refused transaction was not mined, so it must not replay.
        journal.removeJournal(seq);
        throw error;
      }
    } else {
      await rpc.request("eth_sendRawTransaction", [rawTx]);
    }
    nonce++;
    const receipt = await waitForReceipt(txHash);
    const blockNumber = Number(BigInt(receipt.blockNumber));
    const blockTimestamp =
      minedAt ??
      Number(
        BigInt((await rpc.request<RpcBlock>("eth_getBlockByNumber", [receipt.blockNumber, false])).timestamp),
      );
    return {
      txHash,
      blockNumber,
      blockTimestamp,
      status: BigInt(receipt.status) === 1n ? 1 : 0,
      logs: receipt.logs,
      contractAddress: receipt.contractAddress,
    };
  }

  return {
    address: wallet.address,
    send(request) {
      const result = queue.then(() => sendNow(request));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** Replays a journal into a fresh embedded chain; every transaction must get back its recorded hash. */
export async function replayJournal(
  rpc: RpcClient,
  entries: Iterable<{ timestamp: number; rawTx: Hex; txHash: Hex; seq: number }>,
): Promise<number> {
  let count = 0;
  for (const entry of entries) {
    await rpc.request("evm_setNextBlockTimestamp", [entry.timestamp]);
    const txHash = await rpc.request<Hex>("eth_sendRawTransaction", [entry.rawTx]);
    if (txHash !== entry.txHash) {
      throw new Error(`Journal entry ${entry.seq} replayed as ${txHash}, expected ${entry.txHash}`);
    }
    count++;
  }
  return count;
}
