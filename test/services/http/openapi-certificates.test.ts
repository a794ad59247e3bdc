import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { describe, expect, it } from "vitest";
import { registerOriginPaths } from "../../../services/http/openapi";

describe("registerOriginPaths", () => {
  it("documents every origin and certificate route from the schemas that validate them", () => {
    const registry = new OpenAPIRegistry();
    registerOriginPaths(registry, [{ apiKey: [] }]);
    const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
    });
    expect(Object.keys(document.paths ?? {}).sort()).toEqual([
      "/api/v1/lots/{id}/certificates",
      "/api/v1/origin/assess",
      "/api/v1/origin/assessments",
      "/api/v1/origin/assessments/{id}",
      "/api/v1/origin/certificates",
      "/api/v1/origin/certificates/{id}",
      "/api/v1/origin/certificates/{id}.pdf",
      "/api/v1/origin/certificates/{id}/dossier",
      "/api/v1/origin/certificates/{id}/dossier.pdf",
      "/api/v1/origin/certificates/{id}/reissue",
      "/api/v1/origin/certificates/{id}/revoke",
      "/api/v1/origin/certificates/{id}/verification",
      "/api/v1/origin/comparisons",
    ]);
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        "OriginFacts",
        "OriginAssessment",
        "IssueCertificate",
        "RevokeCertificate",
        "IssuedCertificate",
        "RevokedCertificate",
      ]),
    );
    expect((schemas.OriginFacts as { required?: string[] }).required).toEqual(
      expect.arrayContaining(["fta", "exportingCountry", "importingCountry", "product"]),
    );
  });
});
