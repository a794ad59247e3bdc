/**
 * A minimal JSON-RPC client over either the embedded Hardhat network (in-process, EDR) or any EVM node's HTTP
 * endpoint. The rest of the chain layer speaks only `request(method, params)`.
 */
import { resolveConfig } from "hardhat/internal/core/config/config-resolution";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { Hex } from "./ledger";

export interface RpcClient {
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A JSON-RPC error answered by the node; `data` carries revert data when a call reverted. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly rpcCode: number | undefined,
    readonly data: Hex | undefined,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** Pulls revert data out of the error shapes EDR and HTTP nodes use. */
function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data as Hex;
    current = data ?? (current as { error?: unknown }).error;
  }
  return undefined;
}

export interface EmbeddedChainOptions {
  chainId: number;
  /** Genesis timestamp; fixed so that a replayed chain is identical. */
  initialDate: string;
  blockGasLimit: number;
  /** The relayer's key, funded in the genesis block. */
  relayerPrivateKey: Hex;
}

/** Starts an in-process Hardhat network with automine and failures reported in receipts, not thrown. */
export async function createEmbeddedRpc(options: EmbeddedChainOptions): Promise<RpcClient> {
  const config = resolveConfig(__filename, {
    networks: {
      hardhat: {
        chainId: options.chainId,
        // Prague: Osaka's per-transaction gas cap (2^24) would cut the relayer's large batches short.
        hardfork: "prague",
        initialDate: options.initialDate,
        allowBlocksWithSameTimestamp: true,
        blockGasLimit: options.blockGasLimit,
        initialBaseFeePerGas: 0,
        throwOnTransactionFailures: false,
        throwOnCallFailures: true,
        loggingEnabled: false,
        accounts: [{ privateKey: options.relayerPrivateKey, balance: (10n ** 30n).toString() }],
      },
    },
  });
  const provider = await createProvider(config, "hardhat");
  return {
    async request<T>(method: string, params: unknown[] = []) {
      try {
        return (await provider.request({ method, params })) as T;
      } catch (error) {
        throw new RpcError((error as Error).message, (error as { code?: number }).code, revertData(error));
      }
    },
    async close() {
      // EDR frees its state when the provider is garbage collected; nothing to close explicitly.
    },
  };
}

/** A JSON-RPC client for an EVM node's HTTP endpoint (`CHAIN_RPC_URL`). The URL never appears in errors. */
export function createHttpRpc(url: string, timeoutMs = 30_000): RpcClient {
  let id = 0;
  return {
    async request<T>(method: string, params: unknown[] = []) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new RpcError(
          `The chain node did not answer ${method}: ${(error as Error).name}`,
          undefined,
          undefined,
        );
      }
      if (!response.ok)
        throw new RpcError(`The chain node answered HTTP ${response.status}`, undefined, undefined);
      const body = (await response.json()) as {
        result?: T;
        error?: { code: number; message: string; data?: unknown };
      };
      if (body.error !== undefined) {
        throw new RpcError(body.error.message, body.error.code, revertData(body.error));
      }
      return body.result as T;
    },
    async close() {},
  };
}
