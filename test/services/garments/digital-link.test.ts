import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { AppError } from "../../../services/errors/index";
import {
  AUTH_CODE_PARAM,
  buildDigitalLink,
  buildDigitalLinkPath,
  encodeGs1Segment,
  gtinCheckDigit,
  isValidGtin,
  normalizeGtin,
  parseDigitalLink,
  parseGarmentDigitalLink,
} from "../../../services/garments/digital-link";
import type { DigitalLinkParts } from "../../../services/garments/digital-link";

const BASE = "https://trace.example.vn";

/** Runs `fn`, expects an AppError, and returns its code and details for assertions. */
function failure(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    return { code: appError.code, details: appError.details as Record<string, unknown> };
  }
  throw new Error("expected an error");
}

describe("gtinCheckDigit", () => {
  // Published GTINs: EAN-13 of a STABILO pen, the ISBN-13 worked example, a UPC-A (Wikipedia's example),
  // the EAN-8 worked example, GS1's own example GTIN and a Vietnamese (893 prefix) GTIN-14.
  it.each([
    ["4006381333931", 1],
    ["9780306406157", 7],
    ["036000291452", 2],
    ["96385074", 4],
    ["5901234123457", 7],
    ["09506000134352", 2],
    ["08938505974019", 9],
  ])("computes the check digit of %s", (gtin, digit) => {
    expect(gtinCheckDigit(gtin.slice(0, -1))).toBe(digit);
    expect(isValidGtin(gtin)).toBe(true);
  });

  it("gives the same check digit whatever the zero padding", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7,13}$/), (body) => {
        expect(gtinCheckDigit(body.padStart(17, "0"))).toBe(gtinCheckDigit(body));
      }),
    );
  });

  it("rejects non-digits", () => {
    expect(failure(() => gtinCheckDigit("12a4")).code).toBe("INVALID_GTIN");
  });
});

describe("normalizeGtin", () => {
  it.each([
    ["96385074", "00000096385074"],
    ["036000291452", "00036000291452"],
    ["4006381333931", "04006381333931"],
    ["09506000134352", "09506000134352"],
  ])("pads %s to 14 digits", (gtin, padded) => {
    expect(normalizeGtin(gtin)).toBe(padded);
  });

  it("rejects a wrong check digit and says which digit was expected", () => {
    const { code, details } = failure(() => normalizeGtin("4006381333932"));
    expect(code).toBe("INVALID_GTIN");
    expect(details).toMatchObject({ part: "gtin", value: "4006381333932", expectedCheckDigit: 1 });
  });

  it.each(["1234567", "12345678901", "123456789012345", "", "0950600013435x", " 9506000134352"])(
    "rejects %j (length or characters)",
    (gtin) => {
      expect(failure(() => normalizeGtin(gtin)).code).toBe("INVALID_GTIN");
    },
  );

  it("detects every single-digit error", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{13}$/),
        fc.nat({ max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const gtin = body + gtinCheckDigit(body);
          const changed = gtin.slice(0, at) + ((Number(gtin[at]) + delta) % 10) + gtin.slice(at + 1);
          expect(isValidGtin(changed)).toBe(false);
        },
      ),
    );
  });
});

describe("buildDigitalLink", () => {
  it("builds the garment form with the authentication code in the query string", () => {
    expect(
      buildDigitalLink(
        { gtin: "8938505974019", lot: "SEW-0001", serial: "17", authCode: "k3J9x" },
        { baseUrl: BASE + "/" },
      ),
    ).toBe(`${BASE}/01/08938505974019/10/SEW-0001/21/17?${AUTH_CODE_PARAM}=k3J9x`);
  });

  it("keeps a path prefix of the base URL", () => {
    expect(buildDigitalLink({ gtin: "96385074" }, { baseUrl: "http://127.0.0.1:3000/gs1" })).toBe(
      "http://127.0.0.1:3000/gs1/01/00000096385074",
    );
  });

  it("writes the qualifiers in the GS1 order 22, 10, 21, 235 whatever the object order", () => {
    const parts = { tpx: "X1", serial: "5", lot: "L1", cpv: "2A", gtin: "09506000134352" };
    expect(buildDigitalLinkPath(parts)).toBe("/01/09506000134352/22/2A/10/L1/21/5/235/X1");
  });

  it("percent-encodes every CSET 82 character that is not unreserved in a URI", () => {
    expect(encodeGs1Segment(`AB-12._x!"%&'()*+,/:;<=>?`)).toBe(
      "AB-12._x%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F",
    );
    expect(
      buildDigitalLinkPath({ gtin: "09506000134352", lot: "A/B 1".replace(" ", "%"), serial: "1" }),
    ).toBe("/01/09506000134352/10/A%2FB%251/21/1");
  });

  it.each([
    [{ lot: "" }, "lot", "must not be empty"],
    [{ lot: "L".repeat(21) }, "lot", "at most 20"],
    [{ serial: "12 34" }, "serial", "character"],
    [{ serial: "Ä1" }, "serial", "character"],
    [{ cpv: "#1" }, "cpv", "character"],
    [{ tpx: "T".repeat(29) }, "tpx", "at most 28"],
    [{ lot: ".." }, "lot", "path segment"],
  ] as const)("rejects %j naming the part", (bad, part, reason) => {
    const { code, details } = failure(() => buildDigitalLinkPath({ gtin: "09506000134352", ...bad }));
    expect(code).toBe("INVALID_DIGITAL_LINK");
    expect(details.part).toBe(part);
    expect(String(details.reason)).toContain(reason);
  });

  it("rejects a bad GTIN, base URL or authentication code and never echoes the code", () => {
    expect(failure(() => buildDigitalLinkPath({ gtin: "09506000134353" })).code).toBe("INVALID_GTIN");
    expect(
      failure(() => buildDigitalLink({ gtin: "96385074" }, { baseUrl: "ftp://x.example" })).details.part,
    ).toBe("uri");
    expect(failure(() => buildDigitalLink({ gtin: "96385074" }, { baseUrl: "not a url" })).details.part).toBe(
      "uri",
    );
    const secret = "bad code with spaces";
    const bad = failure(() => buildDigitalLinkPath({ gtin: "96385074", authCode: secret }));
    expect(bad.details.part).toBe("authCode");
    expect(JSON.stringify(bad.details)).not.toContain(secret);
    expect(
      failure(() => buildDigitalLinkPath({ gtin: "96385074", attributes: { ac: "x" } })).details.part,
    ).toBe("query");
  });
});

describe("parseDigitalLink", () => {
  it("parses the route form a resolver sees", () => {
    expect(parseGarmentDigitalLink("/01/8938505974019/10/SEW-0001/21/17?ac=k3J9x&17=270101")).toEqual({
      gtin: "08938505974019",
      lot: "SEW-0001",
      serial: "17",
      authCode: "k3J9x",
      attributes: { "17": "270101" },
    });
  });

  it("parses an absolute URI and keeps what comes before /01/ as the base URL", () => {
    const link = parseDigitalLink("https://id.example.com/gs1/01/09506000134352/10/ABC%2F123/21/12345#frag");
    expect(link).toEqual({
      gtin: "09506000134352",
      lot: "ABC/123",
      serial: "12345",
      attributes: {},
      baseUrl: "https://id.example.com/gs1",
    });
  });

  it("decodes percent-encoded and raw sub-delimiters alike", () => {
    expect(parseDigitalLink("/01/09506000134352/10/a%21b/21/(x)*'").lot).toBe("a!b");
    expect(parseDigitalLink("/01/09506000134352/10/a%21b/21/(x)*'").serial).toBe("(x)*'");
  });

  it("pads a short GTIN and tolerates one trailing slash", () => {
    expect(parseDigitalLink("/01/96385074/").gtin).toBe("00000096385074");
  });

  it.each([
    ["/01/09506000134352/21/1/10/L1", "lot", "out of order"],
    ["/01/09506000134352/10/L1/10/L2", "lot", "repeated"],
    ["/01/09506000134352/21/1/22/V", "cpv", "out of order"],
    ["/01/09506000134352/17/260101", "path", "not a key qualifier"],
    ["/01/09506000134352/10", "lot", "no value"],
    ["/01/09506000134352/10/L%2", "lot", "percent-encoding"],
    ["/01/09506000134352/10/L%20X", "lot", "character"],
    ["/01/09506000134352/10/" + "x".repeat(21), "lot", "at most 20"],
    ["/gtin/09506000134352", "path", "no /01/"],
    ["/x/01/09506000134352", "path", "starts with /01/"],
    ["/01/", "gtin", "missing"],
    ["mailto:someone@example.com", "uri", "scheme"],
    ["01/09506000134352", "uri", "neither"],
    ["/01/09506000134352?ac=a&ac=b", "query", "twice"],
    ["/01/09506000134352?ac=", "authCode", "1 to 128"],
  ])("rejects %s naming the part", (input, part, reason) => {
    const { code, details } = failure(() => parseDigitalLink(input));
    expect(code).toBe("INVALID_DIGITAL_LINK");
    expect(details.part).toBe(part);
    expect(String(details.reason)).toContain(reason);
  });

  it("rejects a wrong check digit in a link", () => {
    expect(failure(() => parseDigitalLink("/01/09506000134353/10/L1/21/1")).code).toBe("INVALID_GTIN");
  });

  it("requires lot and serial for a garment", () => {
    expect(failure(() => parseGarmentDigitalLink("/01/09506000134352/21/1")).details.part).toBe("lot");
    expect(failure(() => parseGarmentDigitalLink("/01/09506000134352/10/L1")).details.part).toBe("serial");
  });
});

describe("build then parse", () => {
  const cset82 = fc.constantFrom(
    ...`!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`,
  );
  const value = (maxLength: number) =>
    fc.string({ unit: cset82, minLength: 1, maxLength }).filter((v) => v !== "." && v !== "..");
  const gtin = fc
    .tuple(fc.stringMatching(/^\d{13}$/), fc.constantFrom(8, 12, 13, 14))
    .map(([digits, length]) => {
      const body = digits.slice(0, length - 1);
      return body + gtinCheckDigit(body);
    });
  const parts: fc.Arbitrary<DigitalLinkParts> = fc.record(
    {
      gtin,
      cpv: value(20),
      lot: value(20),
      serial: value(20),
      tpx: value(28),
      authCode: value(128),
      attributes: fc.dictionary(
        fc.constantFrom("17", "linkType", "context", "lang", "7003"),
        fc.string({ unit: "grapheme", maxLength: 12 }),
      ),
    },
    { requiredKeys: ["gtin"] },
  );

  it("returns the same parts from an absolute URI and from its path", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const expected = { ...p, gtin: p.gtin.padStart(14, "0"), attributes: p.attributes ?? {} };
        const uri = buildDigitalLink(p, { baseUrl: BASE });
        expect(parseDigitalLink(uri)).toEqual({ ...expected, baseUrl: BASE });
        expect(parseDigitalLink(buildDigitalLinkPath(p))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
