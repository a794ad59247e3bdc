/**
 * The `threadproof` CLI driven as a user would: spawned processes against the real service (Hardhat chain,
 * Helia, SQLite, HTTP on a real port). A garment's life recorded through the JSON API is exported as EPCIS
 * and captured into a fresh instance with the CLI; then jobs, lots, labels, the operator's commands,
 * `--json`, and every exit code. Each run checks that the API key it was given appears nowhere in its output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { runThreadproof } from "../support/cli-process";
import type { CliRun } from "../support/cli-process";
import { recordGarmentLife } from "../support/garment-life";

let json: TestService;
let target: TestService;
let exported: Json;
let dir: string;
const keys: Record<string, string> = {};
let certifierKey: string;

/** Runs the CLI against the target service with `key` in THREADPROOF_API_KEY, and checks the key never shows. */
async function cli(args: string[], key?: string, env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runThreadproof(args, {
    THREADPROOF_URL: target.service.url,
    ...(key ? { THREADPROOF_API_KEY: key } : {}),
    ...env,
  });
  if (key) {
    expect(run.stdout, "the API key is printed").not.toContain(key);
    expect(run.stderr, "the API key is printed").not.toContain(key);
  }
  return run;
}

const show = (run: CliRun) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
const atFacility = (id: string) => (event: Json) => event.bizLocation.id.endsWith(`/facility/${id}`);
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tp-cli-"));
  json = await startTestService();
  const life = await recordGarmentLife(json, "0001");
  exported = (await json.call("GET", "/api/v1/lots/SHP-0001/epcis")).body;
  target = await startTestService();
  for (const [id, name, roles] of [
    ["factory-0001", "Thai Nguyen Garment", "fabric,cutting,sewing,shipping"],
    ["export-0001", "Haiphong Export Warehouse", "shipping"],
  ] as const) {
    const run = await cli(
      [
        "--json",
        "facility",
        "register",
        "--id",
        id,
        "--name",
        name,
        "--country",
        "VN",
        "--role",
        roles,
        "--gtin-prefix",
        "8938505",
      ],
      OPERATOR_KEY,
    );
    expect(run.code, show(run)).toBe(0);
    keys[id] = JSON.parse(run.stdout).apiKey;
    expect(keys[id]).toMatch(/.{20,}/);
  }
  // The fabric lot cites its supplier's certificate: the same bytes, so the same CID, in the new instance.
  const uploaded = await target.call("POST", "/api/v1/documents", {
    key: keys["factory-0001"],
    rawBody: fileForm(life.document.bytes, "application/pdf", { type: "supplier-certificate" }),
  });
  expect(uploaded.body.cid).toBe(life.document.cid);
}, 300_000);

afterAll(async () => {
  await json?.stop();
  await target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("threadproof capture, job, lot and labels", () => {
  let captureId: string;

  it("captures the factory's events with plain progress lines on a pipe, then the export's", async () => {
    const events: Json[] = exported.epcisBody.eventList;
    const factoryEvents = events.filter(atFacility("factory-0001"));
    expect(factoryEvents.length).toBe(4);
    const run = await cli(
      ["capture", file("factory.jsonld", { ...exported, epcisBody: { eventList: factoryEvents } })],
      keys["factory-0001"],
    );
    expect(run.code, show(run)).toBe(0);
    expect(run.stderr).toMatch(/^4\/4 events$/m);
    expect(run.stdout).toMatch(/^captured 4 events \(4 recorded\)$/m);
    captureId = /^job: ([0-9a-f-]{36})$/m.exec(run.stdout)![1]!;

    const exportRun = await cli(
      [
        "--json",
        "capture",
        file("export.jsonld", {
          ...exported,
          epcisBody: { eventList: events.filter(atFacility("export-0001")) },
        }),
      ],
      keys["export-0001"],
    );
    expect(exportRun.code, show(exportRun)).toBe(0);
    // --json: stdout is one JSON document and nothing else; progress went to stderr.
    const job = JSON.parse(exportRun.stdout);
    expect(job).toMatchObject({ success: true, running: false, eventsTotal: 1, errors: [] });
    expect(exportRun.stderr).toMatch(/^1\/1 events$/m);
  });

  it("shows the capture job, and the lot it recorded", async () => {
    const run = await cli(["job", captureId], keys["factory-0001"]);
    expect(run.code, show(run)).toBe(0);
    expect(run.stdout).toContain("captured 4 events");

    const lot = await cli(["lot", "SEW-0001"]);
    expect(lot.code, show(lot)).toBe(0);
    expect(lot.stdout).toMatch(/^id: +SEW-0001$/m);
    expect(lot.stdout).toMatch(/^quantity: +100 pcs \(remaining 0 pcs\)$/m);
    expect(lot.stdout).toMatch(/^input: +CUT-0001 /m);

    const asJson = await cli(["--json", "lot", "FL-0001"]);
    expect(asJson.code, show(asJson)).toBe(0);
    const body = JSON.parse(asJson.stdout);
    expect(body).toMatchObject({ id: "FL-0001", kind: "fabric", quantity: 1200, unit: "m" });
    expect(body).toEqual((await target.call("GET", "/api/v1/lots/FL-0001")).body);
  });

  it("downloads the batch's label sheet", async () => {
    const path = join(dir, "labels.pdf");
    const run = await cli(["labels", "SEW-0001", "-o", path], keys["factory-0001"]);
    expect(run.code, show(run)).toBe(0);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(run.stdout).toContain(`wrote ${path} (${bytes.byteLength} bytes)`);
  });

  it("names the refused event and field, and exits 1; nothing is recorded under rollback", async () => {
    const [fabric, cut] = exported.epcisBody.eventList as Json[];
    const rename = (event: Json) => {
      const { eventID: _ignored, ...rest } = JSON.parse(
        JSON.stringify(event).replaceAll("FL-0001", "FL-CLI").replaceAll("CUT-0001", "CUT-CLI"),
      );
      return rest;
    };
    const cutting = rename(cut);
    cutting.inputQuantityList[0].quantity = 999_999;
    const path = file("overdrawn.jsonld", {
      ...exported,
      epcisBody: { eventList: [rename(fabric), cutting] },
    });
    const run = await cli(["capture", path], keys["factory-0001"]);
    expect(run.code, show(run)).toBe(1);
    expect(run.stdout).toMatch(/capture refused \(rollback\): nothing recorded, 1 events refused/);
    expect(run.stdout).toMatch(/\/epcisBody\/eventList\/1 \(inputs\.0\.lotId\): INSUFFICIENT_QUANTITY/);
    expect((await cli(["lot", "FL-CLI"])).code).toBe(4);
  });

  it("exits 1 naming the event pointer when the GS1 schema refuses a document", async () => {
    const [fabric] = exported.epcisBody.eventList as Json[];
    const broken = { ...exported, epcisBody: { eventList: [{ ...fabric, eventTime: "yesterday" }] } };
    const run = await cli(["--json", "capture", file("broken.jsonld", broken)], keys["factory-0001"]);
    expect(run.code, show(run)).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error).toMatchObject({ status: 400, code: "VALIDATION_FAILED", exitCode: 1 });
    expect(error.refusals.map((refusal: Json) => refusal.where)).toContain(
      "/epcisBody/eventList/0/eventTime",
    );
    expect(run.stderr).toContain("/epcisBody/eventList/0/eventTime");
  });

  it("captures one event, and the same event again once", async () => {
    const path = file("inspection.json", {
      "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
      type: "ObjectEvent",
      eventTime: "2026-03-06T09:00:00.000+07:00",
      eventTimeZoneOffset: "+07:00",
      epcList: ["https://id.gs1.org/01/08938505974019/21/1"],
      action: "OBSERVE",
      bizStep: "inspecting",
      readPoint: { id: "urn:epc:id:sgln:8938505.00001.0" },
    });
    const first = await cli(["--json", "event", path], keys["export-0001"]);
    expect(first.code, show(first)).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: "kept", duplicate: false });
    const again = await cli(["event", path], keys["export-0001"]);
    expect(again.code, show(again)).toBe(0);
    expect(again.stdout).toMatch(
      /^captured before: ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0 \(duplicate\)$/m,
    );
  });
});

describe("the operator's commands", () => {
  it("suspends and reactivates a facility, sets prefixes and issues a new key", async () => {
    const register = await cli(
      [
        "--json",
        "facility",
        "register",
        "--id",
        "cli-mill",
        "--name",
        "CLI Mill",
        "--country",
        "VN",
        "--role",
        "fabric",
      ],
      OPERATOR_KEY,
    );
    expect(register.code, show(register)).toBe(0);
    const firstKey = JSON.parse(register.stdout).apiKey as string;

    const suspended = await cli(["--json", "facility", "suspend", "cli-mill"], OPERATOR_KEY);
    expect(suspended.code, show(suspended)).toBe(0);
    expect(JSON.parse(suspended.stdout)).toMatchObject({ id: "cli-mill", suspended: true });
    const reactivated = await cli(["facility", "reactivate", "cli-mill"], OPERATOR_KEY);
    expect(reactivated.code, show(reactivated)).toBe(0);
    expect(reactivated.stdout).toMatch(/^suspended: +false$/m);

    const prefixes = await cli(
      ["--json", "facility", "prefixes", "cli-mill", "8938506", "8938507"],
      OPERATOR_KEY,
    );
    expect(prefixes.code, show(prefixes)).toBe(0);
    expect(JSON.parse(prefixes.stdout).gtinPrefixes).toEqual(expect.arrayContaining(["8938506", "8938507"]));

    const issued = await cli(["facility", "key", "cli-mill"], OPERATOR_KEY);
    expect(issued.code, show(issued)).toBe(0);
    const newKey = /^api key: +(\S+)$/m.exec(issued.stdout)![1]!;
    expect(newKey).not.toBe(firstKey);
    // The old key stops working: 401, exit 3.
    expect((await cli(["labels", "SEW-0001", "-o", join(dir, "x.pdf")], firstKey)).code).toBe(3);
  });

  it("registers a certifier and rotates its key", async () => {
    const register = await cli(
      ["--json", "certifier", "register", "--id", "cli-cert", "--name", "CLI Certifier"],
      OPERATOR_KEY,
    );
    expect(register.code, show(register)).toBe(0);
    certifierKey = JSON.parse(register.stdout).apiKey;
    const rotated = await cli(["--json", "certifier", "rotate-key", "cli-cert"], OPERATOR_KEY);
    expect(rotated.code, show(rotated)).toBe(0);
    const body = JSON.parse(rotated.stdout);
    expect(body.did).not.toBe(body.previousDid);
  });

  it("names the refused field and exits 1", async () => {
    const run = await cli(
      [
        "facility",
        "register",
        "--id",
        "bad-country",
        "--name",
        "X",
        "--country",
        "Vietnam",
        "--role",
        "fabric",
      ],
      OPERATOR_KEY,
    );
    expect(run.code, show(run)).toBe(1);
    expect(run.stderr).toMatch(/400 VALIDATION_FAILED/);
    expect(run.stderr).toMatch(/^ {2}country: /m);
    expect(run.stdout).toBe("");
  });
});

describe("the certifier's commands", () => {
  it("compares the agreements for a destination, as the API answers", async () => {
    const run = await cli(["--json", "compare", "SHP-0001", "--destination", "DE"], certifierKey);
    expect(run.code, show(run)).toBe(0);
    const direct = await target.call("POST", "/api/v1/origin/comparisons", {
      key: certifierKey,
      body: { subjectId: "SHP-0001", importingCountry: "DE" },
    });
    expect(JSON.parse(run.stdout)).toEqual(direct.body);
    const human = await cli(["compare", "SHP-0001", "--destination", "DE"], certifierKey);
    expect(human.code, show(human)).toBe(0);
    for (const agreement of direct.body.agreements as Json[])
      expect(human.stdout).toContain(`  ${String(agreement.fta).padEnd(8)} ${agreement.status}`);
    // A date that is not the recorded one: 409, exit 5, naming the field.
    const wrongDate = await cli(
      ["compare", "SHP-0001", "--destination", "DE", "--date", "2026-01-01"],
      certifierKey,
    );
    expect(wrongDate.code, show(wrongDate)).toBe(5);
    expect(wrongDate.stderr).toMatch(/^ {2}date: /m);
    // A facility's key may not compare: 403, exit 3.
    expect((await cli(["compare", "SHP-0001", "--destination", "DE"], keys["export-0001"])).code).toBe(3);
  });

  it("stores an assessment, and a certificate for a lot whose fabric is Korean is refused under EVFTA", async () => {
    const run = await cli(["--json", "assess", "SHP-0001", "--fta", "EVFTA"], keys["export-0001"]);
    expect(run.code, show(run)).toBe(0);
    const stored = JSON.parse(run.stdout);
    expect(stored.assessment).toMatchObject({ fta: "EVFTA", status: "not-originating" });
    expect((await target.call("GET", `/api/v1/origin/assessments/${stored.id}`)).body).toEqual(stored);

    const issue = await cli(
      ["certificate", "issue", "--assessment", stored.id, "--role", "exporter"],
      certifierKey,
    );
    expect(issue.code, show(issue)).toBe(5);
    expect(issue.stderr).toMatch(/409 NOT_ORIGINATING/);
    expect((await cli(["certificate", "get", "CO-EVFTA-20260306-00000000"])).code).toBe(4);
  });
});

describe("exit codes", () => {
  it("3 without a key, with an unknown key and for another facility's batch", async () => {
    const output = join(dir, "nope.pdf");
    const none = await cli(["labels", "SEW-0001", "-o", output]);
    expect(none.code, show(none)).toBe(3);
    expect(none.stderr).toContain("THREADPROOF_API_KEY");
    const unknown = await cli(["labels", "SEW-0001", "-o", output], "not-a-key-of-this-service-0123456789");
    expect(unknown.code, show(unknown)).toBe(3);
    const other = await cli(["--json", "labels", "SEW-0001", "-o", output], keys["export-0001"]);
    expect(other.code, show(other)).toBe(3);
    expect(JSON.parse(other.stdout).error.status).toBe(403);
  });

  it("4 for an unknown lot or job", async () => {
    const lot = await cli(["lot", "NO-SUCH-LOT"]);
    expect(lot.code, show(lot)).toBe(4);
    expect(lot.stderr).toMatch(/404 NOT_FOUND/);
    const job = await cli(["job", "00000000-0000-4000-8000-000000000000"], keys["factory-0001"]);
    expect(job.code, show(job)).toBe(4);
  });

  it("5 for a conflict with what is recorded", async () => {
    const run = await cli(
      [
        "facility",
        "register",
        "--id",
        "factory-0001",
        "--name",
        "Again",
        "--country",
        "VN",
        "--role",
        "fabric",
      ],
      OPERATOR_KEY,
    );
    expect(run.code, show(run)).toBe(5);
    expect(run.stderr).toMatch(/409 DUPLICATE_ID/);
  });

  it("6 when the server cannot be reached, in JSON too", async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, "127.0.0.1", listening));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const run = await cli(["--json", "lot", "SEW-0001"], undefined, {
      THREADPROOF_URL: `http://127.0.0.1:${port}`,
    });
    expect(run.code, show(run)).toBe(6);
    expect(JSON.parse(run.stdout).error.message).toMatch(/connection refused/);
  });

  it("6 when the server does not answer within --timeout", async () => {
    // Accepts the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((listening) => silent.listen(0, "127.0.0.1", listening));
    try {
      const { port } = silent.address() as AddressInfo;
      const run = await cli(["--timeout", "1", "lot", "SEW-0001"], undefined, {
        THREADPROOF_URL: `http://127.0.0.1:${port}`,
      });
      expect(run.code, show(run)).toBe(6);
      expect(run.stderr).toMatch(/did not answer within 1 s \(--timeout\)/);
    } finally {
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
  });

  it("6 after retrying 503s as Retry-After says", async () => {
    // A server that is always busy: the CLI retries it (4 times) and then gives up with 6.
    let requests = 0;
    const busy = createServer((_request, response) => {
      requests++;
      response.writeHead(503, { "retry-after": "0", "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "busy" } }));
    });
    await new Promise<void>((listening) => busy.listen(0, "127.0.0.1", listening));
    try {
      const { port } = busy.address() as AddressInfo;
      const run = await cli(["lot", "SEW-0001"], undefined, { THREADPROOF_URL: `http://127.0.0.1:${port}` });
      expect(run.code, show(run)).toBe(6);
      expect(requests).toBe(5);
      expect(run.stderr).toMatch(/503 from GET \/api\/v1\/lots\/SEW-0001: retrying in 0\.0 s \(1\/4\)/);
      expect(run.stderr).toMatch(/503 UNAVAILABLE: busy/);
    } finally {
      await new Promise((done) => busy.close(done));
    }
  });

  it("2 for a usage error, 0 for --help, which lists the exit codes", async () => {
    const missing = await cli(["lot"]);
    expect(missing.code, show(missing)).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument 'id'/);
    const badKind = await cli(["import", "x.csv", "--kind", "buttons"]);
    expect(badKind.code, show(badKind)).toBe(2);
    expect((await cli(["no-such-command"])).code).toBe(2);
    const help = await cli(["--help"]);
    expect(help.code, show(help)).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 6])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${code} {2}\\S`, "m"));
  });

  it("warns when the key comes as a flag, and never prints it", async () => {
    const key = keys["factory-0001"]!;
    const run = await cli(["--api-key", key, "job", "00000000-0000-4000-8000-000000000000"]);
    expect(run.code, show(run)).toBe(4);
    expect(run.stderr).toMatch(/warning: --api-key shows in your shell history.*THREADPROOF_API_KEY/);
    expect(run.stdout + run.stderr).not.toContain(key);
  });
});
