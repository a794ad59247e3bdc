/**
 * A second service instance on the same chain builds the same index: two services on one `hardhat node`
 * (CHAIN_RPC_URL, the second given the first's CONTRACT_ADDRESS) sharing one IPFS node (the Kubo stand-in,
 * since no Kubo daemon can run here). The second never sees a request; its index comes from the chain alone,
 * at start and by following the chain afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpIndex } from "../../../services/read-model/index";
import { startHardhatNode } from "../../support/hardhat-node";
import type { RunningHardhatNode } from "../../support/hardhat-node";
import { cutting, fabricLot, OPERATOR_KEY, sewing, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { startKuboStandIn } from "../../support/kubo-stand-in";

describe("a second instance on the same chain", () => {
  let node: RunningHardhatNode;
  let kubo: Awaited<ReturnType<typeof startKuboStandIn>>;
  let first: TestService;
  let second: TestService | undefined;
  let key: string;

  beforeAll(async () => {
    node = await startHardhatNode();
    kubo = await startKuboStandIn();
    first = await startTestService({ CHAIN_RPC_URL: node.url, IPFS_API_URL: kubo.url });
    key = (
      await first.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id: "node-mill",
          name: "Node Mill",
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      })
    ).body.apiKey;
    for (const [path, body] of [
      ["fabric-lots", fabricLot("FL-N1")],
      ["cuttings", cutting("CUT-N1", "FL-N1")],
      ["sewings", sewing("SEW-N1", "CUT-N1")],
    ] as const) {
      const answer = await first.call("POST", `/api/v1/events/${path}`, { key, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    kubo?.server.close();
    await node?.stop();
  });

  it("rebuilds the first instance's index from the chain at start", async () => {
    second = await startTestService({
      CHAIN_RPC_URL: node.url,
      IPFS_API_URL: kubo.url,
      CONTRACT_ADDRESS: first.service.ledger.contractAddress,
    });
    expect(second.service.ledger.contractAddress).toBe(first.service.ledger.contractAddress);
    expect(dumpIndex(second.service.indexDb)).toEqual(dumpIndex(first.service.indexDb));
    const provenance = await second.call("GET", "/api/v1/provenance/SEW-N1");
    expect(provenance.body.nodes.map((lot: { id: string }) => lot.id)).toEqual(["SEW-N1", "CUT-N1", "FL-N1"]);
  });

  it("follows what the first instance records afterwards", async () => {
    const answer = await first.call("POST", "/api/v1/events/shipments", {
      key,
      body: {
        id: "SHP-N1",
        inputs: [{ lotId: "SEW-N1", quantity: { amount: 100, unit: "pcs" } }],
        buyer: { name: "Nordwind GmbH", country: "DE" },
        destinationCountry: "DE",
        occurredAt: "2026-03-05T00:00:00Z",
      },
    });
    expect(answer.status).toBe(201);
    const deadline = Date.now() + 20_000;
    while ((await second!.call("GET", "/api/v1/lots/SHP-N1")).status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(dumpIndex(second!.service.indexDb)).toEqual(dumpIndex(first.service.indexDb));
  });
});
