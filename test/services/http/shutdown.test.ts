/**
 * Graceful shutdown under writes: ten clients post fabric lots in a loop and the service is closed half-way.
 * Writes already received finish with 201; later ones are refused at the connection; every acknowledged write
 * is on chain (same transaction) after a restart on the same data directory, and no answer is a 5xx.
 */
import { afterAll, describe, expect, it } from "vitest";
import { fabricLot, OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("graceful shutdown", () => {
  let t: TestService | undefined;
  afterAll(async () => {
    await t?.stop();
  });

  it("finishes the writes in flight and loses none it acknowledged", async () => {
    t = await startTestService();
    const key = (
      await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: { id: "busy-mill", name: "Busy Mill", country: "VN", roles: ["fabric"] },
      })
    ).body.apiKey as string;
    const url = t.service.url;
    const acknowledged = new Map<string, string>();
    const statuses: number[] = [];
    let refused = 0;
    let closing: Promise<void> | undefined;
    const service = t.service;
    let armed = false;
    service.server.on("request", () => {
      if (armed && closing === undefined) closing = service.close();
    });

    const client = async (clientId: number) => {
      for (let i = 0; ; i += 1) {
        const id = `FL-SHUT-${clientId}-${i}`;
        let response: Response;
        try {
          response = await fetch(`${url}/api/v1/events/fabric-lots`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify(fabricLot(id)),
          });
        } catch {
          refused += 1; // the server had stopped accepting before this request arrived
          return;
        }
        statuses.push(response.status);
        const body = (await response.json()) as { txHash?: string };
        if (response.status === 201) acknowledged.set(id, body.txHash!);
        // Half-way through, arm the close: it starts as the next request arrives, so one is surely in flight.
        if (acknowledged.size >= 60) armed = true;
        if (response.status !== 201) return;
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, clientId) => client(clientId)));
    await closing;

    expect(statuses.every((status) => status === 201)).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(60); // writes received before the close finished after it began
    expect(refused).toBeGreaterThan(0);

    t = await startTestService({}, t.dataDir);
    for (const [id, txHash] of acknowledged) {
      const lot = await t.call("GET", `/api/v1/lots/${id}`);
      expect(lot.status, id).toBe(200);
      expect(lot.body.chain.txHash).toBe(txHash);
    }
  });
});
