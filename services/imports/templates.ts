/**
 * The empty template of each import kind: the header row in Vietnamese or English. The XLSX one has a second
 * sheet, "Hướng dẫn" / "Guide", with each column's meaning, whether it is required, and an example row.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { ImportKind } from "./columns";
import { KIND_SPECS } from "./columns";
import { NUMBER_EXAMPLE } from "./cells";
import type { ImportLanguage } from "./messages";

export type TemplateFormat = "csv" | "xlsx";

const GUIDE_SHEET: Record<ImportLanguage, string> = { vi: "Hướng dẫn", en: "Guide" };
const DATA_SHEET: Record<ImportLanguage, string> = { vi: "Dữ liệu", en: "Data" };

const GUIDE_HEADER: Record<ImportLanguage, string[]> = {
  vi: ["Cột", "Bắt buộc", "Ý nghĩa", "Ví dụ"],
  en: ["Column", "Required", "Meaning", "Example"],
};

const GUIDE_NOTES: Record<ImportLanguage, string[]> = {
  vi: [
    "Mỗi dòng là một lô. Dòng 1 là tiêu đề; dòng trống được bỏ qua.",
    `Số viết theo kiểu Việt Nam: ${NUMBER_EXAMPLE.vi} (dấu chấm ngăn nghìn, dấu phẩy thập phân). Tệp có tiêu đề tiếng Anh dùng ${NUMBER_EXAMPLE.en}.`,
    "Ngày dạng dd/mm/yyyy (ví dụ 02/03/2026), giờ Việt Nam; ô ngày của Excel cũng được.",
    "Nhập lại cùng một tệp không ghi trùng: các dòng đã ghi được bỏ qua; một dòng đã ghi mà bị sửa sẽ bị từ chối.",
    "Tệp CSV phải là UTF-8 (Excel: 'CSV UTF-8'); dấu phân cách ',' ';' hoặc tab.",
  ],
  en: [
    "One lot per row. Row 1 is the header; blank rows are skipped.",
    `Numbers in English style: ${NUMBER_EXAMPLE.en} (comma groups thousands, dot is the decimal mark). A file with Vietnamese headers uses ${NUMBER_EXAMPLE.vi}.`,
    "Dates as dd/mm/yyyy (e.g. 02/03/2026), Viet Nam time; Excel date cells work too.",
    "Importing the same file again records nothing twice: recorded rows are skipped; an edited recorded row is refused.",
    "CSV files must be UTF-8 (Excel: 'CSV UTF-8'); the delimiter may be ',', ';' or tab.",
  ],
};

/** A template's header row. */
export function templateHeader(kind: ImportKind, language: ImportLanguage): string[] {
  return KIND_SPECS[kind].columns.map((column) => column.header[language]);
}

/** The template file's bytes and media type. */
export async function buildTemplate(
  kind: ImportKind,
  format: TemplateFormat,
  language: ImportLanguage,
): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  const fileName = `${kind}-${language}.${format}`;
  const header = templateHeader(kind, language);
  if (format === "csv") {
    // A BOM, so Excel opens the file as UTF-8 and shows the Vietnamese headers right.
    return {
      bytes: Buffer.from(`\ufeff${stringify([header], { record_delimiter: "windows" })}`, "utf8"),
      mediaType: "text/csv; charset=utf-8",
      fileName,
    };
  }
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet(DATA_SHEET[language]);
  data.addRow(header);
  data.getRow(1).font = { bold: true };
  for (const [index, column] of KIND_SPECS[kind].columns.entries()) {
    data.getColumn(index + 1).width = Math.max(12, column.header[language].length + 4);
    // Dates typed as dd/mm/yyyy stay text; a date cell keeps its own format.
    if (column.type === "date") data.getColumn(index + 1).numFmt = "dd/mm/yyyy";
  }
  const guide = workbook.addWorksheet(GUIDE_SHEET[language]);
  guide.addRow(GUIDE_HEADER[language]).font = { bold: true };
  for (const column of KIND_SPECS[kind].columns)
    guide.addRow([
      column.header[language],
      column.required ? (language === "vi" ? "có" : "yes") : "",
      column.help[language],
      column.example,
    ]);
  guide.addRow([]);
  guide.addRow([language === "vi" ? "Dòng ví dụ" : "Example row"]).font = { bold: true };
  guide.addRow(header).font = { italic: true };
  guide.addRow(KIND_SPECS[kind].columns.map((column) => column.example));
  guide.addRow([]);
  for (const note of GUIDE_NOTES[language]) guide.addRow([note]);
  guide.getColumn(1).width = 28;
  guide.getColumn(2).width = 10;
  guide.getColumn(3).width = 90;
  guide.getColumn(4).width = 32;
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    bytes,
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName,
  };
}
