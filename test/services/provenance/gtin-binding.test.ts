/**
 * The contract checks a sewing's GTIN against the sewing facility's GS1 company prefixes; the verifier ties the
 * record to that GTIN. A facility that holds its own key could sign an operation under its own GTIN and store a
 * record that claims another company's: the record's bytes match the chain's digest, but its GTIN is not the one
 * the chain committed, so the lot is not "authentic".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putRecord } from "../../../services/records";
import { cutting, fabricLot, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { recordGarmentLife } from "../../support/garment-life";

type Check = { id: string; status: string; detail?: string };

describe("a sewing record's GTIN is the one the chain committed", () => {
  let t: TestService;
  let factoryKey: string;

  beforeAll(async () => {
    t = await startTestService();
    const life = await recordGarmentLife(t);
    factoryKey = life.keys["factory-0001"]!;
  });
  afterAll(() => t?.stop());

  async function checksOf(lotId: string): Promise<Check[]> {
    const answer = await t.call("GET", `/api/v1/provenance/${lotId}`);
    expect(answer.status).toBe(200);
    return answer.body.verification.checks as Check[];
  }

  it("passes a sewing recorded through the API, whose record carries the committed GTIN", async () => {
    const digest = (await checksOf("SEW-0001")).find((check) => check.id === "record-digest:SEW-0001");
    expect(digest?.status).toBe("passed");
  });

  it("fails a sewing whose record claims a GTIN other than the one the contract checked", async () => {
    expect(
      (await t.call("POST", "/api/v1/events/fabric-lots", { key: factoryKey, body: fabricLot("FL-G") }))
        .status,
    ).toBe(201);
    expect(
      (await t.call("POST", "/api/v1/events/cuttings", { key: factoryKey, body: cutting("CUT-G", "FL-G") }))
        .status,
    ).toBe(201);
    const lot = await t.call("GET", "/api/v1/lots/SEW-0001");
    const genuine = (await t.call("GET", `/api/v1/records/${lot.body.record.cid}`)).body;
    // The record claims the GTIN of another company (prefix 4006381 is also this facility's, but not this GTIN).
    const forged = {
      ...genuine,
      id: "SEW-G",
      inputs: [{ lotId: "CUT-G", quantity: { amount: 2400, unit: "pcs" } }],
      product: { ...genuine.product, gtin: "04006381333931" },
    };
    const stored = await putRecord(t.service.store, forged);
    await t.service.ledger.record({
      kind: "sewing",
      lotId: "SEW-G",
      facilityId: "factory-0001",
      recordDigest: stored.digest,
      inputs: [{ lotId: "CUT-G", quantity: { amount: 2400, unit: "pcs" } }],
      quantity: { amount: 2400, unit: "pcs" },
      garmentsRoot: genuine.garments.root,
      gtin: "08938505974019",
    });
    const checks = await checksOf("SEW-G");
    const digest = checks.find((check) => check.id === "record-digest:SEW-G");
    expect(digest?.status).toBe("failed");
    expect(digest?.detail).toContain("not the GTIN 08938505974019 the chain committed");
    const answer = await t.call("GET", "/api/v1/provenance/SEW-G");
    expect(answer.body.verification.verdict).toBe("tampered");
  });
});
