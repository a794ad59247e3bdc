import type { Messages } from "./messages";

/** Vietnamese strings of the viewer. */
export const vi: Messages = {
  htmlLang: "vi",
  locale: "vi-VN",
  languageName: "Tiếng Việt",
  switchTo: "English",
  brandTagline: "Truy xuất nguồn gốc hàng may mặc",

  verdict: {
    authentic: "Đã xác thực",
    unverified: "Chưa xác minh được",
    tampered: "Dữ liệu bị sửa đổi",
  },
  verdictExplain: {
    authentic: "Mọi hồ sơ của sản phẩm này đều khớp với dữ liệu đã ghi trên blockchain.",
    unverified:
      "Chưa thể xác minh đầy đủ sản phẩm này. Khi chưa mọi bước kiểm tra đều đạt, đừng coi đây là hàng thật: xem các bước kiểm tra bên dưới, thử lại sau hoặc hỏi người bán.",
    tampered:
      "Một số hồ sơ của sản phẩm này không khớp với dữ liệu đã ghi trên blockchain. Có thể chúng đã bị sửa đổi sau đó. Đừng dựa vào các thông tin bên dưới.",
  },
  suspendedTitle: "Một cơ sở sản xuất sản phẩm này đang bị đình chỉ",
  suspendedText: (name) =>
    `${name} đã bị đơn vị vận hành chương trình đình chỉ. Không thể bảo đảm cho các hồ sơ của cơ sở này; hãy kiểm tra sản phẩm với người bán.`,
  cloneTitle: "Nhãn này có thể đã bị sao chép",
  cloneText: (scans, places) =>
    `Mã này đã được quét ${scans} lần từ ${places} địa điểm khác nhau. Nhãn thật thường chỉ được quét vài lần. Nếu bạn đã mua sản phẩm này, hãy kiểm tra lại với người bán.`,

  product: "Sản phẩm",
  gtin: "GTIN",
  lot: "Lô hàng",
  serial: "Số sê-ri",
  hsCode: "Mã HS",
  style: "Mẫu",
  maker: "Nhà sản xuất",

  journey: "Hành trình của sản phẩm",
  step: {
    "fabric-lot": "Nhận vải",
    cutting: "Cắt",
    sewing: "May",
    shipment: "Xuất hàng",
  },
  shippedTo: "Giao đến",
  handOver: "Bàn giao",
  handedOverTo: "Bàn giao cho",
  transaction: "Giao dịch blockchain",
  record: "Hồ sơ IPFS",
  noSteps: "Chưa có công đoạn sản xuất nào được ghi nhận.",

  fabricOrigin: "Nguồn gốc vải",
  supplier: "Nhà cung cấp",
  composition: "Thành phần",
  fabricStage: {
    fibre: "Xơ",
    spinning: "Kéo sợi",
    "fabric-formation": "Dệt thoi hoặc dệt kim",
    dyeing: "Nhuộm",
    printing: "In",
    finishing: "Hoàn tất",
  },
  fibre: {
    cotton: "bông",
    elastane: "elastane (spandex)",
    polyester: "polyester",
    viscose: "viscose",
    wool: "len",
    linen: "lanh",
    nylon: "nylon",
    polyamide: "polyamide",
    silk: "tơ tằm",
  },
  unit: { m: "m", kg: "kg", pcs: "chiếc" },

  documents: "Tài liệu",
  noDocuments: "Không có tài liệu đính kèm.",
  documentType: {
    invoice: "Hóa đơn",
    "supplier-invoice": "Hóa đơn của nhà cung cấp",
    "commercial-invoice": "Hóa đơn thương mại",
    "packing-list": "Phiếu đóng gói",
    "bill-of-lading": "Vận đơn",
    "certificate-of-origin": "Giấy chứng nhận xuất xứ",
    "origin-declaration": "Tờ khai xuất xứ",
    "supplier-declaration": "Bản khai của nhà cung cấp",
    "test-report": "Báo cáo thử nghiệm",
    "mill-certificate": "Chứng nhận của nhà máy",
    photo: "Ảnh",
  },
  fingerprint: "Mã băm SHA-256",
  open: "Mở",

  certificates: "Giấy chứng nhận xuất xứ",
  noCertificates: "Chưa có giấy chứng nhận xuất xứ nào cho sản phẩm này.",
  certificateStatus: {
    valid: "Còn hiệu lực",
    revoked: "Đã thu hồi",
    expired: "Đã hết hạn",
    invalid: "Không hợp lệ",
    unverified: "Chưa xác minh được",
  },
  issued: "Ngày cấp",
  revoked: "Ngày thu hồi",
  expired: "Hết hạn ngày",
  validUntil: "Có hiệu lực đến",
  importingCountry: "Nước nhập khẩu",
  viewCertificate: "Xem giấy chứng nhận",

  documentNotYetChecked: "Đang chờ kiểm tra",
  supplyChainEvents: "Các sự kiện khác đã ghi nhận",
  supplyChainEventsIntro:
    "Các lần kiểm tra, xử lý và sự kiện khác mà cơ sở đã ghi nhận về sản phẩm này, mỗi sự kiện được đối chiếu với cam kết trên chuỗi khối.",
  supplyChainEventsShown: (shown: number, total: number) =>
    `${shown} sự kiện mới nhất trong ${total} sự kiện.`,
  supplyChainEventsAll: "Tất cả sự kiện (EPCIS)",
  supplyChainEventVerdict: {
    verified: "Đã xác minh trên chuỗi khối",
    unverified: "Chưa thể xác minh",
    tampered: "Không khớp với chuỗi khối",
  },
  eventRecord: "Bản ghi",
  recordedBy: "Ghi nhận bởi",
  bizStepWords: {
    inspecting: "Kiểm tra",
    packing: "Đóng gói",
    repairing: "Sửa chữa",
    sampling: "Lấy mẫu",
    storing: "Lưu kho",
    receiving: "Nhận hàng",
    shipping: "Giao hàng",
    commissioning: "Đưa vào sử dụng",
    transforming: "Gia công",
    other: "Sự kiện",
  } as Record<string, string>,
  status: {
    passed: "Đã xác minh",
    failed: "Không đạt",
    unavailable: "Chưa kiểm tra được",
  },
  checksTitle: (count) => `Cách kiểm tra (${count} bước kiểm tra)`,
  check: {
    "chain-record": (s) => `Bản ghi ${s} trên blockchain`,
    "record-digest": (s) => `Đối chiếu hồ sơ ${s} với blockchain`,
    "facility-signature": (s) => `Chữ ký của cơ sở đã đăng ký cho ${s}`,
    "document-hash": (s) => `Đối chiếu tài liệu "${s}" với mã băm`,
    "garment-manifest": (s) => `Đối chiếu danh sách sản phẩm của lô ${s} với blockchain`,
    "garment-code": (s) => `Số sê-ri và mã xác thực trong lô ${s}`,
    "certificate-anchored": (s) => `Giấy chứng nhận ${s} trên blockchain`,
    "certificate-status": (s) => `Tình trạng thu hồi và thời hạn hiệu lực của giấy chứng nhận ${s}`,
    "certificate-evidence": (s) => `Đối chiếu dữ kiện của giấy chứng nhận ${s} với bằng chứng`,
    "record-fields": (s) => `Đối chiếu thông tin hiển thị của ${s} với hồ sơ`,
    "facility-record": (s) => `Tên và quốc gia của cơ sở ${s} trên blockchain`,
    "facility-standing": (s) => `Tình trạng của cơ sở ${s} trong chương trình`,
    other: (s) => s,
  },

  verifiedAt: "Đã kiểm tra",
  machineReadable: "Dữ liệu máy đọc được",
  linkJson: "Nguồn gốc (JSON)",
  linkLinkset: "Linkset",
  linkPassport: "Hộ chiếu sản phẩm",

  notFoundTitle: "Không tìm thấy sản phẩm",
  notFoundText: "Không có sản phẩm nào với mã này. Nhãn có thể bị nhập sai, bị hỏng, hoặc là nhãn giả.",
  invalidLinkTitle: "Đây không phải là mã sản phẩm hợp lệ",
  invalidLinkText:
    "Mã vừa quét không phải là GS1 Digital Link của một sản phẩm may mặc. Hãy quét lại mã QR trên nhãn.",
  scanned: "Mã đã quét",
  unknownCertificateTitle: "Không tìm thấy chứng nhận này",
  unknownCertificateText:
    "Không có chứng nhận nào mang số này được cấp tại đây. Hãy kiểm tra lại số trên chứng từ, hoặc hỏi người đưa chứng từ xem đơn vị nào đã cấp.",
  certificateNumber: "Số chứng nhận",

  wrongCodeTitle: "Mã xác thực không khớp",
  wrongCodeText:
    "Sản phẩm này có tồn tại, nhưng mã trên nhãn không phải là mã đã được ghi nhận cho nó. Nhãn có thể đã bị sao chép hoặc sửa đổi. Đừng tin vào nhãn này.",
  missingCodeTitle: "Đường dẫn này không có mã xác thực",
  missingCodeText: "Hãy quét mã QR trên nhãn sản phẩm, hoặc nhập mã in bên cạnh, để xác minh.",
  enterCode: "Mã xác thực",
  checkCode: "Xác minh",

  certificateTitle: (id) => `Giấy chứng nhận xuất xứ ${id}`,
  certificateVerdict: {
    valid: "Giấy chứng nhận hợp lệ",
    revoked: "Giấy chứng nhận đã bị thu hồi",
    expired: "Giấy chứng nhận đã hết hạn",
    invalid: "Giấy chứng nhận không hợp lệ",
    unverified: "Chưa xác minh được",
    tampered: "Không khớp với blockchain",
  },
  certificateExplain: {
    valid:
      "Giấy chứng nhận này đã được ghi trên blockchain, khớp với hồ sơ, có chữ ký của đơn vị cấp, chưa bị thu hồi và còn trong thời hạn hiệu lực.",
    revoked: "Đơn vị cấp đã thu hồi giấy chứng nhận này. Nó không còn chứng minh được xuất xứ.",
    expired: "Giấy chứng nhận này đã hết thời hạn hiệu lực. Nó không còn chứng minh được xuất xứ.",
    invalid:
      "Dữ kiện của giấy chứng nhận này không khớp với hồ sơ bằng chứng. Nó không chứng minh xuất xứ. Đừng dựa vào nó.",
    unverified: "Hiện chưa thể kiểm tra giấy chứng nhận này. Vui lòng thử lại sau.",
    tampered:
      "Giấy chứng nhận này không khớp với dữ liệu đã ghi trên blockchain. Có thể nó đã bị sửa đổi. Đừng dựa vào nó.",
  },
  revokedOn: "Thu hồi ngày",
  reason: "Lý do",
  supersededBy: "Được thay thế bởi",
  replaces: "Thay thế cho",
  exporter: "Nhà xuất khẩu",
  exportingCountry: "Nước xuất khẩu",
  covers: "Áp dụng cho",
  rule: "Quy tắc áp dụng",
  agreement: "Hiệp định",
  downloadPdf: "Tải PDF",
  batchJourney: "Hành trình của lô hàng",
  batchVerdictExplain: {
    authentic:
      "Mọi hồ sơ của lô hàng này khớp với những gì đã ghi trên blockchain. Để kiểm tra một sản phẩm, hãy quét nhãn của chính sản phẩm đó.",
    unverified:
      "Chưa thể xác minh đầy đủ lô hàng này. Khi chưa mọi bước kiểm tra đều đạt, đừng tin cậy vào nó: xem các bước kiểm tra bên dưới và thử lại sau.",
    tampered:
      "Một số hồ sơ của lô hàng này không khớp với những gì đã ghi trên blockchain. Chúng có thể đã bị thay đổi. Đừng tin cậy vào thông tin bên dưới.",
  },
  garmentCount: "Số sản phẩm",
  batches: "Các lô hàng",
  noBatches: "Chưa có lô hàng nào của sản phẩm này được ghi nhận.",
  moreBatches: "Chỉ liệt kê các lô hàng gần đây nhất.",
  productIntro:
    "Mã này chỉ một loại sản phẩm, không phải một sản phẩm cụ thể. Mỗi lô hàng bên dưới có trang riêng với hành trình đã được xác minh; để kiểm tra một sản phẩm, hãy quét nhãn của nó.",
  viewBatch: "Trang lô hàng",
  viewProduct: "Trang sản phẩm",
  linkTitle: {
    productPage: (product: string) => `${product}: trang sản phẩm`,
    batchPage: (product: string, lot: string) => `${product}, lô ${lot}: trang nguồn gốc`,
    garmentPage: (product: string, lot: string, serial: string) =>
      `${product}, lô ${lot}, sản phẩm số ${serial}: trang xác minh`,
    traceability: "Nguồn gốc kèm mọi bước kiểm tra (JSON)",
    passport: "Hộ chiếu sản phẩm số",
    epcis: "Sự kiện EPCIS",
    epcisProvenance: "Sự kiện EPCIS của toàn bộ nguồn gốc (EPCISDocument)",
    epcisCaptured: "Sự kiện EPCIS đã ghi nhận cho lô này (truy vấn)",
    certificate: "Giấy chứng nhận xuất xứ",
    certificateNotes: {
      status: {
        revoked: "đã thu hồi",
        expired: "đã hết hạn",
        invalid: "không hợp lệ",
        unverified: "chưa xác minh",
      },
      mismatch: "không khớp với bản neo trên blockchain",
      unverifiedNow: "chưa xác minh được lúc này",
    },
  },
};
