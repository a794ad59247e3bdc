/**
 * What an import tells a clerk about a bad row, in the request's language. A small table of its own: the
 * viewer's translations (web/i18n) sit in a layer the services may not import. A refusal the recording use
 * case gives (a lot not found, too little left) is told by its code here; its English message is the fallback.
 */
export type ImportLanguage = "vi" | "en";

export const IMPORT_LANGUAGES: readonly ImportLanguage[] = ["vi", "en"];

const MESSAGES = {
  required: { en: "is required", vi: "bắt buộc phải điền" },
  number: {
    en: "must be a number such as {example}",
    vi: "phải là một số, ví dụ {example}",
  },
  positive: { en: "must be more than 0", vi: "phải lớn hơn 0" },
  date: {
    en: "must be a date such as 02/03/2026 (dd/mm/yyyy) or 2026-03-02, optionally with a time hh:mm",
    vi: "phải là ngày dạng 02/03/2026 (dd/mm/yyyy) hoặc 2026-03-02, có thể kèm giờ hh:mm",
  },
  tooLong: { en: "is longer than {max} characters", vi: "dài quá {max} ký tự" },
  oneOf: { en: "must be one of: {values}", vi: "phải là một trong: {values}" },
  inputs: {
    en: "must list lots as 'lot:amount', separated by ';' (e.g. FL-0001:300; FL-0002:120)",
    vi: "phải ghi các lô dạng 'mã lô:số lượng', cách nhau bằng ';' (ví dụ FL-0001:300; FL-0002:120)",
  },
  composition: {
    en: "must list fibres as 'fibre:percent', separated by ';' (e.g. cotton:95; elastane:5*)",
    vi: "phải ghi thành phần dạng 'sợi:phần trăm', cách nhau bằng ';' (ví dụ cotton:95; elastane:5*)",
  },
  stages: {
    en: "must list stages as 'stage:country', separated by ';' (e.g. spinning:VN; fabric-formation:VN)",
    vi: "phải ghi công đoạn dạng 'công đoạn:quốc gia', cách nhau bằng ';' (ví dụ spinning:VN; fabric-formation:VN)",
  },
  invalid: { en: "is invalid: {detail}", vi: "không hợp lệ: {detail}" },
  duplicateInFile: {
    en: "lot '{lotId}' is on row {row} of this file already",
    vi: "lô '{lotId}' đã có ở dòng {row} của tệp này",
  },
  unknownColumn: {
    en: "is not a column of the {kind} template",
    vi: "không phải là cột của mẫu {kind}",
  },
  missingColumn: {
    en: "the required column '{column}' is missing from the header row",
    vi: "thiếu cột bắt buộc '{column}' ở dòng tiêu đề",
  },
  duplicateColumn: { en: "appears twice in the header row", vi: "xuất hiện hai lần ở dòng tiêu đề" },
  noHeader: {
    en: "the file has no header row: download a template",
    vi: "tệp không có dòng tiêu đề: hãy tải mẫu về",
  },
  tooManyRows: {
    en: "the file has more than {max} rows: split it",
    vi: "tệp có hơn {max} dòng: hãy chia nhỏ tệp",
  },
  tooManyColumns: {
    en: "the row has more than {max} cells",
    vi: "dòng có hơn {max} ô",
  },
  unreadable: {
    en: "the file could not be read: {detail}",
    vi: "không đọc được tệp: {detail}",
  },
  notUtf8: {
    en: "the file is not UTF-8 text: save it as 'CSV UTF-8' or as .xlsx",
    vi: "tệp không phải văn bản UTF-8: hãy lưu dạng 'CSV UTF-8' hoặc .xlsx",
  },
  facility: { en: "{detail}", vi: "cơ sở không được ghi loại sự kiện này: {detail}" },
  // Refusals of the recording use case, by code.
  NOT_FOUND: { en: "{detail}", vi: "không tìm thấy: {detail}" },
  FORBIDDEN: {
    en: "{detail}",
    vi: "không được phép: lô này không do cơ sở của bạn giữ ({detail})",
  },
  DUPLICATE_ID: {
    en: "lot '{lotId}' is recorded already with other values: a recorded lot cannot be changed",
    vi: "lô '{lotId}' đã được ghi với giá trị khác: không thể sửa lô đã ghi",
  },
  INSUFFICIENT_QUANTITY: {
    en: "{detail}",
    vi: "không đủ số lượng còn lại: {detail}",
  },
  WRONG_LOT_KIND: { en: "{detail}", vi: "sai loại lô: {detail}" },
  UNIT_MISMATCH: { en: "{detail}", vi: "sai đơn vị: {detail}" },
  FACILITY_ROLE_MISSING: { en: "{detail}", vi: "cơ sở chưa được đăng ký vai trò này: {detail}" },
  FACILITY_SUSPENDED: { en: "{detail}", vi: "cơ sở đang bị tạm ngừng: {detail}" },
  GTIN_NOT_AUTHORIZED: { en: "{detail}", vi: "GTIN không thuộc mã doanh nghiệp GS1 của cơ sở: {detail}" },
  IMPLAUSIBLE_YIELD: { en: "{detail}", vi: "sản lượng vượt mức hợp lý: {detail}" },
  VALIDATION_FAILED: { en: "{detail}", vi: "không hợp lệ: {detail}" },
  UNAVAILABLE: {
    en: "the service could not record the row now; import the file again later (recorded rows are skipped)",
    vi: "hiện không ghi được dòng này; hãy nhập lại tệp sau (các dòng đã ghi sẽ được bỏ qua)",
  },
  INTERNAL: {
    en: "the row could not be recorded",
    vi: "không ghi được dòng này",
  },
} as const satisfies Record<string, Record<ImportLanguage, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** The message `key` in `language`, with `{name}` placeholders filled from `values`. */
export function message(
  language: ImportLanguage,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Whether `code` (an error code) has a message of its own here. */
export function isMessageKey(code: string): code is MessageKey {
  return Object.hasOwn(MESSAGES, code);
}

/**
 * The language of a request: an explicit `lang` first, then the first of Accept-Language's languages this
 * knows (q-values respected), else English.
 */
export function languageOf(explicit: unknown, acceptLanguage: string | undefined): ImportLanguage {
  if (explicit === "vi" || explicit === "en") return explicit;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, position) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), position };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  for (const { tag } of ranked) {
    const primary = tag.split("-")[0];
    if (primary === "vi" || primary === "en") return primary;
  }
  return "en";
}
