import { describe, expect, it } from "vitest";

import { en } from "../../../web/i18n/en";
import {
  countryName,
  DEFAULT_LANG,
  formatDate,
  formatDateTime,
  formatNumber,
  negotiateLanguage,
} from "../../../web/i18n/index";
import { vi } from "../../../web/i18n/vi";
import { countryFlagSvg, FLAG_COUNTRIES } from "../../../web/pages/flags";

describe("negotiateLanguage", () => {
  it.each([
    [undefined, undefined, DEFAULT_LANG],
    ["", undefined, DEFAULT_LANG],
    ["vi", undefined, "vi"],
    ["vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", undefined, "vi"],
    ["en-US,en;q=0.9,vi;q=0.8", undefined, "en"],
    ["fr-FR,fr;q=0.9,vi;q=0.8,en;q=0.5", undefined, "vi"],
    ["en;q=0.5, vi;q=0.6", undefined, "vi"],
    ["de-DE, ja", undefined, DEFAULT_LANG],
    ["vi;q=0, en;q=0.1", undefined, "en"],
    ["VI-vn", undefined, "vi"],
    ["vi;q=abc, en", undefined, "en"],
    ["*", undefined, DEFAULT_LANG],
    ["vi-VN", "en", "en"],
    ["en-US", "vi", "vi"],
    ["en-US", "VI", "vi"],
    ["en-US", ["vi", "en"], "vi"],
    ["vi-VN", "fr", "vi"],
    ["vi-VN", "", "vi"],
  ])("Accept-Language %j with ?lang=%j gives %s", (header, query, expected) => {
    expect(negotiateLanguage(header, query)).toBe(expected);
  });
});

describe("strings", () => {
  /** Every key path of an object, functions and strings as leaves. */
  function shape(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => shape(v, `${prefix}.${k}`));
  }

  it("Vietnamese and English have exactly the same keys", () => {
    expect(shape(vi).sort()).toEqual(shape(en).sort());
  });

  it("Vietnamese strings differ from English ones where words are involved", () => {
    expect(vi.verdict.authentic).not.toBe(en.verdict.authentic);
    expect(vi.cloneText(3, 2)).toContain("3");
    expect(vi.cloneText(3, 2)).not.toBe(en.cloneText(3, 2));
  });
});

describe("formatting", () => {
  it("formats dates in Viet Nam's time (UTC+7) in the page language, naming the offset", () => {
    // 23:30 at UTC-2 is 01:30 UTC on 2 March, 08:30 in Ha Noi.
    expect(formatDate("2026-03-01T23:30:00-02:00", "en")).toBe("2 March 2026");
    expect(formatDate("2026-03-01T08:00:00Z", "vi")).toBe("1 tháng 3, 2026");
    // 20:00 UTC is already the next morning on the factory floor.
    expect(formatDate("2026-03-01T20:00:00Z", "en")).toBe("2 March 2026");
    expect(formatDateTime("2026-03-20T14:05:00Z", "en")).toBe("20 March 2026, 21:05 (UTC+7)");
    expect(formatDateTime("2026-03-20T14:05:00Z", "vi")).toBe("20 tháng 3, 2026, 21:05 (UTC+7)");
    expect(formatDateTime("2026-03-20T18:05:00Z", "en")).toBe("21 March 2026, 01:05 (UTC+7)");
    expect(formatDate("not a date", "en")).toBe("not a date");
  });

  it("formats a time in a facility's own zone, with that zone's offset, summer time included", () => {
    expect(formatDateTime("2026-09-10T08:00:00Z", "en", "Asia/Seoul")).toBe(
      "10 September 2026, 17:00 (UTC+9)",
    );
    expect(formatDateTime("2026-09-10T08:00:00Z", "vi", "Asia/Shanghai")).toBe(
      "10 tháng 9, 2026, 16:00 (UTC+8)",
    );
    // Berlin keeps summer time in September and not in January.
    expect(formatDateTime("2026-09-10T08:00:00Z", "en", "Europe/Berlin")).toBe(
      "10 September 2026, 10:00 (UTC+2)",
    );
    expect(formatDateTime("2026-01-10T08:00:00Z", "en", "Europe/Berlin")).toBe(
      "10 January 2026, 09:00 (UTC+1)",
    );
    expect(formatDateTime("2026-01-10T08:00:00Z", "en", "UTC")).toBe("10 January 2026, 08:00 (UTC+0)");
    // A zone Intl does not know falls back to Viet Nam's rather than failing the page.
    expect(formatDateTime("2026-03-20T14:05:00Z", "en", "Mars/Olympus")).toBe("20 March 2026, 21:05 (UTC+7)");
    expect(formatDate("2026-03-01T20:00:00Z", "en", "Europe/London")).toBe("1 March 2026");
  });

  it("groups numbers the way each language does", () => {
    expect(formatNumber(1200.5, "en")).toBe("1,200.5");
    expect(formatNumber(1200.5, "vi")).toBe("1.200,5");
  });

  it("turns ISO codes into inline SVG flags that need no emoji font, and names", () => {
    const vn = countryFlagSvg("VN").value;
    expect(vn).toMatch(
      /^<svg class="flag" data-flag="VN" aria-hidden="true" focusable="false" viewBox="0 0 30 20"/,
    );
    expect(countryFlagSvg("de").value).toContain('data-flag="DE"');
    // No regional-indicator symbol anywhere: a phone without an emoji font would show two letters.
    expect(vn).not.toMatch(/[\u{1F1E6}-\u{1F1FF}]/u);
    // Unknown or hostile codes get the one neutral flag, never markup from the code.
    expect(countryFlagSvg("VNM").value).toContain('data-flag="none"');
    expect(countryFlagSvg("<s").value).toBe(countryFlagSvg("ZZ").value);
    // The domain's countries: Viet Nam, its fabric suppliers, its markets, the agreements' parties.
    for (const code of ["VN", "EU", "CN", "KR", "JP", "DE", "FR", "IT", "US", "GB", "AU", "CA", "TH", "ID"])
      expect(FLAG_COUNTRIES).toContain(code);
    for (const code of FLAG_COUNTRIES) expect(countryFlagSvg(code).value).not.toContain("<script");
    expect(countryName("VN", "vi")).toBe("Việt Nam");
    expect(countryName("KR", "en")).toBe("South Korea");
    expect(countryName("KR", "vi")).toBe("Hàn Quốc");
    expect(countryName("1X", "en")).toBe("1X");
  });
});
