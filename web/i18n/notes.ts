/**
 * What the engine found, in the page's language, worded from a note's code and parameters (the codes of
 * services/provenance/check-notes.ts), never from the engine's English. English is the reference: the
 * Vietnamese table must have every code it has (the type checker enforces it), and
 * test/services/web/notes.test.ts fails when a code the engine gives lacks its words here.
 */
import type { Lang, NoteView } from "../view-model";

type Params = NonNullable<NoteView["params"]>;
type Words = (p: Params) => string;

/** A parameter as text; "?" when the engine left it out, so a sentence never reads "undefined". */
const v = (p: Params, key: string): string => String(p[key] ?? "?");

const EN = {
  "ipfs-missing": (p) => `IPFS does not hold the content ${v(p, "cid")} now.`,
  "ipfs-unreachable": (p) => `IPFS could not give the content ${v(p, "cid")} now.`,
  "content-hash-mismatch": (p) =>
    `The content ${v(p, "cid")} hashes to ${v(p, "actual")}, but its recorded hash is ${v(p, "expected")}: it was changed.`,
  "chain-unreachable": () => "The blockchain did not answer.",
  "chain-archive-mismatch": () =>
    "The service's copy of this lot's chain record does not match what the blockchain holds.",
  "lot-not-on-chain": () => "The blockchain holds no such lot.",
  "chain-record-differs": (p) => `What is shown differs from the blockchain in ${v(p, "count")} place(s).`,
  "chain-digest-unreadable": () => "The blockchain's fingerprint of the record could not be read.",
  "record-not-object": () => "The record is not a readable record.",
  "record-names-other-lot": (p) => `The record is about another lot (${v(p, "lot")}).`,
  "record-wrong-type": (p) =>
    `The record is of another kind of step (${v(p, "type")}) than the blockchain says (${v(p, "operation")}).`,
  "record-gtin-mismatch": (p) =>
    `The record's product code ${v(p, "recorded")} is not the code ${v(p, "committed")} on the blockchain.`,
  "record-unchecked": () => "The record could not be checked, so neither could its signature.",
  "record-names-no-facility": () => "The record names no facility.",
  "signer-mismatch": (p) =>
    `The record names facility ${v(p, "facility")}, but another account (${v(p, "signer")}) recorded it on the blockchain.`,
  "facility-unchecked": (p) => `Facility ${v(p, "facility")} could not be checked.`,
  "read-model-differs": (p) =>
    `What is shown differs from the record and the blockchain in ${v(p, "count")} place(s).`,
  "chain-only-fields": () => "Without its checked record, only what the blockchain holds is shown.",
  "chain-copy-unreadable": () => "The blockchain's copy of the lot could not be read.",
  "no-garment-commitment": () => "The blockchain holds no list of this batch's garments.",
  "no-garment-manifest": () => "No list of this batch's garments is recorded.",
  "manifest-unreadable": () => "The list of this batch's garments could not be read.",
  "manifest-root-mismatch": (p) =>
    `The list of garments gives the fingerprint ${v(p, "built")}, the blockchain holds ${v(p, "chain")}.`,
  "no-code-scanned": () => "No authentication code was scanned.",
  "no-verified-manifest": () => "Without a verified list of garments, this garment cannot be proven.",
  "code-mismatch": (p) => `The code does not match garment ${v(p, "serial")} of the batch.`,
  "code-refused": () => "The blockchain refused the proof of this garment.",
  "facility-record-not-json": () => "The facility's record is not readable.",
  "facility-record-not-object": () => "The facility's record is not readable.",
  "facility-not-registered": (p) => `Facility ${v(p, "facility")} is not registered on the blockchain.`,
  "facility-record-names-other": (p) => `The facility's record names another facility (${v(p, "facility")}).`,
  "facility-record-differs": (p) =>
    `What is shown of the facility differs from its record and the blockchain in ${v(p, "count")} place(s).`,
  "facility-suspended": (p) => `Facility ${v(p, "facility")} is suspended by the programme operator.`,
  "document-not-yet-checked": () =>
    "Not checked yet: this page had read as many documents as it may; it is checked in the background.",
  "certificate-digest-differs": (p) =>
    `The certificate's fingerprint is ${v(p, "chain")} on the blockchain, ${v(p, "indexed")} here.`,
  "certificate-subject-differs": () => "The blockchain says the certificate covers another lot.",
  "certificate-agreement-differs": (p) =>
    `The blockchain names agreement ${v(p, "chain")} for the certificate, ${v(p, "indexed")} here.`,
  "certificate-unread-for-evidence": () =>
    "The certificate could not be read to compare it with its evidence.",
  "certificate-not-anchored": () => "The certificate is not recorded on the blockchain.",
  "certificate-no-status": () => "No certificate on the blockchain to read a status from.",
  "certificate-unchecked": () => "The certificate could not be checked now.",
  "certificate-validity-unknown": () =>
    "Not revoked on the blockchain; its validity period is unknown without the certificate's document.",
  "certificate-document-unavailable": (p) =>
    `IPFS cannot give the certificate's document ${v(p, "cid")} now.`,
  "certificate-document-mismatch": (p) =>
    `The certificate's document ${v(p, "cid")} does not match the fingerprint on the blockchain.`,
  "certificate-not-credential": (p) => `The document ${v(p, "cid")} is not an origin certificate.`,
  "certificate-signature-invalid": () => "The certifier's signature does not verify.",
  "certificate-anchor-differs": () =>
    "The certificate's number, lot or agreement differs from what the blockchain holds.",
  "certificate-revoked": () => "Its certifier revoked it on the blockchain.",
  "certificate-outside-validity": () => "Today is outside its validity period.",
  "evidence-none-cited": () => "The certificate cites no evidence records.",
  "evidence-lot-not-on-chain": (p) => `Lot ${v(p, "lot")} of its evidence is not recorded on the blockchain.`,
  "evidence-record-not-chain": (p) =>
    `Its evidence for lot ${v(p, "lot")} is not the record the blockchain holds.`,
  "evidence-record-changed": (p) =>
    `Its evidence record of lot ${v(p, "lot")} no longer matches the fingerprint on the blockchain.`,
  "evidence-record-unreadable": (p) => `Its evidence record of lot ${v(p, "lot")} cannot be read.`,
  "evidence-unreadable": () => "Its evidence could not be read now.",
  "evidence-subject-missing": (p) => `Its evidence does not include the lot it covers (${v(p, "lot")}).`,
  "evidence-no-facts": () => "The certificate states no facts.",
  "evidence-facts-missing": (p) => `Its evidence lacks ${v(p, "count")} of the facts it needs.`,
  "evidence-facts-invalid": () => "Its evidence does not give valid origin facts.",
  "evidence-facts-differ": () => "Its evidence records give other facts than the certificate states.",
  "evidence-not-originating": () => "The facts its evidence gives do not qualify as originating.",
  "assessment-not-confirmed": () => "Its assessment is not an originating answer under a confirmed rule.",
  "assessment-facts-invalid": () => "Its facts are not valid origin facts.",
  "assessment-not-originating-today": () =>
    "Assessed again with today's rule tables, its facts do not qualify as originating.",
  "event-record-too-large": () => "Its record is too large to check here.",
  "event-record-not-event": () => "Its record is not an event.",
  "event-record-unreadable": () => "Its record could not be read from IPFS.",
  "event-hash-not-reproduced": () => "Its record does not give its event's fingerprint here.",
  "event-proof-invalid": () => "Its proof does not lead to its capture's fingerprint.",
  "event-capture-not-committed": () => "Its capture is not recorded on the blockchain.",
  "event-capture-root-differs": () => "Its capture's fingerprint differs from the blockchain's.",
  "event-capture-other-facility": () => "Another facility recorded its capture on the blockchain.",
} satisfies Record<string, Words>;

export type NoteCode = keyof typeof EN;

const VI: Record<NoteCode, Words> = {
  "ipfs-missing": (p) => `IPFS hiện không lưu nội dung ${v(p, "cid")}.`,
  "ipfs-unreachable": (p) => `IPFS hiện không cung cấp được nội dung ${v(p, "cid")}.`,
  "content-hash-mismatch": (p) =>
    `Nội dung ${v(p, "cid")} có mã băm ${v(p, "actual")}, nhưng mã băm đã ghi là ${v(p, "expected")}: nội dung đã bị thay đổi.`,
  "chain-unreachable": () => "Blockchain không phản hồi.",
  "chain-archive-mismatch": () =>
    "Bản sao bản ghi blockchain của lô này mà dịch vụ lưu giữ không khớp với dữ liệu trên blockchain.",
  "lot-not-on-chain": () => "Blockchain không có lô này.",
  "chain-record-differs": (p) => `Thông tin hiển thị khác với blockchain ở ${v(p, "count")} chỗ.`,
  "chain-digest-unreadable": () => "Không đọc được dấu vân tay của bản ghi trên blockchain.",
  "record-not-object": () => "Bản ghi không đọc được.",
  "record-names-other-lot": (p) => `Bản ghi nói về một lô khác (${v(p, "lot")}).`,
  "record-wrong-type": (p) =>
    `Bản ghi thuộc một loại công đoạn khác (${v(p, "type")}) so với blockchain (${v(p, "operation")}).`,
  "record-gtin-mismatch": (p) =>
    `Mã sản phẩm ${v(p, "recorded")} trong bản ghi không phải mã ${v(p, "committed")} trên blockchain.`,
  "record-unchecked": () => "Không kiểm tra được bản ghi, nên cũng không kiểm tra được chữ ký.",
  "record-names-no-facility": () => "Bản ghi không nêu cơ sở nào.",
  "signer-mismatch": (p) =>
    `Bản ghi nêu cơ sở ${v(p, "facility")}, nhưng một tài khoản khác (${v(p, "signer")}) đã ghi nó lên blockchain.`,
  "facility-unchecked": (p) => `Không kiểm tra được cơ sở ${v(p, "facility")}.`,
  "read-model-differs": (p) => `Thông tin hiển thị khác với bản ghi và blockchain ở ${v(p, "count")} chỗ.`,
  "chain-only-fields": () => "Không có bản ghi đã kiểm tra, nên chỉ hiển thị những gì blockchain lưu.",
  "chain-copy-unreadable": () => "Không đọc được bản sao của lô trên blockchain.",
  "no-garment-commitment": () => "Blockchain không lưu danh sách sản phẩm của lô này.",
  "no-garment-manifest": () => "Không có danh sách sản phẩm nào của lô này được ghi nhận.",
  "manifest-unreadable": () => "Không đọc được danh sách sản phẩm của lô này.",
  "manifest-root-mismatch": (p) =>
    `Danh sách sản phẩm cho dấu vân tay ${v(p, "built")}, blockchain lưu ${v(p, "chain")}.`,
  "no-code-scanned": () => "Chưa quét mã xác thực nào.",
  "no-verified-manifest": () =>
    "Không có danh sách sản phẩm đã xác minh nên chưa chứng minh được sản phẩm này.",
  "code-mismatch": (p) => `Mã không khớp với sản phẩm số ${v(p, "serial")} của lô.`,
  "code-refused": () => "Blockchain từ chối bằng chứng của sản phẩm này.",
  "facility-record-not-json": () => "Bản ghi của cơ sở không đọc được.",
  "facility-record-not-object": () => "Bản ghi của cơ sở không đọc được.",
  "facility-not-registered": (p) => `Cơ sở ${v(p, "facility")} chưa đăng ký trên blockchain.`,
  "facility-record-names-other": (p) => `Bản ghi của cơ sở nêu một cơ sở khác (${v(p, "facility")}).`,
  "facility-record-differs": (p) =>
    `Thông tin hiển thị về cơ sở khác với bản ghi và blockchain ở ${v(p, "count")} chỗ.`,
  "facility-suspended": (p) => `Cơ sở ${v(p, "facility")} đang bị đơn vị vận hành chương trình đình chỉ.`,
  "document-not-yet-checked": () =>
    "Chưa kiểm tra: trang này đã đọc tối đa số tài liệu cho phép; tài liệu sẽ được kiểm tra ở chế độ nền.",
  "certificate-digest-differs": (p) =>
    `Dấu vân tay của giấy chứng nhận trên blockchain là ${v(p, "chain")}, tại đây là ${v(p, "indexed")}.`,
  "certificate-subject-differs": () => "Blockchain cho biết giấy chứng nhận áp dụng cho một lô khác.",
  "certificate-agreement-differs": (p) =>
    `Blockchain ghi hiệp định ${v(p, "chain")} cho giấy chứng nhận, tại đây là ${v(p, "indexed")}.`,
  "certificate-unread-for-evidence": () =>
    "Không đọc được giấy chứng nhận để đối chiếu với bằng chứng của nó.",
  "certificate-not-anchored": () => "Giấy chứng nhận không được ghi nhận trên blockchain.",
  "certificate-no-status": () => "Không có giấy chứng nhận trên blockchain để đọc tình trạng.",
  "certificate-unchecked": () => "Hiện chưa kiểm tra được giấy chứng nhận.",
  "certificate-validity-unknown": () =>
    "Chưa bị thu hồi trên blockchain; chưa biết thời hạn hiệu lực vì thiếu văn bản giấy chứng nhận.",
  "certificate-document-unavailable": (p) =>
    `IPFS hiện không cung cấp được văn bản giấy chứng nhận ${v(p, "cid")}.`,
  "certificate-document-mismatch": (p) =>
    `Văn bản giấy chứng nhận ${v(p, "cid")} không khớp với dấu vân tay trên blockchain.`,
  "certificate-not-credential": (p) => `Văn bản ${v(p, "cid")} không phải là giấy chứng nhận xuất xứ.`,
  "certificate-signature-invalid": () => "Chữ ký của tổ chức cấp không hợp lệ.",
  "certificate-anchor-differs": () =>
    "Số, lô hoặc hiệp định của giấy chứng nhận khác với dữ liệu trên blockchain.",
  "certificate-revoked": () => "Tổ chức cấp đã thu hồi giấy chứng nhận trên blockchain.",
  "certificate-outside-validity": () => "Hôm nay nằm ngoài thời hạn hiệu lực của giấy chứng nhận.",
  "evidence-none-cited": () => "Giấy chứng nhận không dẫn bản ghi bằng chứng nào.",
  "evidence-lot-not-on-chain": (p) => `Lô ${v(p, "lot")} trong bằng chứng không được ghi trên blockchain.`,
  "evidence-record-not-chain": (p) =>
    `Bằng chứng cho lô ${v(p, "lot")} không phải bản ghi mà blockchain lưu.`,
  "evidence-record-changed": (p) =>
    `Bản ghi bằng chứng của lô ${v(p, "lot")} không còn khớp với dấu vân tay trên blockchain.`,
  "evidence-record-unreadable": (p) => `Không đọc được bản ghi bằng chứng của lô ${v(p, "lot")}.`,
  "evidence-unreadable": () => "Hiện chưa đọc được bằng chứng.",
  "evidence-subject-missing": (p) => `Bằng chứng không có lô mà giấy chứng nhận áp dụng (${v(p, "lot")}).`,
  "evidence-no-facts": () => "Giấy chứng nhận không nêu dữ kiện nào.",
  "evidence-facts-missing": (p) => `Bằng chứng thiếu ${v(p, "count")} dữ kiện cần thiết.`,
  "evidence-facts-invalid": () => "Bằng chứng không cho ra dữ kiện xuất xứ hợp lệ.",
  "evidence-facts-differ": () => "Các bản ghi bằng chứng cho ra dữ kiện khác với giấy chứng nhận.",
  "evidence-not-originating": () => "Dữ kiện từ bằng chứng không đáp ứng điều kiện có xuất xứ.",
  "assessment-not-confirmed": () =>
    "Kết quả đánh giá không phải là có xuất xứ theo một quy tắc đã được xác nhận.",
  "assessment-facts-invalid": () => "Dữ kiện của giấy chứng nhận không phải là dữ kiện xuất xứ hợp lệ.",
  "assessment-not-originating-today": () =>
    "Đánh giá lại theo bảng quy tắc hiện hành, dữ kiện không đáp ứng điều kiện có xuất xứ.",
  "event-record-too-large": () => "Bản ghi quá lớn để kiểm tra tại đây.",
  "event-record-not-event": () => "Bản ghi không phải là một sự kiện.",
  "event-record-unreadable": () => "Không đọc được bản ghi từ IPFS.",
  "event-hash-not-reproduced": () => "Bản ghi không cho ra đúng dấu vân tay của sự kiện.",
  "event-proof-invalid": () => "Bằng chứng không dẫn tới dấu vân tay của đợt ghi nhận.",
  "event-capture-not-committed": () => "Đợt ghi nhận chưa được ghi lên blockchain.",
  "event-capture-root-differs": () => "Dấu vân tay của đợt ghi nhận khác với blockchain.",
  "event-capture-other-facility": () => "Một cơ sở khác đã ghi đợt ghi nhận này lên blockchain.",
};

const WORDS: Record<Lang, Readonly<Record<string, Words | undefined>>> = { en: EN, vi: VI };

/** Every code the page has words for, in both languages. */
export const NOTE_CODES = Object.keys(EN) as NoteCode[];

/**
 * The note in `lang`; undefined for a code the page has no words for (the caller says something general).
 * @example noteWords({ code: "code-mismatch", params: { serial: 17 } }, "en") // "The code does not match garment 17 of the batch."
 */
export function noteWords(note: NoteView, lang: Lang): string | undefined {
  return WORDS[lang][note.code]?.(note.params ?? {});
}
