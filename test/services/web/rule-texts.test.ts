/**
 * Every origin rule the engine can name on a certificate — each agreement's product rules for chapters 61 and
 * 62 and each of their alternatives — has its text in both page languages: Vietnamese from web/i18n, English
 * the rule table's own. A rule added to a table without its Vietnamese text fails here.
 */
import { describe, expect, it } from "vitest";
import { ruleSets } from "../../../services/origin/rules/index";
import { translatedRuleText } from "../../../web/i18n/rule-texts";
import { renderCertificatePage } from "../../../web/pages/certificate";
import { escapeHtml } from "../../../web/html";
import { validCertificate } from "../../support/web-fixtures";

/** [id, English text] of every product rule and alternative, as services/origin/evaluate.ts names them. */
const RULES = Object.values(ruleSets).flatMap((set) =>
  set.productRules.flatMap((rule) => [
    [rule.id, rule.text] as const,
    ...rule.alternatives.map((a) => [`${rule.id}/${a.id}`, a.text] as const),
  ]),
);

describe("origin rule texts", () => {
  it("enumerates every agreement's rules", () => {
    expect(new Set(Object.values(ruleSets).map((set) => set.fta)).size).toBe(11);
    expect(RULES.length).toBeGreaterThan(50);
  });

  it.each(RULES)(
    "%s has a Vietnamese text of its own and shows its English text on the English page",
    (id, text) => {
      const vi = translatedRuleText(id, "vi");
      expect(vi, id).toMatch(/\p{L}/u);
      expect(vi).not.toBe(text);
      const base = validCertificate();
      const model = { ...base, certificate: { ...base.certificate, rule: { id, text } } };
      const viPage = renderCertificatePage(model, "vi");
      expect(viPage).toContain(escapeHtml(vi!));
      expect(viPage).not.toContain(escapeHtml(text));
      const enPage = renderCertificatePage(model, "en");
      expect(enPage).toContain(escapeHtml(text));
    },
  );

  it("words a rule not met (its candidates joined) only when each candidate has a text", () => {
    expect(translatedRuleText("CPTPP-61 | CPTPP-6110.30", "vi")).toBe(
      `${translatedRuleText("CPTPP-61", "vi")} / ${translatedRuleText("CPTPP-6110.30", "vi")}`,
    );
    expect(translatedRuleText("CPTPP-61 | XX-99", "vi")).toBeUndefined();
    expect(translatedRuleText("yarn-forward", "vi")).toBeUndefined();
  });
});
