/**
 * A garment's life through EPCIS: recorded through the JSON endpoints in one instance, exported as an
 * EPCISDocument (valid against the GS1 schema), captured into a fresh instance, where it gives the same
 * lots, balances and origin assessment; captured again it records nothing twice. Then rollback against
 * proceed, one-event capture, and the query interface.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEpcisValidator } from "../../services/epcis/validate";
import type { EpcisValidator } from "../../services/epcis/validate";
import { fileForm, OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";
import { readStandardsJson } from "../support/standards";

const LOTS = ["FL-0001", "CUT-0001", "SEW-0001", "TR-0001", "SHP-0001"];

let json: TestService;
let epcis: TestService;
let life: RecordedLife;
let exported: Json;
let keys: Record<string, string>;
let validate: EpcisValidator;

async function jobOf(t: TestService, key: string, location: string): Promise<Json> {
  for (;;) {
    const job = await t.call("GET", location, { key });
    expect(job.status).toBe(200);
    if (!job.body.running) return job.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function capture(key: string, document: unknown, behaviour = "rollback"): Promise<Json> {
  const answer = await epcis.call("POST", "/epcis/capture", {
    key,
    body: document,
    headers: { "gs1-capture-error-behaviour": behaviour },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return jobOf(epcis, key, answer.headers.get("location")!);
}

const documentOf = (events: Json[]) => ({ ...exported, epcisBody: { eventList: events } });

/** The exported fabric lot and cutting as new lots `FL-{suffix}` and `CUT-{suffix}` (no eventID: new events). */
function renamedFabricAndCutting(suffix: string): [Json, Json] {
  const [fabric, cut] = exported.epcisBody.eventList as Json[];
  const rename = (event: Json): Json => {
    const { eventID: _ignored, ...rest } = JSON.parse(
      JSON.stringify(event).replaceAll("FL-0001", `FL-${suffix}`).replaceAll("CUT-0001", `CUT-${suffix}`),
    );
    return rest;
  };
  return [rename(fabric!), rename(cut!)];
}
const atFacility = (id: string) => (event: Json) => event.bizLocation.id.endsWith(`/facility/${id}`);

/** A lot as a reader sees it, without what differs between two chains (transactions, blocks, record CIDs). */
async function lotOf(t: TestService, id: string): Promise<Json> {
  const answer = await t.call("GET", `/api/v1/lots/${id}`);
  expect(answer.status).toBe(200);
  const strip = (value: Json): Json =>
    Array.isArray(value)
      ? value.map(strip)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .filter(
                ([key]) =>
                  !/txHash|blockNumber|recordCid|recordDigest|garmentsRoot|recordedAt|createdAt|root|^cid$|digest|manifestCid/i.test(
                    key,
                  ),
              )
              .map(([key, inner]) => [key, strip(inner)]),
          )
        : value;
  return strip(answer.body);
}

beforeAll(async () => {
  validate = createEpcisValidator(readStandardsJson<object>("epcis", "EPCIS-JSON-Schema.json"));
  json = await startTestService();
  life = await recordGarmentLife(json, "0001");
  exported = (await json.call("GET", "/api/v1/lots/SHP-0001/epcis")).body;

  epcis = await startTestService();
  keys = {};
  for (const [id, name, roles] of [
    ["factory-0001", "Thai Nguyen Garment", ["fabric", "cutting", "sewing", "shipping"]],
    ["export-0001", "Haiphong Export Warehouse", ["shipping"]],
  ] as const) {
    const answer = await epcis.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id, name, country: "VN", roles, gtinPrefixes: ["8938505"] },
    });
    expect(answer.status).toBe(201);
    keys[id] = answer.body.apiKey;
  }
  const uploaded = await epcis.call("POST", "/api/v1/documents", {
    key: keys["factory-0001"],
    rawBody: fileForm(life.document.bytes, "application/pdf", { type: "supplier-certificate" }),
  });
  expect(uploaded.body.cid).toBe(life.document.cid);
}, 240_000);

afterAll(async () => {
  await json?.stop();
  await epcis?.stop();
});

describe("a garment's life as EPCIS", () => {
  it("is exported as an EPCISDocument valid against the GS1 schema", async () => {
    expect(validate(exported)).toEqual({ valid: true });
    expect(exported.epcisBody.eventList).toHaveLength(LOTS.length);
  });

  it("captured into a fresh instance gives the same lots, balances and origin assessment", async () => {
    const events: Json[] = exported.epcisBody.eventList;
    const factoryJob = await capture(
      keys["factory-0001"]!,
      documentOf(events.filter(atFacility("factory-0001"))),
    );
    expect(factoryJob.errors).toEqual([]);
    expect(factoryJob.success).toBe(true);
    expect(factoryJob.events.map((event: Json) => event.outcome)).toEqual([
      "recorded",
      "recorded",
      "recorded",
      "recorded",
    ]);
    const exportJob = await capture(
      keys["export-0001"]!,
      documentOf(events.filter(atFacility("export-0001"))),
    );
    expect(exportJob.events.map((event: Json) => [event.outcome, event.lotId])).toEqual([
      ["recorded", "SHP-0001"],
    ]);
    for (const id of LOTS) expect(await lotOf(epcis, id), id).toEqual(await lotOf(json, id));

    const assess = async (t: TestService, key: string) => {
      const stored = await t.call("POST", "/api/v1/origin/assessments", {
        key,
        body: { subjectId: "SHP-0001", fta: "EVFTA" },
      });
      expect(stored.status, JSON.stringify(stored.body)).toBe(201);
      return stored.body.assessment ?? stored.body.result ?? stored.body;
    };
    const strip = (value: Json) =>
      JSON.parse(
        JSON.stringify(value, (key, inner) => (/id$|At$|digest|cid/i.test(key) ? undefined : inner)),
      );
    expect(strip(await assess(epcis, keys["export-0001"]!))).toEqual(
      strip(await assess(json, life.keys["export-0001"]!)),
    );

    // The fresh instance's export is valid too, and names the same events.
    const again = (await epcis.call("GET", "/api/v1/lots/SHP-0001/epcis")).body;
    expect(validate(again)).toEqual({ valid: true });
    const steps = (document: Json) =>
      document.epcisBody.eventList.map((event: Json) => [event.type, event.bizStep]);
    expect(steps(again)).toEqual(steps(exported));
  }, 120_000);

  it("captured twice records once, and the job says so", async () => {
    const before = await lotOf(epcis, "FL-0001");
    const events: Json[] = exported.epcisBody.eventList;
    const job = await capture(keys["factory-0001"]!, documentOf(events.filter(atFacility("factory-0001"))));
    expect(job.success).toBe(true);
    expect(job.events.map((event: Json) => event.outcome)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    expect(await lotOf(epcis, "FL-0001")).toEqual(before);
  });
});

describe("capture error behaviour", () => {
  /** A new fabric lot, then a cutting that consumes more of it than there is. */
  const overdrawn = (suffix: string) => {
    const [fabric, cutting] = renamedFabricAndCutting(suffix);
    cutting.inputQuantityList[0].quantity = 999_999;
    return documentOf([fabric, cutting]);
  };

  it("rollback records nothing when one event is refused, naming the event and the field", async () => {
    const job = await capture(keys["factory-0001"]!, overdrawn("RB"), "rollback");
    expect(job.success).toBe(false);
    expect(job.captureErrorBehaviour).toBe("rollback");
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ code: "INSUFFICIENT_QUANTITY", eventIndex: 1 });
    expect(job.errors[0].pointer).toMatch(/^\/epcisBody\/eventList\/1 \(inputs\.0\.lotId\)$/);
    expect((await epcis.call("GET", "/api/v1/lots/FL-RB")).status).toBe(404);
  });

  it("proceed records the events that can be, and names the refused one", async () => {
    const job = await capture(keys["factory-0001"]!, overdrawn("PR"), "proceed");
    expect(job.success).toBe(false);
    expect(job.events.map((event: Json) => event.outcome)).toEqual(["recorded", "refused"]);
    expect(job.errors[0]).toMatchObject({ code: "INSUFFICIENT_QUANTITY", eventIndex: 1 });
    expect((await epcis.call("GET", "/api/v1/lots/FL-PR")).status).toBe(200);
    expect((await epcis.call("GET", "/api/v1/lots/CUT-PR")).status).toBe(404);
  });

  it("refuses an event at another facility: a facility records only for itself", async () => {
    const [fabric] = exported.epcisBody.eventList as Json[];
    const { eventID: _ignored, ...event } = JSON.parse(
      JSON.stringify(fabric).replaceAll("FL-0001", "FL-OTHER"),
    );
    const job = await capture(keys["export-0001"]!, documentOf([event]));
    expect(job.errors[0]).toMatchObject({
      code: "FORBIDDEN",
      eventIndex: 0,
      pointer: "/epcisBody/eventList/0/bizLocation/id",
    });
    expect((await epcis.call("GET", "/api/v1/lots/FL-OTHER")).status).toBe(404);
  });
});

describe("one event, and the query interface", () => {
  const inspection = {
    "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
    type: "ObjectEvent",
    eventTime: "2026-03-06T09:00:00.000+07:00",
    eventTimeZoneOffset: "+07:00",
    epcList: ["https://id.gs1.org/01/08938505974019/21/1"],
    action: "OBSERVE",
    bizStep: "inspecting",
    readPoint: { id: "urn:epc:id:sgln:8938505.00001.0" },
  };

  it("captures one event with 201, and the same event again once", async () => {
    const first = await epcis.call("POST", "/epcis/events", { key: keys["export-0001"], body: inspection });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ outcome: "kept", duplicate: false });
    expect(first.body.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    expect(first.headers.get("location")).toBe(`/epcis/events/${encodeURIComponent(first.body.eventID)}`);
    const second = await epcis.call("POST", "/epcis/events", { key: keys["export-0001"], body: inspection });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ outcome: "duplicate", duplicate: true, eventID: first.body.eventID });
  });

  it("answers queries by type, time, step, identifier and class, a page at a time", async () => {
    const query = async (parameters: string) => {
      const answer = await epcis.call("GET", `/epcis/events?${parameters}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.type).toBe("EPCISQueryDocument");
      expect(validate(answer.body), parameters).toEqual({ valid: true });
      return answer;
    };
    const ids = (answer: Json) =>
      answer.body.epcisBody.queryResults.resultsBody.eventList.map((event: Json) => event.bizStep);
    expect(ids(await query("EQ_bizStep=inspecting"))).toEqual(["inspecting"]);
    expect(ids(await query("MATCH_epc=urn:epc:id:sgtin:8938505.097401.1"))).toEqual(["inspecting"]);
    expect(ids(await query("eventType=TransformationEvent"))).toEqual(
      expect.arrayContaining(["creating_class_instance", "assembling"]),
    );
    expect(
      ids(
        await query(
          `MATCH_anyEPCClass=${encodeURIComponent("https://id.gs1.org/01/08938505974019/10/SEW-0001")}`,
        ),
      ),
    ).toEqual(["assembling", "shipping"]);
    expect(ids(await query("GE_eventTime=2026-03-06T00:00:00Z&LT_eventTime=2026-03-07T00:00:00Z"))).toEqual([
      "inspecting",
    ]);
    expect(ids(await query("EQ_bizLocation=https://threadproof.example/epcis/facility/export-0001"))).toEqual(
      ["shipping"],
    );

    const seen: string[] = [];
    let next: string | null = "perPage=2&eventType=ObjectEvent,TransformationEvent".replace(",", "|");
    while (next) {
      const page = await query(next);
      const events = page.body.epcisBody.queryResults.resultsBody.eventList;
      expect(events.length).toBeLessThanOrEqual(2);
      seen.push(...events.map((event: Json) => event.eventID));
      const link = page.headers.get("link");
      next = link ? /<\/epcis\/events\?([^>]+)>; rel="next"/.exec(link)![1]! : null;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const all = await query("perPage=500");
    expect(seen).toHaveLength(all.body.epcisBody.queryResults.resultsBody.eventList.length);

    const bad = await epcis.call("GET", "/epcis/events?nextPageToken=nonsense");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await epcis.call("GET", "/epcis/events?perPage=100000")).status).toBe(400);
  });
});

describe("lines and equipment through EPCIS", () => {
  /** The life's fabric lot and cutting renamed, the cutting on cutting table TABLE-1 (`tp:equipmentId`). */
  const onTable = (suffix: string) => {
    const [fabric, cutting] = renamedFabricAndCutting(suffix);
    return documentOf([fabric, { ...cutting, "tp:equipmentId": "TABLE-1" }]);
  };
  const register = (t: TestService, key: string) =>
    t.call("POST", "/api/v1/facilities/factory-0001/equipment", {
      key,
      body: { id: "TABLE-1", kind: "cutting-table", name: "Cutting table 1" },
    });

  it("refuses equipment the facility did not register, then records it and exports it back", async () => {
    const refused = await capture(keys["factory-0001"]!, onTable("EQ"), "rollback");
    expect(refused.success).toBe(false);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({
      code: "VALIDATION_FAILED",
      eventIndex: 1,
      pointer: "/epcisBody/eventList/1 (equipmentId)",
    });
    expect((await epcis.call("GET", "/api/v1/lots/FL-EQ")).status).toBe(404);

    expect((await register(epcis, keys["factory-0001"]!)).status).toBe(201);
    const recorded = await capture(keys["factory-0001"]!, onTable("EQ"), "rollback");
    expect(recorded.errors).toEqual([]);
    expect(recorded.events.map((event: Json) => event.outcome)).toEqual(["recorded", "recorded"]);
    const cut = (await epcis.call("GET", "/api/v1/lots/CUT-EQ")).body;
    const record = (await (
      await fetch(`${epcis.service.url}/ipfs/${cut.record.cid as string}`)
    ).json()) as Json;
    expect(record.equipmentId).toBe("TABLE-1");

    // Exported, the cutting says its table; captured into the other instance it records the same.
    const again = (await epcis.call("GET", "/api/v1/lots/CUT-EQ/epcis")).body;
    expect(validate(again)).toEqual({ valid: true });
    const cutting = (again.epcisBody.eventList as Json[]).find(
      (event) => event.type === "TransformationEvent",
    )!;
    expect(cutting["tp:equipmentId"]).toBe("TABLE-1");
    expect(cutting["tp:lineId"]).toBeUndefined();
    expect((await register(json, life.keys["factory-0001"]!)).status).toBe(201);
    const answer = await json.call("POST", "/epcis/capture", {
      key: life.keys["factory-0001"],
      body: again,
      headers: { "gs1-capture-error-behaviour": "rollback" },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const back = await jobOf(json, life.keys["factory-0001"]!, answer.headers.get("location")!);
    expect(back.errors).toEqual([]);
    expect(await lotOf(json, "CUT-EQ")).toEqual(await lotOf(epcis, "CUT-EQ"));
    const backRecord = (await (
      await fetch(
        `${json.service.url}/ipfs/${(await json.call("GET", "/api/v1/lots/CUT-EQ")).body.record.cid as string}`,
      )
    ).json()) as Json;
    expect(backRecord.equipmentId).toBe("TABLE-1");
  }, 120_000);
});
