/**
 * EPCIS 2.0 capture through the real service (Hardhat chain, Helia, SQLite, HTTP): GS1's 47 examples are
 * captured and kept, every OpenEPCIS invalid document is refused with a problem document, a duplicate is
 * captured once, and the two error behaviours.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEventProof } from "../../services/epcis/commitment";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { standardsPath } from "../support/standards";

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), ending)
      : entry.name.endsWith(ending)
        ? [join(dir, entry.name)]
        : [],
  );
}

const corpus = () => filesUnder(standardsPath("epcis", "openepcis-corpus"), ".json");

/** The three OpenEPCIS "valid" documents the GS1 schema refuses; threadproof refuses them too (see services/epcis/README.md). */
const REFUSED_BY_GS1_SCHEMA = [
  "AggregationEvent_with_persistentDisposition.json",
  "SensorData_with_combined_events.json",
  "TransactionEvent_with_userExtensions.json",
];

let t: TestService;
let key: string;

async function capture(
  document: unknown,
  options: { behaviour?: string; rawBody?: string; mediaType?: string } = {},
) {
  return t.call("POST", "/epcis/capture", {
    key,
    rawBody: options.rawBody ?? JSON.stringify(document),
    headers: {
      "content-type": options.mediaType ?? "application/ld+json",
      ...(options.behaviour ? { "gs1-capture-error-behaviour": options.behaviour } : {}),
    },
  });
}

/** Polls the capture job until it stops running. */
async function jobOf(location: string): Promise<Json> {
  for (;;) {
    const job = await t.call("GET", location, { key });
    expect(job.status).toBe(200);
    if (!job.body.running) return job.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function captured(document: unknown, behaviour?: string): Promise<Json> {
  const answer = await capture(document, behaviour ? { behaviour } : {});
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  expect(answer.headers.get("location")).toMatch(/^\/epcis\/capture\/[0-9a-f-]{36}$/);
  return jobOf(answer.headers.get("location")!);
}

beforeAll(async () => {
  t = await startTestService();
  const registered = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: {
      id: "epcis-mill",
      name: "EPCIS Mill",
      country: "VN",
      roles: ["fabric", "cutting", "sewing", "shipping"],
      gtinPrefixes: ["8938505"],
    },
  });
  expect(registered.status).toBe(201);
  key = registered.body.apiKey;
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe("EPCIS capture", () => {
  it("advertises its limits and error behaviours", async () => {
    const answer = await t.call("OPTIONS", "/epcis/capture");
    expect(answer.status).toBe(204);
    expect(Number(answer.headers.get("gs1-epcis-capture-limit"))).toBeGreaterThan(0);
    expect(Number(answer.headers.get("gs1-epcis-capture-file-size-limit"))).toBeGreaterThan(0);
    expect(answer.headers.get("gs1-capture-error-behaviour")).toBe("rollback, proceed");
    expect(answer.headers.get("gs1-epcis-version")).toBe("2.0.0");
  });

  it("captures all 47 GS1 example documents and keeps their events, each provable alone", async () => {
    const examples = filesUnder(standardsPath("epcis", "examples"), ".jsonld");
    expect(examples).toHaveLength(47);
    for (const path of examples) {
      const job = await captured(JSON.parse(readFileSync(path, "utf8")));
      expect(job.success, `${basename(path)}: ${JSON.stringify(job.errors)}`).toBe(true);
      expect(job.errors).toEqual([]);
      expect(job.events.length, basename(path)).toBeGreaterThan(0);
      for (const event of job.events) expect(["kept", "duplicate"]).toContain(event.outcome);
    }
    const first = JSON.parse(readFileSync(examples[0]!, "utf8"));
    const job = await captured(first);
    // Captured before: the same events are captured once, and the job says so.
    expect(job.events.every((event: Json) => event.outcome === "duplicate")).toBe(true);
    const stored = await t.call("GET", `/epcis/events/${encodeURIComponent(job.events[0].eventID)}`);
    expect(stored.status).toBe(200);
    expect(
      verifyEventProof({
        root: stored.body.captureRoot,
        eventHash: stored.body.eventHash,
        proof: stored.body.proof,
      }),
    ).toBe(true);
    expect(stored.body.recordCid).toMatch(/^bafkrei[a-z2-7]+$/);
  }, 300_000);

  it("refuses every OpenEPCIS invalid capture document with a problem document naming the field", async () => {
    const invalid = corpus().filter((path) => path.includes("/JSON/Capture/Invalid/"));
    expect(invalid.length).toBeGreaterThanOrEqual(15);
    for (const path of invalid) {
      const answer = await capture(undefined, { rawBody: readFileSync(path, "utf8") });
      expect(answer.status, basename(path)).toBe(400);
      expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(answer.body.type).toBe("epcisException:ValidationException");
      expect(answer.body.status).toBe(400);
    }
  }, 120_000);

  it("refuses the three OpenEPCIS 'valid' documents the GS1 schema refuses", async () => {
    const paths = corpus().filter(
      (path) => path.includes("/JSON/Capture/") && REFUSED_BY_GS1_SCHEMA.includes(basename(path)),
    );
    expect(paths.map((path) => basename(path)).sort()).toEqual([...REFUSED_BY_GS1_SCHEMA].sort());
    for (const path of paths) {
      const answer = await capture(undefined, { rawBody: readFileSync(path, "utf8") });
      expect(answer.status, basename(path)).toBe(400);
      expect(answer.body.issues.length).toBeGreaterThan(0);
      expect(answer.body.issues[0].pointer).toMatch(/^\/epcisBody\/eventList\/\d+/);
    }
  });

  it("keeps one of the same event twice in a capture, and refuses a threadproof event that lacks a field", async () => {
    const context = [
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
      { tp: "https://threadproof.example/epcis/" },
    ];
    const inspection = {
      type: "ObjectEvent",
      eventTime: "2026-04-01T08:00:00.000Z",
      eventTimeZoneOffset: "+07:00",
      epcList: ["https://id.gs1.org/01/08938505974019/21/77"],
      action: "OBSERVE",
      bizStep: "inspecting",
    };
    const document = (events: unknown[]) => ({
      "@context": context,
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-04-01T09:00:00Z",
      epcisBody: { eventList: events },
    });
    const twice = await captured(document([inspection, { ...inspection }]));
    expect(twice.success).toBe(true);
    expect(twice.events.map((event: Json) => event.outcome)).toEqual(["kept", "duplicate"]);
    expect(twice.events[0].eventID).toBe(twice.events[1].eventID);

    const fabric = {
      type: "ObjectEvent",
      eventTime: "2026-04-01T08:00:00.000Z",
      eventTimeZoneOffset: "+07:00",
      quantityList: [{ epcClass: "tp:lot/FL-NO-HS", quantity: 100, uom: "MTR" }],
      action: "ADD",
      bizStep: "commissioning",
      bizLocation: { id: "tp:facility/epcis-mill" },
      ilmd: { "tp:description": "cotton jersey" },
    };
    const refused = await captured(
      document([{ ...inspection, eventTime: "2026-04-02T08:00:00.000Z" }, fabric]),
    );
    expect(refused.success).toBe(false);
    expect(refused.events.map((event: Json) => event.outcome)).toEqual(["not-captured", "refused"]);
    expect(refused.errors.length).toBeGreaterThan(0);
    for (const error of refused.errors) {
      expect(error).toMatchObject({ code: "VALIDATION_FAILED", eventIndex: 1 });
      expect(error.pointer).toMatch(/^\/epcisBody\/eventList\/1\//);
    }
    expect((await t.call("GET", "/api/v1/lots/FL-NO-HS")).status).toBe(404);
  });

  it("refuses without a facility key, and other media types", async () => {
    const document = { type: "EPCISDocument" };
    const anonymous = await t.call("POST", "/epcis/capture", { body: document });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const operator = await t.call("POST", "/epcis/capture", { key: OPERATOR_KEY, body: document });
    expect(operator.status).toBe(403);
    const text = await capture(undefined, { rawBody: "{}", mediaType: "text/plain" });
    expect(text.status).toBe(415);
    const behaviour = await capture({ type: "EPCISDocument" }, { behaviour: "all" });
    expect(behaviour.status).toBe(400);
  });
});
