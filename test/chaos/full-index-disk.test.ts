/**
 * Only the read model's disk is full (the index's file lives on a small tmpfs of its own, the rest of the data
 * dir on a roomy disk): writes reach the chain, but the index cannot follow. Once space is back, the next mined
 * block catches the read model up from where it stopped — every lot mined meanwhile is there, none skipped.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chainKey } from "../../services/chain/keys";
import { fabricLot, OPERATOR_KEY, startTestService } from "../support/api-harness";
import { fillDisk, mountTmpfs } from "../support/tmpfs";

describe("a full disk under the read model alone", () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("catches the read model up, skipping nothing, once space is back", async () => {
    const disk = mountTmpfs(8 * 1024 * 1024);
    expect(disk, "a tmpfs mount (root with CAP_SYS_ADMIN) is required").not.toBeNull();
    if (!disk) return;
    const dataDir = mkdtempSync(join(tmpdir(), "tp-index-disk-"));
    mkdirSync(join(disk.path, "index"));
    // SQLite follows the link: the index, its WAL and journal all live on the small disk.
    symlinkSync(join(disk.path, "index", "index.sqlite"), join(dataDir, "index.sqlite"));
    const t = await startTestService({}, dataDir);
    stops.push(async () => {
      await t.stop();
      disk.unmount();
    });
    const mill = (
      await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: { id: "mill", name: "Mill", country: "VN", roles: ["fabric"] },
      })
    ).body.apiKey as string;
    expect(
      (await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot("FL-0") })).status,
    ).toBe(201);

    const filler = join(disk.path, "filler");
    fillDisk(filler);
    const meanwhile: string[] = [];
    for (const id of ["FL-1", "FL-2"]) {
      const answer = await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot(id) });
      // On chain either way (the source of truth); the read model just could not follow.
      expect([201, 503], JSON.stringify(answer.body)).toContain(answer.status);
      meanwhile.push(id);
    }
    unlinkSync(filler);

    expect(
      (await t.call("POST", "/api/v1/events/fabric-lots", { key: mill, body: fabricLot("FL-3") })).status,
    ).toBe(201);
    const onChain = new Set(
      (await t.service.ledger.readEvents(0))
        .filter((event) => event.name === "LotRecorded")
        .map((event) => (event as { lotKey: string }).lotKey),
    );
    for (const id of ["FL-0", ...meanwhile, "FL-3"]) {
      const inIndex = (await t.call("GET", `/api/v1/lots/${id}`)).status;
      expect(inIndex, `${id}: on chain ${onChain.has(chainKey(id))}`).toBe(
        onChain.has(chainKey(id)) ? 200 : 404,
      );
    }
    expect(onChain.has(chainKey("FL-1")) || onChain.has(chainKey("FL-2")), "a lot was mined while full").toBe(
      true,
    );
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
