/**
 * The read model is a function of the chain: a second index rebuilt from the same chain (and the IPFS records
 * its events name) equals the live one, table by table, whether built in memory, by a restarted service whose
 * index file was deleted, or by the rebuild-index command.
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpIndex, openIndexDatabase, rebuildIndex } from "../../../services/read-model/index";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const run = promisify(execFile);

describe("read model rebuild", () => {
  let t: TestService;
  let liveDump: Record<string, unknown[]>;

  beforeAll(async () => {
    t = await startTestService();
    const keys: Record<string, string> = {};
    for (const [id, roles] of [
      ["weaver", ["fabric", "shipping"]],
      ["sewer", ["cutting", "sewing", "shipping"]],
      ["exporter", ["shipping"]],
    ] as const) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name: `The ${id}`,
          country: id === "weaver" ? "KR" : "VN",
          roles,
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      });
      keys[id] = answer.body.apiKey;
    }
    const ok = async (path: string, key: string, body: unknown) => {
      const answer = await t.call("POST", `/api/v1${path}`, { key, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body;
    };
    const doc = await t.call("POST", "/api/v1/documents", {
      key: keys.weaver,
      rawBody: fileForm(samplePdf("mill test report"), "application/pdf", { type: "test-report" }),
    });
    await ok(
      "/events/fabric-lots",
      keys.weaver!,
      fabricLot("FL-A", { documents: [{ type: "test-report", cid: doc.body.cid }] }),
    );
    await ok(
      "/events/fabric-lots",
      keys.weaver!,
      fabricLot("FL-B", { quantity: { amount: 500.25, unit: "kg" } }),
    );
    // The weaver hands fabric to the sewing plant, which cuts, sews and sends garments to the exporter.
    await ok("/events/shipments", keys.weaver!, {
      id: "TR-FABRIC",
      inputs: [{ lotId: "FL-A", quantity: { amount: 1200, unit: "m" } }],
      toFacilityId: "sewer",
      occurredAt: "2026-03-01T12:00:00Z",
    });
    await ok("/events/cuttings", keys.sewer!, cutting("CUT-A", "TR-FABRIC", 600));
    await ok("/events/sewings", keys.sewer!, sewing("SEW-A", "CUT-A"));
    await ok("/events/shipments", keys.sewer!, {
      id: "TR-GARMENTS",
      inputs: [{ lotId: "SEW-A", quantity: { amount: 1200, unit: "pcs" } }],
      toFacilityId: "exporter",
      occurredAt: "2026-03-04T12:00:00Z",
    });
    await ok("/events/shipments", keys.exporter!, {
      id: "SHP-EU",
      inputs: [{ lotId: "TR-GARMENTS", quantity: { amount: 700, unit: "pcs" } }],
      buyer: { name: "Nordwind GmbH", country: "DE" },
      destinationCountry: "DE",
      invoiceNumber: "INV-1",
      occurredAt: "2026-03-05T12:00:00Z",
    });
    expect((await t.call("POST", "/api/v1/facilities/weaver/suspend", { key: OPERATOR_KEY })).status).toBe(
      200,
    );
    // A certificate anchored straight through the ledger (its routes belong to the origin module).
    await t.service.ledger.registerCertifier("test-certifier");
    await t.service.ledger.anchorCertificate({
      certificateId: "CERT-1",
      subjectLotId: "SHP-EU",
      fta: "EVFTA",
      digest: `0x${"ab".repeat(32)}`,
      certifierId: "test-certifier",
    });
    liveDump = dumpIndex(t.service.indexDb);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("holds what the workload recorded", () => {
    expect(liveDump.facilities).toHaveLength(3);
    expect(liveDump.lots).toHaveLength(7);
    expect(liveDump.consumptions).toHaveLength(5);
    expect(liveDump.certificates).toHaveLength(1);
    expect(liveDump.garment_commitments).toHaveLength(1);
    expect(liveDump.lot_documents).toHaveLength(1);
    expect(liveDump.facilities).toContainEqual(
      expect.objectContaining({ id: "weaver", suspended: 1, country: "KR" }),
    );
  });

  it("rebuilds an equal index in memory from the same chain", async () => {
    const db = openIndexDatabase(":memory:");
    await rebuildIndex({ ledger: t.service.ledger, store: t.service.store, db });
    expect(dumpIndex(db)).toEqual(liveDump);
    db.close();
  });

  it("is unchanged by applying the same events again", async () => {
    await t.service.indexer.apply(await t.service.ledger.readEvents(0));
    expect(dumpIndex(t.service.indexDb)).toEqual(liveDump);
  });

  it("rebuilds an equal index when a restarted service finds its index deleted", async () => {
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(join(dataDir, `index.sqlite${suffix}`), { force: true });
    t = await startTestService({}, dataDir);
    expect(dumpIndex(t.service.indexDb)).toEqual(liveDump);
    const lot = await t.call("GET", "/api/v1/provenance/SHP-EU");
    expect(lot.body.nodes.map((node: { id: string }) => node.id)).toEqual([
      "SHP-EU",
      "TR-GARMENTS",
      "SEW-A",
      "CUT-A",
      "TR-FABRIC",
      "FL-A",
    ]);
  });

  it("rebuilds an equal index with the rebuild-index command", async () => {
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    await run(process.execPath, ["node_modules/.bin/tsx", "scripts/rebuild-index.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", OPERATOR_API_KEY: OPERATOR_KEY },
      timeout: 120_000,
    });
    const db = openIndexDatabase(join(dataDir, "index.sqlite"));
    expect(dumpIndex(db)).toEqual(liveDump);
    db.close();
    t = await startTestService({}, dataDir);
  });
});
