/** Streaming rows out of real CSV and XLSX files made here, and the templates read back. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_KINDS, KIND_SPECS, readHeader } from "../../../services/imports/columns";
import { headerKey } from "../../../services/imports/cells";
import { readSheet, sniffFormat, UnreadableSheetError } from "../../../services/imports/sheet-reader";
import type { SheetRow } from "../../../services/imports/sheet-reader";
import { buildTemplate } from "../../../services/imports/templates";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tp-sheets-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = { maxRecordChars: 10_000 };

async function rowsOf(path: string, format: "csv" | "xlsx"): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readSheet(path, format, OPTIONS)) rows.push(row);
  return rows;
}

function file(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("CSV", () => {
  it("drops the BOM, takes CRLF, sniffs ';' and keeps a quoted multi-line cell as one row", async () => {
    const path = file("a.csv", '\ufeffMã lô;Ngày\r\nA-1;"02/03/2026"\r\n"B;\r\n2";x\r\n\r\n');
    expect(await sniffFormat(path)).toBe("csv");
    expect(await rowsOf(path, "csv")).toEqual([
      { row: 1, cells: ["Mã lô", "Ngày"] },
      { row: 2, cells: ["A-1", "02/03/2026"] },
      { row: 3, cells: ["B;\r\n2", "x"] },
      { row: 4, cells: [""] },
    ]);
  });

  it("reads a CSV without a BOM, LF only, comma-delimited, and a tab-delimited one", async () => {
    expect((await rowsOf(file("b.csv", 'a,b\n1,"2,5"\n'), "csv"))[1]!.cells).toEqual(["1", "2,5"]);
    expect((await rowsOf(file("c.tsv", "a\tb\n1\t2,5\n"), "csv"))[1]!.cells).toEqual(["1", "2,5"]);
  });

  it("refuses a file that is not UTF-8, at sniffing and while streaming", async () => {
    // "Mã" in Windows-1258: 0xE3 is not a UTF-8 sequence start here.
    const latin = file("d.csv", Buffer.from([0x4d, 0xe3, 0x0a, 0x41, 0x0a]));
    expect(await sniffFormat(latin)).toBe("unknown");
    const late = file(
      "e.csv",
      Buffer.concat([Buffer.from(`a\n${"x\n".repeat(40_000)}`), Buffer.from([0xff, 0x0a])]),
    );
    expect(await sniffFormat(late)).toBe("csv");
    await expect(rowsOf(late, "csv")).rejects.toMatchObject({ reason: "not-utf8" });
    await expect(rowsOf(late, "csv")).rejects.toBeInstanceOf(UnreadableSheetError);
  });

  it("takes a large file whose sniffing sample ends inside a Vietnamese character", async () => {
    // 2 + 3 × 30,000 bytes: the 64 KiB sample ends in the middle of a three-byte "ậ".
    const path = file("g.csv", `a\n${"ậ".repeat(30_000)}\n`);
    expect(await sniffFormat(path)).toBe("csv");
  });

  it("refuses a record longer than the bound instead of buffering it", async () => {
    const path = file("f.csv", `a\n"${"x".repeat(20_000)}"\n`);
    await expect(rowsOf(path, "csv")).rejects.toMatchObject({ reason: "malformed" });
  });
});

describe("XLSX", () => {
  it("keeps date cells as dates, numbers as numbers, formulas as results, rich text as text; first sheet only", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Data");
    sheet.addRow(["Lot id", "Date", "Quantity", "Total", "Note"]);
    sheet.addRow([
      "A-1",
      new Date(Date.UTC(2026, 2, 2)),
      1234.5,
      { formula: "C2*2", result: 2469 },
      { richText: [{ text: "Vải " }, { text: "đẹp", font: { bold: true } }] },
    ]);
    sheet.addRow([]);
    sheet.addRow(["A-2", 46083]);
    // Only B2 is a date cell: B4 stays a plain number (a serial day, as an unformatted cell holds it).
    sheet.getCell("B2").numFmt = "dd/mm/yyyy";
    workbook.addWorksheet("Guide").addRow(["not data"]);
    const path = file("a.xlsx", new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(await sniffFormat(path)).toBe("xlsx");
    const rows = await rowsOf(path, "xlsx");
    expect(rows.map((row) => row.row)).toEqual([1, 2, 4]);
    expect(rows[1]!.cells).toEqual(["A-1", new Date(Date.UTC(2026, 2, 2)), 1234.5, 2469, "Vải đẹp"]);
    expect(rows[2]!.cells).toEqual(["A-2", 46083]);
  });

  it("refuses a broken ZIP", async () => {
    const path = file("b.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    expect(await sniffFormat(path)).toBe("xlsx");
    await expect(rowsOf(path, "xlsx")).rejects.toBeInstanceOf(UnreadableSheetError);
  });
});

describe("templates", () => {
  it("read back as a header with zero rows, for every kind, language and format", async () => {
    for (const kind of IMPORT_KINDS) {
      for (const language of ["vi", "en"] as const) {
        for (const format of ["csv", "xlsx"] as const) {
          const template = await buildTemplate(kind, format, language);
          const path = file(`${kind}-${language}.${format}`, template.bytes);
          expect(await sniffFormat(path)).toBe(format);
          const rows = await rowsOf(path, format);
          expect(rows, `${kind} ${language} ${format}`).toHaveLength(1);
          const read = readHeader(KIND_SPECS[kind], rows[0]!.cells, "en", headerKey);
          expect(read.errors).toEqual([]);
          expect(read.language === language || kind === "sewings").toBe(true);
          expect(read.header.size).toBe(KIND_SPECS[kind].columns.length);
        }
      }
    }
  });
});
