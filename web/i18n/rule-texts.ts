/**
 * Origin rule texts in Vietnamese, keyed by the exact id the origin engine gives a rule: a product rule's id
 * (`CPTPP-62`) or one of its alternatives' (`CPTPP-62/yarn-forward`). Alternatives of the same short name say
 * different things under different agreements (CPTPP-62's yarn forward is woven, chapter 61's knitted), so a
 * text is never looked up by the short name alone. The rule tables (services/origin/rules) are written in
 * English, the language of the legal texts they cite, so English needs no entry: the rule's own text is shown.
 * test/services/web/rule-texts.test.ts fails when a rule the engine has lacks its text here.
 */
import type { Lang } from "../view-model";

const YARN_FORWARD_KNIT =
  "Từ sợi trở đi: kéo sợi, dệt kim, cắt (hoặc dệt kim tạo hình) và may tại các nước thành viên";
const CHANGE_OF_CHAPTER_MADE_IN_PARTY =
  "Chuyển đổi chương, hàng hóa được sản xuất (may hoặc ráp) tại một nước thành viên";
const CHANGE_OF_CHAPTER_CUT_AND_SEWN = "Chuyển đổi chương, hàng hóa được cắt và may tại một nước thành viên";
const RVC_40_MADE_IN_PARTY =
  "Hàm lượng giá trị khu vực ít nhất 40 %, hàng hóa được sản xuất (may hoặc ráp) tại một nước thành viên";
const CHANGE_OF_HEADING_MADE_IN_MEMBER =
  "Chuyển đổi nhóm, hàng hóa được sản xuất (may hoặc ráp) tại một quốc gia thành viên";
const WORKING_ASSUMPTION =
  "Giả định tạm thời: chuyển đổi chương, hàng hóa được cắt và may tại một nước thành viên, hoặc hàm lượng giá trị khu vực ít nhất 40 %";
const EU_61_MADE_UP =
  "Hàng may từ hai mảnh trở lên được cắt hoặc dệt kim tạo hình: dệt kim kết hợp với may hoàn thiện, kể cả cắt (dệt, cắt, may trong lãnh thổ)";
const EU_61_KNIT_AND_MAKE_UP = "Dệt kim kết hợp với may hoàn thiện, kể cả cắt, trong lãnh thổ";
const EU_61_WHOLE_GARMENT =
  "Hàng dệt kim nguyên chiếc: kéo sợi từ xơ staple hoặc ép đùn sợi filament kết hợp với dệt kim (kéo sợi và dệt trong lãnh thổ)";
const EU_61_SPIN_AND_KNIT = "Kéo sợi (hoặc ép đùn) kết hợp với dệt kim trong lãnh thổ";
const EU_62 =
  "Dệt thoi kết hợp với may hoàn thiện, kể cả cắt (dệt, cắt, may trong lãnh thổ); hoặc in kèm ít nhất hai công đoạn chuẩn bị hoặc hoàn thiện, kết hợp với may hoàn thiện, khi vải chưa in không quá 47,5 % giá xuất xưởng";
const EU_62_WEAVE_AND_MAKE_UP = "Dệt thoi kết hợp với may hoàn thiện, kể cả cắt, trong lãnh thổ";
const EU_62_PRINT_AND_MAKE_UP =
  "In kèm ít nhất hai công đoạn chuẩn bị hoặc hoàn thiện, kết hợp với may hoàn thiện; vải chưa in không quá 47,5 % giá xuất xưởng";
const VJEPA_FABRIC_PROVISO =
  "vải không có xuất xứ thuộc nhóm 50.07, 51.11-51.13, 52.08-52.12, 53.09-53.11, 54.07, 54.08, 55.12-55.16 hoặc chương 60 phải được dệt thoi (hoặc dệt kim) hoàn toàn tại Nhật Bản, Việt Nam hoặc một nước thành viên ASEAN";

const VI: Readonly<Record<string, string>> = {
  "CPTPP-61":
    "Chuyển đổi chương, trừ từ các nhóm sợi và vải 5106-5113, 5204-5212, 5401-5402, 5403.33-.39, 5403.42-.49, 5404-5408, 5508-5516, 5606 và 6001-6006, và hàng hóa được cắt hoặc dệt kim tạo hình (hoặc cả hai) và may hoặc ráp tại các nước thành viên (từ sợi trở đi)",
  "CPTPP-61/yarn-forward": YARN_FORWARD_KNIT,
  "CPTPP-6110.11-20": "Như chương 61, nhưng nhóm 5606 (sợi cuốn) không bị loại trừ: từ sợi trở đi",
  "CPTPP-6110.11-20/yarn-forward": YARN_FORWARD_KNIT,
  "CPTPP-6110.30":
    "Như chương 61, nhưng xơ staple tổng hợp thuộc 5503 và 5506.30 cũng bị loại trừ: từ xơ trở đi",
  "CPTPP-6110.30/fibre-forward":
    "Từ xơ trở đi: xơ, kéo sợi, dệt kim, cắt (hoặc dệt kim tạo hình) và may tại các nước thành viên",
  "CPTPP-62":
    "Chuyển đổi chương, trừ từ các nhóm sợi và vải trong quy tắc của chương 61 và 5801-5802, và hàng hóa được cắt và may hoặc ráp tại các nước thành viên (từ sợi trở đi)",
  "CPTPP-62/yarn-forward": "Từ sợi trở đi: kéo sợi, dệt thoi, cắt và may tại các nước thành viên",
  "CPTPP-babies-brassieres":
    "Chuyển đổi chương, và hàng hóa được cắt và may hoặc ráp tại các nước thành viên; không loại trừ sợi hay vải nào (quần áo trẻ em bằng sợi tổng hợp, áo lót nữ)",
  "CPTPP-babies-brassieres/cut-and-sew": "Chuyển đổi chương, cắt và may tại các nước thành viên",
  "EVFTA-61-made-up": EU_61_MADE_UP,
  "EVFTA-61-made-up/knit-and-make-up": EU_61_KNIT_AND_MAKE_UP,
  "EVFTA-61-whole-garment": EU_61_WHOLE_GARMENT,
  "EVFTA-61-whole-garment/spin-and-knit": EU_61_SPIN_AND_KNIT,
  "EVFTA-62": EU_62,
  "EVFTA-62/weave-and-make-up": EU_62_WEAVE_AND_MAKE_UP,
  "EVFTA-62/print-and-make-up": EU_62_PRINT_AND_MAKE_UP,
  "UKVFTA-61-made-up": EU_61_MADE_UP,
  "UKVFTA-61-made-up/knit-and-make-up": EU_61_KNIT_AND_MAKE_UP,
  "UKVFTA-61-whole-garment": EU_61_WHOLE_GARMENT,
  "UKVFTA-61-whole-garment/spin-and-knit": EU_61_SPIN_AND_KNIT,
  "UKVFTA-62": EU_62,
  "UKVFTA-62/weave-and-make-up": EU_62_WEAVE_AND_MAKE_UP,
  "UKVFTA-62/print-and-make-up": EU_62_PRINT_AND_MAKE_UP,
  "RCEP-61-62":
    "Chuyển đổi chương: mọi nguyên liệu không có xuất xứ phải được phân loại ngoài chương của hàng may",
  "RCEP-61-62/change-of-chapter": CHANGE_OF_CHAPTER_MADE_IN_PARTY,
  "AANZFTA-61-62":
    "Chuyển đổi chương; hoặc hàm lượng giá trị khu vực ít nhất 40 % khi hàng hóa được cắt hoặc dệt kim tạo hình và ráp tại các nước thành viên",
  "AANZFTA-61-62/change-of-chapter": CHANGE_OF_CHAPTER_MADE_IN_PARTY,
  "AANZFTA-61-62/rvc-40":
    "Hàm lượng giá trị khu vực ít nhất 40 %, cắt hoặc dệt kim tạo hình và ráp tại các nước thành viên",
  "ATIGA-61-62": "Hàm lượng giá trị khu vực ít nhất 40 % hoặc chuyển đổi nhóm, tùy nhà xuất khẩu lựa chọn",
  "ATIGA-61-62/rvc-40": RVC_40_MADE_IN_PARTY,
  "ATIGA-61-62/change-of-heading": CHANGE_OF_HEADING_MADE_IN_MEMBER,
  "ATIGA-textile-process":
    "Hàm lượng giá trị khu vực ít nhất 40 %, chuyển đổi nhóm, hoặc quy tắc công đoạn gia công hàng dệt: cắt và ráp các chi tiết thành sản phẩm hoàn chỉnh từ vải",
  "ATIGA-textile-process/rvc-40": RVC_40_MADE_IN_PARTY,
  "ATIGA-textile-process/change-of-heading": CHANGE_OF_HEADING_MADE_IN_MEMBER,
  "ATIGA-textile-process/textile-process":
    "Cắt và ráp các chi tiết thành sản phẩm hoàn chỉnh, từ vải, tại một quốc gia thành viên",
  "ACFTA-61-62-assumed": WORKING_ASSUMPTION,
  "ACFTA-61-62-assumed/change-of-chapter": CHANGE_OF_CHAPTER_CUT_AND_SEWN,
  "ACFTA-61-62-assumed/rvc-40": RVC_40_MADE_IN_PARTY,
  "AKFTA-61-62-assumed": WORKING_ASSUMPTION,
  "AKFTA-61-62-assumed/change-of-chapter": CHANGE_OF_CHAPTER_CUT_AND_SEWN,
  "AKFTA-61-62-assumed/rvc-40": RVC_40_MADE_IN_PARTY,
  "VKFTA-61-62-assumed": WORKING_ASSUMPTION,
  "VKFTA-61-62-assumed/change-of-chapter": CHANGE_OF_CHAPTER_CUT_AND_SEWN,
  "VKFTA-61-62-assumed/rvc-40": RVC_40_MADE_IN_PARTY,
  "AJCEP-61-62-assumed": WORKING_ASSUMPTION,
  "AJCEP-61-62-assumed/change-of-chapter": CHANGE_OF_CHAPTER_CUT_AND_SEWN,
  "AJCEP-61-62-assumed/rvc-40": RVC_40_MADE_IN_PARTY,
  "VJEPA-62": `Chuyển đổi chương, với điều kiện: ${VJEPA_FABRIC_PROVISO}`,
  "VJEPA-62/change-of-chapter": CHANGE_OF_CHAPTER_MADE_IN_PARTY,
  "VJEPA-61-assumed": `Giả định như chương 62: chuyển đổi chương, với điều kiện: ${VJEPA_FABRIC_PROVISO}`,
  "VJEPA-61-assumed/change-of-chapter": CHANGE_OF_CHAPTER_MADE_IN_PARTY,
};

const TEXTS: Record<Lang, Readonly<Record<string, string>>> = { vi: VI, en: {} };

/**
 * The rule's text in `lang`; undefined when there is none (always for English, whose text is the rule's own).
 * A rule not met is named by every candidate rule's id joined with ` | ` (services/origin/evaluate.ts): its
 * text is theirs joined with ` / `, and only when each has one.
 * @example translatedRuleText("CPTPP-61/yarn-forward", "vi") // "Từ sợi trở đi: …"
 */
export function translatedRuleText(ruleId: string, lang: Lang): string | undefined {
  const texts = ruleId.split(" | ").map((id) => TEXTS[lang][id]);
  return texts.every((text) => text !== undefined) ? texts.join(" / ") : undefined;
}
