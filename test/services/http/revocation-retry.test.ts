/**
 * A revocation whose answer was lost (the service crashed after the chain took it, before its Idempotency-Key
 * answer was stored) and that is retried answers its first 200 — the same body, block included — not 409
 * CERTIFICATE_REVOKED; a later retry with the same key, after a restart, replays that answer; and the chain
 * holds one revocation.
 */
import { afterAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import { cutting, fabricLot, OPERATOR_KEY, sewing, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("a retried revocation", () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("answers its first 200 when the first answer was lost, and replays it after a restart", async () => {
    let t: TestService = await startTestService();
    const dataDir = t.dataDir;
    stops.push(() => t.stop());
    const operator = (path: string, body: unknown) => t.call("POST", path, { key: OPERATOR_KEY, body });
    const factory = (
      await operator("/api/v1/facilities", {
        id: "garment-1",
        name: "Thai Nguyen Garment",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505"],
      })
    ).body.apiKey as string;
    const certifier = (await operator("/api/v1/certifiers", { id: "vcci-hcm", name: "VCCI HCM" })).body
      .apiKey as string;
    for (const [path, body] of [
      [
        "fabric-lots",
        fabricLot("FL-1", {
          supplier: { name: "Hanoi Knitting Mill", country: "VN" },
          stages: [
            { stage: "spinning", country: "VN" },
            { stage: "fabric-formation", country: "VN" },
          ],
        }),
      ],
      ["cuttings", cutting("CUT-1", "FL-1")],
      ["sewings", sewing("SEW-1", "CUT-1")],
      [
        "shipments",
        {
          id: "SHP-1",
          inputs: [{ lotId: "SEW-1", quantity: { amount: 10, unit: "pcs" } }],
          buyer: { name: "Nordwind GmbH", country: "DE" },
          destinationCountry: "DE",
          invoiceNumber: "INV-1",
          occurredAt: "2026-03-05T08:00:00Z",
        },
      ],
    ] as const) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    }
    const issued = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-1", fta: "EVFTA" },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const path = `/api/v1/origin/certificates/${issued.body.id}/revoke`;
    const reason = { reason: "The exporter's authorisation was withdrawn" };

    // The first revocation goes through; its answer never reaches the client (no key: nothing kept for it).
    const first = await t.call("POST", path, { key: certifier, body: reason });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.blockNumber).toEqual(expect.any(Number));

    // The client retries with an Idempotency-Key: the first 200, not CERTIFICATE_REVOKED.
    const retried = await t.call("POST", path, { key: certifier, body: reason, idempotencyKey: "revoke-1" });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toEqual(first.body);

    // After a restart the key replays that answer.
    await t.stop({ keepData: true });
    t = await startTestService({}, dataDir);
    const replayed = await t.call("POST", path, { key: certifier, body: reason, idempotencyKey: "revoke-1" });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual(first.body);

    // Another reason is another revocation: refused. The chain holds the one.
    const other = await t.call("POST", path, { key: certifier, body: { reason: "something else" } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("CERTIFICATE_REVOKED");
    const revocations = (await t.service.ledger.readEvents(0)).filter(
      (event) => event.name === "CertificateRevoked" && event.certificateKey === chainKey(issued.body.id),
    );
    expect(revocations).toHaveLength(1);
  }, 120_000);
});
