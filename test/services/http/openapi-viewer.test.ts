/** The viewer's paths make a valid part of an OpenAPI 3.1 document. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { describe, expect, it } from "vitest";
import { registerViewerPaths } from "../../../services/http/openapi";

describe("registerViewerPaths", () => {
  it("describes the garment, passport, batch passport, QR and label routes", () => {
    const registry = new OpenAPIRegistry();
    registerViewerPaths(registry, { bearerSecurity: [{ apiKey: [] }] });
    const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
    });
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([
      "/api/v1/garments/{gtin}/{lot}/{serial}",
      "/api/v1/garments/{gtin}/{lot}/{serial}/passport",
      "/api/v1/garments/{lot}/{serial}/label",
      "/api/v1/garments/{lot}/{serial}/qr.png",
      "/api/v1/garments/{lot}/{serial}/qr.svg",
      "/api/v1/lots/{id}/labels.pdf",
      "/api/v1/passports/{gtin}/{lot}",
    ]);
    expect(document.paths!["/api/v1/passports/{gtin}/{lot}"]!.get!.security).toEqual([]);
    expect(document.paths!["/api/v1/lots/{id}/labels.pdf"]!.get!.security).toEqual([{ apiKey: [] }]);
    expect(document.paths!["/api/v1/garments/{lot}/{serial}/label"]!.get!.security).toEqual([{ apiKey: [] }]);
    expect(document.components!.schemas!.GarmentVerification).toBeDefined();
    expect(document.components!.schemas!.GarmentLabel).toBeDefined();
  });
});
