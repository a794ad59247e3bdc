/**
 * The abuse suite: the heavy requests a hostile factory or a curious buyer can make, all at once, against the
 * real service (embedded chain, Helia on disk, SQLite, HTTP on loopback), while a prober asks for `/healthz`
 * and an ordinary garment page every ~50 ms and records how long each took from the moment it was due.
 *
 * Heavy, concurrently:
 * - document-heavy scans: a batch whose fabric lot, cutting and sewing each cite 20 documents of 2 MiB (the
 *   most the per-lot byte limit allows with room to spare), none of them in the register of checked
 *   documents (as on a second instance), scanned six times at once;
 * - a sewing of 100,000 garments (the largest batch allowed; the cutting before it yields 50 pieces a metre,
 *   the plausibility bound) and then its label sheet, read while it is drawn for its first 4 MiB;
 * - certificate PDFs cycled over more certificate ids than the per-client render budget, three rounds;
 * - an upload flood: more tiny uploads than the facility's daily quota.
 *
 * Asserted: every heavy request either finished (2xx) or was refused with its named limit (status + code),
 * and the prober never waited longer than PROBE_BOUND_MS. This is a liveness bound, not a speed test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetCheckedDocument } from "../../services/service-db/checked-documents";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../support/api-harness";
import type { ApiAnswer, TestService } from "../support/api-harness";
import { HEAVY_GTIN, recordHeavyLot } from "../support/document-heavy";
import type { HeavyLot } from "../support/document-heavy";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";

/**
 * The prober's bound. Before this work a single heavy request held the event loop for 23–51 s (a 100,000-
 * garment sewing 41 s, its label sheet 23 s, three document-heavy scans 51 s). Now nothing CPU-heavy runs on
 * it for more than a slice (a page of labels, a MiB of hashing), trees and PDFs are built in worker threads,
 * so a probe waits for the cores, not for a request. Measured on the 2-core machine while other test runs
 * kept its load average near 14: worst probe 7.0 s (the garment page; /healthz far less). 10 s still fails
 * on every freeze the issue measured; it is generous for a machine that loaded, and should come down (to
 * about 2 s) on a quiet one.
 */
const PROBE_BOUND_MS = 10_000;
const PROBE_INTERVAL_MS = 50;
const MiB = 1024 * 1024;
const UPLOADS_PER_DAY = 60;
const CERTIFICATES = 14;
const PDF_RENDERS_PER_MINUTE = 10;
const LABEL_SHEET_READ_BYTES = 4 * MiB;

/** The refusals a heavy request may get, each the named limit it met. */
const NAMED_LIMITS: Record<number, string[]> = {
  429: ["RATE_LIMITED", "QUOTA_EXCEEDED"],
  503: ["UNAVAILABLE"],
};

interface Outcome {
  what: string;
  status: number;
  code?: string;
}

describe("abuse: heavy requests while a prober watches", () => {
  let t: TestService;
  let life: RecordedLife;
  let heavy: HeavyLot;
  let bigKey: string;
  const certificateIds: string[] = [];

  beforeAll(async () => {
    const began = performance.now();
    t = await startTestService({
      UPLOADS_PER_DAY: String(UPLOADS_PER_DAY),
      CERTIFICATE_PDF_RENDERS_PER_MINUTE: String(PDF_RENDERS_PER_MINUTE),
    });
    life = await recordGarmentLife(t);
    heavy = await recordHeavyLot(t, { suffix: "ab", perEvent: 20, documentBytes: 2 * MiB });
    // As on a second instance on the same chain: none of these documents was ever checked here.
    for (const d of heavy.documents) forgetCheckedDocument(t.service.serviceDb, d.cid);

    // The facility of the big sewing: enough fabric and pieces for 100,000 garments.
    const facility = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: {
        id: "big-sewer",
        name: "Big Sewing Line",
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505"],
      },
    });
    expect(facility.status, JSON.stringify(facility.body)).toBe(201);
    bigKey = facility.body.apiKey;
    const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: bigKey,
      body: fabricLot("BIG-FL", {
        quantity: { amount: 2_500, unit: "m" },
        supplier: { name: "Hanoi Knitting Mill", country: "VN" },
        stages: [
          { stage: "spinning", country: "VN" },
          { stage: "fabric-formation", country: "VN" },
        ],
      }),
    });
    expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);
    const cut = await t.call("POST", "/api/v1/events/cuttings", {
      key: bigKey,
      // 50 pieces a metre, the plausibility bound: enough for the 100,000 garments and a small batch.
      body: cutting("BIG-CUT", "BIG-FL", 2_002, {
        output: { quantity: { amount: 100_100, unit: "pcs" }, style: "TS-01" },
      }),
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);

    // Originating shipments, each with its certificate, for the PDF cycling.
    const certifier = await t.call("POST", "/api/v1/certifiers", {
      key: OPERATOR_KEY,
      body: { id: "vcci-abuse", name: "VCCI" },
    });
    expect(certifier.status, JSON.stringify(certifier.body)).toBe(201);
    const smallSewing = await t.call("POST", "/api/v1/events/sewings", {
      key: bigKey,
      body: sewing("CERT-SEW", "BIG-CUT", {
        inputs: [{ lotId: "BIG-CUT", quantity: { amount: 100, unit: "pcs" } }],
        output: { quantity: { amount: 100, unit: "pcs" } },
      }),
    });
    expect(smallSewing.status, JSON.stringify(smallSewing.body)).toBe(201);
    for (let index = 0; index < CERTIFICATES; index++) {
      const shipment = await t.call("POST", "/api/v1/events/shipments", {
        key: bigKey,
        body: {
          id: `CERT-SHP-${index}`,
          inputs: [{ lotId: "CERT-SEW", quantity: { amount: 1, unit: "pcs" } }],
          buyer: { name: "Nordwind GmbH", country: "DE" },
          destinationCountry: "DE",
          invoiceNumber: `INV-A-${index}`,
          occurredAt: "2026-03-05T08:00:00Z",
        },
      });
      expect(shipment.status, JSON.stringify(shipment.body)).toBe(201);
      const issued = await t.call("POST", "/api/v1/origin/certificates", {
        key: certifier.body.apiKey,
        body: { subjectId: `CERT-SHP-${index}`, fta: "EVFTA", exporterAuthorisation: `VN-A-${index}` },
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      certificateIds.push(issued.body.id);
    }
    console.info(`abuse: set up in ${Math.round((performance.now() - began) / 1000)} s`);
  }, 600_000);
  afterAll(async () => {
    await t?.stop();
  });

  it(`keeps /healthz and a garment page under ${PROBE_BOUND_MS} ms while every heavy request finishes or meets its named limit`, async () => {
    const outcomes: Outcome[] = [];
    const began = performance.now();
    const note = (what: string, answer: Pick<ApiAnswer, "status" | "body">) =>
      outcomes.push({ what, status: answer.status, code: answer.body?.error?.code });
    const done = (what: string) =>
      console.info(`abuse: ${what} done after ${Math.round((performance.now() - began) / 1000)} s`);

    // The prober: each probe is due every PROBE_INTERVAL_MS; its wait counts from when it was due, so a
    // blocked event loop (which also delays the prober's own timer, in this process) is counted in full.
    const waits: { path: string; ms: number; status: number }[] = [];
    let probing = true;
    const probePaths = ["/healthz", `/01/${GTIN}/10/SEW-0001/21/1?ac=${life.code("SEW-0001", 1)}`];
    const prober = (async () => {
      const start = performance.now();
      for (let tick = 0; probing; tick++) {
        const due = start + tick * PROBE_INTERVAL_MS;
        const delay = due - performance.now();
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        const path = probePaths[tick % 2]!;
        let status = 0;
        try {
          const response = await fetch(`${t.service.url}${path}`, { headers: { accept: "text/html" } });
          await response.arrayBuffer();
          status = response.status;
        } catch (error) {
          console.error(`abuse: probe ${path} failed`, error);
        }
        waits.push({ path, ms: performance.now() - due, status });
        // A probe that ran long skips the ticks it overlapped instead of firing them all at once.
        tick = Math.max(tick, Math.floor((performance.now() - start) / PROBE_INTERVAL_MS));
      }
    })();

    const heavyScans = Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const serial = index + 1;
        const answer = await t.call(
          "GET",
          `/api/v1/garments/${HEAVY_GTIN}/${heavy.batch}/${serial}?ac=${heavy.code(serial)}`,
        );
        note("document-heavy scan", answer);
        if (answer.status === 200) {
          // Never "authentic" on documents it did not read: not yet checked ones leave it unverified.
          expect(["authentic", "unverified"]).toContain(answer.body.verdict);
          for (const d of answer.body.documents) expect(["passed", "unchecked"]).toContain(d.status);
        }
      }),
    );

    const bigSewingAndSheet = (async () => {
      const sewn = await t.call("POST", "/api/v1/events/sewings", {
        key: bigKey,
        body: sewing("BIG-SEW", "BIG-CUT", {
          inputs: [{ lotId: "BIG-CUT", quantity: { amount: 100_000, unit: "pcs" } }],
          output: { quantity: { amount: 100_000, unit: "pcs" } },
        }),
      });
      note("100,000-garment sewing", sewn);
      done("sewing");
      if (sewn.status !== 201) return;
      // Its own connection, so that hanging up on it cannot touch the prober's pooled ones.
      const hangUp = new AbortController();
      const sheet = await fetch(`${t.service.url}/api/v1/lots/BIG-SEW/labels.pdf`, {
        headers: { authorization: `Bearer ${bigKey}`, connection: "close" },
        signal: hangUp.signal,
      });
      if (sheet.status !== 200) {
        note("label sheet", { status: sheet.status, body: await sheet.json() });
        return;
      }
      // The sheet of 100,000 labels streams for minutes on a loaded 2-core machine: read while it is drawn
      // until LABEL_SHEET_READ_BYTES have come (a few hundred pages, the prober running throughout), then
      // hang up, which stops the drawing (LABEL_SHEET_ABORTED, for the logs only).
      let bytes = 0;
      const reader = sheet.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        if (bytes === 0) expect(new TextDecoder().decode(chunk.value.subarray(0, 5))).toBe("%PDF-");
        bytes += chunk.value.byteLength;
        if (bytes >= LABEL_SHEET_READ_BYTES) break;
      }
      hangUp.abort();
      await reader.cancel().catch(() => undefined);
      expect(bytes).toBeGreaterThanOrEqual(LABEL_SHEET_READ_BYTES);
      outcomes.push({ what: "label sheet", status: sheet.status });
    })();

    const pdfCycling = (async () => {
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          certificateIds.map(async (id) => {
            const answer = await t.call("GET", `/api/v1/origin/certificates/${id}.pdf`);
            note("certificate PDF", answer);
            if (answer.status === 429 || answer.status === 503)
              expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
          }),
        );
      }
    })();

    const uploadFlood = (async () => {
      const flood = Array.from({ length: UPLOADS_PER_DAY + 40 }, (_, index) => index);
      for (let start = 0; start < flood.length; start += 20) {
        await Promise.all(
          flood.slice(start, start + 20).map(async (index) => {
            const answer = await t.call("POST", "/api/v1/documents", {
              key: life.keys["factory-0001"],
              rawBody: fileForm(samplePdf(`flood ${index}`), "application/pdf", { type: "invoice" }),
            });
            note("upload", answer);
          }),
        );
      }
    })();

    await Promise.all([
      heavyScans.then(() => done("document-heavy scans")),
      bigSewingAndSheet.then(() => done("sewing and label sheet")),
      pdfCycling.then(() => done("PDF cycling")),
      uploadFlood.then(() => done("upload flood")),
    ]);
    probing = false;
    await prober;

    // Every heavy request finished or met its named limit.
    for (const outcome of outcomes) {
      if (outcome.status >= 200 && outcome.status < 300) continue;
      expect(NAMED_LIMITS[outcome.status] ?? [], JSON.stringify(outcome)).toContain(outcome.code);
    }
    // The limits were met where they must be: the flood went over its quota, the cycling over its budget.
    const uploads = outcomes.filter((o) => o.what === "upload");
    expect(uploads.filter((o) => o.status === 201)).toHaveLength(UPLOADS_PER_DAY - 1);
    expect(uploads.filter((o) => o.code === "QUOTA_EXCEEDED").length).toBe(
      uploads.length - (UPLOADS_PER_DAY - 1),
    );
    const pdfs = outcomes.filter((o) => o.what === "certificate PDF");
    expect(pdfs.some((o) => o.code === "RATE_LIMITED")).toBe(true);
    expect(pdfs.filter((o) => o.status === 200).length).toBeGreaterThanOrEqual(PDF_RENDERS_PER_MINUTE);
    expect(outcomes.find((o) => o.what === "100,000-garment sewing")?.status).toBe(201);
    expect(outcomes.find((o) => o.what === "label sheet")?.status).toBe(200);

    // And the prober was answered throughout, never waiting past the bound.
    expect(waits.length).toBeGreaterThan(20);
    expect(
      waits.every((w) => w.status === 200),
      JSON.stringify(waits.filter((w) => w.status !== 200)),
    ).toBe(true);
    const worst = waits.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.info(`abuse: ${waits.length} probes, worst ${Math.round(worst.ms)} ms (${worst.path})`);
    expect(worst.ms).toBeLessThan(PROBE_BOUND_MS);
  }, 900_000);
});
