/**
 * The chain store's log archive is a copy, never an authority: with a lot's archived LotRecorded row altered
 * in SQLite (its record digest), the garment is "tampered", naming the failed chain-record check. The
 * forgery is made while the service is stopped, so no record read before it is cached.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import { startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";
import { GTIN, recordGarmentLife } from "../../support/garment-life";
import type { RecordedLife } from "../../support/garment-life";

/** Replaces the record digest (LotRecorded's last data word) of `lotId`'s archived LotRecorded log. */
function forgeArchivedDigest(dataDir: string, lotId: string): void {
  const db = new Database(join(dataDir, "chain", "chain.sqlite"));
  try {
    // LotRecorded is the one log of a lot with four data words (kind, unit, quantity, recordDigest).
    const where = "topic1 = ? AND length(data) = 128";
    const row = db
      .prepare(`SELECT data FROM archived_logs WHERE ${where}`)
      .get(chainKey(lotId).toLowerCase()) as { data: Buffer } | undefined;
    expect(row, `${lotId}'s LotRecorded is archived`).toBeDefined();
    const forged = Buffer.concat([row!.data.subarray(0, 96), Buffer.alloc(32, 0xcd)]);
    const changed = db
      .prepare(`UPDATE archived_logs SET data = ? WHERE ${where}`)
      .run(forged, chainKey(lotId).toLowerCase());
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }
}

describe("the log archive is never an authority", () => {
  let t: TestService;
  let life: RecordedLife;
  const garment = () => t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/3?ac=${life.code("SEW-0001", 3)}`);

  beforeAll(async () => {
    t = await startTestService();
    life = await recordGarmentLife(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("shows a garment authentic from an intact archive, and tampered once a lot's archived record is altered", async () => {
    // Intact, every lot's kept record checks out against its batch root (the sewing's with its GTIN).
    const intact = await garment();
    expect(
      intact.body.verdict,
      JSON.stringify(intact.body.checks.filter((check: Json) => check.status !== "passed")),
    ).toBe("authentic");

    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    forgeArchivedDigest(dataDir, "FL-0001");
    t = await startTestService({}, dataDir);

    const answer = await garment();
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe("tampered");
    const failed = (answer.body.checks as Json[]).filter((check) => check.status === "failed");
    expect(failed.map((check) => check.id)).toContain("chain-record:FL-0001");
    expect(failed.find((check) => check.id === "chain-record:FL-0001").detail).toMatch(
      /CHAIN_ARCHIVE_MISMATCH/,
    );
  });
});
