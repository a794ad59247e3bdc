/**
 * The authorization matrix: every facility against every other facility's lots, through the API (403 with
 * the lot named) and straight at the ledger (the chain refuses too, so the API check is not the only guard).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import { cutting, fabricLot, OPERATOR_KEY, sewing, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const FACILITIES = ["alpha", "bravo", "charlie"] as const;
type FacilityId = (typeof FACILITIES)[number];

describe("authorization matrix", () => {
  let t: TestService;
  const keys = {} as Record<FacilityId, string>;
  let certifierKey: string;

  beforeAll(async () => {
    t = await startTestService();
    for (const id of FACILITIES) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name: `Factory ${id}`,
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      });
      expect(answer.status).toBe(201);
      keys[id] = answer.body.apiKey;
    }
    // Each facility holds a fabric lot, cut bundles and a garment batch.
    for (const id of FACILITIES) {
      const post = async (path: string, body: unknown) => {
        const answer = await t.call("POST", `/api/v1/events/${path}`, { key: keys[id], body });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      };
      await post("fabric-lots", fabricLot(`FL-${id}`));
      await post("cuttings", cutting(`CUT-${id}`, `FL-${id}`));
      await post(
        "sewings",
        sewing(`SEW-${id}`, `CUT-${id}`, {
          inputs: [{ lotId: `CUT-${id}`, quantity: { amount: 1200, unit: "pcs" } }],
        }),
      );
    }
    certifierKey = (
      await t.call("POST", "/api/v1/certifiers", {
        key: OPERATOR_KEY,
        body: { id: "cert", name: "Certifier" },
      })
    ).body.apiKey;
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** The event that would consume `lotOwner`'s lot of this kind. */
  const attempts = (actor: FacilityId, lotOwner: FacilityId) => [
    {
      path: "cuttings",
      lotId: `FL-${lotOwner}`,
      body: cutting(`X-CUT-${actor}-${lotOwner}`, `FL-${lotOwner}`, 1),
    },
    {
      path: "sewings",
      lotId: `CUT-${lotOwner}`,
      body: sewing(`XS-${actor}-${lotOwner}`, `CUT-${lotOwner}`, {
        inputs: [{ lotId: `CUT-${lotOwner}`, quantity: { amount: 10, unit: "pcs" } }],
        output: { quantity: { amount: 10, unit: "pcs" } },
      }),
    },
    {
      path: "shipments",
      lotId: `SEW-${lotOwner}`,
      body: {
        id: `X-SHP-${actor}-${lotOwner}`,
        inputs: [{ lotId: `SEW-${lotOwner}`, quantity: { amount: 1, unit: "pcs" } }],
        buyer: { name: "Buyer", country: "DE" },
        destinationCountry: "DE",
        occurredAt: "2026-03-05T00:00:00Z",
      },
    },
  ];

  const pairs = FACILITIES.flatMap((actor) =>
    FACILITIES.filter((owner) => owner !== actor).map((owner) => [actor, owner] as const),
  );

  it.each(pairs)("%s cannot consume any of %s's lots through the API", async (actor, owner) => {
    const before = await t.service.ledger.blockNumber();
    for (const attempt of attempts(actor, owner)) {
      const answer = await t.call("POST", `/api/v1/events/${attempt.path}`, {
        key: keys[actor],
        body: attempt.body,
      });
      expect(answer.status, `${actor} → ${attempt.lotId}: ${JSON.stringify(answer.body)}`).toBe(403);
      expect(answer.body.error).toMatchObject({ code: "FORBIDDEN", details: { lotId: attempt.lotId } });
    }
    expect(await t.service.ledger.blockNumber()).toBe(before);
  });

  it.each(pairs)("the chain itself refuses %s consuming %s's fabric", async (actor, owner) => {
    await expect(
      t.service.ledger.record({
        kind: "cutting",
        lotId: `RAW-${actor}-${owner}`,
        facilityId: actor,
        recordDigest: `0x${"11".repeat(32)}`,
        inputs: [{ lotId: `FL-${owner}`, quantity: { amount: 1, unit: "m" } }],
        quantity: { amount: 1, unit: "pcs" },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.service.ledger.getLot(`RAW-${actor}-${owner}`)).toBeNull();
  });

  it.each(FACILITIES)("%s consumes its own lots (the positive case)", async (actor) => {
    for (const attempt of attempts(actor, actor)) {
      const answer = await t.call("POST", `/api/v1/events/${attempt.path}`, {
        key: keys[actor],
        body: attempt.body,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const lot = await t.service.ledger.getLot(`X-CUT-${actor}-${actor}`);
    expect(lot?.facilityKey).toBe(chainKey(actor));
  });

  it("lets neither the operator nor a certifier post events", async () => {
    for (const key of [OPERATOR_KEY, certifierKey]) {
      const answer = await t.call("POST", "/api/v1/events/fabric-lots", {
        key,
        body: fabricLot("FL-NOBODY"),
      });
      expect(answer.status).toBe(403);
    }
  });

  it.each(FACILITIES)("%s's key cannot do the operator's work", async (actor) => {
    for (const [path, body] of [
      ["/api/v1/facilities/bravo/suspend", undefined],
      ["/api/v1/facilities/alpha/api-keys", undefined],
      ["/api/v1/facilities", { id: `new-${actor}`, name: "n", country: "VN", roles: ["fabric"] }],
      ["/api/v1/certifiers", { id: `cert-${actor}`, name: "n" }],
    ] as const) {
      const answer = await t.call("POST", path, { key: keys[actor], body });
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.code).toBe("FORBIDDEN");
    }
    expect((await t.call("GET", "/api/v1/facilities/bravo")).body.suspended).toBe(false);
  });

  it("replaces a facility's key: the old one stops working", async () => {
    const issued = await t.call("POST", "/api/v1/facilities/charlie/api-keys", { key: OPERATOR_KEY });
    expect(issued.status).toBe(201);
    const old = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: keys.charlie,
      body: fabricLot("FL-OLDKEY"),
    });
    expect(old.status).toBe(401);
    const fresh = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: issued.body.apiKey,
      body: fabricLot("FL-NEWKEY"),
    });
    expect(fresh.status).toBe(201);
  });

  it("keeps keys only as hashes", async () => {
    const stored = t.service.serviceDb.prepare("SELECT key_hash FROM api_keys").all() as {
      key_hash: string;
    }[];
    expect(stored.length).toBeGreaterThan(0);
    const dump = JSON.stringify(stored);
    for (const key of Object.values(keys)) expect(dump).not.toContain(key);
  });
});
