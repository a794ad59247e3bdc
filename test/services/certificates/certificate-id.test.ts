/**
 * Certificate ids: random without an Idempotency-Key; with one, reproducible from the certifier, the key, the
 * subject and the agreement on any day, and different when any of them differs.
 */
import { describe, expect, it } from "vitest";
import { isCertificateOfRequest, newCertificateId } from "../../../services/certificates/certificate-id";
import { exclusive } from "../../../services/certificates/exclusive";

const IDENTITY = { certifierId: "vcci-hcm", idempotencyKey: "k-1", subjectId: "SHP-1", fta: "EVFTA" };
const MARCH_5 = new Date("2026-03-05T23:59:59Z");
const MARCH_6 = new Date("2026-03-06T00:00:01Z");

describe("certificate ids", () => {
  it("are CO-<agreement>-<day>-<8 hex digits>, random without a request identity", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newCertificateId("EVFTA", MARCH_5)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^CO-EVFTA-20260305-[0-9A-F]{8}$/);
  });

  it("are the same for the same request, and found again on another day", () => {
    const first = newCertificateId("EVFTA", MARCH_5, IDENTITY);
    expect(newCertificateId("EVFTA", MARCH_5, IDENTITY)).toBe(first);
    const nextDay = newCertificateId("EVFTA", MARCH_6, IDENTITY);
    expect(nextDay).not.toBe(first);
    expect(nextDay.slice(-8)).toBe(first.slice(-8));
    expect(isCertificateOfRequest(first, IDENTITY)).toBe(true);
    expect(isCertificateOfRequest(nextDay, IDENTITY)).toBe(true);
  });

  it("differ when the certifier, the key, the subject or the agreement differs", () => {
    for (const change of [
      { certifierId: "other-body" },
      { idempotencyKey: "k-2" },
      { subjectId: "SHP-2" },
      { fta: "CPTPP" },
    ]) {
      const other = { ...IDENTITY, ...change };
      const id = newCertificateId(other.fta, MARCH_5, other);
      expect(isCertificateOfRequest(id, IDENTITY), JSON.stringify(change)).toBe(false);
      expect(isCertificateOfRequest(id, other)).toBe(true);
    }
    expect(isCertificateOfRequest(newCertificateId("EVFTA", MARCH_5), IDENTITY)).toBe(false);
    expect(isCertificateOfRequest("CO-EVFTA-FORGED-1", IDENTITY)).toBe(false);
  });
});

describe("exclusive", () => {
  it("runs work with the same key one at a time, in order, and other keys alongside", async () => {
    const owner = {};
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([
      exclusive(owner, "a", step("a1", 30)),
      exclusive(owner, "a", step("a2", 1)),
      exclusive(owner, "b", step("b1", 5)),
    ]);
    expect(results).toEqual(["a1", "a2", "b1"]);
    expect(log.indexOf("a2:start")).toBeGreaterThan(log.indexOf("a1:end"));
    expect(log.indexOf("b1:start")).toBeLessThan(log.indexOf("a1:end"));
  });

  it("goes on after a failure", async () => {
    const owner = {};
    const failed = exclusive(owner, "a", () => Promise.reject(new Error("boom")));
    const next = exclusive(owner, "a", () => Promise.resolve("next"));
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
  });
});
