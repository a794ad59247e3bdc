/**
 * Every code the engine can give a check, a certificate's reason or a kept EPCIS event's reason
 * (services/provenance/check-notes.ts) has its words in both page languages, naming the values it carries;
 * a code the page does not know gets the page's own general sentence, the engine's English folded beneath.
 */
import { describe, expect, it } from "vitest";
import { CHECK_NOTE_CODES } from "../../../services/provenance/check-notes";
import { NOTE_CODES, noteWords } from "../../../web/i18n/notes";
import { en } from "../../../web/i18n/en";
import { vi } from "../../../web/i18n/vi";
import { renderGarmentPage } from "../../../web/pages/garment";
import { tamperedGarment } from "../../support/web-fixtures";

const PARAMS = {
  cid: "bafyPARAMCID",
  actual: "0xACTUAL",
  expected: "0xEXPECTED",
  lot: "LOT-PARAM",
  type: "TYPE-PARAM",
  operation: "OPERATION-PARAM",
  recorded: "RECORDED-PARAM",
  committed: "COMMITTED-PARAM",
  facility: "FACILITY-PARAM",
  signer: "0xSIGNER",
  count: 7,
  built: "0xBUILT",
  chain: "0xCHAIN",
  indexed: "0xINDEXED",
  serial: 4242,
  bytes: 1234,
} as const;

describe("engine notes in the page's words", () => {
  it("has words for exactly the engine's codes", () => {
    expect([...NOTE_CODES].sort()).toEqual([...CHECK_NOTE_CODES].sort());
  });

  it.each(CHECK_NOTE_CODES)("words %s in Vietnamese and English, differently", (code) => {
    const words = {
      vi: noteWords({ code, params: PARAMS }, "vi"),
      en: noteWords({ code, params: PARAMS }, "en"),
    };
    expect(words.vi, code).toMatch(/\p{L}{2}/u);
    expect(words.en, code).toMatch(/\p{L}{2}/u);
    expect(words.vi).not.toBe(words.en);
    // Whatever values one language names, the other names too; no "undefined" or missing "?" slips in.
    const named = (text: string) => Object.values(PARAMS).filter((value) => text.includes(String(value)));
    expect(named(words.vi!)).toEqual(named(words.en!));
    expect(`${words.vi} ${words.en}`).not.toMatch(/undefined|\?/);
  });

  it("words a note without its values with a placeholder, never 'undefined'", () => {
    expect(noteWords({ code: "code-mismatch" }, "vi")).toBe("Mã không khớp với sản phẩm số ? của lô.");
  });

  it.each([
    ["vi", vi],
    ["en", en],
  ] as const)("puts a known note's words on the %s page and folds the engine's English", (lang, m) => {
    const model = tamperedGarment();
    const check = model.checks.find((c) => c.status === "failed")!;
    check.note = {
      code: "content-hash-mismatch",
      params: { cid: "bafyX", actual: "0xAAA", expected: "0xBBB" },
    };
    const page = renderGarmentPage(model, lang);
    expect(page).toContain(noteWords(check.note, lang));
    const folded = new RegExp(
      `<details class="technical">\\s*<summary>${m.technicalDetail}</summary>\\s*<p class="mono" lang="en">${check.detail}</p>`,
    );
    expect(page).toMatch(folded);
  });

  it("says something general in the page's language for a code it has no words for", () => {
    const model = tamperedGarment();
    const check = model.checks.find((c) => c.status === "failed")!;
    check.note = { code: "a-code-from-a-newer-engine" };
    const page = renderGarmentPage(model, "vi");
    expect(page).toContain(vi.checkOutcome.failed);
    expect(page).toContain(`<p class="mono" lang="en">${check.detail}</p>`);
    // The one English element besides the language switch ("English") is the folded detail.
    expect(page.replace(/<a class="lang"[^>]*>/, "").match(/ lang="en"/g)).toHaveLength(1);
  });
});
