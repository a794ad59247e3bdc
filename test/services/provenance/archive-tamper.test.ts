/**
 * The chain store's log archive is a copy, never an authority: a lot's archived LotRecorded row altered in
 * SQLite (its record digest) makes the garment "tampered", naming the failed chain-record check, on a real
 * service whose chain records were never read before the forgery (nothing cached).
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import { startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";
import { GTIN, recordGarmentLife } from "../../support/garment-life";
import type { RecordedLife } from "../../support/garment-life";

describe("the log archive is never an authority", () => {
  let t: TestService;
  let life: RecordedLife;

  beforeAll(async () => {
    t = await startTestService();
    life = await recordGarmentLife(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("shows a garment whose fabric lot's archived record was altered as tampered, not authentic", async () => {
    const db = new Database(join(t.dataDir, "chain", "chain.sqlite"));
    try {
      const row = db
        .prepare("SELECT data FROM archived_logs WHERE topic1 = ? AND length(data) = 128")
        .get(chainKey("FL-0001").toLowerCase()) as { data: Buffer } | undefined;
      expect(row, "FL-0001's LotRecorded is archived").toBeDefined();
      // The record digest is LotRecorded's last data word.
      const forged = Buffer.concat([row!.data.subarray(0, 96), Buffer.alloc(32, 0xcd)]);
      const changed = db
        .prepare("UPDATE archived_logs SET data = ? WHERE topic1 = ? AND length(data) = 128")
        .run(forged, chainKey("FL-0001").toLowerCase());
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    const answer = await t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/3?ac=${life.code("SEW-0001", 3)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe("tampered");
    const failed = (answer.body.checks as Json[]).filter((check) => check.status === "failed");
    expect(failed.map((check) => check.id)).toContain("chain-record:FL-0001");
    expect(failed.find((check) => check.id === "chain-record:FL-0001").detail).toMatch(
      /CHAIN_ARCHIVE_MISMATCH/,
    );
  });
});
