/**
 * QR codes for GS1 Digital Links: PNG and SVG images, and the raw module matrix that the PDF label sheet
 * draws as vector rectangles. Error correction level M (15 % of the code may be damaged: a sewn-in label
 * survives some wear) and the 4-module quiet zone that ISO/IEC 18004 requires.
 */
import QRCode from "qrcode";

import { AppError } from "../errors/index";

/** Error correction level of every threadproof QR code. */
export const QR_ERROR_CORRECTION = "M";
/** Quiet zone around the code, in modules (ISO/IEC 18004 minimum). */
export const QR_QUIET_ZONE = 4;

/** Options of {@link qrPng} and {@link qrSvg}. */
export interface QrImageOptions {
  /** Pixels per module for PNG (default 8: a version-6 code becomes 392 px square). */
  scale?: number;
  /** Quiet zone in modules (default and minimum {@link QR_QUIET_ZONE}). */
  margin?: number;
}

/** The dark/light modules of a QR code, without quiet zone: `dark[row * size + col]` is 1 when dark. */
export interface QrMatrix {
  size: number;
  dark: Uint8Array;
  version: number;
}

/** A horizontal run of dark modules in one row: what the PDF draws as one rectangle. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

/** QR_DATA_INVALID: the text is empty or too long for a QR code. */
export class QrDataError extends AppError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("QR_DATA_INVALID", `Cannot encode this text as a QR code: ${reason}`, {
      cause: options.cause,
    });
  }
}

function checkText(text: string): void {
  if (text.length === 0) throw new QrDataError("the text is empty");
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new QrDataError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * The module matrix of the QR code for `text` (error correction M).
 * @example qrMatrix("https://trace.example.vn/01/08938505974019/10/SEW-0001/21/1").size // 37
 */
export function qrMatrix(text: string): QrMatrix {
  checkText(text);
  const code = wrap(() => QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }));
  return { size: code.modules.size, dark: Uint8Array.from(code.modules.data), version: code.version };
}

/** Yields the horizontal runs of dark modules, row by row, so a renderer draws few rectangles. */
export function* qrRuns(matrix: QrMatrix): Generator<QrRun> {
  const { size, dark } = matrix;
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!dark[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark[row * size + col]) col++;
      yield { row, col: start, length: col - start };
    }
  }
}

function margin(options: QrImageOptions): number {
  return Math.max(QR_QUIET_ZONE, options.margin ?? QR_QUIET_ZONE);
}

/**
 * A PNG image of the QR code for `text` (a Digital Link URI), black on white.
 * @example const png = await qrPng(buildDigitalLink(parts, { baseUrl })); res.type("png").send(png);
 */
export async function qrPng(text: string, options: QrImageOptions = {}): Promise<Buffer> {
  checkText(text);
  const scale = options.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64)
    throw new QrDataError("scale must be an integer 1..64");
  try {
    return await QRCode.toBuffer(text, {
      type: "png",
      errorCorrectionLevel: QR_ERROR_CORRECTION,
      margin: margin(options),
      scale,
      color: { dark: "#000000ff", light: "#ffffffff" },
    });
  } catch (error) {
    throw new QrDataError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * An SVG document (string) of the QR code for `text`; it scales to any size without blur.
 * @example res.type("image/svg+xml").send(await qrSvg(uri));
 */
export async function qrSvg(text: string, options: QrImageOptions = {}): Promise<string> {
  checkText(text);
  try {
    return await QRCode.toString(text, {
      type: "svg",
      errorCorrectionLevel: QR_ERROR_CORRECTION,
      margin: margin(options),
      color: { dark: "#000000ff", light: "#ffffffff" },
    });
  } catch (error) {
    throw new QrDataError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
