import { describe, expect, it } from "vitest";

import { buildDigitalLink } from "../../../services/garments/digital-link";
import {
  buildGarmentLinkset,
  certificateLinkTarget,
  LINK_TYPES,
  LINKSET_MEDIA_TYPE,
} from "../../../services/scans/linkset";

const BASE = "https://trace.example.vn";
const garment = { gtin: "08938505974019", lot: "SEW-0001", serial: "17" };
const anchor = buildDigitalLink(garment, { baseUrl: BASE });
const page = {
  href: buildDigitalLink({ ...garment, authCode: "K3J9XQ2M7P" }, { baseUrl: BASE }),
  type: "text/html",
};

describe("buildGarmentLinkset", () => {
  it("links the garment to its page, provenance, certificates and passport with GS1 and IANA relation types", () => {
    const linkset = buildGarmentLinkset({
      anchor,
      page: { ...page, hreflang: ["vi", "en"], title: "Men's cotton T-shirt" },
      provenance: { href: `${BASE}/api/v1/provenance/SEW-0001?serial=17`, type: "application/json" },
      certificates: [
        { href: `${BASE}/certificates/TP-EVFTA-2026-0001`, type: "text/html", title: "EVFTA" },
        { href: `${BASE}/certificates/TP-CPTPP-2026-0002`, type: "text/html", title: "CPTPP" },
      ],
      passport: { href: `${BASE}/api/v1/passports/SEW-0001/17`, type: "application/ld+json" },
    });
    expect(LINKSET_MEDIA_TYPE).toBe("application/linkset+json");
    // The JSON form of RFC 9264: one context object, relation types as member names, arrays of targets.
    expect(JSON.parse(JSON.stringify(linkset))).toEqual({
      linkset: [
        {
          anchor: `${BASE}/01/08938505974019/10/SEW-0001/21/17`,
          "https://gs1.org/voc/defaultLink": [
            { href: page.href, type: "text/html", hreflang: ["vi", "en"], title: "Men's cotton T-shirt" },
          ],
          "https://gs1.org/voc/pip": [
            { href: page.href, type: "text/html", hreflang: ["vi", "en"], title: "Men's cotton T-shirt" },
          ],
          "https://gs1.org/voc/traceability": [
            { href: `${BASE}/api/v1/provenance/SEW-0001?serial=17`, type: "application/json" },
          ],
          "https://gs1.org/voc/certificationInfo": [
            { href: `${BASE}/certificates/TP-EVFTA-2026-0001`, type: "text/html", title: "EVFTA" },
            { href: `${BASE}/certificates/TP-CPTPP-2026-0002`, type: "text/html", title: "CPTPP" },
          ],
          "https://gs1.org/voc/dpp": [
            { href: `${BASE}/api/v1/passports/SEW-0001/17`, type: "application/ld+json" },
          ],
        },
      ],
    });
    expect(LINK_TYPES.dpp).toBe("https://gs1.org/voc/dpp");
  });

  it("leaves out what the garment does not have", () => {
    const [context] = buildGarmentLinkset({ anchor, page, certificates: [] }).linkset;
    expect(Object.keys(context!).sort()).toEqual(["anchor", LINK_TYPES.defaultLink, LINK_TYPES.pip].sort());
  });

  it("rejects an anchor with a query or that is no Digital Link, and relative or non-http targets", () => {
    expect(() => buildGarmentLinkset({ anchor: page.href, page })).toThrow(
      expect.objectContaining({ code: "INVALID_DIGITAL_LINK" }),
    );
    expect(() => buildGarmentLinkset({ anchor: `${BASE}/01/08938505974018/10/L/21/1`, page })).toThrow(
      expect.objectContaining({ code: "INVALID_GTIN" }),
    );
    expect(() => buildGarmentLinkset({ anchor, page: { href: "/relative" } })).toThrow(
      expect.objectContaining({
        code: "INVALID_DIGITAL_LINK",
        details: expect.objectContaining({ part: "uri" }),
      }),
    );
    expect(() => buildGarmentLinkset({ anchor, page, passport: { href: "javascript:alert(1)" } })).toThrow(
      expect.objectContaining({ code: "INVALID_DIGITAL_LINK" }),
    );
  });
});

describe("certificateLinkTarget", () => {
  const href = `${BASE}/certificates/CO-EVFTA-1`;
  it.each([
    [{ status: "valid", verified: "passed" }, "EVFTA CO-EVFTA-1"],
    [{ status: "expired", verified: "passed" }, "EVFTA CO-EVFTA-1 (expired)"],
    [{ status: "revoked", verified: "passed" }, "EVFTA CO-EVFTA-1 (revoked)"],
    [{ status: "valid", verified: "unavailable" }, "EVFTA CO-EVFTA-1 (not verified now)"],
    [{ status: "expired", verified: "failed" }, "EVFTA CO-EVFTA-1 (expired, does not match its anchor)"],
  ] as const)("titles a certificate %o as %s", (standing, title) => {
    expect(certificateLinkTarget(href, { id: "CO-EVFTA-1", fta: "EVFTA", ...standing })).toEqual({
      href,
      title,
    });
  });
});
