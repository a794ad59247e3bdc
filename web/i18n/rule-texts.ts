/**
 * Origin rule texts in the viewer's languages, keyed by the rule's id (`CPTPP-62/yarn-forward`) or its
 * alternative's (`yarn-forward`). The rule tables (services/origin/rules) are written in English, the language
 * of the legal texts they cite, so English needs no entry: a certificate's own rule text is shown.
 */
import type { Lang } from "../view-model";

const VI: Record<string, string> = {
  "yarn-forward":
    "Từ sợi trở đi: kéo sợi, dệt kim, cắt (hoặc dệt kim tạo hình) và may tại các nước thành viên",
  "CPTPP-62/yarn-forward": "Từ sợi trở đi: kéo sợi, dệt thoi, cắt và may tại các nước thành viên",
  "fibre-forward":
    "Từ xơ trở đi: xơ, kéo sợi, dệt kim, cắt (hoặc dệt kim tạo hình) và may tại các nước thành viên",
  "cut-and-sew": "Chuyển đổi chương, cắt và may tại các nước thành viên",
  "knit-and-make-up": "Dệt kim kết hợp với may hoàn thiện, kể cả cắt, trong lãnh thổ",
  "spin-and-knit": "Kéo sợi (hoặc ép đùn) kết hợp với dệt kim trong lãnh thổ",
  "weave-and-make-up": "Dệt thoi kết hợp với may hoàn thiện, kể cả cắt, trong lãnh thổ",
  "print-and-make-up":
    "In kèm ít nhất hai công đoạn chuẩn bị hoặc hoàn thiện, kết hợp với may hoàn thiện; vải chưa in không quá 47,5 % giá xuất xưởng",
  "textile-process": "Cắt và ráp các chi tiết thành sản phẩm hoàn chỉnh, từ vải, tại một nước thành viên",
  "change-of-chapter": "Chuyển đổi chương, hàng hóa được sản xuất (may hoặc ráp) tại một nước thành viên",
  "change-of-heading": "Chuyển đổi nhóm, hàng hóa được sản xuất (may hoặc ráp) tại một nước thành viên",
  "rvc-40":
    "Hàm lượng giá trị khu vực ít nhất 40 %, hàng hóa được sản xuất (may hoặc ráp) tại một nước thành viên",
};

const TEXTS: Record<Lang, Record<string, string>> = { vi: VI, en: {} };

/**
 * The rule's text in `lang`, by its full id first, then its alternative's; undefined when there is none.
 * @example translatedRuleText("CPTPP-61/yarn-forward", "vi") // "Từ sợi trở đi: …"
 */
export function translatedRuleText(ruleId: string, lang: Lang): string | undefined {
  const texts = TEXTS[lang];
  return texts[ruleId] ?? texts[ruleId.split("/").pop() ?? ""];
}
