/**
 * The sender's re-submission on a real `hardhat node`, through a node that forgets a transaction and then
 * refuses it back (as one does after a fee spike: "underpriced"): the sender re-signs the same operation with
 * the same nonce and higher fees, and that one is mined — one nonce for the write, the first never mined.
 * The node is real; only its answer to re-sending the first signed bytes is replaced by that refusal.
 */
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpRpc, RpcError, type RpcClient } from "../../../services/chain/rpc";
import { createTxSender } from "../../../services/chain/tx-sender";
import type { Hex } from "../../../services/chain/ledger";
import { startHardhatNode, type RunningHardhatNode } from "../../support/hardhat-node";

/** Hardhat's second development account: public knowledge, used only against a Hardhat node. */
const DEV_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("re-signing a dropped transaction with the same nonce", () => {
  let node: RunningHardhatNode;
  let rpc: RpcClient;

  beforeAll(async () => {
    node = await startHardhatNode();
    rpc = createHttpRpc(node.url);
  }, 90_000);
  afterAll(async () => {
    await node?.stop();
  });

  async function pending(): Promise<string[]> {
    return (await rpc.request<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]))
      .transactions;
  }

  it("re-signs when the node refuses the same bytes back, and mines one transaction under the one nonce", async () => {
    const wallet = new Wallet(DEV_KEY_1);
    let firstRaw: Hex | undefined;
    let refusedResends = 0;
    const forgetful: RpcClient = {
      async request<T>(method: string, params: unknown[] = []): Promise<T> {
        if (method === "eth_sendRawTransaction") {
          const raw = params[0] as Hex;
          firstRaw ??= raw;
          if (raw === firstRaw && refusedResends++ > 0)
            throw new RpcError("transaction underpriced", -32000, undefined);
        }
        return rpc.request<T>(method, params);
      },
      close: () => rpc.close(),
    };
    const sender = await createTxSender({
      rpc: forgetful,
      wallet,
      chainId: 31337,
      receiptPollMs: 25,
      receiptDeadlineMs: 20_000,
      resubmitAfterMs: 200,
    });
    const nonceBefore = Number(
      BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "latest"])),
    );
    await rpc.request("evm_setAutomine", [false]);
    try {
      const sent = sender.send({ to: wallet.address, data: "0x", gasLimit: 21_000n });
      let pool: string[] = [];
      for (let i = 0; i < 200 && pool.length === 0; i++, await sleep(25)) pool = await pending();
      const [first] = pool;
      expect(first).toBeDefined();
      expect(await rpc.request("hardhat_dropTransaction", [first])).toBe(true);
      // The sender finds it gone, is refused the same bytes, and re-signs under the same nonce.
      pool = [];
      for (let i = 0; i < 400 && pool.length === 0; i++, await sleep(25)) pool = await pending();
      expect(pool).toHaveLength(1);
      expect(pool[0]).not.toBe(first);
      const replacement = await rpc.request<{ nonce: Hex }>("eth_getTransactionByHash", [pool[0]]);
      expect(Number(BigInt(replacement.nonce))).toBe(nonceBefore);
      await rpc.request("evm_mine");
      const mined = await sent;
      expect(mined.txHash).toBe(pool[0]);
      expect(mined.status).toBe(1);
      expect(refusedResends).toBeGreaterThan(1);
      expect(await rpc.request("eth_getTransactionReceipt", [first])).toBeNull();
      expect(
        Number(BigInt(await rpc.request<Hex>("eth_getTransactionCount", [wallet.address, "latest"]))),
      ).toBe(nonceBefore + 1);
    } finally {
      await rpc.request("evm_setAutomine", [true]);
    }
  }, 60_000);
});
