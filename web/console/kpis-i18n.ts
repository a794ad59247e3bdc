/** The KPI dashboard's strings in English and Vietnamese, and its CSV column headers. */
import type { Lang } from "../view-model";

const en = {
  title: "Programme figures",
  periodProblems: "Please correct the period:",
  intro:
    "What the province's facilities recorded over the period, per facility and for the province. Days are Viet Nam's days (UTC+7); each chart has its numbers in the table beside it and as a CSV file.",
  period: "Period",
  from: "From",
  to: "To",
  periodHint: (days: number) => `Up to ${days} days, both days included.`,
  show: "Show",
  presets: "Usual periods",
  lastDays: (days: number) => `Last ${days} days`,
  shownPeriod: (from: string, to: string, days: number) => `${from} to ${to} (${days} days)`,
  province: "Province",
  facility: "Facility",
  nothing: "Nothing was recorded in this period.",
  downloadCsv: "Download CSV",
  downloadCsvOf: (figure: string) => `Download CSV: ${figure}`,
  chartOf: (figure: string) => `Chart: ${figure}`,
  tableOf: (figure: string) => `Numbers: ${figure}`,
  figures: {
    events: "Events recorded",
    garments: "Garments committed",
    "cutting-yield": "Cutting yield",
    "sewing-output": "Sewing output per line per day",
    "lots-on-time": "Lots consumed on time",
    "origin-pass-rate": "Origin pass rate per agreement",
    certificates: "Certificates issued and revoked",
    scans: "Scans and clone warnings",
  },
  explain: {
    events:
      "Fabric lots, cuttings, sewings, exports and hand-overs to another facility recorded on chain, by the date they happened.",
    garments: "Garment batches sewn and the garments committed on chain (each with its own code).",
    "cutting-yield":
      "Pieces cut per metre of fabric, per style and cutting table, held against the style's yield before the period, or, for a style without history, against the facility's yield in the period. Fabric counted in kg gives no yield.",
    "sewing-output":
      "Garments sewn per day on each line, over the days the line sewed. A sewing that names no line counts under “no line named”.",
    "lots-on-time": (days: number) =>
      `A lot (fabric, cut bundles, a garment batch, or what a transfer brought) is on time when it was first cut, sewn, shipped or handed on within ${days} days of arriving; late when later, or still unused after ${days} days; pending while unused and within ${days} days. Counted by the period it arrived in; the rate leaves pending lots out.`,
    "origin-pass-rate":
      "Stored origin assessments made in the period, per agreement: the share that found the goods originating. Provisional rule tables assess but never certify; they are counted apart.",
    certificates: "Origin certificates anchored on chain, and revoked, in the period.",
    scans:
      "Scans of genuine garment codes in the period, and garments whose scans look like a copied label (more than 20 scans, or from 5 or more places).",
  },
  noLine: "no line named",
  noStyle: "no style",
  columns: {
    scope: "Scope",
    facilityId: "Facility",
    facilityName: "Facility name",
    fabricLots: "Fabric lots",
    cuttings: "Cuttings",
    sewings: "Sewings",
    shipments: "Exports",
    transfers: "Hand-overs",
    total: "Total",
    batches: "Batches",
    garments: "Garments",
    style: "Style",
    equipmentId: "Cutting table",
    pieces: "Pieces",
    metres: "Metres",
    piecesPerMetre: "Pieces per metre",
    baseline: "Baseline",
    baselineKind: "Baseline from",
    difference: "Against baseline",
    lineId: "Line",
    day: "Day",
    days: "Days sewn",
    perDay: "Garments per day",
    bestDay: "Best day",
    arrived: "Lots arrived",
    onTime: "On time",
    late: "Late",
    pending: "Pending",
    rate: "Rate",
    fta: "Agreement",
    assessed: "Assessed",
    originating: "Originating",
    notOriginating: "Not originating",
    insufficientData: "Insufficient data",
    provisional: "Of which provisional",
    issued: "Issued",
    revoked: "Revoked",
    scans: "Scans",
    scannedGarments: "Garments scanned",
    warned: "Clone warnings",
  } as Record<string, string>,
  baselineKinds: { style: "the style's history", facility: "the facility's average" } as Record<
    string,
    string
  >,
};

export type KpiMessages = typeof en;

const vi: KpiMessages = {
  title: "Chỉ số của chương trình",
  periodProblems: "Vui lòng sửa kỳ báo cáo:",
  intro:
    "Những gì các cơ sở trong tỉnh đã ghi nhận trong kỳ, theo từng cơ sở và toàn tỉnh. Ngày tính theo giờ Việt Nam (UTC+7); mỗi biểu đồ có bảng số liệu bên cạnh và tệp CSV để tải về.",
  period: "Kỳ báo cáo",
  from: "Từ ngày",
  to: "Đến ngày",
  periodHint: (days: number) => `Tối đa ${days} ngày, tính cả hai ngày.`,
  show: "Xem",
  presets: "Các kỳ thường dùng",
  lastDays: (days: number) => `${days} ngày gần nhất`,
  shownPeriod: (from: string, to: string, days: number) => `${from} đến ${to} (${days} ngày)`,
  province: "Toàn tỉnh",
  facility: "Cơ sở",
  nothing: "Không có gì được ghi nhận trong kỳ này.",
  downloadCsv: "Tải CSV",
  downloadCsvOf: (figure: string) => `Tải CSV: ${figure}`,
  chartOf: (figure: string) => `Biểu đồ: ${figure}`,
  tableOf: (figure: string) => `Số liệu: ${figure}`,
  figures: {
    events: "Sự kiện đã ghi nhận",
    garments: "Sản phẩm may đã cam kết",
    "cutting-yield": "Hiệu suất cắt",
    "sewing-output": "Sản lượng may theo chuyền mỗi ngày",
    "lots-on-time": "Lô được sử dụng đúng hạn",
    "origin-pass-rate": "Tỷ lệ đạt xuất xứ theo hiệp định",
    certificates: "Chứng nhận đã cấp và đã thu hồi",
    scans: "Lượt quét và cảnh báo nhãn giả",
  },
  explain: {
    events:
      "Lô vải, lần cắt, lần may, lô xuất khẩu và lần bàn giao cho cơ sở khác đã ghi lên chuỗi khối, theo ngày diễn ra.",
    garments: "Các lô hàng may và số sản phẩm đã cam kết trên chuỗi khối (mỗi sản phẩm có mã riêng).",
    "cutting-yield":
      "Số chi tiết cắt được trên mỗi mét vải, theo mã hàng và bàn cắt, so với hiệu suất của mã hàng đó trước kỳ, hoặc với mã hàng chưa có lịch sử thì so với hiệu suất của cơ sở trong kỳ. Vải tính theo kg không cho hiệu suất.",
    "sewing-output":
      "Số sản phẩm may mỗi ngày trên từng chuyền, tính trên các ngày chuyền có may. Lần may không ghi chuyền được tính vào “không ghi chuyền”.",
    "lots-on-time": (days: number) =>
      `Một lô (vải, bó chi tiết cắt, lô hàng may, hoặc hàng được bàn giao đến) là đúng hạn khi được cắt, may, xuất hoặc bàn giao lần đầu trong vòng ${days} ngày kể từ khi đến; trễ hạn khi muộn hơn, hoặc vẫn chưa dùng sau ${days} ngày; đang chờ khi chưa dùng và chưa quá ${days} ngày. Tính theo kỳ lô đến; tỷ lệ không tính các lô đang chờ.`,
    "origin-pass-rate":
      "Các đánh giá xuất xứ đã lưu trong kỳ, theo hiệp định: tỷ lệ đánh giá cho kết quả đạt xuất xứ. Biểu quy tắc tạm thời chỉ đánh giá, không cấp chứng nhận; được đếm riêng.",
    certificates: "Chứng nhận xuất xứ đã neo lên chuỗi khối, và đã thu hồi, trong kỳ.",
    scans:
      "Lượt quét mã sản phẩm thật trong kỳ, và các sản phẩm có lượt quét giống nhãn bị sao chép (hơn 20 lượt, hoặc từ 5 nơi trở lên).",
  },
  noLine: "không ghi chuyền",
  noStyle: "không ghi mã hàng",
  columns: {
    scope: "Phạm vi",
    facilityId: "Cơ sở",
    facilityName: "Tên cơ sở",
    fabricLots: "Lô vải",
    cuttings: "Lần cắt",
    sewings: "Lần may",
    shipments: "Xuất khẩu",
    transfers: "Bàn giao",
    total: "Tổng",
    batches: "Lô hàng",
    garments: "Sản phẩm",
    style: "Mã hàng",
    equipmentId: "Bàn cắt",
    pieces: "Chi tiết",
    metres: "Mét",
    piecesPerMetre: "Chi tiết trên mét",
    baseline: "Mức so sánh",
    baselineKind: "Mức so sánh từ",
    difference: "So với mức so sánh",
    lineId: "Chuyền",
    day: "Ngày",
    days: "Số ngày may",
    perDay: "Sản phẩm mỗi ngày",
    bestDay: "Ngày cao nhất",
    arrived: "Lô đến",
    onTime: "Đúng hạn",
    late: "Trễ hạn",
    pending: "Đang chờ",
    rate: "Tỷ lệ",
    fta: "Hiệp định",
    assessed: "Đã đánh giá",
    originating: "Đạt xuất xứ",
    notOriginating: "Không đạt xuất xứ",
    insufficientData: "Thiếu dữ liệu",
    provisional: "Trong đó tạm thời",
    issued: "Đã cấp",
    revoked: "Đã thu hồi",
    scans: "Lượt quét",
    scannedGarments: "Sản phẩm được quét",
    warned: "Cảnh báo nhãn giả",
  },
  baselineKinds: { style: "lịch sử của mã hàng", facility: "mức trung bình của cơ sở" },
};

const MESSAGES: Record<Lang, KpiMessages> = { en, vi };

export function kpiMessages(lang: Lang): KpiMessages {
  return MESSAGES[lang];
}

/** A CSV column's header in `lang` (the column key when it has no label). */
export function kpiColumnLabel(column: string, lang: Lang): string {
  return MESSAGES[lang].columns[column] ?? column;
}

/** The period's field messages (services/kpis/period.ts) in Vietnamese; null for another message. */
export function kpiFieldMessageVi(message: string): string | null {
  if (message === "Invalid ISO date") return "không phải ngày hợp lệ (năm-tháng-ngày)";
  if (message === "must not be before from") return "không được trước ngày bắt đầu";
  const cap = /^a period is at most (\d+) days$/.exec(message);
  if (cap) return `một kỳ báo cáo tối đa ${cap[1]} ngày`;
  return null;
}
