/**
 * A second instance on the same chain gets the first's records over the IPFS network itself: two services on
 * one `hardhat node`, each with its own embedded Helia node on its own data dir, the second dialling the
 * first over loopback libp2p (IPFS_PEERS) and fetching each record by CID over bitswap — no shared store, no
 * copied files. Its index equals the first's, and what it fetched it keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpIndex } from "../../../services/read-model/index";
import type { HeliaStore } from "../../../services/ipfs";
import { startHardhatNode } from "../../support/hardhat-node";
import type { RunningHardhatNode } from "../../support/hardhat-node";
import { cutting, fabricLot, OPERATOR_KEY, sewing, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("a second instance fed over the IPFS network", () => {
  let node: RunningHardhatNode;
  let first: TestService;
  let second: TestService | undefined;

  beforeAll(async () => {
    node = await startHardhatNode();
    first = await startTestService({ CHAIN_RPC_URL: node.url, IPFS_LISTEN: "/ip4/127.0.0.1/tcp/0" });
    const key = (
      await first.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id: "net-mill",
          name: "Net Mill",
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      })
    ).body.apiKey;
    for (const [path, body] of [
      ["fabric-lots", fabricLot("FL-P1")],
      ["cuttings", cutting("CUT-P1", "FL-P1")],
      ["sewings", sewing("SEW-P1", "CUT-P1")],
    ] as const) {
      const answer = await first.call("POST", `/api/v1/events/${path}`, { key, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await node?.stop();
  });

  it("builds the first instance's index from the chain and records fetched from the first's IPFS node", async () => {
    const address = (first.service.store as HeliaStore).network()!.addresses[0]!;
    second = await startTestService({
      CHAIN_RPC_URL: node.url,
      CONTRACT_ADDRESS: first.service.ledger.contractAddress,
      IPFS_PEERS: address,
    });
    const index = dumpIndex(second.service.indexDb);
    expect(index).toEqual(dumpIndex(first.service.indexDb));
    const recordCids = (
      first.service.indexDb.prepare("SELECT record_cid FROM lots ORDER BY record_cid").all() as {
        record_cid: string;
      }[]
    ).map((row) => row.record_cid);
    expect(recordCids).toHaveLength(3);
    for (const cid of recordCids) expect(await second.service.store.has(cid)).toBe(true);
    const provenance = await second.call("GET", "/api/v1/provenance/SEW-P1");
    expect(provenance.status).toBe(200);
    expect(provenance.body.nodes.map((lot: { id: string }) => lot.id)).toEqual(["SEW-P1", "CUT-P1", "FL-P1"]);

    // The records are now the second's own: with the first stopped, a restart reads them from its disk.
    const dataDir = second.dataDir;
    await second.stop({ keepData: true });
    await first.service.close();
    second = await startTestService(
      {
        CHAIN_RPC_URL: node.url,
        CONTRACT_ADDRESS: first.service.ledger.contractAddress,
        IPFS_PEERS: address,
      },
      dataDir,
    );
    expect(dumpIndex(second.service.indexDb)).toEqual(index);
    for (const cid of recordCids) expect(await second.service.store.has(cid)).toBe(true);
    const again = await second.call("GET", "/api/v1/provenance/SEW-P1");
    expect(again.status).toBe(200);
    expect(again.body.nodes.map((lot: { record: { available: boolean } }) => lot.record.available)).toEqual([
      true,
      true,
      true,
    ]);
  });
});
