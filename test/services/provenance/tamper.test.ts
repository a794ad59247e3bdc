/**
 * The tamper suite: the read model (services/read-model/database.ts) is an index and a cache, never an
 * authority. For every column that reaches the garment page, its JSON, the provenance JSON, the passport, the
 * linkset, an assessment or a certificate, an UPDATE in SQLite is detected: the garment is "tampered" (naming
 * the check), the assessment is refused (PROVENANCE_TAMPERED) and no certificate is issued on it. A certificate
 * issued before its evidence was altered in IPFS verifies "invalid".
 *
 * Columns covered: see COLUMNS below (table.column → the failed check it must produce).
 *
 * Columns not covered, and why none of them can make a page wrong:
 * - index_progress.*: the indexer's position; never shown.
 * - facilities.roles, facilities.account, facilities.metadata_cid, facilities.tx_hash, facilities.block_number:
 *   never shown (roles and account are read by write-side checks, which the contract repeats on chain).
 * - facilities.id: the row is looked up by facility_key; what is shown is the id the checked record gives.
 * - lots.remaining: shown from the chain's live `remaining`, never from the row; lots.record_available and
 *   lots.log_index: never shown (availability is decided by fetching the record now).
 * - consumptions.remaining_after, tx_hash, block_number, log_index: never shown.
 * - garment_commitments.manifest_digest, tx_hash, block_number: the manifest is proven against the chain's
 *   Merkle root whatever digest names it, and the record's own commitment is preferred (a wrong digest only
 *   makes the manifest unavailable).
 * - certificates.certifier, tx_hash, block_number, revoked_at, revocation_*: the certificate status is read
 *   from the chain (getCertificate) for every certificate whose id is known; the row's transaction hash is
 *   shown as where the index saw the anchor (covered by the certificate page's own chain read, not here).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, cutting, fabricLot, sewing, startTestService } from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";
import { overwriteBlock } from "../../support/blockstore";
import { GTIN, recordGarmentLife } from "../../support/garment-life";
import type { RecordedLife } from "../../support/garment-life";
import { escapeHtml } from "../../../web/html";
import { noteWords } from "../../../web/i18n/notes";

interface Column {
  table: string;
  column: string;
  /** Which row: a WHERE clause over the table. */
  where: string;
  /** The forged value (SQL expression). */
  forged: string;
  /** The check that must fail (a prefix of its id). */
  failed: string;
}

const lot = (id: string) => `lot_key = (SELECT lot_key FROM lots WHERE id = '${id}')`;
const facility = (id: string) => `id = '${id}'`;

const COLUMNS: Column[] = [
  // facilities: the name comes from the facility record, the country from the chain.
  {
    table: "facilities",
    column: "name",
    where: facility("factory-0001"),
    forged: "'Forged Factory'",
    failed: "facility-record:factory-0001",
  },
  {
    table: "facilities",
    column: "country",
    where: facility("factory-0001"),
    forged: "'JP'",
    failed: "facility-record:factory-0001",
  },
  {
    table: "facilities",
    column: "suspended",
    where: facility("factory-0001"),
    forged: "1",
    failed: "facility-record:factory-0001",
  },
  {
    table: "facilities",
    column: "metadata_digest",
    where: facility("export-0001"),
    forged: `'0x${"ab".repeat(32)}'`,
    failed: "facility-record:export-0001",
  },
  // lots: chain state, the LotRecorded event, the record.
  {
    table: "lots",
    column: "id",
    where: "id = 'CUT-0001'",
    forged: "'CUT-FORGED'",
    failed: "chain-record:CUT-FORGED",
  },
  {
    table: "lots",
    column: "kind",
    where: "id = 'CUT-0001'",
    forged: "'fabric'",
    failed: "chain-record:CUT-0001",
  },
  {
    table: "lots",
    column: "operation",
    where: "id = 'CUT-0001'",
    forged: "'fabric-lot'",
    failed: "chain-record:CUT-0001",
  },
  {
    table: "lots",
    column: "quantity",
    where: "id = 'SEW-0001'",
    forged: "99",
    failed: "chain-record:SEW-0001",
  },
  { table: "lots", column: "unit", where: "id = 'FL-0001'", forged: "'kg'", failed: "chain-record:FL-0001" },
  {
    table: "lots",
    column: "facility_key",
    where: "id = 'SHP-0001'",
    forged: "(SELECT facility_key FROM facilities WHERE id = 'factory-0001')",
    failed: "chain-record:SHP-0001",
  },
  {
    table: "lots",
    column: "recorded_by_key",
    where: "id = 'SEW-0001'",
    forged: "(SELECT facility_key FROM facilities WHERE id = 'export-0001')",
    failed: "record-fields:SEW-0001",
  },
  {
    table: "lots",
    column: "record_digest",
    where: "id = 'FL-0001'",
    forged: `'0x${"cd".repeat(32)}'`,
    failed: "record-fields:FL-0001",
  },
  {
    table: "lots",
    column: "record_cid",
    where: "id = 'FL-0001'",
    forged: "'bafkreiforgedforgedforgedforgedforgedforgedforgedforged'",
    failed: "record-fields:FL-0001",
  },
  {
    table: "lots",
    column: "tx_hash",
    where: "id = 'CUT-0001'",
    forged: `'0x${"ef".repeat(32)}'`,
    failed: "record-fields:CUT-0001",
  },
  {
    table: "lots",
    column: "block_number",
    where: "id = 'CUT-0001'",
    forged: "1",
    failed: "record-fields:CUT-0001",
  },
  {
    table: "lots",
    column: "block_time",
    where: "id = 'CUT-0001'",
    forged: "'2020-01-01T00:00:00.000Z'",
    failed: "record-fields:CUT-0001",
  },
  {
    table: "lots",
    column: "occurred_at",
    where: "id = 'SEW-0001'",
    forged: "'2020-01-01T00:00:00Z'",
    failed: "record-fields:SEW-0001",
  },
  {
    table: "lots",
    column: "description",
    where: "id = 'FL-0001'",
    forged: "'silk charmeuse'",
    failed: "record-fields:FL-0001",
  },
  // consumptions: the graph's edges, as the consuming lot's record states them.
  {
    table: "consumptions",
    column: "quantity",
    where: "into_lot_key = (SELECT lot_key FROM lots WHERE id = 'CUT-0001')",
    forged: "1",
    failed: "record-fields:CUT-0001",
  },
  {
    table: "consumptions",
    column: "role",
    where: "into_lot_key = (SELECT lot_key FROM lots WHERE id = 'CUT-0001')",
    forged: "'lining'",
    failed: "record-fields:CUT-0001",
  },
  // lot_documents: the citations of the checked record.
  {
    table: "lot_documents",
    column: "type",
    where: lot("FL-0001"),
    forged: "'invoice'",
    failed: "record-fields:FL-0001",
  },
  {
    table: "lot_documents",
    column: "cid",
    where: lot("FL-0001"),
    forged: "'bafkreiforgedforgedforgedforgedforgedforgedforgedforged'",
    failed: "record-fields:FL-0001",
  },
  {
    table: "lot_documents",
    column: "sha256",
    where: lot("FL-0001"),
    forged: `'${"00".repeat(32)}'`,
    failed: "record-fields:FL-0001",
  },
  {
    table: "lot_documents",
    column: "media_type",
    where: lot("FL-0001"),
    forged: "'text/html'",
    failed: "record-fields:FL-0001",
  },
  // fabric_details: what the fabric page section and the origin facts show.
  ...[
    "hs_code:'5208.11'",
    'composition:\'[{"fibre":"silk","percent":100}]\'',
    "weight_kg:1",
    "value_amount:1",
    "value_currency:'EUR'",
    "supplier_name:'Forged Mill'",
    "supplier_country:'VN'",
    'stages:\'[{"stage":"fabric-formation","country":"VN"}]\'',
    'originating:\'[{"fta":"EVFTA","basis":"forged"}]\'',
  ].map((pair): Column => {
    const [column, forged] = [pair.slice(0, pair.indexOf(":")), pair.slice(pair.indexOf(":") + 1)];
    return {
      table: "fabric_details",
      column,
      where: lot("FL-0001"),
      forged,
      failed: "record-fields:FL-0001",
    };
  }),
  {
    table: "cutting_details",
    column: "style",
    where: lot("CUT-0001"),
    forged: "'FAKE-01'",
    failed: "record-fields:CUT-0001",
  },
  ...[
    "gtin:'08938505974026'",
    "hs_code:'6205.20'",
    "description:'silk shirt'",
    "construction:'whole-garment'",
    "ex_works_amount:99",
    "ex_works_currency:'EUR'",
    "garment_count:5",
  ].map((pair): Column => {
    const [column, forged] = [pair.slice(0, pair.indexOf(":")), pair.slice(pair.indexOf(":") + 1)];
    // A forged GTIN makes the scanned link name no garment: the JSON answers 404 (checked apart below).
    return {
      table: "sewing_details",
      column,
      where: lot("SEW-0001"),
      forged,
      failed: "record-fields:SEW-0001",
    };
  }),
  ...[
    "description:'gold buttons'",
    "hs_code:'7113.19'",
    "role:'main-fabric'",
    "origin_country:'VN'",
    "weight_kg:9",
    "value_amount:0",
    "value_currency:'EUR'",
  ].map((pair): Column => {
    const [column, forged] = [pair.slice(0, pair.indexOf(":")), pair.slice(pair.indexOf(":") + 1)];
    return { table: "trims", column, where: lot("SEW-0001"), forged, failed: "record-fields:SEW-0001" };
  }),
  {
    table: "shipment_details",
    column: "from_facility_key",
    where: lot("SHP-0001"),
    forged: "(SELECT facility_key FROM facilities WHERE id = 'factory-0001')",
    failed: "record-fields:SHP-0001",
  },
  {
    table: "shipment_details",
    column: "recipient_facility_key",
    where: lot("TR-0001"),
    forged: "(SELECT facility_key FROM facilities WHERE id = 'factory-0001')",
    failed: "record-fields:TR-0001",
  },
  {
    table: "shipment_details",
    column: "buyer_name",
    where: lot("SHP-0001"),
    forged: "'Forged Buyer'",
    failed: "record-fields:SHP-0001",
  },
  {
    table: "shipment_details",
    column: "buyer_country",
    where: lot("SHP-0001"),
    forged: "'JP'",
    failed: "record-fields:SHP-0001",
  },
  {
    table: "shipment_details",
    column: "destination_country",
    where: lot("SHP-0001"),
    forged: "'JP'",
    failed: "record-fields:SHP-0001",
  },
  {
    table: "shipment_details",
    column: "invoice_number",
    where: lot("SHP-0001"),
    forged: "'INV-FORGED'",
    failed: "record-fields:SHP-0001",
  },
  {
    table: "garment_commitments",
    column: "garments_root",
    where: lot("SEW-0001"),
    forged: `'0x${"12".repeat(32)}'`,
    failed: "record-fields:SEW-0001",
  },
  {
    table: "garment_commitments",
    column: "manifest_cid",
    where: lot("SEW-0001"),
    forged: "'bafkreiforgedforgedforgedforgedforgedforgedforgedforged'",
    failed: "record-fields:SEW-0001",
  },
];

describe("the read model is never an authority", () => {
  let t: TestService;
  let life: RecordedLife;
  let certifier: string;
  const factoryKeys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestService();
    life = await recordGarmentLife(t);
    // A second life whose EVFTA assessment is originating: knitted, cut and sewn in Viet Nam, exported to DE.
    for (const [id, name] of [
      ["mill-vn", "Hanoi Knitting Mill"],
      ["garment-vn", "Thai Nguyen Garment"],
    ]) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name,
          country: "VN",
          roles: ["fabric", "cutting", "sewing", "shipping"],
          gtinPrefixes: ["8938505"],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      factoryKeys[id!] = answer.body.apiKey;
    }
    const cert = await t.call("POST", "/api/v1/certifiers", {
      key: OPERATOR_KEY,
      body: { id: "vcci-t", name: "VCCI test" },
    });
    expect(cert.status, JSON.stringify(cert.body)).toBe(201);
    certifier = cert.body.apiKey;
    const mill = factoryKeys["mill-vn"]!;
    const factory = factoryKeys["garment-vn"]!;
    const steps: [string, string, Record<string, unknown>][] = [
      [
        "fabric-lots",
        mill,
        fabricLot("FL-T", {
          supplier: { name: "Hanoi Knitting Mill", country: "VN" },
          stages: [
            { stage: "fibre", country: "US" },
            { stage: "spinning", country: "VN" },
            { stage: "fabric-formation", country: "VN" },
          ],
        }),
      ],
      [
        "shipments",
        mill,
        {
          id: "TR-T",
          inputs: [{ lotId: "FL-T", quantity: { amount: 600, unit: "m" } }],
          toFacilityId: "garment-vn",
          occurredAt: "2026-03-01T12:00:00Z",
        },
      ],
      ["cuttings", factory, cutting("CUT-T", "TR-T")],
      ["sewings", factory, sewing("SEW-T", "CUT-T")],
      [
        "shipments",
        factory,
        {
          id: "SHP-T",
          inputs: [{ lotId: "SEW-T", quantity: { amount: 1000, unit: "pcs" } }],
          buyer: { name: "Nordwind GmbH", country: "DE" },
          destinationCountry: "DE",
          invoiceNumber: "INV-T",
          occurredAt: "2026-03-06T08:00:00Z",
        },
      ],
    ];
    for (const [path, key, body] of steps) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key, body });
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Runs `check` with one column of the read model forged, then puts the original value back. */
  async function withForged<T>(
    column: Pick<Column, "table" | "column" | "where" | "forged">,
    check: () => Promise<T>,
  ) {
    const db = t.service.indexDb;
    const rows = db
      .prepare(`SELECT rowid AS row, ${column.column} AS value FROM ${column.table} WHERE ${column.where}`)
      .all() as { row: number; value: unknown }[];
    expect(rows.length, `${column.table}.${column.column} has a row to forge`).toBeGreaterThan(0);
    db.prepare(`UPDATE ${column.table} SET ${column.column} = ${column.forged} WHERE ${column.where}`).run();
    try {
      return await check();
    } finally {
      const restore = db.prepare(`UPDATE ${column.table} SET ${column.column} = ? WHERE rowid = ?`);
      for (const { row, value } of rows) restore.run(value, row);
    }
  }

  const garmentJson = (serial: number) =>
    t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/${serial}?ac=${life.code("SEW-0001", serial)}`);

  it("shows the garment authentic while the read model is intact", async () => {
    const answer = await garmentJson(3);
    expect(
      answer.body.verdict,
      JSON.stringify(answer.body.checks.filter((c: Json) => c.status !== "passed")),
    ).toBe("authentic");
  });

  for (const column of COLUMNS) {
    it(`detects ${column.table}.${column.column} altered: the garment is tampered (${column.failed})`, async () => {
      await withForged(column, async () => {
        if (column.table === "sewing_details" && column.column === "gtin") {
          // The scanned GTIN no longer finds the batch: nothing is shown as authentic.
          expect((await garmentJson(3)).status).toBe(404);
          return;
        }
        const answer = await garmentJson(3);
        expect(answer.status).toBe(200);
        expect(answer.body.verdict).toBe("tampered");
        const failed = (answer.body.checks as Json[]).filter((check) => check.status === "failed");
        expect(failed.map((check) => check.id)).toContainEqual(expect.stringMatching(`^${column.failed}`));
        // Each says what it found as a code the page words in its language, beside the English detail.
        expect(failed.filter((check) => !(check.note as Json | undefined)?.code)).toEqual([]);
        // The provenance JSON says the same.
        const graph = await t.call("GET", "/api/v1/provenance/SHP-0001");
        expect(graph.body.verification.verdict).toBe("tampered");
      });
      expect((await garmentJson(3)).body.verdict).toBe("authentic");
    });
  }

  it("shows what the records say, not the forged row: the page keeps the true supplier and maker", async () => {
    await withForged(
      { table: "fabric_details", column: "supplier_country", where: lot("FL-0001"), forged: "'VN'" },
      async () =>
        withForged(
          {
            table: "facilities",
            column: "name",
            where: facility("factory-0001"),
            forged: "'Forged Factory'",
          },
          async () => {
            const answer = await garmentJson(4);
            expect(answer.body.verdict).toBe("tampered");
            expect(answer.body.fabrics[0].supplier).toEqual({ name: "Hanil Textile", country: "KR" });
            expect(answer.body.product.maker).toEqual({ name: "Thai Nguyen Garment", country: "VN" });
            const passport = await t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/4/passport`);
            expect(passport.body.credentialSubject.product.producedAtFacility.name).toBe(
              "Thai Nguyen Garment",
            );
            expect(passport.body.credentialSubject.verification.verdict).toBe("tampered");
          },
        ),
    );
  });

  for (const column of [
    { table: "fabric_details", column: "supplier_country", where: lot("FL-T"), forged: "'CN'" },
    {
      table: "fabric_details",
      column: "stages",
      where: lot("FL-T"),
      forged: `'[{"stage":"fabric-formation","country":"CN"}]'`,
    },
    { table: "facilities", column: "country", where: facility("garment-vn"), forged: "'CN'" },
    {
      table: "consumptions",
      column: "quantity",
      where: "into_lot_key = (SELECT lot_key FROM lots WHERE id = 'SHP-T')",
      forged: "7",
    },
  ]) {
    it(`refuses to assess or certify with ${column.table}.${column.column} altered; may once it is restored`, async () => {
      await withForged(column, async () => {
        const assessed = await t.call("POST", "/api/v1/origin/assessments", {
          key: certifier,
          body: { subjectId: "SHP-T", fta: "EVFTA" },
        });
        expect(assessed.status, JSON.stringify(assessed.body)).toBe(409);
        expect(assessed.body.error.code).toBe("PROVENANCE_TAMPERED");
        const issued = await t.call("POST", "/api/v1/origin/certificates", {
          key: certifier,
          body: { subjectId: "SHP-T", fta: "EVFTA", exporterAuthorisation: "VN-T-1" },
        });
        expect(issued.status, JSON.stringify(issued.body)).toBe(409);
        expect(issued.body.error.code).toBe("PROVENANCE_TAMPERED");
      });
      const assessed = await t.call("POST", "/api/v1/origin/assessments", {
        key: certifier,
        body: { subjectId: "SHP-T", fta: "EVFTA" },
      });
      expect(assessed.status, JSON.stringify(assessed.body)).toBe(201);
      expect(assessed.body.assessment.status).toBe("originating");
    });
  }

  it("verifies a certificate invalid once its evidence is altered in IPFS, valid while it is intact", async () => {
    const issued = await t.call("POST", "/api/v1/origin/certificates", {
      key: certifier,
      body: { subjectId: "SHP-T", fta: "EVFTA", exporterAuthorisation: "VN-T-1" },
      idempotencyKey: "tamper-evidence-1",
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const id = issued.body.id as string;
    const before = await t.call("GET", `/api/v1/origin/certificates/${id}/verification`);
    expect(before.body.verdict).toBe("valid");
    expect(before.body.checks.find((c: Json) => c.id === "evidence")).toMatchObject({ passed: true });

    const cut = await t.call("GET", "/api/v1/lots/CUT-T");
    const original = await t.service.store.get(cut.body.record.cid);
    const altered = new TextEncoder().encode(
      new TextDecoder().decode(original).replace('"style":"TS-01"', '"style":"TS-02"'),
    );
    const restore = overwriteBlock(t.dataDir, original, altered);
    try {
      const after = await t.call("GET", `/api/v1/origin/certificates/${id}/verification`);
      expect(after.body.verdict).toBe("invalid");
      expect(after.body.checks.find((c: Json) => c.id === "evidence")).toMatchObject({
        passed: false,
        detail: expect.stringContaining("lot CUT-T"),
        note: { code: expect.stringMatching(/^evidence-record-/), params: { lot: "CUT-T" } },
      });
      const page = await fetch(`${t.service.url}/certificates/${id}?lang=en`, {
        headers: { accept: "text/html" },
      });
      expect(await page.text()).toContain('data-verdict="invalid"');
    } finally {
      restore();
    }
    expect((await t.call("GET", `/api/v1/origin/certificates/${id}/verification`)).body.verdict).toBe(
      "valid",
    );
  });

  it("warns of a facility suspended on chain on the garment page, in both languages; no warning once reinstated", async () => {
    const suspend = await t.call("POST", "/api/v1/facilities/export-0001/suspend", { key: OPERATOR_KEY });
    expect(suspend.status, JSON.stringify(suspend.body)).toBe(200);
    try {
      const answer = await garmentJson(5);
      expect(answer.body.verdict).toBe("unverified");
      expect(answer.body.suspensions).toEqual([
        { facility: { id: "export-0001", name: "Haiphong Export Warehouse" } },
      ]);
      expect(
        (answer.body.checks as Json[]).find((c) => c.id === "facility-standing:export-0001"),
      ).toMatchObject({
        status: "unavailable",
        detail: expect.stringContaining("suspended"),
        note: { code: "facility-suspended", params: { facility: "export-0001" } },
      });
      const path = `/01/${GTIN}/10/SEW-0001/21/5?ac=${life.code("SEW-0001", 5)}`;
      for (const [lang, title] of [
        ["en", "A facility of this garment is suspended"],
        ["vi", "Một cơ sở sản xuất sản phẩm này đang bị đình chỉ"],
      ] as const) {
        const words = noteWords({ code: "facility-suspended", params: { facility: "export-0001" } }, lang);
        const page = await fetch(`${t.service.url}${path}&lang=${lang}`, {
          headers: { accept: "text/html" },
        });
        const html = await page.text();
        expect(html).toContain('data-suspended="export-0001"');
        expect(html).toContain(title);
        expect(html).toContain(escapeHtml(words!));
      }
    } finally {
      const reinstate = await t.call("POST", "/api/v1/facilities/export-0001/reinstate", {
        key: OPERATOR_KEY,
      });
      expect(reinstate.status, JSON.stringify(reinstate.body)).toBe(200);
    }
    const answer = await garmentJson(5);
    expect(answer.body.verdict).toBe("authentic");
    expect(answer.body.suspensions).toBeUndefined();
  });

  it("counts no clone scan without a proven code (missing or made up); scans with the proven code count", async () => {
    const made = await t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/6?ac=ZZZZZZZZZZ`);
    expect(made.body.authenticationCode).toBe("wrong");
    for (const [lang, code] of [
      ["vi-VN", ""],
      ["en-GB", "?ac=ZZZZZZZZZZ"],
      ["de-DE", ""],
      ["ja-JP", "?ac=ZZZZZZZZZZ"],
      ["fr-FR", ""],
      ["ko-KR", ""],
    ] as const) {
      const page = await fetch(`${t.service.url}/01/${GTIN}/10/SEW-0001/21/6${code}`, {
        headers: { accept: "text/html", "accept-language": lang },
      });
      // A made-up code is answered 404 with the wrong-code page; a missing one 200, asking for the code.
      expect(page.status).toBe(code === "" ? 200 : 404);
      expect(await page.text()).toContain(
        code === "" ? 'data-verdict="missing-code"' : 'data-verdict="wrong-code"',
      );
    }
    const tally = await t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/6?ac=${life.code("SEW-0001", 6)}`);
    expect(tally.body.cloneWarning).toBeUndefined();
    // Scans that carry the proven code do count: five places make the warning (what a copied label looks like).
    for (const lang of ["vi-VN", "en-GB", "de-DE", "ja-JP", "fr-FR"]) {
      const page = await fetch(
        `${t.service.url}/01/${GTIN}/10/SEW-0001/21/6?ac=${life.code("SEW-0001", 6)}`,
        {
          headers: { accept: "text/html", "accept-language": lang },
        },
      );
      await page.text();
    }
    const warned = await t.call("GET", `/api/v1/garments/${GTIN}/SEW-0001/6?ac=${life.code("SEW-0001", 6)}`);
    expect(warned.body.cloneWarning).toEqual({ scans: 5, places: 5 });
  });
});
