/**
 * Batches signed operations into `submit()` transactions: a batch goes out when it is full or a few
 * milliseconds after its first operation arrived, and while one batch is being mined the next one fills up.
 * A batch is all-or-nothing on chain, so when one operation fails the relayer learns which one from
 * `BatchOperationFailed(index, reason)`, rejects that request with its decoded error and sends the rest again.
 */
import type { Interface } from "ethers";
import { AppError, UnavailableError } from "../errors";
import { encodeSubmit } from "./calldata";
import { decodeRevert, toAppError, type KeyNames } from "./contract-errors";
import type { ContractOperation } from "./encoding";
import type { Hex } from "./ledger";
import { RpcError, type RpcClient } from "./rpc";
import type { MinedTransaction, TxSender } from "./tx-sender";

export interface SignedItem {
  operation: ContractOperation;
  signature: Hex;
  /** chain key -> string id, to name things in errors. */
  names: KeyNames;
}

export interface RelayerOptions {
  rpc: RpcClient;
  sender: TxSender;
  iface: Interface;
  contractAddress: string;
  /** Operations per transaction at most. */
  maxBatch: number;
  /** How long the first operation of a batch waits for company. */
  flushDelayMs: number;
  /** Ask the node for a gas estimate (external nodes) instead of a generous fixed limit (embedded chain). */
  estimateGas: boolean;
  blockGasLimit: number;
  /**
   * Runs after a batch is mined and before its requests are answered (the read model's hook). Hooks of
   * successive batches may overlap; they are started in mining order.
   */
  afterMined(tx: MinedTransaction): Promise<void>;
}

export interface Relayer {
  enqueue(item: SignedItem): Promise<MinedTransaction>;
  /** Resolves when every queued operation has been answered. */
  drain(): Promise<void>;
}

interface Pending extends SignedItem {
  resolve(tx: MinedTransaction): void;
  reject(error: Error): void;
}

/** Per-operation gas ceiling on the embedded chain, where fees are zero and a generous limit costs nothing. */
function fixedGasLimit(items: Pending[], blockGasLimit: number): bigint {
  const estimate = items.reduce(
    (gas, item) => gas + 120_000 + 40_000 * item.operation.inputs.length,
    100_000,
  );
  return BigInt(Math.min(estimate, blockGasLimit));
}

export function createRelayer(options: RelayerOptions): Relayer {
  const { iface, sender, rpc } = options;
  const queue: Pending[] = [];
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** Mined batches whose after-mined hook (indexing) and answers are still under way, in order. */
  let finishing: Promise<void> = Promise.resolve();

  const submitSelector = iface.getFunction("submit")?.selector as Hex;
  function encode(items: Pending[]): Hex {
    return encodeSubmit(submitSelector, items);
  }

  /** Rejects the operation a revert names; false when the revert does not name one. */
  function dropFailed(items: Pending[], data: Hex | undefined): boolean {
    const decoded = decodeRevert(iface, data);
    if (decoded === null || decoded.index === null) return false;
    const [failed] = items.splice(decoded.index, 1);
    failed?.reject(toAppError(decoded.error, failed.names));
    return failed !== undefined;
  }

  async function gasLimitFor(items: Pending[], data: Hex): Promise<bigint | "reverted"> {
    if (!options.estimateGas) return fixedGasLimit(items, options.blockGasLimit);
    try {
      const estimate = BigInt(
        // Against the latest block, not "pending": a transaction stuck in the pool under the nonce this one
        // will replace must not make it look like a duplicate.
        await rpc.request<Hex>("eth_estimateGas", [
          { from: sender.address, to: options.contractAddress, data },
          "latest",
        ]),
      );
      return (estimate * 6n) / 5n;
    } catch (error) {
      if (error instanceof RpcError && dropFailed(items, error.data)) return "reverted";
      throw error;
    }
  }

  async function processBatch(items: Pending[]): Promise<void> {
    const fail = (error: Error) => items.splice(0).forEach((item) => item.reject(error));
    // Each round either mines the batch or removes at least one operation; the cap guards against a node
    // that keeps reverting without saying why.
    for (let round = 0; items.length > 0 && round < 1000; round++) {
      const data = encode(items);
      try {
        const gasLimit = await gasLimitFor(items, data);
        if (gasLimit === "reverted") continue;
        const mined = await sender.send({ to: options.contractAddress, data, gasLimit });
        if (mined.status === 1) {
          // The next batch goes out while this one is indexed; answers still follow the indexing, in order.
          const answered = items.splice(0);
          const indexed = options.afterMined(mined).catch(() => undefined);
          finishing = finishing
            .then(() => indexed)
            .then(() => answered.forEach((item) => item.resolve(mined)));
          return;
        }
        // Reverted: nothing was recorded. Replaying it as a call says which operation failed and why.
        try {
          await rpc.request("eth_call", [
            { from: sender.address, to: options.contractAddress, data, gas: `0x${gasLimit.toString(16)}` },
            "latest",
          ]);
        } catch (error) {
          if (error instanceof RpcError && dropFailed(items, error.data)) continue;
          throw error;
        }
      } catch (error) {
        fail(
          error instanceof AppError
            ? error
            : new UnavailableError("The chain could not record the operation; nothing was recorded", {
                cause: error,
              }),
        );
        return;
      }
    }
    fail(new UnavailableError("The chain kept refusing the batch without naming an operation"));
  }

  async function run(): Promise<void> {
    while (queue.length > 0) {
      await processBatch(queue.splice(0, options.maxBatch));
    }
    running = null;
  }

  function schedule(): void {
    if (running !== null) return; // the running loop picks up whatever queued meanwhile
    if (queue.length >= options.maxBatch) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      running = run();
      return;
    }
    timer ??= setTimeout(() => {
      timer = null;
      if (running === null) running = run();
    }, options.flushDelayMs);
  }

  return {
    enqueue(item) {
      return new Promise<MinedTransaction>((resolve, reject) => {
        queue.push({ ...item, resolve, reject });
        schedule();
      });
    },
    async drain() {
      while (queue.length > 0 || running !== null || timer !== null) {
        if (running === null && timer === null) running = run();
        await (running ?? new Promise((resolve) => setTimeout(resolve, options.flushDelayMs)));
      }
      await finishing;
    },
  };
}
