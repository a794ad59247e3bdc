/**
 * Lines and equipment, and the programme operator's KPI dashboard, against the real service seeded with the
 * demo (through its public API) plus a few events that name a cutting table and a sewing line. Every figure is
 * checked against numbers worked out here from the lots the API answers with (GET /api/v1/lots/{id}) and from
 * the seed's own outcomes, never from the dashboard's queries; the CSV downloads are parsed back; facility and
 * certifier sessions get 403.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../../services/demo/seed";
import type { SeedResult } from "../../../services/demo/seed";
import { loadGarmentSecret } from "../../../services/garments";
import { OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";

const DEMO_LOTS = [
  "FL-VN-JERSEY-01",
  "FL-KR-TWILL-01",
  "FL-CN-POPLIN-01",
  "TR-VN-JERSEY-01",
  "TR-KR-TWILL-01",
  "TR-CN-POPLIN-01",
  "CUT-JP-01",
  "CUT-DE-01",
  "CUT-AU-01",
  "TR-CUT-JP-01",
  "TR-CUT-DE-01",
  "TR-CUT-AU-01",
  "SEW-JP-01",
  "SEW-DE-01",
  "SEW-AU-01",
  "SHP-JP-01",
  "SHP-DE-01",
  "SHP-AU-01",
];
/** The events this test adds, naming a cutting table and a sewing line. */
const ADDED_LOTS = ["CUT-JP-02", "TR-CUT-JP-02", "SEW-JP-02"];
const RAN_ON: Record<string, { lineId?: string; equipmentId?: string }> = {
  "CUT-JP-02": { equipmentId: "TABLE-1" },
  "SEW-JP-02": { lineId: "LINE-A" },
};
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;
const vnDay = (iso: string) => new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 10);

describe("lines, equipment and the KPI dashboard", () => {
  let t: TestService;
  let seed: SeedResult;
  const lots = new Map<string, Json>();
  const keyOf = (id: string) => seed.keys.find((key) => key.id === id)!.apiKey;

  /** A console session cookie for `apiKey`. */
  async function signIn(apiKey: string): Promise<string> {
    const response = await fetch(`${t.service.url}/console/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ apiKey, lang: "en" }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    return response.headers.get("set-cookie")!.split(";")[0]!;
  }

  async function page(cookie: string | null, path: string) {
    const response = await fetch(`${t.service.url}${path}`, {
      headers: cookie ? { cookie } : {},
      redirect: "manual",
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

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

  it("registers lines and equipment with the facility's own key only, field by field", async () => {
    const post = (facility: string, key: string, body: unknown) =>
      t.call("POST", `/api/v1/facilities/${facility}/equipment`, { key, body });
    const line = { id: "LINE-A", kind: "sewing-line", name: "Line A (T-shirts)" };
    expect((await post("tng-sewing", OPERATOR_KEY, line)).status).toBe(403);
    expect((await post("tng-sewing", keyOf("tng-cutting"), line)).status).toBe(403);
    expect((await post("tng-sewing", keyOf("vcci-hanoi"), line)).status).toBe(403);
    const created = await post("tng-sewing", keyOf("tng-sewing"), line);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ facilityId: "tng-sewing", ...line });
    expect((await post("tng-sewing", keyOf("tng-sewing"), line)).body.error.code).toBe("DUPLICATE_ID");
    const bad = await post("tng-sewing", keyOf("tng-sewing"), { id: "bad:id", kind: "loom", name: "" });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details.fields as { path: string }[]).map((field) => field.path).sort();
    expect(paths).toEqual(["id", "kind", "name"]);
    for (const item of [
      { id: "TABLE-1", kind: "cutting-table", name: "Cutting table 1 (auto spreader)" },
      { id: "KNIT-7", kind: "knitting-machine", name: "Circular knitting machine 7" },
    ])
      expect((await post("tng-cutting", keyOf("tng-cutting"), item)).status).toBe(201);

    const listed = await t.call("GET", "/api/v1/facilities/tng-cutting/equipment", { key: OPERATOR_KEY });
    expect(listed.status).toBe(200);
    expect(listed.body.equipment.map((item: Json) => item.id)).toEqual(["TABLE-1", "KNIT-7"]);
    for (const key of [keyOf("tng-sewing"), keyOf("vcci-hanoi")])
      expect((await t.call("GET", "/api/v1/facilities/tng-cutting/equipment", { key })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/facilities/tng-cutting/equipment")).status).toBe(401);

    const openapi = await t.call("GET", "/api/v1/openapi.json");
    expect(Object.keys(openapi.body.paths["/api/v1/facilities/{id}/equipment"]).sort()).toEqual([
      "get",
      "post",
    ]);
  });

  it("refuses a cutting or sewing naming a line or machine its facility did not register, by the field", async () => {
    const cutter = keyOf("tng-cutting");
    const cut = (overrides: Record<string, unknown>) => ({
      id: "CUT-JP-02",
      inputs: [{ lotId: "TR-VN-JERSEY-01", quantity: { amount: 600, unit: "m" }, role: "main-fabric" }],
      output: { quantity: { amount: 1140, unit: "pcs" }, style: "TS-01 crew-neck T-shirt" },
      occurredAt: "2026-10-10T08:00:00Z",
      ...overrides,
    });
    const refusals: [Record<string, unknown>, string][] = [
      [{ equipmentId: "NO-SUCH" }, "equipmentId"],
      [{ lineId: "TABLE-1" }, "lineId"],
      [{ equipmentId: "LINE-A" }, "equipmentId"], // another facility's line
    ];
    for (const [overrides, field] of refusals) {
      const answer = await t.call("POST", "/api/v1/events/cuttings", { key: cutter, body: cut(overrides) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.error.details.fields.map((f: Json) => f.path)).toEqual([field]);
    }
    expect((await t.call("GET", "/api/v1/lots/CUT-JP-02")).status).toBe(404);

    const recorded = await t.call("POST", "/api/v1/events/cuttings", {
      key: cutter,
      body: cut(RAN_ON["CUT-JP-02"]!),
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const record = await fetch(`${t.service.url}/ipfs/${recorded.body.recordCid as string}`);
    expect(((await record.json()) as Json).equipmentId).toBe("TABLE-1");
    const handOver = await t.call("POST", "/api/v1/events/shipments", {
      key: cutter,
      body: {
        id: "TR-CUT-JP-02",
        inputs: [{ lotId: "CUT-JP-02", quantity: { amount: 1140, unit: "pcs" } }],
        toFacilityId: "tng-sewing",
        occurredAt: "2026-10-11T08:00:00Z",
      },
    });
    expect(handOver.status, JSON.stringify(handOver.body)).toBe(201);
    const demoSewing = (await t.call("GET", "/api/v1/lots/SEW-JP-01")).body;
    const sewing = await t.call("POST", "/api/v1/events/sewings", {
      key: keyOf("tng-sewing"),
      body: {
        id: "SEW-JP-02",
        inputs: [{ lotId: "TR-CUT-JP-02", quantity: { amount: 1140, unit: "pcs" } }],
        product: demoSewing.sewing.product,
        output: { quantity: { amount: 570, unit: "pcs" } },
        // 03:00 on 14 October in Viet Nam: a day counted in UTC would be the 13th.
        occurredAt: "2026-10-13T20:00:00Z",
        ...RAN_ON["SEW-JP-02"],
      },
    });
    expect(sewing.status, JSON.stringify(sewing.body)).toBe(201);

    for (const id of [...DEMO_LOTS, ...ADDED_LOTS]) {
      const answer = await t.call("GET", `/api/v1/lots/${id}`);
      expect(answer.status, id).toBe(200);
      lots.set(id, answer.body);
    }
  });

  /** The figures of a period, worked out from the lots the API gave. */
  function expectedFigures(from: string, to: string, now: number) {
    const start = Date.parse(`${from}T00:00:00+07:00`);
    const end = Date.parse(`${to}T00:00:00+07:00`) + DAY_MS;
    const inPeriod = [...lots.values()].filter((lot) => {
      const at = Date.parse(lot.occurredAt as string);
      return at >= start && at < end;
    });
    const events: Record<string, Record<string, number>> = {};
    for (const lot of inPeriod) {
      const kind = lot.operation === "shipment" && lot.kind !== "shipment" ? "transfer" : lot.operation;
      const facility = (events[lot.recordedBy.id] ??= {});
      facility[kind] = (facility[kind] ?? 0) + 1;
      facility.total = (facility.total ?? 0) + 1;
    }
    const garments: Record<string, number> = {};
    const lineDays: Record<string, Record<string, number>> = {};
    for (const lot of inPeriod.filter((l) => l.operation === "sewing")) {
      garments[lot.recordedBy.id] = (garments[lot.recordedBy.id] ?? 0) + (lot.sewing.garmentCount as number);
      const line = `${lot.recordedBy.id}|${RAN_ON[lot.id]?.lineId ?? ""}`;
      const days = (lineDays[line] ??= {});
      days[vnDay(lot.occurredAt)] = (days[vnDay(lot.occurredAt)] ?? 0) + (lot.quantity as number);
    }
    const cuttings = inPeriod
      .filter((l) => l.operation === "cutting")
      .map((lot) => ({
        facility: lot.recordedBy.id as string,
        style: lot.cutting.style as string,
        equipmentId: RAN_ON[lot.id]?.equipmentId ?? null,
        pieces: lot.quantity as number,
        metres: (lot.inputs as Json[]).reduce(
          (sum, input) => sum + (input.unit === "m" ? (input.quantity as number) : 0),
          0,
        ),
      }));
    const onTime: Record<string, { onTime: number; late: number; pending: number }> = {};
    for (const lot of inPeriod.filter((l) => l.kind !== "shipment")) {
      const arrived = Date.parse(lot.occurredAt as string);
      const uses = (lot.consumedBy as Json[]).map((use) => Date.parse(lots.get(use.lotId)!.occurredAt));
      const firstUse = uses.length > 0 ? Math.min(...uses) : null;
      const counts = (onTime[lot.facility.id] ??= { onTime: 0, late: 0, pending: 0 });
      if (firstUse !== null) counts[firstUse - arrived <= 7 * DAY_MS ? "onTime" : "late"]++;
      else counts[now - arrived > 7 * DAY_MS ? "late" : "pending"]++;
    }
    return { events, garments, lineDays, cuttings, onTime };
  }

  it("counts the period's events, garments, yield, output per line and lots on time as the lots say", async () => {
    const cookie = await signIn(OPERATOR_KEY);
    const answer = await page(
      cookie,
      "/console/operator/kpis/events.csv?from=2026-09-01&to=2026-10-31&lang=en",
    );
    expect(answer.status).toBe(200);
    const csv = async (figure: string, from: string, to: string, lang = "en") => {
      const got = await page(
        cookie,
        `/console/operator/kpis/${figure}.csv?from=${from}&to=${to}&lang=${lang}`,
      );
      expect(got.status, got.text.slice(0, 300)).toBe(200);
      expect(got.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(got.headers.get("content-disposition")).toBe(
        `attachment; filename="${figure}-${from}-${to}.csv"`,
      );
      return parse(got.text, { bom: true, columns: true }) as Record<string, string>[];
    };
    const expected = expectedFigures("2026-09-01", "2026-10-31", Date.now());

    // Events recorded: 18 of the demo and 3 added, per recording facility and kind.
    const events = await csv("events", "2026-09-01", "2026-10-31");
    const facilityRows = events.filter((row) => row.Scope === "facility");
    expect(
      Object.fromEntries(
        facilityRows.map((row) => [
          row.Facility,
          {
            "fabric-lot": Number(row["Fabric lots"]),
            cutting: Number(row.Cuttings),
            sewing: Number(row.Sewings),
            shipment: Number(row.Exports),
            transfer: Number(row["Hand-overs"]),
            total: Number(row.Total),
          },
        ]),
      ),
    ).toEqual(
      Object.fromEntries(
        Object.entries(expected.events).map(([facility, counts]) => [
          facility,
          {
            "fabric-lot": counts["fabric-lot"] ?? 0,
            cutting: counts.cutting ?? 0,
            sewing: counts.sewing ?? 0,
            shipment: counts.shipment ?? 0,
            transfer: counts.transfer ?? 0,
            total: counts.total,
          },
        ]),
      ),
    );
    expect(Number(events.find((row) => row.Scope === "province")!.Total)).toBe(21);

    // Garments committed.
    const garments = await csv("garments", "2026-09-01", "2026-10-31");
    expect(
      Object.fromEntries(
        garments.filter((r) => r.Scope === "facility").map((r) => [r.Facility, Number(r.Garments)]),
      ),
    ).toEqual(expected.garments);
    expect(Number(garments.find((r) => r.Scope === "province")!.Garments)).toBe(
      Object.values(expected.garments).reduce((a, b) => a + b, 0),
    );

    // Cutting yield: no style has history before September, so each row is held against its facility's yield.
    const yields = await csv("cutting-yield", "2026-09-01", "2026-10-31");
    const facilityYield =
      expected.cuttings.reduce((sum, c) => sum + c.pieces, 0) /
      expected.cuttings.reduce((s, c) => s + c.metres, 0);
    expect(yields.filter((r) => r.Scope === "facility")).toHaveLength(expected.cuttings.length);
    for (const cutting of expected.cuttings) {
      const row = yields.find(
        (r) => r.Style === cutting.style && r["Cutting table"] === (cutting.equipmentId ?? ""),
      )!;
      expect(row, cutting.style).toBeDefined();
      expect(Number(row["Pieces per metre"])).toBeCloseTo(cutting.pieces / cutting.metres, 4);
      expect(Number(row.Baseline)).toBeCloseTo(facilityYield, 4);
      expect(row["Baseline from"]).toBe("facility");
      expect(Number(row["Against baseline"])).toBeCloseTo(
        cutting.pieces / cutting.metres / facilityYield - 1,
        4,
      );
    }
    // In October the T-shirt style has September's cutting as history: 1,140 pieces from 600 m is 1.9 against 2.0.
    const october = await csv("cutting-yield", "2026-10-01", "2026-10-31");
    expect(october).toHaveLength(2);
    expect(october[0]).toMatchObject({
      Facility: "tng-cutting",
      Style: "TS-01 crew-neck T-shirt",
      "Cutting table": "TABLE-1",
      "Pieces per metre": "1.9",
      Baseline: "2",
      "Baseline from": "style",
      "Against baseline": "-0.05",
    });

    // Sewing output per line per day.
    const sewing = await csv("sewing-output", "2026-09-01", "2026-10-31");
    const perLineDay: Record<string, Record<string, number>> = {};
    for (const row of sewing.filter((r) => r.Scope === "facility"))
      (perLineDay[`${row.Facility}|${row.Line}`] ??= {})[row.Day!] = Number(row.Garments);
    expect(perLineDay).toEqual(expected.lineDays);
    expect(perLineDay["tng-sewing|LINE-A"]).toEqual({ "2026-10-14": 570 });

    // Lots consumed on time (within 7 days of arriving).
    const onTime = await csv("lots-on-time", "2026-09-01", "2026-10-31");
    expect(
      Object.fromEntries(
        onTime
          .filter((r) => r.Scope === "facility")
          .map((r) => [
            r.Facility,
            { onTime: Number(r["On time"]), late: Number(r.Late), pending: Number(r.Pending) },
          ]),
      ),
    ).toEqual(expected.onTime);
    const province = onTime.find((r) => r.Scope === "province")!;
    const decided = Object.values(expected.onTime).reduce((sum, c) => sum + c.onTime + c.late, 0);
    const early = Object.values(expected.onTime).reduce((sum, c) => sum + c.onTime, 0);
    expect(Number(province.Rate)).toBeCloseTo(early / decided, 4);
    // The demo's Korean and Chinese fabric waited 8 and 9 days, the Australian batch 8 days for its export,
    // and the added batch is still unused: 4 late of 18.
    expect({ onTime: early, late: decided - early }).toEqual({ onTime: 14, late: 4 });
  });

  it("counts origin assessments, certificates issued and revoked, scans and clone warnings of today", async () => {
    // The seed's certificate requests each stored an assessment: issued ones were originating, refusals say why.
    const answer = (outcome: SeedResult["certificates"][number]) =>
      outcome.outcome === "issued"
        ? "originating"
        : outcome.detail.startsWith("PROVISIONAL_RULE")
          ? "provisional"
          : outcome.detail.startsWith("NOT_ORIGINATING")
            ? "not-originating"
            : "insufficient-data";
    const expectedPass: Record<string, { assessed: number; originating: number; provisional: number }> = {};
    for (const outcome of seed.certificates) {
      const row = (expectedPass[outcome.fta] ??= { assessed: 0, originating: 0, provisional: 0 });
      row.assessed++;
      if (answer(outcome) === "originating" || answer(outcome) === "provisional") row.originating++;
      if (answer(outcome) === "provisional") row.provisional++;
    }
    expect(expectedPass.EVFTA).toEqual({ assessed: 2, originating: 1, provisional: 0 });

    // One certificate revoked, and scans: one garment from five places (a copied label), another once.
    const issued = seed.certificates.filter((c) => c.outcome === "issued");
    const revoked = await t.call("POST", `/api/v1/origin/certificates/${issued[1]!.detail}/revoke`, {
      key: keyOf("vcci-hanoi"),
      body: { reason: "Invoice corrected: reissue pending" },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const [copied, genuine] = seed.garments;
    for (const language of ["vi-VN", "en-GB", "en-US", "ja-JP", "de-DE"])
      expect((await fetch(copied!.url, { headers: { "accept-language": language } })).status).toBe(200);
    expect((await fetch(genuine!.url, { headers: { "accept-language": "vi-VN" } })).status).toBe(200);

    const cookie = await signIn(OPERATOR_KEY);
    const csv = async (figure: string) => {
      // The default period: the last 30 days, today included.
      const got = await page(cookie, `/console/operator/kpis/${figure}.csv?lang=en`);
      expect(got.status).toBe(200);
      return parse(got.text, { bom: true, columns: true }) as Record<string, string>[];
    };
    const pass = await csv("origin-pass-rate");
    const perAgreement = pass.filter((r) => r.Scope === "agreement");
    expect(
      Object.fromEntries(
        perAgreement.map((r) => [
          r.Agreement,
          {
            assessed: Number(r.Assessed),
            originating: Number(r.Originating),
            provisional: Number(r["Of which provisional"]),
          },
        ]),
      ),
    ).toEqual(expectedPass);
    expect(Number(perAgreement.find((r) => r.Agreement === "EVFTA")!.Rate)).toBe(0.5);

    const certificates = await csv("certificates");
    expect(certificates.find((r) => r.Scope === "province")).toMatchObject({ Issued: "2", Revoked: "1" });
    const byAgreement = certificates.filter((r) => r.Scope === "agreement");
    const issuedFtas = issued.map((c) => c.fta).sort();
    expect(byAgreement.map((r) => r.Agreement).sort()).toEqual(issuedFtas);
    expect(byAgreement.find((r) => r.Agreement === issued[1]!.fta)).toMatchObject({
      Issued: "1",
      Revoked: "1",
    });

    const scans = await csv("scans");
    expect(scans.find((r) => r.Scope === "province")).toMatchObject({
      Scans: "6",
      "Garments scanned": "2",
      "Clone warnings": "1",
    });
    // Both garments are the demo's T-shirts and chinos, sewn at tng-sewing.
    expect(scans.filter((r) => r.Scope === "facility").map((r) => r.Facility)).toEqual(["tng-sewing"]);
  });

  it("words the CSV headers in Vietnamese, refuses a bad period by its field and other roles with 403", async () => {
    const operator = await signIn(OPERATOR_KEY);
    const vi = await page(
      operator,
      "/console/operator/kpis/garments.csv?from=2026-09-01&to=2026-10-31&lang=vi",
    );
    expect(vi.status).toBe(200);
    const [header] = parse(vi.text, { bom: true }) as string[][];
    expect(header).toEqual(["Phạm vi", "Cơ sở", "Tên cơ sở", "Lô hàng", "Sản phẩm"]);
    expect((await page(operator, "/console/operator/kpis/nothing.csv")).status).toBe(404);

    const backwards = await page(operator, "/console/operator/kpis?from=2026-10-31&to=2026-09-01&lang=en");
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('data-field-error="to"');
    expect(backwards.text).toContain("must not be before from");
    const tooLong = await page(operator, "/console/operator/kpis?from=2025-01-01&to=2026-10-31&lang=vi");
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('data-field-error="from"');
    expect(tooLong.text).toContain("một kỳ báo cáo tối đa 366 ngày");
    const notADay = await page(operator, "/console/operator/kpis?from=2026-02-30&lang=en");
    expect(notADay.status).toBe(400);
    expect(notADay.text).toContain('data-field-error="from"');

    for (const key of [keyOf("tng-sewing"), keyOf("vcci-hanoi")]) {
      const cookie = await signIn(key);
      for (const path of ["/console/operator/kpis", "/console/operator/kpis/events.csv"]) {
        const refused = await page(cookie, path);
        expect(refused.status, path).toBe(403);
        expect(refused.text).not.toContain("data-figure");
      }
    }
    expect((await page(null, "/console/operator/kpis/events.csv")).status).toBe(401);
  });
});
