import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { escapeHtml, html, safeUrl } from "../../../web/html";
import {
  renderCertificatePage,
  renderGarmentPage,
  renderNotFoundPage,
  renderWrongCodePage,
  staticAssets,
  viewerCss,
  viewerStyleHash,
} from "../../../web/index";
import type { Lang } from "../../../web/index";
import { documentTypeName } from "../../../web/pages/fragments";
import { withLang } from "../../../web/pages/layout";
import {
  authenticGarment,
  tamperedGarment,
  unverifiedClonedGarment,
  validCertificate,
} from "../../support/web-fixtures";

const SCANNED = "/01/08938505974019/10/SEW-0001/21/1187?ac=K3J9XQ2M7P";
const LANGS: Lang[] = ["en", "vi"];
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

/** The text of the page's elements with this attribute, e.g. every `data-step`. */
function attributeValues(page: string, attribute: string): string[] {
  return [...page.matchAll(new RegExp(`${attribute}="([^"]*)"`, "g"))].map((m) => m[1]!);
}

/** Opening and closing tags of these elements must balance (a cheap well-formedness check). */
function expectBalanced(page: string) {
  for (const tag of [
    "html",
    "head",
    "body",
    "main",
    "section",
    "ul",
    "ol",
    "li",
    "dl",
    "details",
    "p",
    "div",
    "a",
  ]) {
    const open = page.match(new RegExp(`<${tag}[\\s>]`, "g"))?.length ?? 0;
    const close = page.match(new RegExp(`</${tag}\\s*>`, "g"))?.length ?? 0;
    expect(close, `<${tag}>`).toBe(open);
  }
}

describe("html escaping", () => {
  it("escapes interpolated text but keeps nested templates", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const inner = html`<b>${"1 < 2"}</b>`;
    // prettier-ignore
    const outer = html`<p>${HOSTILE}</p>${inner}`;
    expect(outer.value).toBe(
      "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p><b>1 &lt; 2</b>",
    );
    expect(html`${[1, null, undefined, false, "a"]}`.value).toBe("1a");
  });

  it("lets only http(s) and same-site paths into links", () => {
    expect(safeUrl("/ipfs/bafk")).toBe("/ipfs/bafk");
    expect(safeUrl("https://explorer.example/tx/0x1")).toBe("https://explorer.example/tx/0x1");
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl("JaVaScRiPt:alert(1)")).toBeUndefined();
    expect(safeUrl("data:text/html,<script>")).toBeUndefined();
    expect(safeUrl("//evil.example/x")).toBeUndefined();
    expect(safeUrl("/\\evil.example")).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe("renderGarmentPage", () => {
  it.each(LANGS)(
    "shows an authentic garment with every step, fabric, document and certificate (%s)",
    (lang) => {
      const model = authenticGarment();
      const page = renderGarmentPage(model, lang, { requestUrl: SCANNED });
      expectBalanced(page);
      expect(page.startsWith("<!doctype html>")).toBe(true);
      expect(page).toContain(`<html lang="${lang}">`);
      expect(attributeValues(page, "data-verdict")).toEqual(["authentic"]);
      expect(page).toContain(lang === "en" ? "Authentic" : "Đã xác thực");
      expect(attributeValues(page, "data-step")).toEqual([
        "fabric-lot",
        "fabric-lot",
        "cutting",
        "sewing",
        "shipment",
      ]);
      for (const step of model.timeline) {
        expect(page).toContain(step.facility.name);
        expect(page).toContain(`href="${step.recordUrl}"`);
        if (step.txUrl) expect(page).toContain(`href="${step.txUrl}"`);
        else expect(page).toContain(`data-full="${step.txHash}"`);
      }
      expect(page).toContain(lang === "en" ? "4 March 2026" : "4 tháng 3, 2026");
      expect(page).toContain('<svg class="flag" data-flag="VN" aria-hidden="true"');
      expect(page).toContain(lang === "en" ? "Vietnam" : "Việt Nam");
      expect(page).toContain(lang === "en" ? "South Korea" : "Hàn Quốc");
      expect(page).toContain(lang === "en" ? "Weaving or knitting" : "Dệt thoi hoặc dệt kim");
      expect(page).toContain(lang === "en" ? "95% cotton, 5% elastane" : "95% bông");
      expect(attributeValues(page, "data-cid")).toEqual(model.documents.map((d) => d.cid));
      expect(page.match(/badge badge-passed/g)?.length).toBe(
        // Each valid certificate also shows as certified in the origin summary.
        model.timeline.length + model.documents.length + model.checks.length + model.certificates.length,
      );
      expect(attributeValues(page, "data-certificate")).toEqual(["TP-EVFTA-2026-0001"]);
      expect(page).toContain("EVFTA");
      expect(page).not.toContain('id="clone-warning"');
      // All checks passed: the list is folded.
      expect(page).toMatch(/<details>\s*<summary/);
    },
  );

  it.each(LANGS)("tells the truth about a tampered garment, failed checks first (%s)", (lang) => {
    const page = renderGarmentPage(tamperedGarment(), lang, { requestUrl: SCANNED });
    expectBalanced(page);
    expect(attributeValues(page, "data-verdict")).toEqual(["tampered"]);
    expect(page).toContain(lang === "en" ? "Tampered" : "Dữ liệu bị sửa đổi");
    expect(page).toContain(lang === "en" ? "Do not rely on the information below" : "Đừng dựa vào");
    expect(page).toContain('class="st-failed" data-step="sewing"');
    const checks = page.slice(page.indexOf('id="checks-title"'));
    expect(checks.indexOf("badge-failed")).toBeLessThan(checks.indexOf("badge-passed"));
    expect(checks).toContain("IPFS record hashes to");
    expect(page).toMatch(/<details open>/);
  });

  it.each(LANGS)("warns of a cloned label and marks unavailable checks as such (%s)", (lang) => {
    const page = renderGarmentPage(unverifiedClonedGarment(), lang);
    expect(attributeValues(page, "data-verdict")).toEqual(["unverified"]);
    expect(page).toContain('id="clone-warning"');
    expect(page).toContain("412");
    expect(page).toContain("37");
    expect(page).toContain(lang === "en" ? "Could not check now" : "Chưa kiểm tra được");
    expect(page).toContain("badge badge-unavailable");
  });

  it("escapes every piece of model text: a script in a description stays text", () => {
    const model = authenticGarment();
    model.product.description = HOSTILE;
    model.product.lot = `"><script>1</script>`;
    model.timeline[0]!.facility.name = HOSTILE;
    model.fabrics[0]!.supplier.name = HOSTILE;
    model.documents[0]!.type = HOSTILE;
    model.checks[0]!.detail = HOSTILE;
    model.timeline[1]!.recordUrl = "javascript:alert(1)";
    model.documents[1]!.url = "javascript:alert(2)";
    const page = renderGarmentPage(model, "en", { requestUrl: `/01/x?ac="><script>3</script>` });
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain("<img");
    expect(page).not.toContain("javascript:");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expectBalanced(page);
  });

  it("links the language switch back to the scanned URL, keeping the authentication code", () => {
    const en = renderGarmentPage(authenticGarment(), "en", { requestUrl: SCANNED });
    const vi = renderGarmentPage(authenticGarment(), "vi", { requestUrl: `${SCANNED}&lang=vi` });
    expect(en).toContain(
      `href="/01/08938505974019/10/SEW-0001/21/1187?ac=K3J9XQ2M7P&amp;lang=vi" hreflang="vi"`,
    );
    expect(vi).toContain(
      `href="/01/08938505974019/10/SEW-0001/21/1187?ac=K3J9XQ2M7P&amp;lang=en" hreflang="en"`,
    );
    expect(withLang(undefined, "vi")).toBe("?lang=vi");
    expect(withLang("//evil.example/x?a=1", "en")).toBe("?a=1&lang=en");
  });

  it("needs no other resource: no script, no external stylesheet, font or image", () => {
    const page = renderGarmentPage(authenticGarment(), "vi");
    expect(page).not.toMatch(/<script|<img|<iframe|rel="stylesheet"|@import|@font-face|url\(/i);
    expect(page).not.toMatch(/src=/);
    expect(page).toContain(`<style>${viewerCss}</style>`);
    const inline = /<style>([^<]*)<\/style>/.exec(page)![1]!;
    expect(`'sha256-${createHash("sha256").update(inline).digest("base64")}'`).toBe(viewerStyleHash);
    expect(viewerStyleHash).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
    expect(staticAssets).toEqual([]);
  });

  it("stays under the 100 KB page weight budget for a realistic garment and a heavy one", () => {
    const realistic = Buffer.byteLength(renderGarmentPage(authenticGarment(), "vi", { requestUrl: SCANNED }));
    expect(realistic).toBeLessThan(100 * 1024);

    // A heavy garment: 8 fabric lots, 30 documents, 12 steps and every check they bring.
    const heavy = authenticGarment();
    for (let i = 0; i < 6; i++) heavy.fabrics.push({ ...heavy.fabrics[0]!, lotId: `FL-1${i}` });
    for (let i = 0; i < 25; i++) heavy.documents.push({ ...heavy.documents[0]!, cid: `bafkreiextra${i}` });
    for (let i = 0; i < 7; i++) heavy.timeline.push({ ...heavy.timeline[0]!, lotId: `FL-1${i}` });
    for (let i = 0; i < 60; i++) heavy.checks.push({ ...heavy.checks[0]!, id: `extra-${i}` });
    const heavyBytes = Buffer.byteLength(renderGarmentPage(heavy, "vi", { requestUrl: SCANNED }));
    expect(heavyBytes).toBeGreaterThan(realistic);
    expect(heavyBytes).toBeLessThan(100 * 1024);
  });
});

describe("documentTypeName", () => {
  it("translates known types and makes unknown ones readable", () => {
    expect(documentTypeName("supplier-invoice", "vi")).toBe("Hóa đơn của nhà cung cấp");
    expect(documentTypeName("Packing-List", "en")).toBe("Packing list");
    expect(documentTypeName("oeko-tex_certificate", "en")).toBe("Oeko tex certificate");
  });
});

describe("renderNotFoundPage", () => {
  it.each(LANGS)("answers an unknown garment honestly and shows what was scanned (%s)", (lang) => {
    const page = renderNotFoundPage(
      { reason: "unknown-garment", scanned: { gtin: "08938505974019", lot: "SEW-0001", serial: HOSTILE } },
      lang,
      { requestUrl: SCANNED },
    );
    expectBalanced(page);
    expect(attributeValues(page, "data-verdict")).toEqual(["unknown-garment"]);
    expect(page).toContain(lang === "en" ? "We do not know this garment" : "Không tìm thấy sản phẩm");
    expect(page).toContain("08938505974019");
    expect(page).not.toMatch(/<script/);
  });

  it("explains an invalid link", () => {
    const page = renderNotFoundPage({ reason: "invalid-link" }, "en");
    expect(page).toContain("This is not a valid product code");
    expect(page).not.toContain("scanned-title");
  });
});

describe("renderWrongCodePage", () => {
  it.each(LANGS)("says the code does not match and offers a form to type it (%s)", (lang) => {
    const product = { ...authenticGarment().product, description: HOSTILE };
    const page = renderWrongCodePage(
      { reason: "wrong-code", product, cloneWarning: { scans: 90, places: 12 } },
      lang,
      {
        requestUrl: SCANNED,
      },
    );
    expectBalanced(page);
    expect(attributeValues(page, "data-verdict")).toEqual(["wrong-code"]);
    expect(page).toContain(
      lang === "en" ? "The authentication code does not match" : "Mã xác thực không khớp",
    );
    expect(page).toContain('action="/01/08938505974019/10/SEW-0001/21/1187"');
    expect(page).toContain('name="ac"');
    expect(page).toContain(`name="lang" value="${lang}"`);
    expect(page).toContain('id="clone-warning"');
    expect(page).not.toMatch(/<script/);
  });

  it("explains a missing code", () => {
    const page = renderWrongCodePage({ reason: "missing-code", product: authenticGarment().product }, "vi");
    expect(page).toContain("Đường dẫn này không có mã xác thực");
    expect(page).toContain('action=""');
  });
});

describe("renderCertificatePage", () => {
  it.each(LANGS)("shows a valid certificate with its agreement, countries, rule and anchor (%s)", (lang) => {
    const model = validCertificate();
    const page = renderCertificatePage(model, lang);
    expectBalanced(page);
    expect(attributeValues(page, "data-verdict")).toEqual(["valid"]);
    expect(page).toContain(lang === "en" ? "Valid certificate" : "Giấy chứng nhận hợp lệ");
    expect(page).toContain("EVFTA");
    expect(page).toContain(lang === "en" ? "Germany" : "Đức");
    expect(page).toContain(model.certificate.rule!.text);
    expect(page).toContain(model.certificate.sha256);
    expect(page).toContain(`href="${model.certificate.pdfUrl}"`);
  });

  it("shows a revoked certificate as revoked, with date and reason", () => {
    const model = validCertificate();
    model.verdict = "revoked";
    model.certificate.status = "revoked";
    model.certificate.revokedAt = "2026-04-02T00:00:00Z";
    model.certificate.revocationReason = HOSTILE;
    model.checks[1]!.status = "failed";
    const page = renderCertificatePage(model, "en");
    expect(attributeValues(page, "data-verdict")).toEqual(["revoked"]);
    expect(page).toContain("Revoked certificate");
    expect(page).toContain("2 April 2026");
    expect(page).not.toMatch(/<script/);
  });
  it.each(LANGS)(
    "shows an expired certificate as expired, with the end of its validity period (%s)",
    (lang) => {
      const model = validCertificate();
      model.verdict = "expired";
      model.certificate.status = "expired";
      model.certificate.validUntil = "2027-03-06T10:00:00Z";
      const page = renderCertificatePage(model, lang);
      expectBalanced(page);
      expect(attributeValues(page, "data-verdict")).toEqual(["expired"]);
      expect(page).toContain('class="verdict cert-expired"');
      expect(page).toContain(lang === "en" ? "Expired certificate" : "Giấy chứng nhận đã hết hạn");
      expect(page).toContain(lang === "en" ? "6 March 2027" : "6 tháng 3, 2027");
    },
  );
});

describe("renderGarmentPage certificates", () => {
  it.each(LANGS)("badges an expired certificate as expired, with the day it ended (%s)", (lang) => {
    const model = authenticGarment();
    model.certificates[0] = {
      ...model.certificates[0]!,
      status: "expired",
      validUntil: "2027-03-06T10:00:00Z",
    };
    const page = renderGarmentPage(model, lang);
    const item = page.slice(page.indexOf('data-certificate="TP-EVFTA-2026-0001"'));
    const certificate = item.slice(0, item.indexOf("</li>"));
    expect(certificate).toContain(
      `<span class="badge badge-expired">${lang === "en" ? "Expired" : "Đã hết hạn"}</span>`,
    );
    expect(certificate).toContain(lang === "en" ? "6 March 2027" : "6 tháng 3, 2027");
    expect(certificate).not.toContain("badge-valid");
  });
});

/** The markup of the first element carrying `attribute`, up to its closing `</li>`. */
function itemWith(page: string, attribute: string): string {
  const start = page.indexOf(attribute);
  expect(start, attribute).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf("</li>", start));
}

describe("the origin summary at the top of the garment page", () => {
  it.each(LANGS)(
    "names the agreement, the certifier and the end of validity of a certified garment (%s)",
    (lang) => {
      const page = renderGarmentPage(authenticGarment(), lang);
      const summary = page.slice(page.indexOf("data-origin-summary"), page.indexOf('id="product-title"'));
      // Before the product card: the first thing under the verdict.
      expect(page.indexOf("data-origin-summary")).toBeLessThan(page.indexOf('id="product-title"'));
      expect(attributeValues(summary, "data-origin-standing")).toEqual(["certified"]);
      expect(summary).toContain(lang === "en" ? "Certified originating" : "Được chứng nhận xuất xứ");
      expect(summary).toContain(lang === "en" ? "EVFTA (EU–Viet Nam)" : "EVFTA (EU–Việt Nam)");
      expect(summary).toContain(lang === "en" ? "Germany" : "Đức");
      expect(summary).toContain("VCCI Hồ Chí Minh");
      expect(summary).toContain("did:web:trace.example.vn:certifiers:vcci-hcm");
      // 17:30 UTC on 5 March is 00:30 on 6 March in Viet Nam.
      expect(summary).toContain(lang === "en" ? "6 March 2027" : "6 tháng 3, 2027");
    },
  );

  it.each([
    ["revoked", "passed", "revoked", "Revoked: proves nothing"],
    ["expired", "passed", "expired", "Expired: proves nothing"],
    ["invalid", "passed", "invalid", "Invalid: proves nothing"],
    ["unverified", "unavailable", "unverified", "Not verified now"],
    // Valid on its face but its anchor could not be checked: not counted as certified.
    ["valid", "unavailable", "unverified", "Not verified now"],
  ] as const)(
    "never shows a %s certificate (anchor %s) as certified",
    (status, verified, standing, words) => {
      const model = authenticGarment();
      model.certificates[0] = { ...model.certificates[0]!, status, verified };
      const page = renderGarmentPage(model, "en");
      const summary = page.slice(page.indexOf("data-origin-summary"), page.indexOf('id="product-title"'));
      expect(attributeValues(summary, "data-origin-standing")).toEqual([standing]);
      expect(summary).toContain(words);
      expect(summary).not.toContain("Certified originating");
      expect(summary).not.toContain("badge-passed");
      // No "valid until" for a certificate that proves nothing.
      expect(summary).not.toContain("Valid until");
    },
  );

  it("keeps the certified one when an agreement has a revoked and a valid certificate", () => {
    const model = authenticGarment();
    model.certificates.unshift({ ...model.certificates[0]!, id: "TP-EVFTA-OLD", status: "revoked" });
    const page = renderGarmentPage(model, "en");
    expect(attributeValues(page, "data-origin-standing")).toEqual(["certified"]);
  });

  it.each(LANGS)("says plainly when no origin certificate covers the garment (%s)", (lang) => {
    const model = authenticGarment();
    model.certificates = [];
    const page = renderGarmentPage(model, lang);
    expect(page).toContain("data-origin-none");
    expect(page).toContain(
      lang === "en"
        ? "No origin certificate covers this garment."
        : "Chưa có giấy chứng nhận xuất xứ nào cho sản phẩm này.",
    );
    expect(page).not.toContain("data-origin-standing");
    // Said once, at the top: no empty certificates section repeats it.
    expect(page).not.toContain('id="certificates-title"');
  });
});

describe("the certificate card", () => {
  it.each(LANGS)("shows its certifier and validity period in the page language (%s)", (lang) => {
    const card = itemWith(
      renderGarmentPage(authenticGarment(), lang),
      'data-certificate="TP-EVFTA-2026-0001"',
    );
    expect(card).toContain(lang === "en" ? "Certifier" : "Tổ chức cấp");
    expect(card).toContain("VCCI Hồ Chí Minh");
    expect(card).toMatch(
      lang === "en"
        ? /data-validity>\s*<time[^>]*>6 March 2026<\/time>\s*–\s*<time[^>]*>6 March 2027<\/time>/
        : /data-validity>\s*<time[^>]*>6 tháng 3, 2026<\/time>\s*–\s*<time[^>]*>6 tháng 3, 2027<\/time>/,
    );
  });

  it("says the certifier is not known when the certificate could not be checked", () => {
    const model = authenticGarment();
    const { issuer: _issuer, ...unchecked } = model.certificates[0]!;
    model.certificates[0] = { ...unchecked, status: "unverified", verified: "unavailable" };
    const card = itemWith(renderGarmentPage(model, "en"), 'data-certificate="TP-EVFTA-2026-0001"');
    expect(card).toContain("Not known: the certificate could not be checked");
  });
});

describe("the certificate page's certifier and validity", () => {
  it.each(LANGS)("names the certifier whose signature verified, and the validity period (%s)", (lang) => {
    const page = renderCertificatePage(validCertificate(), lang);
    expect(page).toMatch(
      new RegExp(
        `<dt>${lang === "en" ? "Certifier" : "Tổ chức cấp"}</dt>\\s*<dd data-certifier>VCCI Hồ Chí Minh`,
      ),
    );
    expect(page).toContain("did:web:trace.example.vn:certifiers:vcci-hcm");
    expect(page).toContain(lang === "en" ? "Valid from" : "Có hiệu lực từ");
    expect(page).toContain(lang === "en" ? "6 March 2027" : "6 tháng 3, 2027");
  });

  it("says the certifier is not known when no signature verified", () => {
    const model = validCertificate();
    delete model.certificate.issuer;
    expect(renderCertificatePage(model, "en")).toContain("Not known: the certificate could not be checked");
  });
});

describe("the evidence section", () => {
  it.each(LANGS)("lists each record's transaction and CID once, folded under the checks (%s)", (lang) => {
    const model = authenticGarment();
    const page = renderGarmentPage(model, lang);
    const journey = page.slice(page.indexOf('id="journey-title"'), page.indexOf('id="fabric-title"'));
    const evidence = page.slice(page.indexOf("data-evidence-section"));
    // The steps keep their human content, without any hash or IPFS link.
    for (const step of model.timeline) {
      expect(journey).toContain(step.facility.name);
      expect(journey).not.toContain(step.txHash);
      expect(journey).not.toContain(step.recordUrl);
    }
    expect(page.indexOf('id="checks-title"')).toBeLessThan(page.indexOf("data-evidence-section"));
    expect(evidence).toMatch(/^[^>]*>\s*<details>\s*<summary id="evidence-title">/);
    expect(evidence).toContain(lang === "en" ? "Evidence" : "Bằng chứng");
    expect(attributeValues(evidence, "data-evidence")).toEqual(model.timeline.map((s) => s.lotId));
    for (const step of model.timeline) {
      expect(evidence.split(`data-full="${step.txHash}"`)).toHaveLength(2);
      expect(evidence.split(`href="${step.recordUrl}"`)).toHaveLength(2);
      if (step.txUrl) expect(evidence).toContain(`href="${step.txUrl}"`);
    }
  });
});

describe("check wording", () => {
  it("words a passed check by its kind alone, and a failed one in the page language, the engine's note folded", () => {
    const page = renderGarmentPage(tamperedGarment(), "vi");
    const failed = itemWith(page, 'data-check="record-digest:SEW-0001"');
    expect(failed).toContain("Thông tin này không khớp với dữ liệu trên blockchain.");
    expect(failed).toMatch(
      /<details class="technical">\s*<summary>Chi tiết kỹ thuật<\/summary>\s*<p class="mono" lang="en">IPFS record hashes to/,
    );
    const model = authenticGarment();
    model.checks[0]!.detail = "recorded on chain under the registered key of 'x'";
    const passed = itemWith(renderGarmentPage(model, "vi"), `data-check="${model.checks[0]!.id}"`);
    expect(passed).not.toContain("registered key");
  });

  it("words the certificate page's own checks by their id, in Vietnamese", () => {
    const model = validCertificate();
    model.checks.push({
      id: "signature:TP-EVFTA-2026-0001",
      kind: "other",
      subject: "TP-EVFTA-2026-0001",
      label: "Signed by the certifier",
      status: "passed",
    });
    const page = renderCertificatePage(model, "vi");
    expect(page).toContain("Giấy chứng nhận TP-EVFTA-2026-0001 có chữ ký của tổ chức cấp");
    expect(page).not.toContain("Signed by the certifier");
  });

  it("shows a rule in Vietnamese by its id, and says an untranslated one is, its English folded", () => {
    const model = validCertificate();
    model.certificate.rule = {
      id: "CPTPP-62/yarn-forward",
      text: "Yarn forward: spinning, weaving, cutting and sewing in the Parties",
    };
    const vi = renderCertificatePage(model, "vi");
    expect(vi).toContain("Từ sợi trở đi: kéo sợi, dệt thoi, cắt và may tại các nước thành viên");
    expect(vi).not.toContain("Yarn forward");
    expect(renderCertificatePage(model, "en")).toContain("Yarn forward: spinning, weaving");
    model.certificate.rule = { id: "XFTA-99/new-rule", text: "Some new rule" };
    expect(renderCertificatePage(model, "vi")).toMatch(
      /Quy tắc này chưa có bản tiếng Việt; nguyên văn ở phần chi tiết kỹ thuật\.<details class="technical">\s*<summary>Chi tiết kỹ thuật<\/summary>\s*<p class="mono" lang="en">Some new rule<\/p>/,
    );
  });
});
