/**
 * A printable PDF label sheet for a garment batch, streamed page by page.
 *
 * Layout: A4 portrait, 3 × 7 labels of 63.5 × 38.1 mm at the positions of the common "21 per sheet" label
 * stock (e.g. Avery L7160), so the sheet prints straight onto ready-cut labels; cut marks in the margins show
 * the label edges for plain paper. Each label: the QR code of the garment's Digital Link drawn as vector
 * rectangles (small and sharp at any printer resolution) with the GS1 human-readable interpretation under it
 * (`(01) 08938505974019 (10) SEW-0001 (21) 17`, GS1 General Specifications §4.15), the product description,
 * the authentication code and a bilingual "scan to verify" line. Each page's footer says "page N of M" when
 * the number of labels is known (batchLabels says it). Text is set in Noto Sans (embedded, subset by pdfkit)
 * because descriptions may be Vietnamese, which the 14 standard PDF fonts cannot show.
 *
 * Memory stays flat for any batch size: labels are pulled from an (async) iterable one at a time, pdfkit
 * writes each page out when the next one starts, and drawing pauses while the destination is full. The event
 * loop gets a turn between pages, so other requests are answered while a big sheet is drawn.
 */
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

import PDFDocument from "pdfkit";
import { registerPdfFonts } from "../pdf/fonts";

import { AppError, ValidationError } from "../errors/index";
import { buildDigitalLink, buildDigitalLinkPath, normalizeGtin } from "../garments/digital-link";
import { QR_QUIET_ZONE, qrMatrix, qrRuns } from "./qr-image";

/** One garment's label. */
export interface GarmentLabel {
  /** Product description, e.g. "men's cotton T-shirt" (shown on two lines at most). */
  description: string;
  /** GTIN-8/12/13/14; printed as 14 digits. */
  gtin: string;
  /** The garment batch (sewing lot) id: GS1 AI 10. */
  lot: string;
  /** The garment's serial: GS1 AI 21. */
  serial: string;
  /** The garment's authentication code: in the QR code as `?ac=`, and printed for typing it in by hand. */
  authCode?: string;
}

/** Options of {@link writeLabelSheet}. */
export interface LabelSheetOptions {
  /** Scheme and host inside the QR codes (PUBLIC_BASE_URL). */
  baseUrl: string;
  /** Sheet title for the PDF metadata and each page footer, e.g. "SEW-0001 men's cotton T-shirt". */
  title?: string;
  /** Aborts the sheet between labels (e.g. when the HTTP client goes away). */
  signal?: AbortSignal;
}

/** What {@link writeLabelSheet} wrote. */
export interface LabelSheetResult {
  labels: number;
  pages: number;
}

/**
 * LABEL_SHEET_ABORTED: the destination closed or the signal aborted before the sheet was complete. Status 499
 * ("client closed request"): there is nobody left to answer, so it is for logs only.
 */
export class LabelSheetAbortedError extends AppError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("LABEL_SHEET_ABORTED", `The label sheet was not completed: ${reason}`, {
      cause: options.cause,
    });
  }
}

const MM = 72 / 25.4;
/** Label stock geometry (A4, 3 × 7, 63.5 × 38.1 mm, 2.5 mm column gap). */
export const LABEL_SHEET_LAYOUT = {
  pageSize: "A4",
  columns: 3,
  rows: 7,
  labelWidth: 63.5 * MM,
  labelHeight: 38.1 * MM,
  leftMargin: 7.25 * MM,
  topMargin: 15.15 * MM,
  columnPitch: 66.04 * MM,
  rowPitch: 38.1 * MM,
  /** Side of each QR code including its 4-module quiet zone: about 0.55 mm per module for 41 modules. */
  qrSide: 27 * MM,
} as const;
const PER_PAGE = LABEL_SHEET_LAYOUT.columns * LABEL_SHEET_LAYOUT.rows;
const PAGE_HEIGHT = 841.89;
const PADDING = 2 * MM;
const QR_SIDE = LABEL_SHEET_LAYOUT.qrSide;

/** Resolves on the destination's next 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drainOrClose(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

type FontWithCache = { layoutCache?: Record<string, unknown> };

/**
 * pdfkit caches the layout of every distinct word per font, which makes text 1.5× faster, but each label
 * brings new words (its serial), so over a big batch the cache would grow without bound. Emptying it at
 * every page keeps the speed and flat memory. `_fontFamilies` is pdfkit-internal: if it ever goes away this
 * is a no-op and scripts/bench-labels.ts shows the growth.
 */
function resetFontLayoutCaches(doc: PDFKit.PDFDocument): void {
  const fonts = (doc as unknown as { _fontFamilies?: Record<string, FontWithCache> })._fontFamilies ?? {};
  for (const font of Object.values(fonts)) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }
}

function drawQr(doc: PDFKit.PDFDocument, uri: string, x: number, y: number, side: number): void {
  const matrix = qrMatrix(uri);
  const module = side / (matrix.size + 2 * QR_QUIET_ZONE);
  const originX = x + QR_QUIET_ZONE * module;
  const originY = y + QR_QUIET_ZONE * module;
  for (const run of qrRuns(matrix)) {
    // A hair of overlap between rows hides anti-aliasing seams in PDF viewers.
    doc.rect(originX + run.col * module, originY + run.row * module, run.length * module, module + 0.01);
  }
  doc.fill("#000000");
}

/**
 * The GS1 human-readable interpretation of a garment's element string: each AI in parentheses before its
 * value, in the order of the Digital Link (GTIN, lot, serial).
 * @example gs1HumanReadable({ gtin: "8938505974019", lot: "SEW-0001", serial: "17" }) // "(01) 08938505974019 (10) SEW-0001 (21) 17"
 */
export function gs1HumanReadable(label: Pick<GarmentLabel, "gtin" | "lot" | "serial">): string {
  return `(01) ${normalizeGtin(label.gtin)} (10) ${label.lot} (21) ${label.serial}`;
}

function drawLabel(doc: PDFKit.PDFDocument, label: GarmentLabel, uri: string, slot: number): void {
  const L = LABEL_SHEET_LAYOUT;
  const x = L.leftMargin + (slot % L.columns) * L.columnPitch;
  const y = L.topMargin + Math.floor(slot / L.columns) * L.rowPitch;
  const qrTop = y + 1.2 * MM;
  drawQr(doc, uri, x + 0.5 * MM, qrTop, QR_SIDE);
  // Under the code, across the label: wraps at an AI when a long lot needs a second line.
  doc.fillColor("#000000").font("regular").fontSize(5.5);
  doc.text(gs1HumanReadable(label), x + PADDING, qrTop + QR_SIDE + 0.3 * MM, {
    width: L.labelWidth - 2 * PADDING,
    height: 14,
    lineGap: -0.5,
  });

  const textX = x + 0.5 * MM + QR_SIDE + 0.5 * MM;
  const width = L.labelWidth - QR_SIDE - 1 * MM - PADDING;
  let textY = y + PADDING + 1;
  doc.font("bold").fontSize(7.5);
  doc.text(label.description, textX, textY, { width, height: 31, ellipsis: true, lineGap: -0.5 });
  textY = Math.max(doc.y, textY + 10) + 2;
  doc.font("regular").fontSize(6.5);
  if (label.authCode !== undefined) {
    doc.text(`Code ${label.authCode}`, textX, textY, { width, height: 9, ellipsis: true, lineBreak: false });
  }
  const scanY = qrTop + QR_SIDE - 17;
  doc.font("bold").fontSize(6.5);
  doc.text("Scan to verify", textX, scanY, { width, lineBreak: false });
  doc.font("regular").text("Quét để xác minh", textX, scanY + 8, { width, lineBreak: false });
}

const CUT_MARK = 4 * MM;

/** Short hairlines in the page margins, in line with every label edge, to cut plain paper by. */
function drawCutMarks(doc: PDFKit.PDFDocument): void {
  const L = LABEL_SHEET_LAYOUT;
  const top = L.topMargin;
  const bottom = L.topMargin + L.rows * L.rowPitch;
  const left = L.leftMargin;
  const right = L.leftMargin + (L.columns - 1) * L.columnPitch + L.labelWidth;
  doc.save().lineWidth(0.25).strokeColor("#777777");
  for (let column = 0; column < L.columns; column++) {
    for (const edge of [left + column * L.columnPitch, left + column * L.columnPitch + L.labelWidth]) {
      doc.moveTo(edge, top - 1 * MM - CUT_MARK).lineTo(edge, top - 1 * MM);
      doc.moveTo(edge, bottom + 1 * MM).lineTo(edge, bottom + 1 * MM + CUT_MARK);
    }
  }
  for (let row = 0; row <= L.rows; row++) {
    const edge = top + row * L.rowPitch;
    doc.moveTo(Math.max(0, left - 1 * MM - CUT_MARK), edge).lineTo(left - 1 * MM, edge);
    doc.moveTo(right + 1 * MM, edge).lineTo(right + 1 * MM + CUT_MARK, edge);
  }
  doc.stroke().restore();
}

function drawFooter(doc: PDFKit.PDFDocument, title: string, page: number, pages?: number): void {
  doc.font("regular").fontSize(7).fillColor("#555555");
  const text = `${title} · page ${page}${pages === undefined ? "" : ` of ${pages}`}`;
  doc.text(text, LABEL_SHEET_LAYOUT.leftMargin, PAGE_HEIGHT - 8 * MM, { width: 180 * MM, lineBreak: false });
}

/** How many labels an iterable will give, when it says so (the labels of {@link batchLabels} do). */
function declaredCount(labels: unknown): number | undefined {
  const count = (labels as { count?: unknown }).count;
  return typeof count === "number" && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * Streams a PDF label sheet for `labels` into `out` (an HTTP response, a file) and resolves once `out` has
 * finished. Labels are pulled one at a time and drawing waits while `out` is full, so a batch of any size
 * uses the memory of about one page. `out` is ended when the sheet is complete.
 *
 * On a bad label (e.g. an invalid GTIN: `INVALID_GTIN`, `INVALID_DIGITAL_LINK`) or when `out` closes early or
 * `signal` aborts (`LABEL_SHEET_ABORTED`), it rejects and stops writing; `out` is left for the caller to
 * destroy (for HTTP the response is already started, so validate the batch before calling).
 * @example
 * res.type("application/pdf");
 * await writeLabelSheet(batchLabels(batch), res, { baseUrl: config.publicBaseUrl, title: batch.id });
 */
export async function writeLabelSheet(
  labels: AsyncIterable<GarmentLabel> | Iterable<GarmentLabel>,
  out: Writable,
  options: LabelSheetOptions,
): Promise<LabelSheetResult> {
  const title = options.title ?? "threadproof labels";
  const doc = new PDFDocument({
    size: LABEL_SHEET_LAYOUT.pageSize,
    margin: 0,
    autoFirstPage: false,
    compress: true,
    info: { Title: title, Creator: "threadproof" },
  });
  registerPdfFonts(doc);

  let stopped: AppError | undefined;
  const onClose = () => {
    if (!out.writableFinished) stopped ??= new LabelSheetAbortedError("the destination closed");
  };
  const onError = (error: unknown) => {
    stopped ??= new LabelSheetAbortedError("the destination failed", { cause: error });
  };
  out.on("close", onClose);
  out.on("error", onError);
  doc.pipe(out);

  // pdfkit pushes into its readable side without looking at backpressure; keep that buffer short by pausing
  // here while the destination asks us to (pipe() resumes the flow on 'drain').
  const roomToWrite = async () => {
    while (doc.readableLength > doc.readableHighWaterMark) {
      if (stopped) return;
      if (out.writableNeedDrain) await drainOrClose(out);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const checkStopped = () => {
    if (options.signal?.aborted)
      stopped ??= new LabelSheetAbortedError("aborted", { cause: options.signal.reason });
    if (stopped) throw stopped;
  };

  let count = 0;
  let pages = 0;
  const declared = declaredCount(labels);
  const totalPages = declared === undefined ? undefined : Math.max(1, Math.ceil(declared / PER_PAGE));
  // A source that gives more labels than it declared gets pages numbered without a total.
  const pagesOf = () => (totalPages !== undefined && pages <= totalPages ? totalPages : undefined);
  try {
    for await (const label of labels) {
      checkStopped();
      const uri = buildDigitalLink(
        { gtin: label.gtin, lot: label.lot, serial: label.serial, authCode: label.authCode },
        { baseUrl: options.baseUrl },
      );
      const slot = count % PER_PAGE;
      if (slot === 0) {
        doc.addPage(); // writes the previous page out
        resetFontLayoutCaches(doc);
        // One page (21 QR codes) is a few milliseconds of drawing: yield to the event loop between pages so
        // that a 100,000-garment sheet never holds other requests for longer than that.
        if (pages > 0) await new Promise((resolve) => setImmediate(resolve));
        await roomToWrite();
        checkStopped();
        pages++;
        drawCutMarks(doc);
        drawFooter(doc, title, pages, pagesOf());
      }
      drawLabel(doc, label, uri, slot);
      count++;
    }
    checkStopped();
    if (pages === 0) {
      // An empty batch still yields a valid one-page PDF rather than a broken file.
      doc.addPage();
      pages++;
      drawFooter(doc, title, pages, pagesOf());
    }
  } catch (error) {
    doc.unpipe(out);
    out.off("close", onClose);
    out.off("error", onError);
    throw error;
  }
  doc.end();
  try {
    await finished(out);
  } catch (error) {
    throw new LabelSheetAbortedError("the destination failed", { cause: error });
  } finally {
    out.off("close", onClose);
    out.off("error", onError);
  }
  return { labels: count, pages };
}

/** What {@link batchLabels} needs to label garments `firstSerial`..`firstSerial + count - 1` of one batch. */
export interface BatchLabelsParameters {
  description: string;
  gtin: string;
  /** The garment batch (sewing lot) id. */
  lot: string;
  count: number;
  /** Default 1. */
  firstSerial?: number;
  /** The authentication code of a serial (e.g. `serial => garmentCode(secret, lot, serial)`). */
  authCode?: (serial: number) => string;
}

/**
 * The labels of a garment batch, produced lazily one serial at a time. The GTIN, lot, count and the first
 * code are validated now, before anything is streamed, so a bad batch is a clean 400 rather than a broken PDF.
 * @example await writeLabelSheet(batchLabels({ description, gtin, lot: "SEW-0001", count: 1200, authCode }), res, { baseUrl });
 */
export function batchLabels(params: BatchLabelsParameters): Iterable<GarmentLabel> & { count: number } {
  const { description, gtin, lot, count, firstSerial = 1, authCode } = params;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ValidationError([{ path: "count", message: "must be a whole number of garments, 0 or more" }]);
  }
  if (!Number.isSafeInteger(firstSerial) || firstSerial < 0) {
    throw new ValidationError([{ path: "firstSerial", message: "must be a whole number, 0 or more" }]);
  }
  // Validates GTIN, lot, serial form and code with the same rules the sheet applies to every label.
  buildDigitalLinkPath({ gtin, lot, serial: String(firstSerial), authCode: authCode?.(firstSerial) });
  return {
    count,
    *[Symbol.iterator]() {
      for (let serial = firstSerial; serial < firstSerial + count; serial++) {
        yield { description, gtin, lot, serial: String(serial), authCode: authCode?.(serial) };
      }
    },
  };
}
