/**
 * The resolver as a GS1-conformant resolver, over real HTTP against the real service: GTIN-only and GTIN+lot
 * links resolve to the product and batch pages, `?linkType=` redirects (307) or answers 404, every answer
 * names its linkset in a `Link` header, `/.well-known/gs1resolver` describes the resolver, the linkset uses
 * only GS1 Web Vocabulary link types, each link titled in the request's language with its `hreflang` — and
 * GS1's own `digital-link.js` accepts every Digital Link the service prints.
 */
import { DigitalLink } from "digital-link.js";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";
import type { RecordedLife } from "../support/garment-life";

const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
const LINKSET = "application/linkset+json";
const ORIGIN = "https://trace.example.vn";
const GS1 = "https://gs1.org/voc/";

type Target = { href: string; type?: string; title?: string; hreflang?: string[] };
type Context = { anchor: string } & Record<string, Target[] | string>;

/** GS1's library says the URI is a valid Digital Link. */
function gs1Accepts(uri: string): boolean {
  return DigitalLink(uri).isValid();
}

describe("the GS1-conformant resolver", () => {
  let t: TestService;
  let life: RecordedLife;
  const get = (path: string, headers: Record<string, string> = HTML) =>
    fetch(`${t.service.url}${path}`, { headers, redirect: "manual" });
  const product = `/01/${GTIN}`;
  const batch = `/01/${GTIN}/10/SEW-0001`;
  const garment = (serial: number) => `${batch}/21/${serial}?ac=${life.code("SEW-0001", serial)}`;
  const linksetOf = async (path: string, lang = "en"): Promise<Context> => {
    const answer = await get(path, { accept: LINKSET, "accept-language": lang });
    expect(answer.status, path).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/linkset\+json/);
    return ((await answer.json()) as { linkset: Context[] }).linkset[0]!;
  };

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_BASE_URL: ORIGIN });
    life = await recordGarmentLife(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("resolves a GTIN-only link to the product page listing its batches", async () => {
    for (const path of [product, "/01/8938505974019"]) {
      const page = await get(path, { ...HTML, "accept-language": "en" });
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('data-page="product"');
      expect(html).toContain('data-batch="SEW-0001"');
      expect(html).toContain(`href="${batch}"`);
      expect(html).not.toContain("<script");
    }
    const vi = await (await get(product, { ...HTML, "accept-language": "vi" })).text();
    expect(vi).toContain('lang="vi"');
    expect(vi).toContain("Các lô hàng");
  });

  it("resolves a GTIN+lot link to the batch's verified provenance, without any garment's authentication", async () => {
    const page = await get(batch);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-page="batch"');
    expect(html).toContain('data-verdict="authentic"');
    for (const lot of ["FL-0001", "CUT-0001", "SEW-0001", "TR-0001", "SHP-0001"]) expect(html).toContain(lot);
    expect(html).not.toMatch(/garment-code/);
    const json = await get(batch, { accept: "application/json" });
    const body = await json.json();
    expect(body).toMatchObject({ verdict: "authentic", product: { gtin: GTIN, lot: "SEW-0001" } });
    expect(body.product.serial).toBeUndefined();
    expect(body.checks.map((c: { kind: string }) => c.kind)).not.toContain("garment-code");
  });

  it("answers 404 for a product or batch nobody recorded, and 400 for a bad GTIN", async () => {
    expect((await get("/01/00000000000017", { accept: "application/json" })).status).toBe(404);
    expect((await get(`/01/${GTIN}/10/NOPE-1`, { accept: "application/json" })).status).toBe(404);
    expect((await get("/01/00000000000017")).status).toBe(404);
    const bad = await get("/01/08938505974018", { accept: "application/json" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "INVALID_GTIN" });
  });

  it("names the linkset and the canonical identity in a Link header on every answer", async () => {
    for (const [path, anchor] of [
      [product, `${ORIGIN}${product}`],
      [batch, `${ORIGIN}${batch}`],
      [garment(3), `${ORIGIN}${batch}/21/3`],
      [`${batch}?linkType=gs1:pip`, `${ORIGIN}${batch}`],
    ] as const) {
      for (const accept of [HTML.accept, "application/json", LINKSET]) {
        const answer = await get(path, { accept });
        expect([200, 307], `${path} ${accept}`).toContain(answer.status);
        const header = answer.headers.get("link")!;
        expect(header, path).toContain(`<${anchor}?linkType=all>; rel="linkset"; type="${LINKSET}"`);
        expect(header, path).toContain(`<${anchor}>; rel="canonical"`);
        // The authentication code stays out of the header.
        expect(header).not.toContain("ac=");
        expect(answer.headers.get("access-control-allow-origin")).toBe("*");
        await answer.arrayBuffer();
      }
    }
  });

  it("redirects ?linkType= to the one matching link (307), compact or full URI, and 404s a type the item lacks", async () => {
    const pip = await get(`${batch}?linkType=gs1:pip`);
    expect(pip.status).toBe(307);
    expect(pip.headers.get("location")).toBe(`${ORIGIN}${batch}`);
    const traceability = await get(`${batch}?linkType=${encodeURIComponent(`${GS1}traceability`)}`);
    expect(traceability.status).toBe(307);
    expect(traceability.headers.get("location")).toBe(`${ORIGIN}/api/v1/provenance/SEW-0001`);
    const dpp = await get(`${garment(4)}&linkType=gs1:dpp`);
    expect(dpp.status).toBe(307);
    // A garment's passport is its batch's signed one.
    expect(dpp.headers.get("location")).toBe(`${ORIGIN}/api/v1/passports/${GTIN}/SEW-0001`);
    // Following the redirect gives what it names.
    const passport = await get(new URL(dpp.headers.get("location")!).pathname, {
      accept: "application/vc+ld+json",
    });
    expect(passport.status).toBe(200);
    const productPip = await get(`${product}?linkType=gs1:pip`);
    expect(productPip.status).toBe(307);
    expect(productPip.headers.get("location")).toBe(`${ORIGIN}${product}`);

    for (const path of [
      `${product}?linkType=gs1:traceability`,
      `${batch}?linkType=gs1:certificationInfo`,
      `${product}?linkType=gs1:epcis`,
      `${batch}?linkType=gs1:recipeInfo`,
      `${batch}?linkType=dpp`,
    ]) {
      const answer = await get(path, { accept: "application/json" });
      expect(answer.status, path).toBe(404);
      expect((await answer.json()).error, path).toMatchObject({
        code: "LINK_TYPE_NOT_FOUND",
        details: { field: "linkType" },
      });
    }
  });

  it("answers 300 with the choices, in the request's language, when several links have the linkType", async () => {
    for (const [path, lang, titles] of [
      [
        `${batch}?linkType=gs1:epcis`,
        "en",
        [
          "EPCIS events of the whole provenance (EPCISDocument)",
          "EPCIS events captured for this batch (query)",
        ],
      ],
      [
        `${garment(5)}&linkType=${encodeURIComponent(`${GS1}epcis`)}`,
        "vi",
        [
          "Sự kiện EPCIS của toàn bộ nguồn gốc (EPCISDocument)",
          "Sự kiện EPCIS đã ghi nhận cho lô này (truy vấn)",
        ],
      ],
    ] as const) {
      const answer = await get(path, { ...HTML, "accept-language": lang });
      expect(answer.status, path).toBe(300);
      expect(answer.headers.get("content-type")).toMatch(/^application\/linkset\+json/);
      expect(answer.headers.get("content-language")).toBe(lang);
      expect(answer.headers.get("location")).toBeNull();
      expect(answer.headers.get("link")).toContain(`?linkType=all>; rel="linkset"`);
      const { linkset } = (await answer.json()) as { linkset: Context[] };
      expect(linkset).toHaveLength(1);
      // Only the choices: no other relation type.
      expect(Object.keys(linkset[0]!).sort()).toEqual(["anchor", `${GS1}epcis`]);
      const choices = linkset[0]![`${GS1}epcis`] as Target[];
      expect(choices.map((c) => c.title)).toEqual(titles);
      expect(choices.map((c) => c.href)).toEqual([
        `${ORIGIN}/api/v1/lots/SEW-0001/epcis`,
        `${ORIGIN}/epcis/events?MATCH_anyEPCClass=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/10/SEW-0001`)}`,
      ]);
      // Each choice answers.
      for (const choice of choices) {
        const followed = await get(new URL(choice.href).pathname + new URL(choice.href).search, {
          accept: "application/ld+json",
        });
        expect(followed.status, choice.href).toBe(200);
        expect(((await followed.json()) as { type: string }).type).toMatch(/^EPCIS(Query)?Document$/);
      }
    }
  });

  it("uses only GS1 Web Vocabulary link types, every link titled in the request's language with hreflang", async () => {
    for (const path of [product, batch, garment(2)]) {
      const en = await linksetOf(path, "en");
      const vi = await linksetOf(path, "vi");
      const relations = Object.keys(en).filter((k) => k !== "anchor");
      expect(relations.length, path).toBeGreaterThan(0);
      for (const rel of relations) {
        expect(rel, path).toMatch(/^https:\/\/gs1\.org\/voc\/[A-Za-z]+$/);
        for (const [i, target] of (en[rel] as Target[]).entries()) {
          expect(target.title, `${path} ${rel}`).toBeTruthy();
          expect(target.hreflang?.length, `${path} ${rel}`).toBeGreaterThan(0);
          expect(target.href).toMatch(/^https:\/\/trace\.example\.vn\//);
          // Pages are titled in each language; same targets either way.
          expect((vi[rel] as Target[])[i]!.href).toBe(target.href);
        }
      }
      const enPip = (en[`${GS1}pip`] as Target[])[0]!;
      const viPip = (vi[`${GS1}pip`] as Target[])[0]!;
      expect(enPip.hreflang).toEqual(["vi", "en"]);
      expect(viPip.title).not.toBe(enPip.title);
    }
    const batchLinks = await linksetOf(batch);
    expect(Object.keys(batchLinks)).toEqual(
      expect.arrayContaining([`${GS1}defaultLink`, `${GS1}pip`, `${GS1}traceability`]),
    );
    const garmentLinks = await linksetOf(garment(2));
    expect(Object.keys(garmentLinks)).toContain(`${GS1}dpp`);
    expect(Object.keys(garmentLinks)).not.toContain("dpp");
  });

  it("serves the GS1 resolver description at /.well-known/gs1resolver", async () => {
    const answer = await get("/.well-known/gs1resolver", { accept: "application/json" });
    expect(answer.status).toBe(200);
    const description = await answer.json();
    expect(description).toMatchObject({
      resolverRoot: ORIGIN,
      supportedPrimaryKeys: ["01"],
      supportedLinkType: [expect.objectContaining({ namespace: GS1, prefix: "gs1:" })],
      linkTypeDefaultCanBeLinkset: true,
    });
    expect(typeof description.name).toBe("string");
  });

  it("prints only Digital Links that GS1's digital-link.js accepts: anchors, pages, links, QR codes", async () => {
    const printed = new Set<string>();
    for (const path of [product, batch, garment(1)]) {
      const context = await linksetOf(path);
      printed.add(context.anchor);
      for (const rel of [`${GS1}pip`, `${GS1}defaultLink`])
        for (const target of context[rel] as Target[]) printed.add(target.href);
      const header = (await get(path)).headers.get("link")!;
      for (const [, uri] of header.matchAll(/<([^>]+)>/g)) printed.add(uri!);
    }
    // What the QR code carries, decoded from the PNG the sewing facility prints.
    const png = await fetch(`${t.service.url}/api/v1/garments/SEW-0001/1/qr.png`, {
      headers: { authorization: `Bearer ${life.keys["factory-0001"]!}` },
    });
    expect(png.status).toBe(200);
    const image = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    expect(qr).toBe(`${ORIGIN}${garment(1)}`);
    printed.add(qr!);
    expect(printed.size).toBeGreaterThan(6);
    for (const uri of printed) expect(gs1Accepts(uri), uri).toBe(true);
    // And it is no rubber stamp.
    expect(gs1Accepts(`${ORIGIN}/01/${GTIN}/21/1/10/SEW-0001`)).toBe(false);
  });
});
