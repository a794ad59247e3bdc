/**
 * Streams the rows of an uploaded CSV or XLSX file, one at a time, so a 100,000-row file keeps memory flat:
 * csv-parse over a file stream (UTF-8 checked as it goes, a BOM dropped, CRLF or LF, `,` `;` or tab as the
 * delimiter, sniffed from the header line) and exceljs's streaming WorkbookReader (first worksheet, date
 * cells as dates, formulas as their results). Each row comes with the row number a spreadsheet shows.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import type { TransformCallback } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import type { CellValue } from "./cells";

export type SheetFormat = "csv" | "xlsx";

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it (the header is row 1). */
  row: number;
  cells: CellValue[];
}

/** The file's type from its bytes, never from its name: a ZIP is XLSX, readable UTF-8 text is CSV. */
export async function sniffFormat(path: string): Promise<SheetFormat | "xls" | "unknown"> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "xlsx";
    if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
      return "xls";
    if (bytesRead === 0 || head.includes(0)) return "unknown";
    // A multi-byte character may be cut at the end of the sample: streaming decoding holds it back.
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: bytesRead === buffer.length });
    } catch {
      return "unknown";
    }
    return "csv";
  } finally {
    await handle.close();
  }
}

/** The delimiter of a CSV file: whichever of `,` `;` and tab occurs most in its first line, outside quotes. */
async function sniffDelimiter(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(16 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const counts = new Map<string, number>([
      [",", 0],
      [";", 0],
      ["\t", 0],
    ]);
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === "\n" || char === "\r")) break;
      else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![1] > 0
      ? [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]
      : ",";
  } finally {
    await handle.close();
  }
}

/** Thrown when the file cannot be read as its format (not UTF-8, a broken ZIP, an over-long record). */
export class UnreadableSheetError extends Error {
  constructor(
    readonly reason: "not-utf8" | "malformed",
    detail: string,
  ) {
    super(detail);
  }
}

/** Passes bytes through, failing on the first byte sequence that is not UTF-8. */
function utf8Only(): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decoder.decode(chunk, { stream: true });
        callback(null, chunk);
      } catch {
        callback(new UnreadableSheetError("not-utf8", "not UTF-8"));
      }
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(new UnreadableSheetError("not-utf8", "not UTF-8"));
      }
    },
  });
}

export interface ReadSheetOptions {
  /** The longest CSV record, in characters (csv-parse refuses a longer one instead of buffering it). */
  maxRecordChars: number;
}

async function* csvRows(path: string, options: ReadSheetOptions): AsyncGenerator<SheetRow> {
  const delimiter = await sniffDelimiter(path);
  const bytes = createReadStream(path);
  const checked = utf8Only();
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: options.maxRecordChars,
  });
  bytes.on("error", (error) => parser.destroy(error));
  checked.on("error", (error) => parser.destroy(error));
  bytes.pipe(checked).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof UnreadableSheetError) throw error;
    throw new UnreadableSheetError("malformed", error instanceof Error ? error.message : "malformed CSV");
  } finally {
    bytes.destroy();
  }
}

/** An exceljs cell value as a plain cell: rich text joined, a formula's result, a hyperlink's text. */
function plainCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    const object = value as {
      richText?: { text: string }[];
      result?: unknown;
      formula?: string;
      text?: unknown;
      error?: string;
    };
    if (Array.isArray(object.richText)) return object.richText.map((part) => part.text).join("");
    if ("result" in object || "formula" in object) return plainCell(object.result);
    if ("text" in object) return plainCell(object.text);
    if (typeof object.error === "string") return object.error;
  }
  return null;
}

async function* xlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles are what tell a date cell from a number cell.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "emit",
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        // exceljs's row values are 1-based: index 0 is always empty.
        const cells: CellValue[] = [];
        for (let index = 1; index < values.length; index += 1) cells.push(plainCell(values[index]));
        yield { row: row.number, cells };
      }
      // Only the first worksheet holds rows; the template's second sheet is the guide.
      break;
    }
  } catch (error) {
    throw new UnreadableSheetError("malformed", error instanceof Error ? error.message : "malformed XLSX");
  }
}

/**
 * The rows of the file at `path`, header first, blank rows included (the caller skips them), as they are read.
 *
 * @example
 * for await (const { row, cells } of readSheet("/data/imports/ab12", "csv", { maxRecordChars: 65536 })) { … }
 */
export function readSheet(
  path: string,
  format: SheetFormat,
  options: ReadSheetOptions,
): AsyncGenerator<SheetRow> {
  return format === "csv" ? csvRows(path, options) : xlsxRows(path);
}
