import { describe, expect, it } from "vitest";

import { buildDigitalLink } from "../../../services/garments/digital-link";
import {
  buildGarmentLinkset,
  itemLinks,
  linksOfType,
  linkTypeUri,
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

describe("linksOfType", () => {
  const links = itemLinks({
    page,
    certificates: [
      { href: `${BASE}/certificates/TP-EVFTA-2026-0001` },
      { href: `${BASE}/certificates/TP-CPTPP-2026-0002` },
    ],
  });

  it("reads compact and full GS1 link types, and nothing else", () => {
    expect(linkTypeUri("gs1:pip")).toBe("https://gs1.org/voc/pip");
    expect(linkTypeUri("https://gs1.org/voc/certificationInfo")).toBe(
      "https://gs1.org/voc/certificationInfo",
    );
    expect(linkTypeUri("http://www.gs1.org/voc/pip")).toBe("https://gs1.org/voc/pip");
    for (const bad of ["pip", "dpp", "gs1:", "gs1:pip/x", "https://example.org/voc/pip", "all"])
      expect(linkTypeUri(bad), bad).toBeNull();
  });

  it("gives the one, the several (for a 300) or none of the item's links", () => {
    expect(linksOfType(links, "gs1:pip").map((l) => l.target.href)).toEqual([page.href]);
    expect(linksOfType(links, "gs1:certificationInfo")).toHaveLength(2);
    expect(linksOfType(links, "gs1:traceability")).toEqual([]);
    expect(linksOfType(links, "nonsense")).toEqual([]);
  });
});
