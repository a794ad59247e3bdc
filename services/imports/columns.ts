/**
 * The spreadsheet columns of each import kind, in Vietnamese and English, and how a row of them becomes the
 * same event body the JSON endpoints take (services/records/events.ts, EVENT_BODY_SCHEMAS): the import
 * validates with those schemas and records through the same use case, so a row records what a JSON post of
 * the same facts records.
 *
 * A row's input lots (a cutting's fabric, a sewing's cut bundles, a shipment's batches) are one cell,
 * "lot:amount; lot:amount" (a cutting may add the fabric's role: "FL-0001:300:main-fabric"); amounts use
 * the file's number convention (see cells.ts). What a clerk cannot type in one cell — a fabric lot's origin
 * claims and proofs, a sewing's trims, cited documents — stays with the JSON API.
 */
import { constructions, materialRoles, stageNames } from "../origin/facts";
import type { EventBody } from "../records/events";
import { EVENT_BODY_SCHEMAS } from "../records/events";
import type { CellResult, CellValue } from "./cells";
import { cellText, NUMBER_EXAMPLE, parseNumberText, readDate, readNumber } from "./cells";
import type { ImportLanguage, MessageKey } from "./messages";
import { message } from "./messages";

export const IMPORT_KINDS = ["fabric-lots", "cuttings", "sewings", "shipments"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const EVENT_TYPE_OF: Record<ImportKind, EventBody["type"]> = {
  "fabric-lots": "fabric-lot",
  cuttings: "cutting",
  sewings: "sewing",
  shipments: "shipment",
};

type ColumnType = "text" | "code" | "number" | "date" | "unit" | "inputs" | "composition" | "stages" | "enum";

export interface ColumnSpec {
  key: string;
  header: Record<ImportLanguage, string>;
  type: ColumnType;
  required?: true;
  /** An enum column's values. */
  values?: readonly string[];
  /** Where the column lands in the event body (dotted paths), to name the column in a schema's refusal. */
  paths: readonly string[];
  help: Record<ImportLanguage, string>;
  /** The example row's value (numbers as numbers: the template writes them in the file's convention). */
  example: string | number;
}

type Values = Record<string, unknown>;

export interface KindSpec {
  kind: ImportKind;
  columns: readonly ColumnSpec[];
  /** The event body from the row's read values (blank optional cells are absent). */
  body: (values: Values) => Record<string, unknown>;
}

const UNIT_WORDS: Record<string, "m" | "kg" | "pcs"> = {
  m: "m",
  mét: "m",
  met: "m",
  metre: "m",
  meter: "m",
  metres: "m",
  meters: "m",
  kg: "kg",
  kí: "kg",
  ký: "kg",
  kilogram: "kg",
  pcs: "pcs",
  pc: "pcs",
  pieces: "pcs",
  cái: "pcs",
  chiếc: "pcs",
};

const id = (help: Record<ImportLanguage, string>): ColumnSpec => ({
  key: "id",
  header: { vi: "Mã lô", en: "Lot id" },
  type: "text",
  required: true,
  paths: ["id"],
  help,
  example: "",
});
const date: ColumnSpec = {
  key: "occurredAt",
  header: { vi: "Ngày", en: "Date" },
  type: "date",
  required: true,
  paths: ["occurredAt"],
  help: {
    vi: "Ngày (dd/mm/yyyy, có thể kèm giờ hh:mm), giờ Việt Nam; ô ngày của Excel cũng được",
    en: "Date (dd/mm/yyyy, optionally with hh:mm), Viet Nam time; Excel date cells work too",
  },
  example: "02/03/2026",
};
const inputs = (
  header: Record<ImportLanguage, string>,
  help: Record<ImportLanguage, string>,
  example: string,
): ColumnSpec => ({
  key: "inputs",
  header,
  type: "inputs",
  required: true,
  paths: ["inputs"],
  help,
  example,
});

const FABRIC_LOTS: KindSpec = {
  kind: "fabric-lots",
  columns: [
    {
      ...id({
        vi: "Mã lô vải (chữ, số, -_.; tối đa 64 ký tự)",
        en: "Fabric lot id (letters, digits, -_.; up to 64)",
      }),
      example: "FL-0001",
    },
    date,
    {
      key: "description",
      header: { vi: "Mô tả", en: "Description" },
      type: "text",
      paths: ["description"],
      help: { vi: "Mô tả vải", en: "What the fabric is" },
      example: "cotton single jersey 180 gsm",
    },
    {
      key: "hsCode",
      header: { vi: "Mã HS", en: "HS code" },
      type: "text",
      paths: ["hsCode"],
      help: { vi: "Mã HS của vải, ví dụ 6006.21", en: "The fabric's HS code, e.g. 6006.21" },
      example: "6006.21",
    },
    {
      key: "composition",
      header: { vi: "Thành phần", en: "Composition" },
      type: "composition",
      required: true,
      paths: ["composition"],
      help: {
        vi: "sợi:phần trăm, cách nhau bằng ';', tổng 100; thêm * sau sợi co giãn (ví dụ cotton:95; elastane:5*)",
        en: "fibre:percent separated by ';', adding up to 100; * after an elastomeric fibre (e.g. cotton:95; elastane:5*)",
      },
      example: "cotton:95; elastane:5*",
    },
    {
      key: "quantity",
      header: { vi: "Số lượng", en: "Quantity" },
      type: "number",
      required: true,
      paths: ["quantity.amount", "quantity"],
      help: { vi: "Số lượng vải (tối đa 3 chữ số thập phân)", en: "How much fabric (at most 3 decimals)" },
      example: 1200,
    },
    {
      key: "unit",
      header: { vi: "Đơn vị", en: "Unit" },
      type: "unit",
      required: true,
      values: ["m", "kg"],
      paths: ["quantity.unit"],
      help: { vi: "m (mét) hoặc kg", en: "m (metres) or kg" },
      example: "m",
    },
    {
      key: "weightKg",
      header: { vi: "Khối lượng (kg)", en: "Weight (kg)" },
      type: "number",
      paths: ["weightKg"],
      help: { vi: "Khối lượng của lô, kg", en: "The lot's weight in kg" },
      example: 260,
    },
    {
      key: "value",
      header: { vi: "Giá trị (USD)", en: "Value (USD)" },
      type: "number",
      paths: ["value"],
      help: { vi: "Giá trị của lô, USD", en: "The lot's value in USD" },
      example: 3600,
    },
    {
      key: "supplierName",
      header: { vi: "Nhà cung cấp", en: "Supplier" },
      type: "text",
      required: true,
      paths: ["supplier.name", "supplier"],
      help: {
        vi: "Tên nhà cung cấp (hoặc xưởng tự dệt)",
        en: "The supplier's name (or the own weaving shop)",
      },
      example: "Hanil Textile",
    },
    {
      key: "supplierCountry",
      header: { vi: "Nước của nhà cung cấp", en: "Supplier country" },
      type: "code",
      required: true,
      paths: ["supplier.country"],
      help: { vi: "Mã nước ISO 2 chữ, ví dụ VN, KR", en: "ISO two-letter country code, e.g. VN, KR" },
      example: "KR",
    },
    {
      key: "stages",
      header: { vi: "Công đoạn", en: "Stages" },
      type: "stages",
      paths: ["stages"],
      help: {
        vi: `công đoạn:nước, cách nhau bằng ';'; công đoạn là ${stageNames.join(", ")}`,
        en: `stage:country separated by ';'; a stage is one of ${stageNames.join(", ")}`,
      },
      example: "spinning:KR; fabric-formation:KR",
    },
  ],
  body: (v) => ({
    id: v.id,
    ...(v.description === undefined ? {} : { description: v.description }),
    ...(v.hsCode === undefined ? {} : { hsCode: v.hsCode }),
    composition: v.composition,
    quantity: { amount: v.quantity, unit: v.unit },
    ...(v.weightKg === undefined ? {} : { weightKg: v.weightKg }),
    ...(v.value === undefined ? {} : { value: { amount: v.value, currency: "USD" } }),
    supplier: { name: v.supplierName, country: v.supplierCountry },
    ...(v.stages === undefined ? {} : { stages: v.stages }),
    occurredAt: v.occurredAt,
  }),
};

type InputCell = { lotId: string; amount: number; role?: string };

/** The optional sewing line and equipment a cutting or sewing ran on (ids the facility registered). */
const RAN_ON: readonly ColumnSpec[] = [
  {
    key: "lineId",
    header: { vi: "Mã chuyền", en: "Line ID" },
    type: "text",
    paths: ["lineId"],
    help: {
      vi: "Mã chuyền may đã đăng ký của cơ sở (để trống nếu không ghi)",
      en: "A sewing line the facility registered (leave blank if none)",
    },
    example: "",
  },
  {
    key: "equipmentId",
    header: { vi: "Mã thiết bị", en: "Equipment ID" },
    type: "text",
    paths: ["equipmentId"],
    help: {
      vi: "Thiết bị đã đăng ký của cơ sở, ví dụ bàn cắt (để trống nếu không ghi)",
      en: "Equipment the facility registered, e.g. a cutting table (leave blank if none)",
    },
    example: "",
  },
];

/** The body's `lineId` / `equipmentId`, absent when their cells are blank. */
const ranOnOf = (v: Values) => ({
  ...(v.lineId === undefined ? {} : { lineId: v.lineId }),
  ...(v.equipmentId === undefined ? {} : { equipmentId: v.equipmentId }),
});

const CUTTINGS: KindSpec = {
  kind: "cuttings",
  columns: [
    { ...id({ vi: "Mã lô bán thành phẩm cắt", en: "Cut bundles lot id" }), example: "CUT-0001" },
    date,
    inputs(
      { vi: "Lô vải", en: "Fabric lots" },
      {
        vi: "Lô vải đã dùng, mã lô:số lượng, cách nhau bằng ';' (có thể thêm :vai-trò, ví dụ FL-0001:300:main-fabric)",
        en: "Fabric used, lot:amount separated by ';' (a :role may follow, e.g. FL-0001:300:main-fabric)",
      },
      "FL-0001:300",
    ),
    {
      key: "inputUnit",
      header: { vi: "Đơn vị vải", en: "Fabric unit" },
      type: "unit",
      required: true,
      values: ["m", "kg"],
      paths: ["inputs.*.quantity.unit"],
      help: { vi: "Đơn vị của số lượng vải: m hoặc kg", en: "The unit of the fabric amounts: m or kg" },
      example: "m",
    },
    {
      key: "pieces",
      header: { vi: "Số chi tiết", en: "Pieces" },
      type: "number",
      required: true,
      paths: ["output.quantity", "output"],
      help: { vi: "Số chi tiết cắt ra (số nguyên)", en: "Cut pieces made (a whole number)" },
      example: 2400,
    },
    {
      key: "style",
      header: { vi: "Mã hàng", en: "Style" },
      type: "text",
      paths: ["output.style"],
      help: { vi: "Mã hàng (style)", en: "The style" },
      example: "TS-01",
    },
    ...RAN_ON,
  ],
  body: (v) => ({
    id: v.id,
    inputs: (v.inputs as InputCell[] | undefined)?.map((input) => ({
      lotId: input.lotId,
      quantity: { amount: input.amount, unit: v.inputUnit },
      ...(input.role === undefined ? {} : { role: input.role }),
    })),
    output: {
      quantity: { amount: v.pieces, unit: "pcs" },
      ...(v.style === undefined ? {} : { style: v.style }),
    },
    ...ranOnOf(v),
    occurredAt: v.occurredAt,
  }),
};

const SEWINGS: KindSpec = {
  kind: "sewings",
  columns: [
    {
      ...id({
        vi: "Mã lô thành phẩm (tối đa 20 ký tự, in trên mã QR)",
        en: "Garment batch id (up to 20, printed in the QR code)",
      }),
      example: "SEW-0001",
    },
    date,
    inputs(
      { vi: "Lô đã cắt", en: "Cut lots" },
      {
        vi: "Lô bán thành phẩm cắt đã dùng, mã lô:số chi tiết, cách nhau bằng ';'",
        en: "Cut bundles used, lot:pieces separated by ';'",
      },
      "CUT-0001:2400",
    ),
    {
      key: "garments",
      header: { vi: "Số sản phẩm", en: "Garments" },
      type: "number",
      required: true,
      paths: ["output.quantity", "output"],
      help: { vi: "Số sản phẩm may ra", en: "Garments made" },
      example: 1200,
    },
    {
      key: "gtin",
      header: { vi: "Mã GTIN", en: "GTIN" },
      type: "text",
      required: true,
      paths: ["product.gtin"],
      help: {
        vi: "GTIN của sản phẩm (theo mã doanh nghiệp GS1 của cơ sở)",
        en: "The product's GTIN (under the facility's GS1 company prefix)",
      },
      example: "08938505974019",
    },
    {
      key: "hsCode",
      header: { vi: "Mã HS", en: "HS code" },
      type: "text",
      required: true,
      paths: ["product.hsCode"],
      help: { vi: "Mã HS của sản phẩm, ví dụ 6109.10", en: "The garment's HS code, e.g. 6109.10" },
      example: "6109.10",
    },
    {
      key: "description",
      header: { vi: "Mô tả sản phẩm", en: "Product description" },
      type: "text",
      required: true,
      paths: ["product.description"],
      help: { vi: "Mô tả sản phẩm", en: "What the garment is" },
      example: "men's cotton T-shirt",
    },
    {
      key: "construction",
      header: { vi: "Cách may", en: "Construction" },
      type: "enum",
      required: true,
      values: constructions,
      paths: ["product.construction"],
      help: { vi: `Một trong: ${constructions.join(", ")}`, en: `One of: ${constructions.join(", ")}` },
      example: "cut-and-sewn",
    },
    {
      key: "price",
      header: { vi: "Giá xuất xưởng (USD)", en: "Ex-works price (USD)" },
      type: "number",
      required: true,
      paths: ["product.exWorksPrice", "product"],
      help: { vi: "Giá xuất xưởng một sản phẩm, USD", en: "Ex-works price of one garment in USD" },
      example: 4.2,
    },
    ...RAN_ON,
  ],
  body: (v) => ({
    id: v.id,
    inputs: (v.inputs as InputCell[] | undefined)?.map((input) => ({
      lotId: input.lotId,
      quantity: { amount: input.amount, unit: "pcs" },
    })),
    product: {
      gtin: v.gtin,
      hsCode: v.hsCode,
      description: v.description,
      construction: v.construction,
      exWorksPrice: { amount: v.price, currency: "USD" },
    },
    output: { quantity: { amount: v.garments, unit: "pcs" } },
    ...ranOnOf(v),
    occurredAt: v.occurredAt,
  }),
};

const SHIPMENTS: KindSpec = {
  kind: "shipments",
  columns: [
    { ...id({ vi: "Mã lô hàng", en: "Shipment lot id" }), example: "SHP-0001" },
    date,
    inputs(
      { vi: "Lô xuất", en: "Lots shipped" },
      {
        vi: "Lô gửi đi, mã lô:số lượng, cách nhau bằng ';'",
        en: "Lots sent, lot:amount separated by ';'",
      },
      "SEW-0001:1000",
    ),
    {
      key: "unit",
      header: { vi: "Đơn vị", en: "Unit" },
      type: "unit",
      values: ["pcs", "m", "kg"],
      paths: ["inputs.*.quantity.unit"],
      help: {
        vi: "Đơn vị của số lượng: pcs (cái, mặc định), m hoặc kg khi giao vải cho cơ sở khác",
        en: "The amounts' unit: pcs (the default), m or kg when handing fabric to another facility",
      },
      example: "pcs",
    },
    {
      key: "buyerName",
      header: { vi: "Người mua", en: "Buyer" },
      type: "text",
      paths: ["buyer.name", "buyer"],
      help: { vi: "Người mua (khi xuất khẩu)", en: "The buyer (for an export)" },
      example: "Nordwind GmbH",
    },
    {
      key: "buyerCountry",
      header: { vi: "Nước người mua", en: "Buyer country" },
      type: "code",
      paths: ["buyer.country"],
      help: { vi: "Mã nước ISO 2 chữ của người mua", en: "The buyer's ISO two-letter country code" },
      example: "DE",
    },
    {
      key: "destinationCountry",
      header: { vi: "Nước đến", en: "Destination country" },
      type: "code",
      paths: ["destinationCountry"],
      help: { vi: "Mã nước ISO 2 chữ nơi hàng đến", en: "ISO two-letter code of the destination country" },
      example: "DE",
    },
    {
      key: "invoiceNumber",
      header: { vi: "Số hóa đơn", en: "Invoice number" },
      type: "text",
      paths: ["invoiceNumber"],
      help: { vi: "Số hóa đơn", en: "The invoice number" },
      example: "INV-2026-114",
    },
    {
      key: "toFacilityId",
      header: { vi: "Cơ sở nhận (mã)", en: "Consignee facility id" },
      type: "text",
      paths: ["toFacilityId"],
      help: {
        vi: "Mã cơ sở đã đăng ký nhận hàng: khi có, đây là giao hàng cho cơ sở khác (để trống người mua và nước đến)",
        en: "A registered facility's id: then the row hands the lots over to it (leave buyer and destination blank)",
      },
      example: "",
    },
  ],
  body: (v) => ({
    id: v.id,
    inputs: (v.inputs as InputCell[] | undefined)?.map((input) => ({
      lotId: input.lotId,
      quantity: { amount: input.amount, unit: v.unit ?? "pcs" },
    })),
    ...(v.buyerName === undefined && v.buyerCountry === undefined
      ? {}
      : { buyer: { name: v.buyerName, country: v.buyerCountry } }),
    ...(v.destinationCountry === undefined ? {} : { destinationCountry: v.destinationCountry }),
    ...(v.invoiceNumber === undefined ? {} : { invoiceNumber: v.invoiceNumber }),
    ...(v.toFacilityId === undefined ? {} : { toFacilityId: v.toFacilityId }),
    occurredAt: v.occurredAt,
  }),
};

export const KIND_SPECS: Record<ImportKind, KindSpec> = {
  "fabric-lots": FABRIC_LOTS,
  cuttings: CUTTINGS,
  sewings: SEWINGS,
  shipments: SHIPMENTS,
};

/** One bad cell of a row: the column's header as in the file, the cell as typed, and why. */
export interface CellError {
  column: string;
  value: string;
  code: string;
  message: string;
}

/** Where the file's columns are: the column key → its position and header text as in the file. */
export type HeaderMap = Map<string, { index: number; text: string }>;

const splitList = (text: string) =>
  text
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");

function readList<T>(
  text: string,
  key: MessageKey,
  readItem: (parts: string[]) => T | null,
): CellResult<T[]> {
  const items: T[] = [];
  for (const entry of splitList(text)) {
    const item = readItem(entry.split(":").map((part) => part.trim()));
    if (item === null) return { ok: false, key };
    items.push(item);
  }
  return items.length === 0 ? { ok: false, key: "required" } : { ok: true, value: items };
}

function readCell(column: ColumnSpec, value: CellValue, language: ImportLanguage): CellResult<unknown> {
  const text = cellText(value);
  switch (column.type) {
    case "number":
      return readNumber(value, language);
    case "date":
      return readDate(value);
    case "text":
      return text === null ? { ok: false, key: "required" } : { ok: true, value: text };
    case "code":
      return text === null ? { ok: false, key: "required" } : { ok: true, value: text.toUpperCase() };
    case "unit": {
      const unit = text === null ? undefined : UNIT_WORDS[text.toLocaleLowerCase("vi")];
      if (text === null) return { ok: false, key: "required" };
      return unit !== undefined && column.values!.includes(unit)
        ? { ok: true, value: unit }
        : { ok: false, key: "oneOf", values: { values: column.values!.join(", ") } };
    }
    case "enum": {
      const word = text?.toLowerCase();
      if (word === undefined) return { ok: false, key: "required" };
      return column.values!.includes(word)
        ? { ok: true, value: word }
        : { ok: false, key: "oneOf", values: { values: column.values!.join(", ") } };
    }
    case "inputs":
      if (text === null) return { ok: false, key: "required" };
      return readList<InputCell>(text, "inputs", ([lotId, amount, role, ...rest]) => {
        if (!lotId || amount === undefined || rest.length > 0) return null;
        const parsed = parseNumberText(amount, language);
        if (parsed === null) return null;
        if (role !== undefined && !(materialRoles as readonly string[]).includes(role)) return null;
        return { lotId, amount: parsed, ...(role === undefined ? {} : { role }) };
      });
    case "composition":
      if (text === null) return { ok: false, key: "required" };
      return readList(text.replace(/%/g, ""), "composition", ([fibre, percent, ...rest]) => {
        if (!fibre || percent === undefined || rest.length > 0) return null;
        const elastomeric = percent.endsWith("*");
        const parsed = parseNumberText(percent.replace(/\*$/, "").trim(), language);
        if (parsed === null) return null;
        return { fibre, percent: parsed, ...(elastomeric ? { elastomeric: true } : {}) };
      });
    case "stages":
      if (text === null) return { ok: false, key: "required" };
      return readList(text, "stages", ([stage, country, ...rest]) =>
        stage && country && rest.length === 0
          ? { stage: stage.toLowerCase(), country: country.toUpperCase() }
          : null,
      );
  }
}

/** The column of `spec` a schema issue at `path` (dotted, array indexes as numbers) belongs to. */
export function columnOf(spec: KindSpec, path: string): ColumnSpec {
  const generic = path.replace(/\.\d+(?=\.|$)/g, ".*");
  let best: { column: ColumnSpec; length: number } | undefined;
  for (const column of spec.columns) {
    for (const candidate of column.paths) {
      const matches =
        generic === candidate ||
        generic.startsWith(`${candidate}.`) ||
        path === candidate ||
        path.startsWith(`${candidate}.`);
      if (matches && (!best || candidate.length > best.length)) best = { column, length: candidate.length };
    }
  }
  return best?.column ?? spec.columns.find((column) => column.key === "inputs") ?? spec.columns[0]!;
}

export interface ReadRowParameters {
  spec: KindSpec;
  header: HeaderMap;
  cells: readonly CellValue[];
  /** The language messages are written in (the request's). */
  language: ImportLanguage;
  /** The language of the file's headers, whose number convention its cells follow. */
  fileLanguage: ImportLanguage;
  maxCellChars: number;
}

/** A cell as the error file and the job show it. */
export function shownValue(value: CellValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  return String(value);
}

/**
 * Reads one data row into the event body it states, or names every bad cell. The body is checked with the
 * JSON endpoints' schema, so what passes here is what a JSON post of the same facts would pass.
 */
export function readRow({ spec, header, cells, language, fileLanguage, maxCellChars }: ReadRowParameters): {
  event?: EventBody;
  errors: CellError[];
} {
  const errors: CellError[] = [];
  const values: Values = {};
  const fail = (column: ColumnSpec, raw: CellValue | undefined, code: string, text: string) =>
    errors.push({
      column: header.get(column.key)?.text ?? column.header[language],
      value: shownValue(raw).slice(0, 200),
      code,
      message: text,
    });
  for (const column of spec.columns) {
    const at = header.get(column.key);
    const raw = at === undefined ? null : (cells[at.index] ?? null);
    const text = cellText(raw);
    if (text !== null && text.length > maxCellChars) {
      fail(column, raw, "VALIDATION_FAILED", message(language, "tooLong", { max: maxCellChars }));
      continue;
    }
    if (text === null) {
      if (column.required) fail(column, raw, "VALIDATION_FAILED", message(language, "required"));
      continue;
    }
    const read = readCell(column, raw, fileLanguage);
    if (read.ok) values[column.key] = read.value;
    else {
      const values: Record<string, string> = { example: NUMBER_EXAMPLE[fileLanguage], ...read.values };
      fail(column, raw, "VALIDATION_FAILED", message(language, read.key, values));
    }
  }
  if (errors.length > 0) return { errors };

  const type = EVENT_TYPE_OF[spec.kind];
  const parsed = EVENT_BODY_SCHEMAS[type].safeParse(spec.body(values));
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const column = columnOf(spec, issue.path.join("."));
      if (seen.has(column.key)) continue;
      seen.add(column.key);
      const at = header.get(column.key);
      fail(
        column,
        at === undefined ? null : cells[at.index],
        "VALIDATION_FAILED",
        language === "en" ? issue.message : message(language, "invalid", { detail: issue.message }),
      );
    }
    return { errors };
  }
  return { event: { type, body: parsed.data } as EventBody, errors };
}

/**
 * Matches a header row to a kind's columns (NFC, case and spacing do not matter; either language's words,
 * even mixed). The file's language is the one most of its headers are written in (ties: `fallback`).
 */
export function readHeader(
  spec: KindSpec,
  cells: readonly CellValue[],
  fallback: ImportLanguage,
  keyOf: (value: CellValue) => string,
): { header: HeaderMap; language: ImportLanguage; errors: CellError[] } {
  const byWord = new Map<string, { column: ColumnSpec; language: ImportLanguage | "both" }>();
  for (const column of spec.columns) {
    const vi = keyOf(column.header.vi);
    const en = keyOf(column.header.en);
    byWord.set(vi, { column, language: vi === en ? "both" : "vi" });
    if (en !== vi) byWord.set(en, { column, language: "en" });
  }
  const header: HeaderMap = new Map();
  const found: { column: ColumnSpec; language: ImportLanguage | "both"; index: number; text: string }[] = [];
  const unknown: { index: number; text: string }[] = [];
  cells.forEach((cell, index) => {
    const text = cellText(cell);
    if (text === null) return;
    const match = byWord.get(keyOf(cell));
    if (match) found.push({ ...match, index, text });
    else unknown.push({ index, text });
  });
  const count = (language: ImportLanguage) => found.filter((entry) => entry.language === language).length;
  const language = count("vi") > count("en") ? "vi" : count("en") > count("vi") ? "en" : fallback;
  const errors: CellError[] = [];
  for (const entry of found) {
    if (header.has(entry.column.key)) {
      errors.push({
        column: entry.text,
        value: entry.text,
        code: "VALIDATION_FAILED",
        message: message(fallback, "duplicateColumn"),
      });
    } else header.set(entry.column.key, { index: entry.index, text: entry.text });
  }
  for (const entry of unknown)
    errors.push({
      column: entry.text,
      value: entry.text,
      code: "VALIDATION_FAILED",
      message: message(fallback, "unknownColumn", { kind: spec.kind }),
    });
  for (const column of spec.columns)
    if (column.required && !header.has(column.key))
      errors.push({
        column: column.header[language],
        value: "",
        code: "VALIDATION_FAILED",
        message: message(fallback, "missingColumn", { column: column.header[language] }),
      });
  return { header, language, errors };
}
