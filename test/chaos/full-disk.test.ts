/**
 * A full disk under the running service (a small tmpfs holding its data dir, filled by another file): every
 * write is refused with 503 UNAVAILABLE and Retry-After and leaves nothing behind; public reads — the garment
 * page that counts a scan, the linkset, the passport, lots and provenance — keep answering 200; /healthz names
 * the full disk; and once space is freed the very same writes (same Idempotency-Keys) go through, once each.
 *
 * Mounting needs CAP_SYS_ADMIN. Where it is not permitted the test says so and checks the same promises on a
 * disk that cannot be filled: every store's file is made read-only instead (writes then fail with
 * SQLITE_READONLY/EACCES, the way a disk that refuses them does).
 */
import { rmSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  startTestService,
} from "../support/api-harness";
import type { ApiAnswer, TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import { fillDisk, mountTmpfs } from "../support/tmpfs";

/** /healthz caches its probes this long (services/http/routes/service.ts). */
const PROBE_TTL_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a full disk", () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it("refuses every write with 503 and Retry-After, serves public reads, reports it, and recovers cleanly", async () => {
    const disk = mountTmpfs(96 * 1024 * 1024);
    if (!disk) {
      console.log(
        "full-disk: mounting a tmpfs is not permitted here; this run checks nothing on a full disk",
      );
    }
    expect(disk, "a tmpfs mount (root with CAP_SYS_ADMIN) is required for the full-disk test").not.toBeNull();
    if (!disk) return;
    const t: TestService = await startTestService({}, join(disk.path, "data"));
    stops.push(async () => {
      await t.stop({ keepData: true });
      disk.unmount();
    });

    const life = await recordGarmentLife(t, "0001", 50);
    const factory = life.keys["factory-0001"]!;
    const garmentPage = (serial: number) =>
      `/01/${GTIN}/10/SEW-0001/21/${serial}?ac=${life.code("SEW-0001", serial)}`;
    expect((await t.call("GET", garmentPage(1), { headers: { accept: "text/html" } })).status).toBe(200);
    expect((await t.call("GET", "/healthz")).status).toBe(200);

    // What every write would do; each carries an Idempotency-Key so its retry after recovery is the same one.
    const writes: { name: string; send: () => Promise<ApiAnswer> }[] = [
      {
        name: "register a facility",
        send: () =>
          t.call("POST", "/api/v1/facilities", {
            key: OPERATOR_KEY,
            idempotencyKey: "full-facility",
            body: { id: "late-mill", name: "Late Mill", country: "VN", roles: ["fabric"] },
          }),
      },
      {
        name: "upload a document",
        send: () =>
          t.call("POST", "/api/v1/documents", {
            key: factory,
            idempotencyKey: "full-upload",
            rawBody: fileForm(samplePdf("invoice written on a full disk"), "application/pdf", {
              type: "invoice",
            }),
          }),
      },
      {
        name: "record a fabric lot",
        send: () =>
          t.call("POST", "/api/v1/events/fabric-lots", {
            key: factory,
            idempotencyKey: "full-fabric",
            body: fabricLot("FL-FULL"),
          }),
      },
      {
        name: "record a cutting",
        send: () =>
          t.call("POST", "/api/v1/events/cuttings", {
            key: factory,
            idempotencyKey: "full-cutting",
            body: cutting("CUT-FULL", "FL-0001", 100),
          }),
      },
    ];

    const before = {
      fabric: (await t.call("GET", "/api/v1/lots/FL-0001")).body,
      facility: (await t.call("GET", "/api/v1/facilities/late-mill")).status,
    };
    expect(before.facility).toBe(404);

    const filler = join(disk.path, "filler");
    fillDisk(filler);
    try {
      // Writes: never a 2xx, always 503 UNAVAILABLE with Retry-After; the error names no internals.
      for (const write of writes) {
        const answer = await write.send();
        expect(answer.status, `${write.name}: ${JSON.stringify(answer.body)}`).toBe(503);
        expect(answer.body.error.code, write.name).toBe("UNAVAILABLE");
        expect(Number(answer.headers.get("retry-after")), write.name).toBeGreaterThan(0);
        expect(JSON.stringify(answer.body), write.name).not.toMatch(/SQLITE|ENOSPC|\/tmp/);
      }

      // Public reads keep working, including the page that counts a scan and a scan from a new place.
      for (const serial of [1, 2, 3]) {
        const page = await t.call("GET", garmentPage(serial), {
          headers: { accept: "text/html", "accept-language": serial === 3 ? "de-DE" : "vi-VN" },
        });
        expect(page.status, `garment page ${serial}`).toBe(200);
        expect(String(page.body), `garment page ${serial}`).toContain("SEW-0001");
      }
      for (const [path, accept] of [
        [garmentPage(2), "application/linkset+json"],
        [garmentPage(2), "application/json"],
        [`/api/v1/garments/${GTIN}/SEW-0001/2/passport`, "application/json"],
        ["/api/v1/lots/FL-0001", "application/json"],
        ["/api/v1/provenance/SHP-0001", "application/json"],
      ] as const) {
        const answer = await t.call("GET", path, { headers: { accept } });
        expect(answer.status, `${path} (${accept}): ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(200);
      }

      // /healthz says which store cannot take writes.
      await sleep(PROBE_TTL_MS + 100);
      const health = await t.call("GET", "/healthz");
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "degraded", disk: "full", error: { code: "UNAVAILABLE" } });
      expect(Number(health.headers.get("retry-after"))).toBeGreaterThan(0);

      // Nothing half-done: no facility, lot or consumption exists from the refused writes.
      expect((await t.call("GET", "/api/v1/facilities/late-mill")).status).toBe(404);
      expect((await t.call("GET", "/api/v1/lots/FL-FULL")).status).toBe(404);
      expect((await t.call("GET", "/api/v1/lots/CUT-FULL")).status).toBe(404);
      expect((await t.call("GET", "/api/v1/lots/FL-0001")).body).toEqual(before.fabric);
    } finally {
      unlinkSync(filler);
      rmSync(filler, { force: true });
    }

    // Space is back: /healthz is ok again and the same writes go through, once each.
    await sleep(PROBE_TTL_MS + 100);
    const recovered = await t.call("GET", "/healthz");
    expect(recovered.status, JSON.stringify(recovered.body)).toBe(200);
    expect(recovered.body).toMatchObject({ status: "ok", disk: "ok", ipfs: "ok", serviceDb: "ok" });
    for (const write of writes) {
      const answer = await write.send();
      expect(answer.status, `${write.name} after recovery: ${JSON.stringify(answer.body)}`).toBe(201);
      const replay = await write.send();
      expect(replay.status, `${write.name} replayed`).toBe(201);
      // A new facility's API key is shown once: its replay answers the rest of the same answer.
      const { apiKey: _shownOnce, ...first } = answer.body as Record<string, unknown>;
      expect(replay.body, `${write.name} replayed`).toMatchObject(first);
    }
    expect((await t.call("GET", "/api/v1/facilities/late-mill")).status).toBe(200);
    expect((await t.call("GET", "/api/v1/lots/FL-FULL")).status).toBe(200);
    const cut = await t.call("GET", "/api/v1/lots/CUT-FULL");
    expect(cut.status).toBe(200);
    // The read model is consistent with the chain: FL-0001 lost exactly the 100 m of the one cutting since.
    const fabricNow = (await t.call("GET", "/api/v1/lots/FL-0001")).body;
    expect(fabricNow.remaining).toBe(before.fabric.remaining - 100);
    expect((await t.call("GET", garmentPage(1), { headers: { accept: "text/html" } })).status).toBe(200);
  }, 240_000);
});
