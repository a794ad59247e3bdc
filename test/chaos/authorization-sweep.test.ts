/**
 * The authorization sweep: every write route × every principal (no key, an unknown key, a malformed header,
 * the operator, a certifier, facility A, facility B, a suspended facility), each with a body that is valid
 * for the route, acting on facility A's lots. The expected status of every cell is written down here; the
 * whole table is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutting, fabricLot, fileForm, samplePdf, sewing } from "../support/api-harness";
import { buildWorld, expectErrorShape, PRINCIPALS, rawRequest } from "./world";
import type { PrincipalName, World } from "./world";

/** A status, or "authorized": anything but 401/403 below 500 (the route's own answer, e.g. 404 or 422). */
type Expected = number | "authorized";

interface Row {
  route: string;
  /** Builds the request for one principal; `n` makes ids unique per cell. */
  request: (world: World, n: number) => { path: string; body: unknown; multipart?: FormData };
  expected: Partial<Record<PrincipalName, Expected>>;
}

const UNAUTHENTICATED: Partial<Record<PrincipalName, Expected>> = {
  none: 401,
  "bad key": 401,
  "malformed header": 401,
};

/** Only the operator may. */
const operatorOnly = (status: number) => ({
  ...UNAUTHENTICATED,
  operator: status,
  certifier: 403,
  "facility A": 403,
  "facility B": 403,
  "suspended facility": 403,
});

/** Facility A may, on its own lot; B may not touch A's lot; nobody else posts events. */
const lotOwnerOnly = {
  ...UNAUTHENTICATED,
  operator: 403,
  certifier: 403,
  "facility A": 201,
  "facility B": 403,
  "suspended facility": 403,
};

/** Any facility in good standing may capture its own observations; nobody else captures. */
const facilitiesOnly = (status: number) => ({
  ...UNAUTHENTICATED,
  operator: 403,
  certifier: 403,
  "facility A": status,
  "facility B": status,
  "suspended facility": 403,
});

const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** An inspection event, unique per cell (its time), so no cell is a duplicate of another. */
const inspection = (n: number) => ({
  type: "ObjectEvent",
  eventTime: new Date(Date.UTC(2026, 2, 1) + n * 60_000).toISOString(),
  eventTimeZoneOffset: "+07:00",
  action: "OBSERVE",
  bizStep: "inspecting",
  epcList: [`https://id.gs1.org/01/08938505974019/21/${n + 1}`],
});

const epcisDocument = (events: unknown[]) => ({
  "@context": [EPCIS_CONTEXT],
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-03-01T00:00:00Z",
  epcisBody: { eventList: events },
});

const originFacts = {
  fta: "CPTPP",
  exportingCountry: "VN",
  importingCountry: "JP",
  date: "2026-03-01",
  product: {
    hsCode: "6109.10",
    description: "men's cotton knitted T-shirt",
    construction: "cut-and-sewn",
    exWorksPrice: { amount: 4.2, currency: "USD" },
  },
  processes: [
    { stage: "cutting", country: "VN" },
    { stage: "sewing", country: "VN" },
  ],
  materials: [
    {
      description: "cotton single jersey",
      hsCode: "6006.21",
      role: "main-fabric",
      originCountry: "VN",
      stages: [
        { stage: "spinning", country: "VN" },
        { stage: "fabric-formation", country: "VN" },
      ],
      weightKg: 0.18,
      value: { amount: 1.1, currency: "USD" },
    },
  ],
};

const ROWS: Row[] = [
  {
    route: "POST /facilities",
    request: (_w, n) => ({
      path: "/api/v1/facilities",
      body: { id: `sweep-fac-${n}`, name: "Sweep", country: "VN", roles: ["fabric"] },
    }),
    expected: operatorOnly(201),
  },
  {
    route: "POST /certifiers",
    request: (_w, n) => ({ path: "/api/v1/certifiers", body: { id: `sweep-cert-${n}`, name: "Sweep" } }),
    expected: operatorOnly(201),
  },
  {
    route: "POST /facilities/{id}/suspend",
    request: (w) => ({ path: `/api/v1/facilities/${w.spareFacility}/suspend`, body: {} }),
    expected: operatorOnly(200),
  },
  {
    route: "POST /facilities/{id}/reinstate",
    request: (w) => ({ path: `/api/v1/facilities/${w.spareFacility}/reinstate`, body: {} }),
    expected: operatorOnly(200),
  },
  {
    route: "POST /facilities/{id}/gtin-prefixes",
    request: (w) => ({
      path: `/api/v1/facilities/${w.spareFacility}/gtin-prefixes`,
      body: { gtinPrefixes: ["8938505"] },
    }),
    expected: operatorOnly(200),
  },
  {
    // The operator, or the certifier itself (the world's certifier is cert-1); never a facility.
    route: "POST /certifiers/{id}/key-rotation",
    request: () => ({ path: "/api/v1/certifiers/cert-1/key-rotation", body: {} }),
    expected: {
      ...UNAUTHENTICATED,
      operator: 200,
      certifier: 200,
      "facility A": 403,
      "facility B": 403,
      "suspended facility": 403,
    },
  },
  {
    route: "POST /facilities/{id}/api-keys",
    request: (w) => ({ path: `/api/v1/facilities/${w.spareFacility}/api-keys`, body: {} }),
    expected: operatorOnly(201),
  },
  {
    route: "POST /facilities/{id}/equipment (A's register)",
    request: (_w, n) => ({
      path: "/api/v1/facilities/fac-a/equipment",
      body: { id: `SW-LINE-${n}`, kind: "sewing-line", name: "Sweep line" },
    }),
    expected: lotOwnerOnly,
  },
  {
    route: "POST /documents",
    request: (_w, n) => ({
      path: "/api/v1/documents",
      body: undefined,
      multipart: fileForm(samplePdf(`sweep ${n}`), "application/pdf", { type: "invoice" }),
    }),
    // Any valid key may upload, but a suspended facility writes nothing (403 FACILITY_SUSPENDED).
    expected: {
      ...UNAUTHENTICATED,
      operator: 201,
      certifier: 201,
      "facility A": 201,
      "facility B": 201,
      "suspended facility": 403,
    },
  },
  {
    route: "POST /events/fabric-lots (own new lot)",
    request: (_w, n) => ({ path: "/api/v1/events/fabric-lots", body: fabricLot(`SW-FL-${n}`) }),
    expected: { ...lotOwnerOnly, "facility B": 201 },
  },
  {
    route: "POST /events/cuttings (A's fabric)",
    request: (w, n) => ({
      path: "/api/v1/events/cuttings",
      body: cutting(`SW-CUT-${n}`, w.lots.A.fabric, 1),
    }),
    expected: lotOwnerOnly,
  },
  {
    route: "POST /events/sewings (A's cut bundles)",
    request: (w, n) => ({
      path: "/api/v1/events/sewings",
      body: sewing(`SW-SEW-${n}`, w.lots.A.cut, {
        inputs: [{ lotId: w.lots.A.cut, quantity: { amount: 1, unit: "pcs" } }],
        output: { quantity: { amount: 1, unit: "pcs" } },
      }),
    }),
    expected: lotOwnerOnly,
  },
  {
    route: "POST /events/shipments (A's garments, export)",
    request: (w, n) => ({
      path: "/api/v1/events/shipments",
      body: {
        id: `SW-SHP-${n}`,
        inputs: [{ lotId: w.lots.A.sewn, quantity: { amount: 1, unit: "pcs" } }],
        buyer: { name: "Nordwind GmbH", country: "DE" },
        destinationCountry: "DE",
        invoiceNumber: `INV-${n}`,
        occurredAt: "2026-03-05T08:00:00Z",
      },
    }),
    expected: lotOwnerOnly,
  },
  {
    route: "POST /events/shipments (A's garments, to facility B)",
    request: (w, n) => ({
      path: "/api/v1/events/shipments",
      body: {
        id: `SW-TRF-${n}`,
        inputs: [{ lotId: w.lots.A.sewn, quantity: { amount: 1, unit: "pcs" } }],
        toFacilityId: "fac-b",
        occurredAt: "2026-03-05T08:00:00Z",
      },
    }),
    expected: lotOwnerOnly,
  },
  {
    route: "POST /epcis/capture (an inspection, kept)",
    request: (_w, n) => ({ path: "/epcis/capture", body: epcisDocument([inspection(n)]) }),
    expected: facilitiesOnly(202),
  },
  {
    route: "POST /epcis/events (an inspection, kept)",
    request: (_w, n) => ({
      path: "/epcis/events",
      body: { "@context": [EPCIS_CONTEXT], ...inspection(n) },
    }),
    expected: facilitiesOnly(201),
  },
  {
    route: "POST /origin/assess",
    request: () => ({ path: "/api/v1/origin/assess", body: originFacts }),
    // Pure, records nothing: any valid key (DESIGN.md §5).
    expected: {
      ...UNAUTHENTICATED,
      operator: 200,
      certifier: 200,
      "facility A": 200,
      "facility B": 200,
      "suspended facility": 200,
    },
  },
  {
    route: "POST /origin/assessments (A's garment batch)",
    request: (w) => ({
      path: "/api/v1/origin/assessments",
      body: { subjectId: w.lots.A.sewn, fta: "EVFTA", importingCountry: "DE" },
    }),
    // Provenance is public, so any valid key may assess any subject; a suspended facility stores nothing.
    expected: {
      ...UNAUTHENTICATED,
      operator: "authorized",
      certifier: "authorized",
      "facility A": "authorized",
      "facility B": "authorized",
      "suspended facility": 403,
    },
  },
  {
    route: "POST /origin/certificates (A's garment batch)",
    request: (w) => ({
      path: "/api/v1/origin/certificates",
      body: { subjectId: w.lots.A.sewn, fta: "EVFTA", importingCountry: "DE" },
    }),
    expected: {
      ...UNAUTHENTICATED,
      operator: 403,
      certifier: "authorized",
      "facility A": 403,
      "facility B": 403,
      "suspended facility": 403,
    },
  },
  {
    route: "POST /origin/certificates/{id}/revoke",
    request: () => ({ path: "/api/v1/origin/certificates/NO-SUCH-CERT/revoke", body: { reason: "sweep" } }),
    // The issuing certifier, or the operator with a reason (here: no such certificate, so 404 for both).
    expected: {
      ...UNAUTHENTICATED,
      operator: "authorized",
      certifier: "authorized",
      "facility A": 403,
      "facility B": 403,
      "suspended facility": 403,
    },
  },
  {
    route: "POST /origin/certificates/{id}/reissue",
    request: () => ({ path: "/api/v1/origin/certificates/NO-SUCH-CERT/reissue", body: {} }),
    expected: {
      ...UNAUTHENTICATED,
      operator: 403,
      certifier: "authorized",
      "facility A": 403,
      "facility B": 403,
      "suspended facility": 403,
    },
  },
];

function matches(expected: Expected | undefined, status: number): boolean {
  if (expected === undefined) return status < 500;
  if (expected === "authorized") return status !== 401 && status !== 403 && status < 500;
  return status === expected;
}

describe("authorization sweep", () => {
  let world: World;
  const table: string[][] = [];
  let cells = 0;

  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(async () => {
    await world?.t.stop();
    const widths = ["route", ...PRINCIPALS].map((header, i) =>
      Math.max(header.length, ...table.map((row) => row[i]!.length)),
    );
    const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
    console.log(
      [
        `authorization sweep: ${table.length} write routes x ${PRINCIPALS.length} principals = ${cells} cells (status, expected in brackets where it differs)`,
        line(["route", ...PRINCIPALS]),
        line(widths.map((w) => "-".repeat(w))),
        ...table.map(line),
      ].join("\n"),
    );
  });

  it("answers every write route as each principal exactly as expected", async () => {
    const failures: string[] = [];
    let n = 0;
    for (const row of ROWS) {
      const cellsOfRow: string[] = [row.route];
      for (const principal of PRINCIPALS) {
        const { path, body, multipart } = row.request(world, n++);
        const headers: Record<string, string> = {};
        const authorization = world.authorization[principal];
        if (authorization !== undefined) headers.authorization = authorization;
        let answer;
        if (multipart) {
          // fetch encodes the multipart body; the raw client sends the rest byte for byte.
          const response = await fetch(`${world.t.service.url}${path}`, {
            method: "POST",
            headers,
            body: multipart,
          });
          const text = await response.text();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          answer = { status: response.status, headers: {}, text, json };
        } else {
          headers["content-type"] = "application/json";
          answer = await rawRequest(world.t.service.url, {
            method: "POST",
            path,
            headers,
            body: JSON.stringify(body),
          });
        }
        cells++;
        const expected = row.expected[principal];
        const code =
          answer.status >= 400 ? expectErrorShape(answer, `${row.route} as ${principal}`) : undefined;
        const ok = matches(expected, answer.status);
        cellsOfRow.push(`${answer.status}${code ? ` ${code}` : ""}${ok ? "" : ` [expected ${expected}]`}`);
        if (!ok) failures.push(`${row.route} as ${principal}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      table.push(cellsOfRow);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, 240_000);
});
