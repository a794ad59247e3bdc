/**
 * On an external JSON-RPC node (a real `hardhat node`), a write whose transaction is dropped from the pool or
 * never mined: the sender re-submits the same signed transaction, the write completes once mined, and a write
 * still unmined at its receipt deadline is refused with 503 UNAVAILABLE; its retry replaces the stuck
 * transaction under the same nonce; a refused one mined after all is still recorded once. Chain and read model hold every write exactly once, and each write used
 * exactly one nonce.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain";
import { fabricLot, OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { startHardhatNode, type RunningHardhatNode } from "../../support/hardhat-node";

/** Short, so the refusal comes quickly; the sender re-submits every deadline / 8 (at least 250 ms). */
const RECEIPT_DEADLINE_MS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a dropped or stuck transaction on an external node", () => {
  let node: RunningHardhatNode;
  let t: TestService;
  let mill: string;
  let relayer: string;
  let rpcId = 0;

  async function rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  }

  /** The hashes of the transactions waiting in the node's pool, once there is at least one. */
  async function pendingHashes(): Promise<string[]> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const block = await rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
      if (block.transactions.length > 0) return block.transactions;
      await sleep(25);
    }
    throw new Error("no transaction reached the pool");
  }

  const minedNonce = async () =>
    Number(BigInt(await rpc<string>("eth_getTransactionCount", [relayer, "latest"])));

  /** How many LotRecorded events of `lotId` the chain holds, read through the service's ledger. */
  async function chainEventsOf(lotId: string): Promise<number> {
    const events = await t.service.ledger.readEvents(0);
    return events.filter((event) => event.name === "LotRecorded" && event.lotKey === chainKey(lotId)).length;
  }

  beforeAll(async () => {
    node = await startHardhatNode();
    t = await startTestService({
      CHAIN_RPC_URL: node.url,
      CHAIN_RECEIPT_DEADLINE_MS: String(RECEIPT_DEADLINE_MS),
    });
    const registered = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id: "mill", name: "Mill", country: "VN", roles: ["fabric"] },
    });
    expect(registered.status).toBe(201);
    mill = registered.body.apiKey;
    const tx = await rpc<{ from: string }>("eth_getTransactionByHash", [registered.body.txHash]);
    relayer = tx.from;
  }, 120_000);

  afterAll(async () => {
    await rpc("evm_setAutomine", [true]).catch(() => undefined);
    await t?.stop();
    await node?.stop();
  });

  it("re-submits a dropped transaction (same hash) and the write completes, once", async () => {
    const nonceBefore = await minedNonce();
    await rpc("evm_setAutomine", [false]);
    const write = t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      idempotencyKey: "drop-1",
      body: fabricLot("FL-DROP"),
    });
    const [dropped] = await pendingHashes();
    expect(await rpc("hardhat_dropTransaction", [dropped])).toBe(true);
    // The sender notices the node no longer has it and sends the same signed bytes again.
    const [again] = await pendingHashes();
    expect(again).toBe(dropped);
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [true]);
    const answer = await write;
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.txHash).toBe(dropped);
    expect(await minedNonce()).toBe(nonceBefore + 1);
    expect(await chainEventsOf("FL-DROP")).toBe(1);
    const lot = await t.call("GET", "/api/v1/lots/FL-DROP");
    expect(lot.status).toBe(200);
    expect(lot.body).toMatchObject({ id: "FL-DROP", quantity: 1200, remaining: 1200 });
  }, 60_000);

  it("refuses a write still unmined at its deadline with 503, and its retry replaces it under the same nonce", async () => {
    const nonceBefore = await minedNonce();
    await rpc("evm_setAutomine", [false]);
    const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      idempotencyKey: "stuck-1",
      body: fabricLot("FL-STUCK"),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body.error.code).toBe("UNAVAILABLE");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const [stuck] = await pendingHashes();
    expect((await t.call("GET", "/api/v1/lots/FL-STUCK")).status).toBe(404);

    // The retry outbids the stuck transaction under the same nonce: the pool holds the retry's alone.
    const retried = t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      idempotencyKey: "stuck-1",
      body: fabricLot("FL-STUCK"),
    });
    let pool = await pendingHashes();
    for (let attempt = 0; attempt < 200 && pool.includes(stuck!); attempt++) {
      await sleep(25);
      pool = await pendingHashes();
    }
    expect(pool).toHaveLength(1);
    expect(pool[0]).not.toBe(stuck);
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [true]);
    const answer = await retried;
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.txHash).not.toBe(stuck);
    await rpc("evm_mine");
    expect(await rpc("eth_getTransactionReceipt", [stuck])).toBeNull();
    expect(await minedNonce()).toBe(nonceBefore + 1);
    expect(await chainEventsOf("FL-STUCK")).toBe(1);
    expect((await t.call("GET", "/api/v1/lots/FL-STUCK")).body).toMatchObject({ remaining: 1200 });
    // The pool is empty: nothing is left to be mined later.
    const pending = await rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
    expect(pending.transactions).toEqual([]);
  }, 60_000);

  it("a refused write whose transaction is mined after all is recorded once: its retry is a duplicate, not a second record", async () => {
    const nonceBefore = await minedNonce();
    await rpc("evm_setAutomine", [false]);
    const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      idempotencyKey: "late-1",
      body: fabricLot("FL-LATE"),
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    const [stuck] = await pendingHashes();
    // The node mines the stuck transaction before the retry's replacement reaches it.
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [true]);
    const retried = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      idempotencyKey: "late-1",
      body: fabricLot("FL-LATE"),
    });
    // The 503 was not kept for the key, so the retry runs again and finds the lot recorded.
    expect(retried.status, JSON.stringify(retried.body)).toBe(409);
    expect(retried.body.error.code).toBe("DUPLICATE_ID");
    expect(await minedNonce()).toBe(nonceBefore + 1);
    expect(await chainEventsOf("FL-LATE")).toBe(1);
    expect(await rpc("eth_getTransactionReceipt", [stuck])).not.toBeNull();
    // Mined by the node, not through the service's sender: the read model's follower (every 2 s) picks it up.
    let lot = await t.call("GET", "/api/v1/lots/FL-LATE");
    for (let attempt = 0; attempt < 100 && lot.status === 404; attempt++) {
      await sleep(100);
      lot = await t.call("GET", "/api/v1/lots/FL-LATE");
    }
    expect(lot.body).toMatchObject({ remaining: 1200 });
  }, 60_000);
});
