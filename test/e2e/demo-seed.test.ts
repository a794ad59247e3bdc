/**
 * The demo `npm start` seeds, run against the real service: everything goes through the public API, the
 * certificates come out as the rules say, and the printed garment links resolve to authentic garments.
 */
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedResult } from "../../services/demo/seed";
import type { TestService } from "../support/api-harness";
import { startDemoService } from "../support/demo-service";

describe("the npm start demo seed", () => {
  let t: TestService;
  let seed: SeedResult;

  beforeAll(async () => {
    ({ t, seed } = await startDemoService());
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("records the supply chain through the API", async () => {
    // 6 PDFs and a product photo for each of the 3 garment batches.
    expect(seed).toMatchObject({ facilities: 6, events: 18, documents: 9 });
    const korean = await t.call("GET", "/api/v1/lots/FL-KR-TWILL-01");
    expect(korean.status).toBe(200);
    expect(korean.body.facility).toMatchObject({ id: "kr-hanil-textile", country: "KR" });
    const shipment = await t.call("GET", "/api/v1/provenance/SHP-DE-01");
    expect(shipment.status).toBe(200);
    expect(JSON.stringify(shipment.body)).toContain("FL-KR-TWILL-01");
  });

  it("uploads a product photo for each batch, drawn in code, that the buyer's page shows", async () => {
    for (const garment of seed.garments) {
      const page = await (await fetch(garment.url, { headers: { accept: "text/html" } })).text();
      const src = /<img\s+class="product-photo"\s+src="([^"]+)"/.exec(page)?.[1];
      expect(src, garment.url).toMatch(/^\/ipfs\/bafkrei/);
      const image = await fetch(`${t.service.url}${src}`);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await image.arrayBuffer());
      expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      // A valid PNG (pngjs decodes it, CRCs and all): 320 × 240, the garment's colour at its chest.
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([320, 240]);
      const middle = (70 * 320 + 150) * 4;
      expect([...png.data.subarray(middle, middle + 3)]).not.toEqual([244, 241, 236]);
      expect(bytes.length).toBeLessThan(10_000);
    }
  });

  it("issues certificates where the rules allow and refuses them where they do not", () => {
    const outcome = (subjectId: string, fta: string) =>
      seed.certificates.find((c) => c.subjectId === subjectId && c.fta === fta);
    expect(outcome("SHP-JP-01", "CPTPP")).toMatchObject({ outcome: "issued" });
    expect(outcome("SHP-DE-01", "EVFTA")).toMatchObject({ outcome: "issued" }); // Korean fabric, cumulated with proof
    expect(outcome("SHP-AU-01", "RCEP")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^PROVISIONAL_RULE/),
    });
    expect(outcome("SHP-AU-01", "AANZFTA")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^PROVISIONAL_RULE/),
    });
    expect(outcome("SEW-AU-01", "EVFTA")).toMatchObject({
      outcome: "refused",
      detail: expect.stringMatching(/^NOT_ORIGINATING/),
    });
  });

  it("makes out the proof each shipment needs: CPTPP certification by the exporter, an origin declaration under EUR 6,000", async () => {
    const issued = (subjectId: string) =>
      seed.certificates.find((c) => c.subjectId === subjectId && c.outcome === "issued")!;
    expect(issued("SHP-JP-01").proof).toBe("Certification of origin");
    expect(issued("SHP-DE-01").proof).toBe("Origin declaration");
    const credentialOf = async (subjectId: string) => {
      const answer = await t.call("GET", `/api/v1/origin/certificates/${issued(subjectId).detail}`);
      expect(answer.status).toBe(200);
      return (answer.body.credential ?? answer.body).credentialSubject;
    };

    // Worked out by hand: 600 pcs × USD 9.80 = USD 5,880; × 0.92 = EUR 5,409.60, within EUR 6,000.
    const de = await credentialOf("SHP-DE-01");
    expect(de.proofOfOrigin).toMatchObject({
      proofType: "origin-declaration-any-exporter",
      consignmentValue: { amount: "5880", currency: "USD", derivedFrom: "600 pcs × USD 9.8 ex-works" },
      valueInCeilingCurrency: "5409.6",
      warnings: [],
    });
    expect(de.originDeclaration.form).toBe("Origin declaration");
    expect(de.originDeclaration.declarationText).toBe(
      "The exporter of the products covered by this document declares that, except where otherwise clearly " +
        "indicated, these products are of Viet Nam preferential origin.",
    );
    expect(de.originDeclaration.dataElements).toContainEqual({
      element: "Consignment value (up to EUR 6,000 without an authorisation)",
      value:
        "USD 5880 (600 pcs × USD 9.8 ex-works) = EUR 5409.6 at 0.92 EUR per USD on 2026-10-01 (demo figure, stated by the exporter)",
    });
    expect(de.originDeclaration.dataElements).toContainEqual({
      element: "Exporter",
      value: "Thai Nguyen Garment Factory, Km 1, Luong Son, Song Cong, Thai Nguyen, Viet Nam",
    });

    const jp = await credentialOf("SHP-JP-01");
    expect(jp.proofOfOrigin).toMatchObject({
      proofType: "cptpp-certification",
      certifierRole: "exporter",
      warnings: [],
    });
    expect(jp.originDeclaration.dataElements.slice(0, 3)).toEqual([
      { element: "1. Certifier", value: "exporter" },
      {
        element: "2. Certifier: name, address, telephone, e-mail",
        value:
          "Thai Nguyen Garment Factory, Km 1, Luong Son, Song Cong, Thai Nguyen, Viet Nam, tel. +84 208 3862 000, e-mail export@tng-garment.example.vn",
      },
      { element: "3. Exporter: name, address, telephone, e-mail", value: "the certifier (element 2)" },
    ]);
  });

  it("prints garment links that resolve to authentic garments, and certificate pages that are valid", async () => {
    expect(seed.garments).toHaveLength(3);
    for (const garment of seed.garments) {
      const response = await fetch(garment.url, { headers: { accept: "application/json" } });
      expect(response.status, garment.url).toBe(200);
      expect(((await response.json()) as { verdict: string }).verdict, garment.url).toBe("authentic");
    }
    for (const certificate of seed.certificates.filter((c) => c.outcome === "issued")) {
      const page = await fetch(certificate.url as string, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
    }
  });
});
