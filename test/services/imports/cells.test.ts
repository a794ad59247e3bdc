/** Reading cells as clerks type them: numbers in each language's convention, dates, headers in any form. */
import { describe, expect, it } from "vitest";
import {
  headerKey,
  parseNumberEitherWay,
  parseNumberText,
  readDate,
  readNumber,
} from "../../../services/imports/cells";
import { KIND_SPECS, readHeader, readRow } from "../../../services/imports/columns";
import { languageOf } from "../../../services/imports/messages";

describe("numbers", () => {
  it.each([
    ["1.234,5", "vi", 1234.5],
    ["1.234.567", "vi", 1234567],
    ["300,25", "vi", 300.25],
    ["1 234,5", "vi", 1234.5],
    ["1234", "vi", 1234],
    ["1,234.5", "en", 1234.5],
    ["300.25", "en", 300.25],
    ["1,234,567", "en", 1234567],
    ["-2", "en", -2],
  ] as const)("reads %s in %s as %d", (text, language, value) => {
    expect(parseNumberText(text, language)).toBe(value);
  });

  it.each([
    ["1.5", "vi"],
    ["300,5", "en"],
    ["1,2345.5", "en"],
    ["12.34.5", "vi"],
    ["abc", "en"],
    ["", "en"],
    ["1.234,5", "en"],
  ] as const)("refuses %s in %s rather than guess", (text, language) => {
    expect(parseNumberText(text, language)).toBeNull();
  });

  it.each([
    ["1.234,5", 1234.5],
    ["1234,5", 1234.5],
    ["1,234.5", 1234.5],
    ["1.5", 1.5],
    ["300,25", 300.25],
    ["1234", 1234],
    ["1.234.567,8", 1234567.8],
  ] as const)("reads %s in either convention as %d when only one value fits", (text, value) => {
    expect(parseNumberEitherWay(text)).toEqual({ kind: "number", value });
  });

  it("calls a number ambiguous when the two conventions read it differently, and refuses text", () => {
    expect(parseNumberEitherWay("1.234")).toEqual({ kind: "ambiguous", readings: [1.234, 1234] });
    expect(parseNumberEitherWay("1,234")).toEqual({ kind: "ambiguous", readings: [1234, 1.234] });
    expect(parseNumberEitherWay("1,2,3")).toEqual({ kind: "not-a-number" });
    expect(parseNumberEitherWay("lots")).toEqual({ kind: "not-a-number" });
  });

  it("takes number cells as they are", () => {
    expect(readNumber(1234.5, "vi")).toEqual({ ok: true, value: 1234.5 });
    expect(readNumber(Number.NaN, "vi").ok).toBe(false);
  });
});

describe("dates", () => {
  it.each([
    ["02/03/2026", "2026-03-02T00:00:00+07:00"],
    ["2/3/2026", "2026-03-02T00:00:00+07:00"],
    ["02.03.2026 14:30", "2026-03-02T14:30:00+07:00"],
    ["2026-03-02", "2026-03-02T00:00:00+07:00"],
    ["2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z"],
    ["46083", "2026-03-02T00:00:00+07:00"],
  ])("reads %s", (text, iso) => {
    expect(readDate(text)).toEqual({ ok: true, value: iso });
  });

  it("reads Excel date cells (wall clock in UTC fields) and serial numbers with a time", () => {
    expect(readDate(new Date(Date.UTC(2026, 2, 2, 9, 15)))).toEqual({
      ok: true,
      value: "2026-03-02T09:15:00+07:00",
    });
    expect(readDate(46083.5)).toEqual({ ok: true, value: "2026-03-02T12:00:00+07:00" });
  });

  it.each(["31/02/2026", "13/13/2026", "2026-02-30", "yesterday", "02/03/26", "25:00"])(
    "refuses %s",
    (text) => {
      expect(readDate(text).ok).toBe(false);
    },
  );
});

describe("headers and rows", () => {
  it("matches headers in NFD or NFC, any case and spacing, and takes the file's language from them", () => {
    expect(headerKey("  KHỐI  LƯỢNG(kg) ".normalize("NFD"))).toBe(headerKey("Khối lượng (kg)"));
    const cells = ["Mã lô", "Ngày", "Lô vải", "Đơn vị vải", "Số chi tiết"].map((h) => h.normalize("NFD"));
    const { header, language, errors } = readHeader(KIND_SPECS.cuttings, cells, "en", headerKey);
    expect(errors).toEqual([]);
    expect(language).toBe("vi");
    expect([...header.keys()]).toEqual(["id", "occurredAt", "inputs", "inputUnit", "pieces"]);
  });

  it("names a missing required column and an unknown one", () => {
    const { errors } = readHeader(KIND_SPECS.cuttings, ["Lot id", "Date", "Colour"], "en", headerKey);
    expect(errors.map((error) => error.column)).toEqual(["Colour", "Fabric lots", "Fabric unit", "Pieces"]);
  });

  it("reads a row into the JSON endpoint's body, NFC text and the file's number convention", () => {
    const cells = ["Mã lô", "Ngày", "Lô vải", "Đơn vị vải", "Số chi tiết", "Mã hàng"];
    const { header } = readHeader(KIND_SPECS.cuttings, cells, "en", headerKey);
    const row = readRow({
      spec: KIND_SPECS.cuttings,
      header,
      cells: ["C-1", "02/03/2026", "F-1:1.000,5; F-2:20:lining", "mét", "2.400", "Áo".normalize("NFD")],
      language: "en",
      fileLanguage: "vi",
      maxCellChars: 100,
    });
    expect(row.errors).toEqual([]);
    expect(row.event).toEqual({
      type: "cutting",
      body: {
        id: "C-1",
        inputs: [
          { lotId: "F-1", quantity: { amount: 1000.5, unit: "m" } },
          { lotId: "F-2", quantity: { amount: 20, unit: "m" }, role: "lining" },
        ],
        output: { quantity: { amount: 2400, unit: "pcs" }, style: "Áo".normalize("NFC") },
        occurredAt: "2026-03-02T00:00:00+07:00",
      },
    });
  });

  it("names each bad cell in the request's language, and a schema refusal by its column", () => {
    const cells = ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces"];
    const { header } = readHeader(KIND_SPECS.cuttings, cells, "vi", headerKey);
    const row = readRow({
      spec: KIND_SPECS.cuttings,
      header,
      cells: ["C:1", "", "F-1", "yard", "2400"],
      language: "vi",
      fileLanguage: "en",
      maxCellChars: 100,
    });
    expect(row.errors.map((error) => [error.column, error.message])).toEqual([
      ["Date", "bắt buộc phải điền"],
      ["Fabric lots", expect.stringMatching(/^phải ghi các lô/)],
      ["Fabric unit", "phải là một trong: m, kg"],
    ]);
    const schema = readRow({
      spec: KIND_SPECS.cuttings,
      header,
      cells: ["C:1", "02/03/2026", "F-1:10", "m", "2400.5"],
      language: "en",
      fileLanguage: "en",
      maxCellChars: 100,
    });
    expect(schema.errors.map((error) => [error.column, error.code])).toEqual([
      ["Lot id", "VALIDATION_FAILED"],
      ["Pieces", "VALIDATION_FAILED"],
    ]);
  });

  it("bounds a cell's length", () => {
    const { header } = readHeader(
      KIND_SPECS.cuttings,
      ["Lot id", "Date", "Fabric lots", "Fabric unit", "Pieces"],
      "en",
      headerKey,
    );
    const row = readRow({
      spec: KIND_SPECS.cuttings,
      header,
      cells: ["C-1", "02/03/2026", `F-1:${"1".repeat(50)}`, "m", "1"],
      language: "en",
      fileLanguage: "en",
      maxCellChars: 20,
    });
    expect(row.errors).toEqual([
      expect.objectContaining({ column: "Fabric lots", message: "is longer than 20 characters" }),
    ]);
  });
});

describe("the request's language", () => {
  it.each([
    [undefined, "vi-VN,vi;q=0.9", "vi"],
    [undefined, "fr;q=1, en;q=0.5, vi;q=0.8", "vi"],
    [undefined, "de", "en"],
    ["en", "vi", "en"],
    [undefined, undefined, "en"],
  ])("lang %s with Accept-Language %s is %s", (explicit, accept, language) => {
    expect(languageOf(explicit, accept)).toBe(language);
  });
});
