/**
 * The GS1 Digital Link resolver and the garment routes over real HTTP against the real service: Digital Link
 * parsing (check digit, padding, qualifier order, percent-encoding), content negotiation (page, JSON,
 * linkset), headers, QR codes and label sheets for the owning facility only, and clone warnings.
 */
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINKSET_MEDIA_TYPE } from "../../services/labels/index";
import { viewerStyleHash } from "../../web/index";
import { cutting, fabricLot, sewing, startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";
import { rawRequest } from "../chaos/world";

const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("the Digital Link resolver over HTTP", () => {
  let t: TestService;
  let life: RecordedLife;
  let encodedLife: RecordedLife;
  const get = (path: string, headers: Record<string, string> = HTML) =>
    fetch(`${t.service.url}${path}`, { headers });
  const link = (serial: number, lot = "SEW-0001") => `/01/${GTIN}/10/${lot}/21/${serial}`;
  const withCode = (serial: number, lot = "SEW-0001", l = life) =>
    `${link(serial, lot)}?ac=${l.code(lot, serial)}`;

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: "https://trace.example.vn" });
    life = await recordGarmentLife(t);
    // A batch id whose Digital Link a client may send percent-encoded ('_' as %5F). Ids no longer take ':'
    // (services/records/common.ts), the one id character a URI path had to encode.
    encodedLife = await recordGarmentLife(t, "A_1", 30);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers a browser with the authentic garment page, strict CSP and no caching", async () => {
    const response = await get(withCode(5));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("vary")).toMatch(/Accept, Accept-Language/);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${viewerStyleHash}`);
    expect(csp).not.toMatch(/unsafe-inline|script-src/);
    const html = await response.text();
    expect(html).toContain('data-verdict="authentic"');
    expect(html).not.toContain("<script");
    for (const lot of ["FL-0001", "CUT-0001", "SEW-0001", "TR-0001", "SHP-0001"]) expect(html).toContain(lot);
  });

  it("negotiates JSON and the RFC 9264 linkset, and ?linkType=all", async () => {
    const json = await get(withCode(5), { accept: "application/json" });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await json.json();
    expect(body).toMatchObject({
      verdict: "authentic",
      authenticationCode: "valid",
      product: { serial: "5" },
    });

    const linksetAnswer = await get(withCode(5), { accept: LINKSET_MEDIA_TYPE });
    expect(linksetAnswer.status).toBe(200);
    expect(linksetAnswer.headers.get("content-type")).toMatch(/^application\/linkset\+json/);
    const { linkset } = await linksetAnswer.json();
    // Every absolute link uses PUBLIC_BASE_URL, the host printed in the QR codes, never the request's Host.
    const origin = "https://trace.example.vn";
    expect(linkset[0].anchor).toBe(`${origin}${link(5)}`);
    expect(linkset[0]["https://gs1.org/voc/pip"][0]).toMatchObject({
      href: `${origin}${withCode(5)}`,
      type: "text/html",
    });
    // The garment's passport is its batch's signed one.
    expect(linkset[0]["https://gs1.org/voc/dpp"][0].href).toBe(`${origin}/api/v1/passports/${GTIN}/SEW-0001`);
    expect(linkset[0]["https://gs1.org/voc/traceability"][0].href).toContain(
      `/api/v1/garments/${GTIN}/SEW-0001/5?ac=`,
    );

    const all = await get(`${withCode(5)}&linkType=all`);
    expect(all.headers.get("content-type")).toMatch(/^application\/linkset\+json/);
    // What the linkset points at answers.
    const passport = await get(new URL(linkset[0]["https://gs1.org/voc/dpp"][0].href).pathname, {
      accept: "application/vc+ld+json",
    });
    expect(passport.status).toBe(200);
    const dpp = await passport.json();
    expect(dpp.type).toEqual(["DigitalProductPassport", "VerifiableCredential"]);
    expect(dpp.credentialSubject.product).toMatchObject({ batchNumber: "SEW-0001" });
    expect(dpp.credentialSubject.materialsProvenance).toEqual([
      expect.objectContaining({ name: "cotton", originCountry: "KR" }),
      expect.objectContaining({ name: "elastane", originCountry: "KR" }),
      expect.objectContaining({ name: "buttons", originCountry: "CN" }),
    ]);
    expect(dpp.credentialSubject.traceabilityInformation).toHaveLength(5);
    // The garment's own unsigned passport still answers at its URL.
    const own = await get(`/api/v1/garments/${GTIN}/SEW-0001/5/passport`, { accept: "application/ld+json" });
    expect(own.status).toBe(200);
    expect((await own.json()).credentialSubject.product).toMatchObject({ serialNumber: "5" });
  });

  it("builds the linkset's and the passport's absolute links on PUBLIC_BASE_URL, whatever Host the request names", async () => {
    const headers = { host: "evil.example", accept: LINKSET_MEDIA_TYPE };
    const linkset = await rawRequest(t.service.url, { method: "GET", path: withCode(5), headers });
    expect(linkset.status).toBe(200);
    expect(linkset.text).not.toContain("evil.example");
    const body = linkset.json as { linkset: { anchor: string }[] };
    expect(body.linkset[0]!.anchor).toBe(`https://trace.example.vn${link(5)}`);
    const passport = await rawRequest(t.service.url, {
      method: "GET",
      path: `/api/v1/garments/${GTIN}/SEW-0001/5/passport`,
      headers: { host: "evil.example" },
    });
    expect(passport.status).toBe(200);
    expect(passport.text).not.toContain("evil.example");
    expect(passport.text).toContain("https://trace.example.vn/01/");
  });

  it("accepts a GTIN-13 padded to 14 digits, a variant (22) before the lot, and a trailing slash", async () => {
    for (const path of [
      `/01/8938505974019/10/SEW-0001/21/5?ac=${life.code("SEW-0001", 5)}`,
      `/01/${GTIN}/22/BLUE-M/10/SEW-0001/21/5?ac=${life.code("SEW-0001", 5)}`,
      `/01/${GTIN}/10/SEW-0001/21/5/?ac=${life.code("SEW-0001", 5)}`,
    ]) {
      const response = await get(path, { accept: "application/json" });
      expect(response.status, path).toBe(200);
      expect((await response.json()).verdict, path).toBe("authentic");
    }
  });

  it("decodes a percent-encoded lot id", async () => {
    const code = encodedLife.code("SEW-A_1", 3);
    const response = await get(`/01/${GTIN}/10/SEW-A%5F1/21/3?ac=${code}`, { accept: "application/json" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ verdict: "authentic", product: { lot: "SEW-A_1" } });
  });

  it("refuses a wrong check digit, a wrong qualifier order, a missing serial and bad encoding with 400", async () => {
    const cases: [string, string, string][] = [
      [`/01/08938505974018/10/SEW-0001/21/5`, "INVALID_GTIN", "gtin"],
      [`/01/${GTIN}/21/5/10/SEW-0001`, "INVALID_DIGITAL_LINK", "lot"],
      [`/01/${GTIN}/21/5`, "INVALID_DIGITAL_LINK", "lot"],
      [`/01/${GTIN}/10/SEW%ZZ0001/21/5`, "INVALID_DIGITAL_LINK", "lot"],
      [`/01/${GTIN}/10/SEW-0001/21/5?ac=a&ac=b`, "INVALID_DIGITAL_LINK", "query"],
    ];
    for (const [path, code, part] of cases) {
      const json = await get(path, { accept: "application/json" });
      expect(json.status, path).toBe(400);
      const body = await json.json();
      expect(body.error, path).toMatchObject({ code, details: { part } });
      const page = await get(path);
      expect(page.status, path).toBe(400);
      expect(await page.text(), path).toContain('data-verdict="invalid-link"');
    }
  });

  it("answers an unknown serial, lot or a GTIN that is not the batch's with the honest 404 page", async () => {
    for (const path of [link(999), link(1, "SEW-9999"), `/01/4006381333931/10/SEW-0001/21/1`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toContain('data-verdict="unknown-garment"');
      const json = await get(path, { accept: "application/json" });
      expect(json.status).toBe(404);
      expect((await json.json()).error.code).toBe("NOT_FOUND");
    }
  });

  it("shows the wrong-code page for a wrong code (404) or a missing one (200, asking for it)", async () => {
    const wrong = await get(`${link(5)}?ac=${life.code("SEW-0001", 6)}`);
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('data-verdict="wrong-code"');
    const missing = await get(link(5));
    expect(missing.status).toBe(200);
    expect(await missing.text()).toContain('data-verdict="missing-code"');
  });

  it("names an internal transfer a hand-over and the export a shipment, in both languages", async () => {
    for (const [lang, handOver, handedTo, shipment] of [
      ["en", "Hand-over", "Handed over to", "Shipment"],
      ["vi", "Bàn giao", "Bàn giao cho", "Xuất hàng"],
    ] as const) {
      const text = await (await get(withCode(7), { ...HTML, "accept-language": lang })).text();
      // Each shipment step of the timeline: whether it is marked a hand-over, and its heading.
      const steps = text
        .split(/<li\b/)
        .filter((item) => item.includes('data-step="shipment"'))
        .map((item) => [
          item.includes('data-hand-over="true"'),
          /<h3[^>]*>([^<]*)<\/h3>/.exec(item)?.[1]?.trim(),
        ]);
      expect(steps).toEqual([
        [true, handOver],
        [false, shipment],
      ]);
      expect(text).toContain(`${handedTo}:`);
    }
  });

  it("answers an unknown certificate number with its own not-found page, not the product-code one", async () => {
    for (const [lang, title] of [
      ["en", "We do not know this certificate"],
      ["vi", "Không tìm thấy chứng nhận này"],
    ] as const) {
      const answer = await get("/certificates/NO-SUCH-CERT", { ...HTML, "accept-language": lang });
      expect(answer.status).toBe(404);
      const text = await answer.text();
      expect(text).toContain('data-verdict="unknown-certificate"');
      expect(text).toContain(title);
      expect(text).toContain("NO-SUCH-CERT");
      expect(text).not.toContain('data-verdict="invalid-link"');
    }
    const malformed = await get(`/certificates/${encodeURIComponent("bad id!")}`);
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).toContain('data-verdict="unknown-certificate"');
  });

  it("serves the cited records and documents, and nothing else, from /ipfs", async () => {
    const record = await get(`/ipfs/${life.recordCids["SEW-0001"]}`);
    expect(record.status).toBe(200);
    expect(record.headers.get("content-type")).toMatch(/^application\/json/);
    expect(record.headers.get("content-security-policy")).toContain("sandbox");
    expect((await record.json()).id).toBe("SEW-0001");
    const document = await get(`/ipfs/${life.document.cid}`);
    expect(document.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await document.arrayBuffer()).equals(Buffer.from(life.document.bytes))).toBe(true);
    const stored = await t.service.store.put(new TextEncoder().encode("<script>alert(1)</script>"));
    expect((await get(`/ipfs/${stored.cid}`)).status).toBe(404);
  });

  it("gives the QR code, carrying the Digital Link and its code, to the sewing facility only", async () => {
    const owner = life.keys["factory-0001"]!;
    const png = await t.call("GET", "/api/v1/garments/SEW-0001/17/qr.png", { key: owner });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("cache-control")).toBe("private, no-store");
    const raw = Buffer.from(
      await (
        await fetch(`${t.service.url}/api/v1/garments/SEW-0001/17/qr.png`, {
          headers: { authorization: `Bearer ${owner}` },
        })
      ).arrayBuffer(),
    );
    const image = PNG.sync.read(raw);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    expect(decoded).toBe(`https://trace.example.vn${withCode(17)}`);

    const svg = await t.call("GET", "/api/v1/garments/SEW-0001/17/qr.svg", { key: owner });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(String(svg.body)).toMatch(/^<svg/);

    expect((await t.call("GET", "/api/v1/garments/SEW-0001/17/qr.png")).status).toBe(401);
    const other = await t.call("GET", "/api/v1/garments/SEW-0001/17/qr.png", {
      key: life.keys["export-0001"],
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("FORBIDDEN");
    const outside = await t.call("GET", "/api/v1/garments/SEW-0001/101/qr.svg", { key: owner });
    expect(outside.status).toBe(404);
  });

  it("gives the label's data, the same Digital Link and code as the QR code, to the sewing facility only", async () => {
    const owner = life.keys["factory-0001"]!;
    const label = await t.call("GET", "/api/v1/garments/SEW-0001/17/label", { key: owner });
    expect(label.status).toBe(200);
    expect(label.headers.get("cache-control")).toBe("private, no-store");
    expect(label.body).toEqual({
      gtin: GTIN,
      lot: "SEW-0001",
      serial: "17",
      authCode: life.code("SEW-0001", 17),
      digitalLink: `https://trace.example.vn${withCode(17)}`,
    });
    expect((await t.call("GET", "/api/v1/garments/SEW-0001/17/label")).status).toBe(401);
    const other = await t.call("GET", "/api/v1/garments/SEW-0001/17/label", {
      key: life.keys["export-0001"],
    });
    expect(other.status).toBe(403);
    expect((await t.call("GET", "/api/v1/garments/SEW-0001/101/label", { key: owner })).status).toBe(404);
  });

  it("streams the batch's label sheet to its facility: one label per garment", async () => {
    const owner = life.keys["factory-0001"]!;
    const response = await fetch(`${t.service.url}/api/v1/lots/SEW-0001/labels.pdf`, {
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    // Streamed as it is drawn (chunked), never buffered whole: the sheet's size is unknown when it starts.
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // 100 garments at 21 labels per A4 page.
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(5);
    const refused = await t.call("GET", "/api/v1/lots/SEW-0001/labels.pdf", {
      key: life.keys["export-0001"],
    });
    expect(refused.status).toBe(403);
    const notABatch = await t.call("GET", "/api/v1/lots/FL-0001/labels.pdf", { key: owner });
    expect(notABatch.status).toBe(404);
  });

  it("refuses a garment batch id too long for a Digital Link at the sewing, naming the field", async () => {
    const factory = life.keys["factory-0001"]!;
    const longId = "SEW-2026-THAI-NGUYEN-LINE-07"; // 28 characters: GS1 allows 20 in AI 10
    await t.call("POST", "/api/v1/events/fabric-lots", { key: factory, body: fabricLot("FL-LONG") });
    await t.call("POST", "/api/v1/events/cuttings", { key: factory, body: cutting("CUT-LONG", "FL-LONG") });
    const sewn = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: { ...sewing(longId, "CUT-LONG"), output: { quantity: { amount: 5, unit: "pcs" } } },
    });
    expect(sewn.status).toBe(400);
    expect(sewn.body.error.details.fields).toEqual([expect.objectContaining({ path: "id" })]);
    const twentyCharacters = "SEW-THAI-NGUYEN-0007";
    const accepted = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: { ...sewing(twentyCharacters, "CUT-LONG"), output: { quantity: { amount: 5, unit: "pcs" } } },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const qr = await t.call("GET", `/api/v1/garments/${twentyCharacters}/1/qr.png`, { key: factory });
    expect(qr.status).toBe(200);
  });

  it("warns that a label may be copied once it is scanned from many places", async () => {
    const path = withCode(11);
    const regions = ["vi-VN", "en-US", "de-DE", "fr-FR", "ja-JP"];
    for (const [index, region] of regions.entries()) {
      const response = await get(path, { ...HTML, "accept-language": `${region},en;q=0.5` });
      const html = await response.text();
      if (index < regions.length - 1) expect(html, region).not.toContain('id="clone-warning"');
      else expect(html).toContain('id="clone-warning"');
    }
    // Refreshing from one place is not a new scan.
    const again = await get(path, { accept: "application/json", "accept-language": "vi-VN" });
    expect((await again.json()).cloneWarning).toEqual({ scans: 5, places: 5 });
    // The JSON API shows the tally but does not add to it: tools polling it are not scans of the label.
    for (const region of regions) {
      const api = await get(`/api/v1/garments/${GTIN}/SEW-0001/13?ac=${life.code("SEW-0001", 13)}`, {
        "accept-language": region,
      });
      expect((await api.json()).cloneWarning).toBeUndefined();
    }
    const tallied = await get(`/api/v1/garments/${GTIN}/SEW-0001/11?ac=${life.code("SEW-0001", 11)}`);
    expect((await tallied.json()).cloneWarning).toEqual({ scans: 5, places: 5 });
    // Another garment of the batch is unaffected.
    expect(
      (await (await get(withCode(12), { accept: "application/json" })).json()).cloneWarning,
    ).toBeUndefined();
  });
});

describe("the resolver's rate limit", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: "3" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers 429 once a client scans more than the public limit in a minute", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${t.service.url}/01/${GTIN}/10/SEW-X/21/${i + 1}`, { headers: HTML });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    const json = await fetch(`${t.service.url}/api/v1/garments/${GTIN}/SEW-X/1`);
    expect(json.status).toBe(429);
    expect((await json.json()).error.code).toBe("RATE_LIMITED");
  });
});
