/**
 * The demo `npm start` seeds, run against the real service: everything goes through the public API, the
 * certificates come out as the rules say, and the printed garment links resolve to authentic garments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, type SeedResult } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService, type TestService } from "../support/api-harness";

describe("the npm start demo seed", () => {
  let t: TestService;
  let seed: SeedResult;

  beforeAll(async () => {
    t = await startTestService();
    seed = await seedDemo({
      baseUrl: t.service.url,
      operatorApiKey: OPERATOR_KEY,
      garmentSecret: loadGarmentSecret(t.dataDir),
    });
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("records the supply chain through the API", async () => {
    expect(seed).toMatchObject({ facilities: 6, events: 18, documents: 6 });
    const korean = await t.call("GET", "/api/v1/lots/FL-KR-TWILL-01");
    expect(korean.status).toBe(200);
    expect(korean.body.facility).toMatchObject({ id: "kr-hanil-textile", country: "KR" });
    const shipment = await t.call("GET", "/api/v1/provenance/SHP-DE-01");
    expect(shipment.status).toBe(200);
    expect(JSON.stringify(shipment.body)).toContain("FL-KR-TWILL-01");
  });

  it("issues certificates where the rules allow and refuses them where they do not", () => {
    const outcome = (subjectId: string, fta: string) =>
      seed.certificates.find((c) => c.subjectId === subjectId && c.fta === fta);
    expect(outcome("SHP-JP-01", "CPTPP")).toMatchObject({ outcome: "issued" });
    expect(outcome("SHP-DE-01", "EVFTA")).toMatchObject({ outcome: "issued" }); // Korean fabric, cumulated with proof
    expect(outcome("SHP-AU-01", "RCEP")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^PROVISIONAL_RULE/),
    });
    expect(outcome("SHP-AU-01", "AANZFTA")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^PROVISIONAL_RULE/),
    });
    expect(outcome("SEW-AU-01", "EVFTA")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^NOT_ORIGINATING/),
    });
  });

  it("prints garment links that resolve to authentic garments, and certificate pages that are valid", async () => {
    expect(seed.garments).toHaveLength(3);
    for (const garment of seed.garments) {
      const response = await fetch(garment.url, { headers: { accept: "application/json" } });
      expect(response.status, garment.url).toBe(200);
      expect(((await response.json()) as { verdict: string }).verdict, garment.url).toBe("authentic");
    }
    for (const certificate of seed.certificates.filter((c) => c.outcome === "issued")) {
      const page = await fetch(certificate.url as string, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
    }
  });
});
