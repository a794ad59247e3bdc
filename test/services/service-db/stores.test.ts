/** The service database's own tables through their store functions: uploads, certifiers, idempotent answers. */
import { describe, expect, it } from "vitest";
import { certifierName, insertCertifier } from "../../../services/service-db/certifiers";
import { openServiceDatabase } from "../../../services/service-db/database";
import { createIdempotencyStore } from "../../../services/service-db/idempotency";
import { findUpload, registerUpload } from "../../../services/service-db/uploads";

describe("service database stores", () => {
  it("registers uploads once per principal and answers the first upload of a CID", () => {
    const db = openServiceDatabase(":memory:");
    const upload = (uploadedBy: string, mediaType: string, uploadedAt: string) =>
      registerUpload(db, {
        cid: "cid-1",
        uploadedBy,
        sha256: "ab",
        size: 3,
        mediaType,
        type: null,
        uploadedAt,
      });
    upload("facility:b", "application/pdf", "2026-03-02T00:00:00Z");
    upload("facility:a", "image/png", "2026-03-01T00:00:00Z");
    upload("facility:a", "text/plain", "2026-03-03T00:00:00Z"); // the same principal again: ignored
    expect(findUpload(db, "cid-1")).toEqual({ sha256: "ab", size: 3, mediaType: "image/png" });
    expect(findUpload(db, "cid-2")).toBeNull();
    db.close();
  });

  it("registers a certifier once and names it", () => {
    const db = openServiceDatabase(":memory:");
    const certifier = { id: "vcci-hcm", name: "VCCI Hồ Chí Minh", createdAt: "2026-03-01T00:00:00Z" };
    expect(insertCertifier(db, certifier)).toBe(true);
    expect(insertCertifier(db, { ...certifier, name: "Another" })).toBe(false);
    expect(certifierName(db, "vcci-hcm")).toBe("VCCI Hồ Chí Minh");
    expect(certifierName(db, "nobody")).toBeNull();
    db.close();
  });

  it("keeps the first idempotent answer of a key and refuses a second", () => {
    const db = openServiceDatabase(":memory:");
    const answers = createIdempotencyStore(db);
    const answer = { method: "POST", path: "/api/v1/x", bodyHash: "h", status: 201, response: '{"id":1}' };
    expect(answers.find("facility:a", "k1")).toBeNull();
    answers.complete("facility:a", "k1", { ...answer, completedAt: "2026-03-01T00:00:00Z" });
    expect(answers.find("facility:a", "k1")).toEqual(answer);
    expect(answers.find("facility:b", "k1")).toBeNull();
    expect(() =>
      answers.complete("facility:a", "k1", { ...answer, completedAt: "2026-03-02T00:00:00Z" }),
    ).toThrow();
    db.close();
  });
});
