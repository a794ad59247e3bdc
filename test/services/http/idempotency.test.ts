import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  startTestService,
} from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("idempotent writes", () => {
  let t: TestService;
  let mill: string;
  let other: string;

  const lotsOnChain = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => t.service.ledger.getLot(id)))).filter((lot) => lot !== null).length;

  beforeAll(async () => {
    t = await startTestService();
    const register = async (id: string) =>
      (
        await t.call("POST", "/api/v1/facilities", {
          key: OPERATOR_KEY,
          body: {
            id,
            name: id,
            country: "VN",
            roles: ["fabric", "cutting", "sewing", "shipping"],
            gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
          },
        })
      ).body.apiKey as string;
    mill = await register("mill");
    other = await register("other");
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers a retry with the same key and body with the first answer, recording once", async () => {
    const first = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-IDEM"),
      idempotencyKey: "retry-1",
    });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const block = await t.service.ledger.blockNumber();
    const retry = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-IDEM"),
      idempotencyKey: "retry-1",
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await t.service.ledger.blockNumber()).toBe(block);
  });

  it("refuses the same key with another body (422) and records nothing", async () => {
    const block = await t.service.ledger.blockNumber();
    const reused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-IDEM-2"),
      idempotencyKey: "retry-1",
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await t.service.ledger.getLot("FL-IDEM-2")).toBeNull();
    expect(await t.service.ledger.blockNumber()).toBe(block);
  });

  it("makes concurrent duplicates wait for the first and share its answer", async () => {
    const block = await t.service.ledger.blockNumber();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call("POST", "/api/v1/events/fabric-lots", {
          key: mill,
          body: fabricLot("FL-RACE"),
          idempotencyKey: "race",
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
    expect(await t.service.ledger.blockNumber()).toBe(block + 1);
  });

  it("scopes keys to the principal", async () => {
    const mine = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: mill,
      body: fabricLot("FL-SCOPE-M"),
      idempotencyKey: "shared-key",
    });
    const theirs = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: other,
      body: fabricLot("FL-SCOPE-O"),
      idempotencyKey: "shared-key",
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(await lotsOnChain(["FL-SCOPE-M", "FL-SCOPE-O"])).toBe(2);
  });

  it("replays a refusal too, without trying again", async () => {
    const refused = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("CUT-TOO-MUCH", "FL-IDEM", 5000),
      idempotencyKey: "refused",
    });
    expect(refused.status).toBe(409);
    const replay = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("CUT-TOO-MUCH", "FL-IDEM", 5000),
      idempotencyKey: "refused",
    });
    expect(replay.status).toBe(409);
    expect(replay.body).toEqual(refused.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers an identical re-post (same id, same record) with the original answer, without a key", async () => {
    const first = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("CUT-AGAIN", "FL-IDEM"),
    });
    expect(first.status).toBe(201);
    const block = await t.service.ledger.blockNumber();
    const again = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("CUT-AGAIN", "FL-IDEM"),
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await t.service.ledger.blockNumber()).toBe(block);
    expect((await t.service.ledger.getLot("FL-IDEM"))?.remaining).toBe(900);

    const different = await t.call("POST", "/api/v1/events/cuttings", {
      key: mill,
      body: cutting("CUT-AGAIN", "FL-IDEM", 10),
    });
    expect(different.status).toBe(409);
    expect(different.body.error.code).toBe("DUPLICATE_ID");
    // Another facility re-posting the same id is a duplicate too, not a replay.
    const stranger = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: other,
      body: fabricLot("FL-IDEM"),
    });
    expect(stranger.status).toBe(409);
  });

  it("answers identical concurrent posts without a key once on chain, the same to all", async () => {
    const block = await t.service.ledger.blockNumber();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot("FL-CONCURRENT") }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.txHash)).size).toBe(1);
    expect(await t.service.ledger.blockNumber()).toBe(block + 1);
  });

  it("replays a facility registration without its API key (keys are shown once)", async () => {
    const body = { id: "weaver", name: "Weaver", country: "VN", roles: ["fabric"] };
    const first = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body,
      idempotencyKey: "reg-weaver",
    });
    expect(first.status).toBe(201);
    expect(first.body.apiKey).toEqual(expect.any(String));
    const replay = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body,
      idempotencyKey: "reg-weaver",
    });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual({ ...first.body, apiKey: null });
    const stored = t.service.serviceDb.prepare("SELECT response FROM idempotency").all() as {
      response: string;
    }[];
    expect(JSON.stringify(stored)).not.toContain(first.body.apiKey);
    // The key from the first answer works.
    expect(
      (
        await t.call("POST", "/api/v1/events/fabric-lots", {
          key: first.body.apiKey,
          body: fabricLot("FL-WEAVER"),
        })
      ).status,
    ).toBe(201);
  });

  it("replays an upload with the same key and file", async () => {
    const form = () => fileForm(samplePdf("idempotent upload"), "application/pdf", { type: "invoice" });
    const first = await t.call("POST", "/api/v1/documents", {
      key: mill,
      rawBody: form(),
      idempotencyKey: "upload-1",
    });
    const retry = await t.call("POST", "/api/v1/documents", {
      key: mill,
      rawBody: form(),
      idempotencyKey: "upload-1",
    });
    expect(first.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const otherFile = await t.call("POST", "/api/v1/documents", {
      key: mill,
      rawBody: fileForm(samplePdf("another file"), "application/pdf", { type: "invoice" }),
      idempotencyKey: "upload-1",
    });
    expect(otherFile.status).toBe(422);
  });
});
