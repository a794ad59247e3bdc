/**
 * Importing a spreadsheet of one event kind for one facility, as a job.
 *
 * The file is read twice, streamed both times. The first pass reads and validates every row (the cells,
 * the JSON endpoints' body schema, then what the recording use case would refuse — see preflight.ts) and
 * writes each bad row to the error file; a dry run ends there and records nothing. A commit then reads the
 * file again and records its good rows through the same use case as the JSON endpoints
 * (services/production/record-event.ts), a chunk of rows at a time through its batch form
 * (services/production/record-batch.ts): one IPFS pass, the chunk's operations queued together so they share
 * transactions, and one progress write (the acknowledgement: `done` counts only rows mined and indexed).
 *
 * - `rollback`: any bad row in the first pass and nothing is recorded. A refusal only the chain can give
 *   (another writer consumed a lot meanwhile) stops the import after its chunk; the job says what went in.
 * - `proceed`: the good rows go in, each bad one is in the job's errors and in the error file.
 *
 * A row already recorded with the same values is skipped, so importing a file again records nothing twice;
 * an edited row with a recorded lot id is refused (DUPLICATE_ID), never silently skipped.
 */
import { createWriteStream } from "node:fs";
import type { WriteStream } from "node:fs";
import { once } from "node:events";
import { stringify } from "csv-stringify/sync";
import { AppError } from "../errors/index";
import { findLotState } from "../read-model/queries";
import { recordEvents } from "../production/record-batch";
import type { RecordEventDeps } from "../production/record-event";
import type { EventBody } from "../records/events";
import type { JobError } from "../service-db/jobs";
import { finishJob, MAX_JOB_ERRORS, recordJobState } from "../service-db/jobs";
import type { Logger } from "../logging/index";
import type { ImportLimits } from "../config/index";
import { headerKey } from "./cells";
import type { CellValue } from "./cells";
import type { CellError, HeaderMap, ImportKind, KindSpec } from "./columns";
import { columnOf, EVENT_TYPE_OF, KIND_SPECS, readHeader, readRow, shownValue } from "./columns";
import type { ImportLanguage } from "./messages";
import { isMessageKey, message } from "./messages";
import { createPreflight } from "./preflight";
import type { Refusal } from "./preflight";
import type { SheetFormat } from "./sheet-reader";
import { readSheet, UnreadableSheetError } from "./sheet-reader";

export type ImportMode = "dry-run" | "commit";
export type ImportErrorBehaviour = "rollback" | "proceed";

export type { ImportLimits } from "../config/index";

/** Cells a row may hold (the widest template has 12 columns). */
export const MAX_CELLS_PER_ROW = 100;

/** Where uploads and error files are kept (the data dir's `imports/`), and the bounds of one import. */
export interface ImportSettings {
  dir: string;
  limits: ImportLimits;
}

export type ImportDeps = RecordEventDeps & { logger?: Logger };

export interface RunImportParameters {
  jobId: string;
  facilityId: string;
  kind: ImportKind;
  mode: ImportMode;
  errorBehaviour: ImportErrorBehaviour;
  /** The language of the job's messages (the request's). */
  language: ImportLanguage;
  filePath: string;
  format: SheetFormat;
  /** Where the bad rows go (a CSV: the row as uploaded plus a last column with the message). */
  errorFilePath: string;
  limits: ImportLimits;
  /** Rows recorded together (default 250). */
  chunkRows?: number;
}

/** What the job reports besides its counts and errors (the job's `result`). */
export interface ImportJobResult {
  importKind: ImportKind;
  mode: ImportMode;
  errorBehaviour: ImportErrorBehaviour;
  language: ImportLanguage;
  recorded: number;
  skipped: number;
  /** Whether the error file holds bad rows. */
  errorFile: boolean;
}

export interface ImportOutcome extends ImportJobResult {
  status: "success" | "failed";
  rows: number;
  errors: JobError[];
}

/** The error file: the bad rows, as uploaded, each with one more cell saying what is wrong. */
class ErrorFile {
  private stream: WriteStream | undefined;
  rows = 0;
  constructor(
    private readonly path: string,
    private readonly header: readonly CellValue[],
    private readonly messageHeader: string,
  ) {}

  async add(cells: readonly CellValue[], errors: readonly CellError[]): Promise<void> {
    if (!this.stream) {
      this.stream = createWriteStream(this.path, { mode: 0o600 });
      // A BOM, so Excel opens the file as UTF-8.
      this.stream.write(`\ufeff${stringify([[...this.header.map(shownValue), this.messageHeader]])}`);
    }
    this.rows += 1;
    const text = errors.map((error) => `${error.column}: ${error.message}`).join(" | ");
    const width = Math.max(this.header.length, cells.length);
    const row = Array.from({ length: width }, (_, index) => shownValue(cells[index]));
    if (!this.stream.write(stringify([[...row, text]]))) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await once(this.stream, "finish");
  }
}

/**
 * Row numbers added in ascending order (the bad rows of the first pass) and asked about in ascending order (the
 * second pass): 4 bytes a row, so a file whose 100,000 rows are all bad holds 400 kB here, not a Set's megabytes.
 */
class AscendingRows {
  private rows = new Uint32Array(1024);
  private size = 0;
  private cursor = 0;

  add(row: number): void {
    if (this.size > 0 && this.rows[this.size - 1]! >= row) return;
    if (this.size === this.rows.length) {
      const grown = new Uint32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[this.size++] = row;
  }

  /** Whether `row` was added; each call must ask about a row after the previous call's. */
  includes(row: number): boolean {
    while (this.cursor < this.size && this.rows[this.cursor]! < row) this.cursor += 1;
    return this.cursor < this.size && this.rows[this.cursor] === row;
  }
}

const isBlank = (cells: readonly CellValue[]) =>
  cells.every((cell) => cell === null || (typeof cell === "string" && cell.trim() === ""));

/** The cell error a refusal gives: its column, the cell, a message in the job's language. */
function refusalError(
  spec: KindSpec,
  header: HeaderMap,
  cells: readonly CellValue[],
  refusal: Refusal,
  language: ImportLanguage,
): CellError {
  const column = columnOf(spec, refusal.field);
  const at = header.get(column.key);
  const values = { detail: refusal.message, lotId: refusal.lotId ?? "" };
  return {
    column: at?.text ?? column.header[language],
    value: shownValue(at === undefined ? null : cells[at.index]).slice(0, 200),
    code: refusal.code,
    message: isMessageKey(refusal.code) ? message(language, refusal.code, values) : refusal.message,
  };
}

/** A refusal of the recording use case as the preflight would give it. */
function refusalOf(error: unknown, event: EventBody): Refusal {
  if (error instanceof AppError) {
    const details = error.details as { field?: unknown; lotId?: unknown } | undefined;
    const field =
      typeof details?.field === "string"
        ? details.field
        : error.code === "DUPLICATE_ID"
          ? "id"
          : error.code === "GTIN_NOT_AUTHORIZED"
            ? "product.gtin"
            : error.code === "IMPLAUSIBLE_YIELD"
              ? "output.quantity"
              : "inputs";
    return {
      code: error.code,
      message: error.message,
      field,
      lotId: typeof details?.lotId === "string" ? details.lotId : event.body.id,
    };
  }
  return { code: "INTERNAL", message: "the row could not be recorded", field: "id" };
}

/**
 * Runs the import whose job `jobId` exists already (kind `import`) and finishes the job.
 *
 * @example
 * createJob(db, { id, kind: "import", owner: "facility:mill-a", total: 0 });
 * await runImport(deps, { jobId: id, facilityId: "mill-a", kind: "fabric-lots", mode: "dry-run",
 *   errorBehaviour: "rollback", language: "vi", filePath, format: "csv", errorFilePath, limits });
 */
export async function runImport(deps: ImportDeps, parameters: RunImportParameters): Promise<ImportOutcome> {
  const { jobId, facilityId, kind, mode, errorBehaviour, language, limits } = parameters;
  const spec = KIND_SPECS[kind];
  const type = EVENT_TYPE_OF[kind];
  const chunkRows = parameters.chunkRows ?? 250;
  const result: ImportJobResult = {
    importKind: kind,
    mode,
    errorBehaviour,
    language,
    recorded: 0,
    skipped: 0,
    errorFile: false,
  };
  const errors: JobError[] = [];
  let errorCount = 0;
  let rows = 0;
  let done = 0;
  const sheetOptions = { maxRecordChars: limits.maxCellChars * 16 + 4096 };
  const finish = (failed: boolean): ImportOutcome => {
    const status = failed || errorCount > 0 ? "failed" : "success";
    finishJob(deps.serviceDb, jobId, { status, done, errors, result });
    return { ...result, status, rows, errors };
  };
  const fileError = (
    key: "noHeader" | "tooManyRows" | "unreadable" | "notUtf8",
    values = {},
  ): ImportOutcome => {
    errorCount += 1;
    errors.push({
      index: 1,
      pointer: "",
      value: "",
      code: "VALIDATION_FAILED",
      message: message(language, key, values),
    });
    return finish(true);
  };

  let header: HeaderMap | undefined;
  let headerCells: CellValue[] = [];
  let fileLanguage: ImportLanguage = language;
  let errorFile: ErrorFile | undefined;
  // Only the first pass's bad rows are kept (the second skips them); errors go to the job (at most
  // MAX_JOB_ERRORS) and to the error file, never all into memory.
  const badRows = new AscendingRows();
  const addErrors = async (row: number, cells: readonly CellValue[], rowErrors: readonly CellError[]) => {
    badRows.add(row);
    errorCount += rowErrors.length;
    for (const error of rowErrors) {
      if (errors.length >= MAX_JOB_ERRORS) break;
      errors.push({
        index: row,
        pointer: error.column,
        value: error.value,
        code: error.code,
        message: error.message,
      });
    }
    await errorFile!.add(cells, rowErrors);
    result.errorFile = true;
  };
  const progress = () => recordJobState(deps.serviceDb, jobId, { done, total: rows, result });

  // Pass 1: read and check every row; nothing is recorded.
  const preflight = await createPreflight(deps, facilityId, type);
  const lotRows = new Map<string, number>();
  try {
    for await (const { row, cells } of readSheet(parameters.filePath, parameters.format, sheetOptions)) {
      if (!header) {
        if (isBlank(cells)) continue;
        const read = readHeader(spec, cells, language, headerKey);
        header = read.header;
        headerCells = cells;
        fileLanguage = read.language;
        errorFile = new ErrorFile(parameters.errorFilePath, headerCells, language === "vi" ? "Lỗi" : "Error");
        const refusal = preflight.facilityRefusal;
        const headerErrors = refusal
          ? [...read.errors, refusalError(spec, header, cells, { ...refusal, field: "id" }, language)]
          : read.errors;
        if (headerErrors.length > 0) {
          await addErrors(row, cells, headerErrors);
          await errorFile.close();
          return finish(true);
        }
        continue;
      }
      if (isBlank(cells)) continue;
      rows += 1;
      if (rows > limits.maxRows) {
        await errorFile!.close();
        rows -= 1;
        return fileError("tooManyRows", { max: limits.maxRows });
      }
      let rowErrors: CellError[];
      if (cells.length > MAX_CELLS_PER_ROW) {
        rowErrors = [
          {
            column: "",
            value: "",
            code: "VALIDATION_FAILED",
            message: message(language, "tooManyColumns", { max: MAX_CELLS_PER_ROW }),
          },
        ];
      } else {
        const read = readRow({
          spec,
          header,
          cells,
          language,
          fileLanguage,
          maxCellChars: limits.maxCellChars,
        });
        rowErrors = read.errors;
        if (read.event) {
          const lotId = read.event.body.id;
          const earlier = lotRows.get(lotId);
          if (earlier !== undefined) {
            rowErrors = [
              {
                column: header.get("id")!.text,
                value: lotId,
                code: "DUPLICATE_ID",
                message: message(language, "duplicateInFile", { lotId, row: earlier }),
              },
            ];
          } else {
            lotRows.set(lotId, row);
            const checked = preflight.check(read.event);
            if ("refusal" in checked)
              rowErrors = [refusalError(spec, header, cells, checked.refusal, language)];
            else if (checked.repeat && mode === "dry-run") result.skipped += 1;
          }
        }
      }
      if (rowErrors.length > 0) await addErrors(row, cells, rowErrors);
      if (mode === "dry-run") done += 1;
      if (rows % chunkRows === 0) {
        progress();
        // Let requests (a poll of this job) in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (error) {
    await errorFile?.close();
    if (error instanceof UnreadableSheetError)
      return error.reason === "not-utf8"
        ? fileError("notUtf8")
        : fileError("unreadable", { detail: error.message.slice(0, 200) });
    throw error;
  }
  if (!header) return fileError("noHeader");
  // The lot ids seen were for duplicate rows in the first pass; the second pass does not need them.
  lotRows.clear();
  progress();
  if (mode === "dry-run" || (errorBehaviour === "rollback" && errorCount > 0)) {
    await errorFile!.close();
    return finish(false);
  }

  // Pass 2: record the good rows, a chunk at a time.
  let stopped = false;
  let chunk: { row: number; cells: CellValue[]; event: EventBody }[] = [];
  const flush = async () => {
    const existed = chunk.map((item) => findLotState(deps.indexDb, item.event.body.id) !== null);
    const settled = await recordEvents(
      deps,
      facilityId,
      chunk.map((item) => item.event),
      { allOrNothing: errorBehaviour === "rollback" },
    );
    for (const [position, outcome] of settled.entries()) {
      const item = chunk[position]!;
      if (outcome.status === "not-recorded") continue;
      if (outcome.status === "fulfilled") {
        if (existed[position]) result.skipped += 1;
        else result.recorded += 1;
      } else {
        deps.logger?.warn(
          { jobId, row: item.row, code: (outcome.reason as { code?: string }).code },
          "import row refused",
        );
        await addErrors(item.row, item.cells, [
          refusalError(spec, header!, item.cells, refusalOf(outcome.reason, item.event), language),
        ]);
        if (errorBehaviour === "rollback") stopped = true;
      }
    }
    done += chunk.length;
    chunk = [];
    progress();
  };
  let seenHeader = false;
  try {
    for await (const { row, cells } of readSheet(parameters.filePath, parameters.format, sheetOptions)) {
      if (stopped) break;
      if (!seenHeader) {
        if (!isBlank(cells)) seenHeader = true;
        continue;
      }
      if (isBlank(cells)) continue;
      if (badRows.includes(row)) {
        done += 1;
        continue;
      }
      const { event } = readRow({
        spec,
        header,
        cells,
        language,
        fileLanguage,
        maxCellChars: limits.maxCellChars,
      });
      if (!event) continue;
      chunk.push({ row, cells, event });
      if (chunk.length >= chunkRows) await flush();
    }
    if (chunk.length > 0 && !stopped) await flush();
  } finally {
    await errorFile!.close();
  }
  return finish(stopped);
}

const tails = new WeakMap<object, Promise<unknown>>();

/**
 * Queues an import (its job created already): imports run one after the other per service database, so
 * one running import bounds the background work and a later file sees what an earlier one recorded. An
 * import that throws fails its job, never the queue; `cleanup` runs after it either way.
 */
export function enqueueImport(
  deps: ImportDeps,
  parameters: RunImportParameters,
  cleanup: () => Promise<void>,
): Promise<ImportOutcome | null> {
  const previous = tails.get(deps.serviceDb) ?? Promise.resolve();
  const current = previous.then(async () => {
    try {
      return await runImport(deps, parameters);
    } catch (error) {
      deps.logger?.error({ err: error, jobId: parameters.jobId }, "import failed");
      try {
        finishJob(deps.serviceDb, parameters.jobId, {
          status: "failed",
          done: 0,
          errors: [{ code: "INTERNAL", message: message(parameters.language, "INTERNAL") }],
        });
      } catch {
        // The database is gone (the service is stopping): the next start fails the job as interrupted.
      }
      return null;
    } finally {
      await cleanup().catch(() => undefined);
    }
  });
  tails.set(deps.serviceDb, current);
  return current;
}
