/**
 * The same service with IPFS_API_URL set: documents and records go to "Kubo" (the loopback stand-in of
 * test/services/ipfs/kubo-stand-in.ts, since no Kubo daemon can run here) and nothing lands in the embedded
 * Helia directory. The API answers exactly as on the embedded store.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKuboStandIn } from "../../support/kubo-stand-in";
import { fabricLot, fileForm, OPERATOR_KEY, samplePdf, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("the service on a Kubo RPC endpoint", () => {
  let kubo: Awaited<ReturnType<typeof startKuboStandIn>>;
  let t: TestService;

  beforeAll(async () => {
    kubo = await startKuboStandIn();
    t = await startTestService({ IPFS_API_URL: kubo.url });
  });
  afterAll(async () => {
    await t?.stop();
    kubo?.server.close();
  });

  it("stores facility records, documents and event records through Kubo's RPC", async () => {
    const facility = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id: "kubo-mill", name: "Kubo Mill", country: "VN", roles: ["fabric"] },
    });
    expect(facility.status).toBe(201);
    const upload = await t.call("POST", "/api/v1/documents", {
      key: facility.body.apiKey,
      rawBody: fileForm(samplePdf("via kubo"), "application/pdf"),
    });
    expect(upload.status).toBe(201);
    const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: facility.body.apiKey,
      body: fabricLot("FL-KUBO", { documents: [{ type: "invoice", cid: upload.body.cid }] }),
    });
    expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);

    const calls = kubo.seen.map((request) => request.path);
    expect(calls.filter((path) => path === "/api/v0/block/put")).toHaveLength(2); // facility + event record
    expect(calls).toContain("/api/v0/add");
    expect(existsSync(join(t.dataDir, "ipfs"))).toBe(false);

    const lot = await t.call("GET", "/api/v1/lots/FL-KUBO");
    expect(lot.body).toMatchObject({
      record: { cid: fabric.body.recordCid, available: true },
      facility: { id: "kubo-mill", name: "Kubo Mill" },
      documents: [{ cid: upload.body.cid, sha256: upload.body.sha256 }],
    });
    // The indexer read the record it had just written from memory; verification reads it back from Kubo.
    const provenance = await t.call("GET", "/api/v1/provenance/FL-KUBO");
    expect(provenance.status).toBe(200);
    expect(kubo.seen.some((request) => request.query.get("arg") === fabric.body.recordCid)).toBe(true);
  });

  it("answers 503 UNAVAILABLE and records nothing while Kubo is down (runs last: stops the stand-in)", async () => {
    const key = (
      await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: { id: "kubo-mill-2", name: "Kubo Mill 2", country: "VN", roles: ["fabric"] },
      })
    ).body.apiKey as string;
    const block = await t.service.ledger.blockNumber();
    await new Promise<void>((resolve) => kubo.server.close(() => resolve()));
    kubo.server.closeAllConnections();
    const answer = await t.call("POST", "/api/v1/events/fabric-lots", {
      key,
      body: fabricLot("FL-KUBO-DOWN"),
    });
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("UNAVAILABLE");
    expect(JSON.stringify(answer.body)).not.toContain("127.0.0.1");
    expect(await t.service.ledger.blockNumber()).toBe(block);
    expect(await t.service.ledger.getLot("FL-KUBO-DOWN")).toBeNull();
  });
});
