/**
 * Spreadsheet import through the real service (Hardhat chain, Helia, SQLite, HTTP): messy CSV and XLSX files
 * made here (BOM, CRLF, `;` delimiters, NFD Vietnamese, comma decimals, Excel date cells and serial numbers,
 * blank trailing rows) for each kind, a bad row in the middle with both error behaviours, dry runs that
 * record nothing, re-imports that skip, an edited row refused, another facility's lot refused per row, the
 * job and its error file for their owner only, and the templates.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";

let t: TestService;
let millKey: string;
let otherKey: string;

const BOM = "\ufeff";
const nfd = (text: string) => text.normalize("NFD");

function csv(
  rows: string[][],
  options: { delimiter?: string; bom?: boolean; eol?: string } = {},
): Uint8Array {
  const delimiter = options.delimiter ?? ",";
  const quote = (cell: string) =>
    /["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell;
  const text = rows.map((row) => row.map(quote).join(delimiter)).join(options.eol ?? "\r\n");
  return new TextEncoder().encode(`${options.bom === false ? "" : BOM}${text}`);
}

async function xlsx(rows: unknown[][], dateColumns: number[] = []): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  for (const row of rows) sheet.addRow(row);
  for (const column of dateColumns) sheet.getColumn(column).numFmt = "dd/mm/yyyy";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function startImport(
  bytes: Uint8Array,
  fields: Record<string, string>,
  key = millKey,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  // The name says .txt: the type comes from the bytes.
  form.append("file", new Blob([Buffer.from(bytes)]), "upload.txt");
  return t.call("POST", "/api/v1/imports", { key, rawBody: form, headers });
}

async function jobOf(location: string, key = millKey): Promise<Json> {
  for (;;) {
    const job = await t.call("GET", location, { key });
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    if (job.body.status !== "running") return job.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function imported(
  bytes: Uint8Array,
  fields: Record<string, string>,
  key = millKey,
  headers: Record<string, string> = {},
): Promise<Json> {
  const answer = await startImport(bytes, fields, key, headers);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const location = answer.headers.get("location")!;
  expect(location).toBe(`/api/v1/imports/${answer.body.id}`);
  expect(answer.body.kind).toBe(fields.kind);
  return jobOf(location, key);
}

const lot = (id: string) => t.call("GET", `/api/v1/lots/${id}`);

const FABRIC_VI = [
  "Mã lô",
  "Ngày",
  "Mô tả",
  "Mã HS",
  "Thành phần",
  "Số lượng",
  "Đơn vị",
  "Khối lượng (kg)",
  "Giá trị (USD)",
  "Nhà cung cấp",
  "Nước của nhà cung cấp",
  "Công đoạn",
];
const fabricRow = (id: string, quantity = "1.234,5", date = "02/03/2026") => [
  id,
  date,
  nfd("vải thun cotton 180 gsm"),
  "6006.21",
  "cotton:95; elastane:5*",
  quantity,
  "m",
  "260,5",
  "3.600",
  nfd("Dệt Hà Nội"),
  "vn",
  "spinning:VN; fabric-formation:VN",
];

beforeAll(async () => {
  t = await startTestService({ IMPORT_FILE_LIMIT_BYTES: String(256 * 1024), IMPORT_MAX_ROWS: "50" });
  const register = async (id: string) => {
    const answer = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: {
        id,
        name: id,
        country: "VN",
        roles: ["fabric", "cutting", "sewing", "shipping"],
        gtinPrefixes: ["8938505"],
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.apiKey as string;
  };
  millKey = await register("import-mill");
  otherKey = await register("import-other");
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe("spreadsheet import", () => {
  it("reads a messy Vietnamese CSV (BOM, CRLF, ';', NFD headers and cells, comma decimals, blank rows)", async () => {
    const file = csv(
      [
        FABRIC_VI.map((header) => `  ${nfd(header).toUpperCase()} `),
        fabricRow("IMP-FL-1"),
        fabricRow("IMP-FL-2", "2.000", "2026-03-04"),
        fabricRow("IMP-FL-3", "300,25", "5/3/2026 14:30"),
        ["", "", ""],
        [],
      ],
      { delimiter: ";" },
    );
    const dry = await imported(file, { kind: "fabric-lots" });
    expect(dry).toMatchObject({
      status: "success",
      mode: "dry-run",
      total: 3,
      done: 3,
      recorded: 0,
      errors: [],
    });
    // A dry run records nothing.
    expect((await lot("IMP-FL-1")).status).toBe(404);

    const job = await imported(file, { kind: "fabric-lots", mode: "commit" });
    expect(job).toMatchObject({ status: "success", total: 3, done: 3, recorded: 3, skipped: 0, errors: [] });
    const first = (await lot("IMP-FL-1")).body;
    expect(first).toMatchObject({
      kind: "fabric",
      quantity: 1234.5,
      unit: "m",
      occurredAt: "2026-03-02T00:00:00+07:00",
    });
    expect(first.description).toBe("vải thun cotton 180 gsm".normalize("NFC"));
    expect((await lot("IMP-FL-3")).body).toMatchObject({
      quantity: 300.25,
      occurredAt: "2026-03-05T14:30:00+07:00",
    });

    // The same file again records nothing twice.
    const again = await imported(file, { kind: "fabric-lots", mode: "commit" });
    expect(again).toMatchObject({ status: "success", recorded: 0, skipped: 3, errors: [] });
    const dryAgain = await imported(file, { kind: "fabric-lots" });
    expect(dryAgain).toMatchObject({ status: "success", recorded: 0, skipped: 3 });
  });

  it("records cuttings from an English XLSX with Excel date cells, serial numbers and number cells", async () => {
    const file = await xlsx(
      [
        ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces", "Style"],
        ["IMP-CUT-1", new Date(Date.UTC(2026, 2, 6, 8, 0)), "IMP-FL-1:1,000.5", "m", 2400, "TS-01"],
        ["IMP-CUT-2", 46088, "IMP-FL-2:300; IMP-FL-3:100:lining", "M", "2,400", null],
        [null, null, null, null, null, null],
      ],
      [2],
    );
    const job = await imported(file, { kind: "cuttings", mode: "commit" });
    expect(job).toMatchObject({ status: "success", total: 2, recorded: 2, errors: [] });
    const cut = (await lot("IMP-CUT-1")).body;
    expect(cut).toMatchObject({
      kind: "cut-bundles",
      quantity: 2400,
      occurredAt: "2026-03-06T08:00:00+07:00",
    });
    expect(cut.inputs).toEqual([{ lotId: "IMP-FL-1", quantity: 1000.5, unit: "m", role: null }]);
    // Serial 46088 is 7 March 2026.
    expect((await lot("IMP-CUT-2")).body.occurredAt).toBe("2026-03-07T00:00:00+07:00");
    expect((await lot("IMP-FL-1")).body.remaining).toBeCloseTo(234, 6);
  });

  it("records sewings from a CSV and shipments (an export and a hand-over) from a Vietnamese XLSX", async () => {
    const sewings = csv(
      [
        [
          "Lot id",
          "Date",
          "Cut lots",
          "Garments",
          "GTIN",
          "HS code",
          "Product description",
          "Construction",
          "Ex-works price (USD)",
        ],
        [
          "IMP-SEW-1",
          "07/03/2026",
          "IMP-CUT-1:2400",
          "1,200",
          "08938505974019",
          "6109.10",
          "men's T-shirt",
          "cut-and-sewn",
          "4.20",
        ],
      ],
      { bom: false, eol: "\n" },
    );
    expect(await imported(sewings, { kind: "sewings", mode: "commit" })).toMatchObject({
      status: "success",
      recorded: 1,
    });
    expect((await lot("IMP-SEW-1")).body).toMatchObject({ kind: "garment-batch", quantity: 1200 });

    const shipments = await xlsx([
      [
        "Mã lô",
        "Ngày",
        "Lô xuất",
        "Đơn vị",
        "Người mua",
        "Nước người mua",
        "Nước đến",
        "Số hóa đơn",
        "Cơ sở nhận (mã)",
      ],
      ["IMP-SHP-1", "08/03/2026", "IMP-SEW-1:1.000", "cái", "Nordwind GmbH", "DE", "DE", 114, null],
      ["IMP-SHP-2", "08/03/2026", "IMP-SEW-1:200", null, null, null, null, null, "import-other"],
    ]);
    const job = await imported(shipments, { kind: "shipments", mode: "commit" });
    expect(job).toMatchObject({ status: "success", recorded: 2, errors: [] });
    expect((await lot("IMP-SHP-1")).body.kind).toBe("shipment");
    // The hand-over moved the batch's last 200 to the other facility.
    const handedOver = (await lot("IMP-SHP-2")).body;
    expect(handedOver.facility.id).toBe("import-other");
  });

  it("refuses a bad row in the middle: rollback records nothing, proceed records the rest and lists the row", async () => {
    const rows = [
      FABRIC_VI,
      fabricRow("IMP-RB-1"),
      fabricRow("IMP-RB-2", "1.5"),
      fabricRow("IMP-RB-3", "100", "31/02/2026"),
      fabricRow("IMP-RB-4"),
    ];
    const file = csv(rows);
    const rollback = await imported(file, { kind: "fabric-lots", mode: "commit" }, millKey, {
      "accept-language": "vi-VN,vi;q=0.9,en;q=0.5",
    });
    expect(rollback).toMatchObject({ status: "failed", recorded: 0, total: 4 });
    expect(rollback.errors).toEqual([
      {
        row: 3,
        column: "Số lượng",
        value: "1.5",
        code: "VALIDATION_FAILED",
        message: "phải là một số, ví dụ 1.234,5",
      },
      expect.objectContaining({ row: 4, column: "Ngày", value: "31/02/2026", code: "VALIDATION_FAILED" }),
    ]);
    expect((await lot("IMP-RB-1")).status).toBe(404);
    expect((await lot("IMP-RB-4")).status).toBe(404);

    const proceed = await imported(file, {
      kind: "fabric-lots",
      mode: "commit",
      errorBehaviour: "proceed",
      lang: "en",
    });
    expect(proceed).toMatchObject({ status: "failed", recorded: 2, total: 4, done: 4 });
    expect(proceed.errors.map((error: Json) => [error.row, error.column])).toEqual([
      [3, "Số lượng"],
      [4, "Ngày"],
    ]);
    expect(proceed.errors[1].message).toMatch(/^must be a date/);
    expect((await lot("IMP-RB-1")).status).toBe(200);
    expect((await lot("IMP-RB-4")).status).toBe(200);

    expect(proceed.errorFileUrl).toBe(`/api/v1/imports/${proceed.id}/errors.csv`);
    const errorFile = await fetch(`${t.service.url}${proceed.errorFileUrl}`, {
      headers: { authorization: `Bearer ${millKey}` },
    });
    expect(errorFile.status).toBe(200);
    const errorRows = parse(await errorFile.text(), { bom: true }) as string[][];
    expect(errorRows[0]).toEqual([...FABRIC_VI, "Error"]);
    expect(errorRows.slice(1).map((row) => row.slice(0, 12))).toEqual([rows[2], rows[3]]);
    expect(errorRows[1]![12]).toMatch(/^Số lượng: must be a number/);
  });

  it("refuses an edited row of a recorded lot as a conflict, in a dry run and in a commit", async () => {
    const edited = csv([FABRIC_VI, fabricRow("IMP-FL-1", "999")]);
    for (const mode of ["dry-run", "commit"]) {
      const job = await imported(edited, { kind: "fabric-lots", mode });
      expect(job).toMatchObject({ status: "failed", recorded: 0, skipped: 0 });
      expect(job.errors).toEqual([
        expect.objectContaining({ row: 2, column: "Mã lô", code: "DUPLICATE_ID" }),
      ]);
    }
    expect((await lot("IMP-FL-1")).body.quantity).toBe(1234.5);
  });

  it("refuses, per row, a lot another facility holds, too much of a lot, and an unknown lot", async () => {
    const file = csv([
      ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces"],
      ["IMP-X-1", "09/03/2026", "IMP-FL-2:10", "m", "80"],
      ["IMP-X-2", "09/03/2026", "NO-SUCH-LOT:10", "m", "80"],
    ]);
    const job = await imported(file, { kind: "cuttings" }, otherKey);
    expect(job.errors.map((error: Json) => [error.row, error.column, error.code])).toEqual([
      [2, "Fabric lots", "FORBIDDEN"],
      [3, "Fabric lots", "NOT_FOUND"],
    ]);
    const tooMuch = csv([
      ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces"],
      ["IMP-Y-1", "09/03/2026", "IMP-FL-2:1,000", "m", "800"],
      ["IMP-Y-2", "09/03/2026", "IMP-FL-2:1,000", "m", "800"],
    ]);
    // 1,700 m remain: the second row would take more than the first leaves.
    const balance = await imported(tooMuch, { kind: "cuttings" });
    expect(balance.errors).toEqual([expect.objectContaining({ row: 3, code: "INSUFFICIENT_QUANTITY" })]);
  });

  it("shows a job and its error file to its owner only", async () => {
    const job = await imported(csv([FABRIC_VI, fabricRow("IMP-OWN-1", "x")]), { kind: "fabric-lots" });
    expect(job.errorFileUrl).toBeDefined();
    expect((await t.call("GET", `/api/v1/imports/${job.id}`, { key: otherKey })).status).toBe(404);
    expect((await t.call("GET", job.errorFileUrl, { key: otherKey })).status).toBe(404);
    expect((await t.call("GET", `/api/v1/imports/${job.id}`)).status).toBe(401);
    expect((await t.call("GET", job.errorFileUrl, { key: millKey })).status).toBe(200);
  });

  it("refuses a file over the size limit (413 naming it), an .xls, and unknown columns", async () => {
    const big = csv([FABRIC_VI, ...Array.from({ length: 3000 }, (_, i) => fabricRow(`IMP-BIG-${i}`))]);
    const tooLarge = await startImport(big, { kind: "fabric-lots" });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.details.limitBytes).toBe(256 * 1024);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await startImport(xls, { kind: "fabric-lots" })).status).toBe(415);
    expect((await startImport(csv([FABRIC_VI]), { kind: "socks" })).status).toBe(400);
    const tooManyRows = await imported(
      csv([FABRIC_VI, ...Array.from({ length: 51 }, (_, i) => fabricRow(`IMP-MANY-${i}`))]),
      { kind: "fabric-lots", mode: "commit" },
    );
    expect(tooManyRows).toMatchObject({ status: "failed", recorded: 0 });
    expect(tooManyRows.errors).toEqual([
      expect.objectContaining({ row: 1, message: expect.stringMatching(/more than 50 rows/) }),
    ]);
    expect((await lot("IMP-MANY-0")).status).toBe(404);
    const unknown = await imported(csv([[...FABRIC_VI, "Ghi chú"], fabricRow("IMP-U-1")]), {
      kind: "fabric-lots",
    });
    expect(unknown.errors).toEqual([expect.objectContaining({ row: 1, column: "Ghi chú" })]);
  });

  it("maps Line ID / Mã chuyền and Equipment ID / Mã thiết bị to the records, refusing unregistered ones by column", async () => {
    for (const item of [
      { id: "IMP-LINE-1", kind: "sewing-line", name: "Chuyền 1" },
      { id: "IMP-TABLE-1", kind: "cutting-table", name: "Bàn cắt 1" },
    ]) {
      const answer = await t.call("POST", "/api/v1/facilities/import-mill/equipment", {
        key: millKey,
        body: item,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: millKey,
      body: {
        id: "IMP-RAN-FL",
        composition: [{ fibre: "cotton", percent: 100 }],
        quantity: { amount: 1000, unit: "m" },
        supplier: { name: "Dệt Hà Nội", country: "VN" },
        occurredAt: "2026-03-01T08:00:00Z",
      },
    });
    expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);
    const cuttings = csv([
      ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces", "Style", "Line ID", "Equipment ID"],
      ["IMP-RAN-CUT-1", "08/03/2026", "IMP-RAN-FL:300", "m", "2400", "TS-01", "", "IMP-TABLE-1"],
      ["IMP-RAN-CUT-2", "08/03/2026", "IMP-RAN-FL:100", "m", "800", "", "", "NO-SUCH"],
      ["IMP-RAN-CUT-3", "08/03/2026", "IMP-RAN-FL:100", "m", "800", "", "IMP-TABLE-1", ""],
    ]);
    const dryRun = await imported(cuttings, { kind: "cuttings" });
    expect(dryRun.errors.map((error: Json) => [error.row, error.column, error.value, error.code])).toEqual([
      [3, "Equipment ID", "NO-SUCH", "VALIDATION_FAILED"],
      [4, "Line ID", "IMP-TABLE-1", "VALIDATION_FAILED"],
    ]);
    expect(dryRun.errors[0].message).toContain("is not equipment registered by facility 'import-mill'");
    expect(dryRun.errors[1].message).toContain("names a cutting-table, not a sewing line");
    const job = await imported(cuttings, { kind: "cuttings", mode: "commit", errorBehaviour: "proceed" });
    expect(job).toMatchObject({ recorded: 1, total: 3 });
    const recordOf = async (id: string) =>
      (await (
        await fetch(`${t.service.url}/ipfs/${(await lot(id)).body.record.cid as string}`)
      ).json()) as Json;
    expect(await recordOf("IMP-RAN-CUT-1")).toMatchObject({ equipmentId: "IMP-TABLE-1" });
    expect((await recordOf("IMP-RAN-CUT-1")).lineId).toBeUndefined();
    expect((await lot("IMP-RAN-CUT-2")).status).toBe(404);

    // A Vietnamese sewing on a registered line; a line the facility did not register is refused under its
    // header.
    const sewingRow = (id: string, lineId: string) => [
      id,
      "09/03/2026",
      "IMP-RAN-CUT-1:1.200",
      "600",
      "08938505974019",
      "6109.10",
      "áo thun nam",
      "cut-and-sewn",
      "4,20",
      lineId,
      "",
    ];
    const sewings = csv([
      [
        "Mã lô",
        "Ngày",
        "Lô đã cắt",
        "Số sản phẩm",
        "Mã GTIN",
        "Mã HS",
        "Mô tả sản phẩm",
        "Cách may",
        "Giá xuất xưởng (USD)",
        "Mã chuyền",
        "Mã thiết bị",
      ],
      sewingRow("IMP-RAN-SEW-1", "IMP-LINE-1"),
      sewingRow("IMP-RAN-SEW-2", "IMP-LINE-9"),
    ]);
    const sewn = await imported(sewings, { kind: "sewings", mode: "commit", errorBehaviour: "proceed" });
    expect(sewn).toMatchObject({ recorded: 1, total: 2 });
    expect(sewn.errors.map((error: Json) => [error.row, error.column, error.value])).toEqual([
      [3, "Mã chuyền", "IMP-LINE-9"],
    ]);
    expect(await recordOf("IMP-RAN-SEW-1")).toMatchObject({ lineId: "IMP-LINE-1" });
  });

  it("serves templates in both languages and formats that parse back with zero rows", async () => {
    for (const kind of ["fabric-lots", "cuttings", "sewings", "shipments"]) {
      for (const lang of ["vi", "en"]) {
        for (const format of ["csv", "xlsx"]) {
          const response = await fetch(
            `${t.service.url}/api/v1/imports/templates/${kind}.${format}?lang=${lang}`,
            {
              headers: { authorization: `Bearer ${millKey}` },
            },
          );
          expect(response.status, `${kind}.${format} ${lang}`).toBe(200);
          const bytes = new Uint8Array(await response.arrayBuffer());
          if (format === "xlsx") {
            const workbook = new ExcelJS.Workbook();
            await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
            expect(workbook.worksheets[1]!.name).toBe(lang === "vi" ? "Hướng dẫn" : "Guide");
          } else {
            const header = parse(Buffer.from(bytes).toString("utf8"), { bom: true }) as string[][];
            expect(header).toEqual([expect.arrayContaining([lang === "vi" ? "Mã lô" : "Lot id"])]);
          }
          const job = await imported(bytes, { kind });
          expect(job, `${kind}.${format} ${lang}`).toMatchObject({ status: "success", total: 0, errors: [] });
        }
      }
    }
    const englishByDefault = await t.call("GET", "/api/v1/imports/templates/cuttings.csv", { key: millKey });
    expect(englishByDefault.headers.get("content-language")).toBe("en");
    const vietnameseByHeader = await t.call("GET", "/api/v1/imports/templates/cuttings.csv", {
      key: millKey,
      headers: { "accept-language": "vi" },
    });
    expect(String(vietnameseByHeader.body)).toContain("Lô vải");
    expect((await t.call("GET", "/api/v1/imports/templates/socks.csv", { key: millKey })).status).toBe(404);
  });
});
