/**
 * Fonts for every PDF the service makes (label sheets, certificates, demo documents): Noto Sans from
 * `@embedpdf/fonts-latin` (Open Font License), which covers Vietnamese. pdfkit's built-in Helvetica does not.
 */
import path from "node:path";

const FONT_DIR = path.join(path.dirname(require.resolve("@embedpdf/fonts-latin")), "..", "fonts");

export const NOTO_SANS_REGULAR = path.join(FONT_DIR, "NotoSans-Regular.ttf");
export const NOTO_SANS_BOLD = path.join(FONT_DIR, "NotoSans-Bold.ttf");

/** Registers the two faces as "regular" and "bold" on a pdfkit document. */
export function registerPdfFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont("regular", NOTO_SANS_REGULAR);
  doc.registerFont("bold", NOTO_SANS_BOLD);
}
