import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../../services/errors/index";
import type { ErrorCode } from "../../../services/errors/index";
import { ERROR_STATUS } from "../../../services/http/error-status";
import { buildOpenApiDocument } from "../../../services/http/openapi";

type Operation = { responses?: Record<string, { description?: string }> };

describe("errors as data", () => {
  it("gives every code exactly one HTTP status, and no status to an unknown code", () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const status of Object.values(ERROR_STATUS)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it("documents each route's error codes under the status the table gives them", () => {
    const document = buildOpenApiDocument("http://localhost:3000") as unknown as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    expect(document.components.schemas.ErrorCode?.enum?.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    let documented = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400) continue;
          const codes = [...(response.description ?? "").matchAll(/\b([A-Z][A-Z_]+):/g)].map((m) => m[1]!);
          expect(codes.length, `${method} ${path} ${status} names its codes`).toBeGreaterThan(0);
          for (const code of codes) {
            expect(ERROR_STATUS[code as ErrorCode], `${method} ${path}: ${code} under ${status}`).toBe(
              Number(status),
            );
            documented += 1;
          }
        }
      }
    }
    expect(documented).toBeGreaterThan(50);
  });
});
