/**
 * A facility may name the IANA time zone it keeps its clocks in: validated with Intl at registration (a
 * clear error naming `timeZone` otherwise), kept in its record on IPFS (whose digest the chain fixes), absent
 * from the record when not given (so records made before it keep their digest), and named by the verified
 * provenance (test/e2e/buyer-page.test.ts shows the buyer's page giving a step's time in it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFacilityRecord, encodeRecord } from "../../../services/records/index";
import { OPERATOR_KEY, fabricLot, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

describe("a facility's time zone", () => {
  let t: TestService;

  beforeAll(async () => {
    t = await startTestService();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const register = (id: string, extra: Record<string, unknown>) =>
    t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id, name: `Mill ${id}`, country: "KR", roles: ["fabric"], ...extra },
    });

  it.each(["Mars/Olympus", "UTC+9", "", "Asia/Seoul; DROP"])("refuses %j, naming the field", async (zone) => {
    const answer = await register("mill-bad-zone", { timeZone: zone });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("VALIDATION_FAILED");
    expect(answer.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(["timeZone"]);
  });

  it("leaves the record as it always was without a zone", () => {
    const body = { id: "mill-a", name: "Mill A", country: "VN", roles: ["fabric" as const] };
    expect(Object.keys(buildFacilityRecord(body))).not.toContain("timeZone");
    expect(new TextDecoder().decode(encodeRecord(buildFacilityRecord(body)))).not.toContain("timeZone");
    expect(buildFacilityRecord({ ...body, timeZone: "Asia/Seoul" }).timeZone).toBe("Asia/Seoul");
  });

  it("keeps the zone in the record, and the verified provenance names it", async () => {
    const answer = await register("mill-seoul", { timeZone: "Asia/Seoul" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const record = await t.call("GET", `/api/v1/records/${answer.body.metadataCid}`);
    expect(record.body).toMatchObject({ type: "facility", id: "mill-seoul", timeZone: "Asia/Seoul" });
    const lot = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: answer.body.apiKey,
      body: { ...fabricLot("FL-SEOUL"), occurredAt: "2026-09-10T08:00:00Z" },
    });
    expect(lot.status, JSON.stringify(lot.body)).toBe(201);
    // The verified provenance names the zone from the checked facility record.
    const provenance = await t.call("GET", "/api/v1/provenance/FL-SEOUL");
    expect(provenance.status).toBe(200);
    const facilities = JSON.stringify(provenance.body).match(/"timeZone":"[^"]*"/g) ?? [];
    expect(facilities.length).toBeGreaterThan(0);
    expect(new Set(facilities)).toEqual(new Set(['"timeZone":"Asia/Seoul"']));
  });
});
