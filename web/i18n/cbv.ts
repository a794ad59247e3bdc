/**
 * The GS1 Core Business Vocabulary (CBV 2.0) business steps and dispositions an EPCIS event may name, in the
 * page's words. An event names them by their bare word (`inspecting`), a CBV 1.x URN
 * (`urn:epcglobal:cbv:bizstep:inspecting`) or a CBV 2.0 web URI (`https://ref.gs1.org/cbv/BizStep-inspecting`);
 * one a facility made up is shown by its short name. test/services/web/cbv.test.ts compares these tables with
 * the CBV's own JSON-LD contexts.
 */
import type { Lang } from "../view-model";

const BIZ_STEPS_EN = {
  accepting: "Acceptance",
  arriving: "Arrival",
  assembling: "Assembly",
  collecting: "Collection",
  commissioning: "Commissioning",
  consigning: "Consignment",
  creating_class_instance: "Batch creation",
  cycle_counting: "Cycle count",
  decommissioning: "Decommissioning",
  departing: "Departure",
  destroying: "Destruction",
  disassembling: "Disassembly",
  dispensing: "Dispensing",
  encoding: "Encoding",
  entering_exiting: "Entry or exit",
  holding: "Hold",
  inspecting: "Inspection",
  installing: "Installation",
  killing: "Deactivation",
  loading: "Loading",
  other: "Event",
  packing: "Packing",
  picking: "Picking",
  receiving: "Receiving",
  removing: "Removal",
  repackaging: "Repackaging",
  repairing: "Repair",
  replacing: "Replacement",
  reserving: "Reservation",
  retail_selling: "Retail sale",
  sampling: "Sampling",
  sensor_reporting: "Sensor reading",
  shipping: "Shipping",
  staging_outbound: "Staging for dispatch",
  stock_taking: "Stocktaking",
  stocking: "Stocking",
  storing: "Storage",
  transporting: "Transport",
  unloading: "Unloading",
  unpacking: "Unpacking",
  void_shipping: "Shipment cancelled",
} as const;

type BizStep = keyof typeof BIZ_STEPS_EN;

const BIZ_STEPS_VI: Record<BizStep, string> = {
  accepting: "Chấp nhận",
  arriving: "Đến nơi",
  assembling: "Lắp ráp",
  collecting: "Thu gom",
  commissioning: "Đưa vào sử dụng",
  consigning: "Ký gửi",
  creating_class_instance: "Tạo lô",
  cycle_counting: "Kiểm đếm định kỳ",
  decommissioning: "Ngừng sử dụng",
  departing: "Khởi hành",
  destroying: "Tiêu hủy",
  disassembling: "Tháo rời",
  dispensing: "Cấp phát",
  encoding: "Mã hóa",
  entering_exiting: "Ra vào",
  holding: "Tạm giữ",
  inspecting: "Kiểm tra",
  installing: "Lắp đặt",
  killing: "Vô hiệu hóa",
  loading: "Xếp hàng lên",
  other: "Sự kiện",
  packing: "Đóng gói",
  picking: "Lấy hàng",
  receiving: "Nhận hàng",
  removing: "Gỡ bỏ",
  repackaging: "Đóng gói lại",
  repairing: "Sửa chữa",
  replacing: "Thay thế",
  reserving: "Đặt trước",
  retail_selling: "Bán lẻ",
  sampling: "Lấy mẫu",
  sensor_reporting: "Đọc cảm biến",
  shipping: "Giao hàng",
  staging_outbound: "Chuẩn bị xuất hàng",
  stock_taking: "Kiểm kê",
  stocking: "Xếp lên kệ",
  storing: "Lưu kho",
  transporting: "Vận chuyển",
  unloading: "Dỡ hàng",
  unpacking: "Mở gói",
  void_shipping: "Hủy giao hàng",
};

const DISPOSITIONS_EN = {
  active: "Active",
  available: "Available",
  completeness_inferred: "Complete (inferred)",
  completeness_verified: "Complete (verified)",
  conformant: "Conformant",
  container_closed: "Container closed",
  container_open: "Container open",
  damaged: "Damaged",
  destroyed: "Destroyed",
  dispensed: "Dispensed",
  disposed: "Disposed of",
  encoded: "Encoded",
  expired: "Expired",
  in_progress: "In progress",
  in_transit: "In transit",
  inactive: "Inactive",
  mismatch_class: "Wrong product",
  mismatch_instance: "Wrong item",
  mismatch_quantity: "Wrong quantity",
  needs_replacement: "Needs replacement",
  no_pedigree_match: "No matching pedigree",
  non_conformant: "Not conformant",
  non_sellable_other: "Not for sale",
  partially_dispensed: "Partly dispensed",
  recalled: "Recalled",
  reserved: "Reserved",
  retail_sold: "Sold",
  returned: "Returned",
  sellable_accessible: "For sale, on display",
  sellable_not_accessible: "For sale, in stock",
  stolen: "Stolen",
  unavailable: "Unavailable",
  unknown: "Unknown",
} as const;

type Disposition = keyof typeof DISPOSITIONS_EN;

const DISPOSITIONS_VI: Record<Disposition, string> = {
  active: "Đang hoạt động",
  available: "Sẵn có",
  completeness_inferred: "Đầy đủ (suy ra)",
  completeness_verified: "Đầy đủ (đã kiểm)",
  conformant: "Đạt yêu cầu",
  container_closed: "Thùng đã đóng",
  container_open: "Thùng đang mở",
  damaged: "Hư hỏng",
  destroyed: "Đã tiêu hủy",
  dispensed: "Đã cấp phát",
  disposed: "Đã thải bỏ",
  encoded: "Đã mã hóa",
  expired: "Hết hạn",
  in_progress: "Đang xử lý",
  in_transit: "Đang vận chuyển",
  inactive: "Không hoạt động",
  mismatch_class: "Sai sản phẩm",
  mismatch_instance: "Sai món hàng",
  mismatch_quantity: "Sai số lượng",
  needs_replacement: "Cần thay thế",
  no_pedigree_match: "Không khớp hồ sơ nguồn gốc",
  non_conformant: "Không đạt yêu cầu",
  non_sellable_other: "Không để bán",
  partially_dispensed: "Đã cấp phát một phần",
  recalled: "Bị thu hồi",
  reserved: "Đã đặt trước",
  retail_sold: "Đã bán",
  returned: "Bị trả lại",
  sellable_accessible: "Đang bày bán",
  sellable_not_accessible: "Có thể bán, trong kho",
  stolen: "Bị mất cắp",
  unavailable: "Không sẵn có",
  unknown: "Không rõ",
};

const BIZ_STEPS: Record<Lang, Readonly<Record<string, string | undefined>>> = {
  en: BIZ_STEPS_EN,
  vi: BIZ_STEPS_VI,
};
const DISPOSITIONS: Record<Lang, Readonly<Record<string, string | undefined>>> = {
  en: DISPOSITIONS_EN,
  vi: DISPOSITIONS_VI,
};

/** Every CBV word each table has words for. */
export const CBV_BIZ_STEPS = Object.keys(BIZ_STEPS_EN) as BizStep[];
export const CBV_DISPOSITIONS = Object.keys(DISPOSITIONS_EN) as Disposition[];

/**
 * The short name of a CBV value however it is written: the bare word, the last part of a URN or URI, without
 * a CBV 2.0 `BizStep-`/`Disp-` prefix.
 * @example cbvShortName("https://ref.gs1.org/cbv/Disp-in_transit") // "in_transit"
 */
export function cbvShortName(value: string): string {
  const last = value.split(/[/:#]/).pop() || value;
  return last.replace(/^(BizStep|Disp)-/, "");
}

/** A business step in `lang`; one outside the CBV by its short name. */
export function bizStepWords(value: string, lang: Lang): string {
  const short = cbvShortName(value);
  return (Object.hasOwn(BIZ_STEPS[lang], short) ? BIZ_STEPS[lang][short] : undefined) ?? short;
}

/** A disposition in `lang`; one outside the CBV by its short name. */
export function dispositionWords(value: string, lang: Lang): string {
  const short = cbvShortName(value);
  return (Object.hasOwn(DISPOSITIONS[lang], short) ? DISPOSITIONS[lang][short] : undefined) ?? short;
}
