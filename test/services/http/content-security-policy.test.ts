/**
 * One Content-Security-Policy for every page: the garment viewer (authentic, wrong code, unknown garment), the
 * certificate page (unknown and malformed ids), the Digital Link resolver's pages and the JSON answers all carry
 * exactly the same header, the one declared in services/http/content-security-policy.ts, and it is strict: no
 * script, nothing from elsewhere, the inlined stylesheet by its hash, no framing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../../services/http/content-security-policy";
import { viewerStyleHash } from "../../../web/index";
import { startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";
import { GTIN, recordGarmentLife, type RecordedLife } from "../../support/garment-life";

describe("one Content-Security-Policy for every page", () => {
  let t: TestService;
  let life: RecordedLife;

  beforeAll(async () => {
    t = await startTestService();
    life = await recordGarmentLife(t, "0001", 10);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("is strict", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src ${viewerStyleHash}`);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    // Images only from this site (the product photo) and data: URLs; flags are inline SVG.
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:;");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|script-src|\*/);
  });

  it("is the same header on every kind of page and answer", async () => {
    const html = { accept: "text/html" };
    const pages: { kind: string; path: string; headers?: Record<string, string>; html?: boolean }[] = [
      {
        kind: "garment page",
        path: `/01/${GTIN}/10/SEW-0001/21/3?ac=${life.code("SEW-0001", 3)}`,
        headers: html,
        html: true,
      },
      {
        kind: "wrong-code page",
        path: `/01/${GTIN}/10/SEW-0001/21/3?ac=AAAAAAAAAAAA`,
        headers: html,
        html: true,
      },
      {
        kind: "garment page without a code",
        path: `/01/${GTIN}/10/SEW-0001/21/3`,
        headers: html,
        html: true,
      },
      { kind: "unknown garment page", path: `/01/${GTIN}/10/NO-SUCH/21/1`, headers: html, html: true },
      { kind: "certificate page (unknown)", path: "/certificates/CO-EVFTA-20260101-0A1B2C3D", html: true },
      { kind: "certificate page (malformed id)", path: "/certificates/a:b", html: true },
      {
        kind: "certificate page in English",
        path: "/certificates/CO-EVFTA-20260101-0A1B2C3D?lang=en",
        html: true,
      },
      { kind: "JSON answer", path: "/api/v1/lots/SEW-0001" },
      { kind: "health check", path: "/healthz" },
      { kind: "no such route", path: "/nothing-here" },
    ];
    for (const page of pages) {
      const answer = await t.call("GET", page.path, page.headers ? { headers: page.headers } : {});
      expect(answer.headers.get("content-security-policy"), `${page.kind} (${answer.status})`).toBe(
        CONTENT_SECURITY_POLICY,
      );
      if (page.html) {
        expect(answer.headers.get("content-type"), page.kind).toMatch(/^text\/html/);
        expect(String(answer.body), page.kind).toContain("<style>");
        expect(String(answer.body), page.kind).not.toContain("<script");
      }
    }
  });
});
