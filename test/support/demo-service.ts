/**
 * The real service with the demo supply chain `npm start` seeds, seeded through its API: the set-up of the
 * tests that look at the demo's garments, certificates and pages.
 */
import { seedDemo, type SeedResult } from "../../services/demo/seed";
import { loadGarmentSecret } from "../../services/garments";
import { OPERATOR_KEY, startTestService, type TestService } from "./api-harness";

/** Starts a test service and seeds the demo into it (about 10 s; give beforeAll a few minutes). */
export async function startDemoService(): Promise<{ t: TestService; seed: SeedResult }> {
  const t = await startTestService();
  const seed = await seedDemo({
    baseUrl: t.service.url,
    operatorApiKey: OPERATOR_KEY,
    garmentSecret: loadGarmentSecret(t.dataDir),
  });
  return { t, seed };
}
