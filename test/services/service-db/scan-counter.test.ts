/** Clone detection's counting rules on a real SQLite file, with a controlled clock. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { languageRegion, networkPrefix, openScanCounter } from "../../../services/service-db/scan-counter";
import type { ScanCounter } from "../../../services/service-db/scan-counter";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe("the scan counter", () => {
  let dir: string;
  let now: number;
  let counter: ScanCounter;
  const open = () => openScanCounter(join(dir, "scans.sqlite"), { now: () => now });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tp-scans-"));
    now = Date.UTC(2026, 2, 10);
    counter = open();
  });
  afterEach(() => {
    counter.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reduces a client to a coarse place: network prefix and language region", () => {
    expect(networkPrefix("203.0.113.7")).toBe("203.0/16");
    expect(networkPrefix("::ffff:203.0.113.7")).toBe("203.0/16");
    expect(networkPrefix("2001:db8:1:2::1")).toBe("2001:db8:1/48");
    expect(networkPrefix("2001:db8::1")).toBe("2001:db8:0/48");
    expect(networkPrefix(undefined)).toBe("unknown");
    expect(networkPrefix("not an address")).toBe("unknown");
    expect(languageRegion("vi-VN,vi;q=0.9,en;q=0.5")).toBe("VN");
    expect(languageRegion("zh-Hant-TW")).toBe("TW");
    expect(languageRegion("en")).toBe("en");
    expect(languageRegion(undefined)).toBe("-");
  });

  it("counts a place once per 10 minutes, so refreshes are not scans", () => {
    const origin = { ip: "203.0.113.7", acceptLanguage: "vi-VN" };
    expect(counter.record("SEW-1/1", origin)).toEqual({ scans: 1, places: 1, suspicious: false });
    now += 9 * MINUTE;
    expect(counter.record("SEW-1/1", { ...origin, ip: "203.0.200.1" }).scans).toBe(1); // same /16
    now += 2 * MINUTE;
    expect(counter.record("SEW-1/1", origin)).toEqual({ scans: 2, places: 1, suspicious: false });
  });

  it("warns above 20 scans in 30 days even from one place", () => {
    const origin = { ip: "198.51.100.4", acceptLanguage: "en-GB" };
    for (let i = 1; i <= 20; i++) {
      expect(counter.record("SEW-1/2", origin).suspicious).toBe(false);
      now += 11 * MINUTE;
    }
    expect(counter.record("SEW-1/2", origin)).toEqual({ scans: 21, places: 1, suspicious: true });
    expect(counter.tally("SEW-1/3").scans).toBe(0);
  });

  it("warns from 5 places, and forgets scans older than the window", () => {
    const places = [
      { ip: "203.0.113.7", acceptLanguage: "vi-VN" },
      { ip: "198.51.100.4", acceptLanguage: "vi-VN" },
      { ip: "198.51.100.4", acceptLanguage: "de-DE" },
      { ip: "2001:db8:1::5", acceptLanguage: "de-DE" },
    ];
    for (const origin of places) expect(counter.record("SEW-1/4", origin).suspicious).toBe(false);
    expect(counter.record("SEW-1/4", { ip: "192.0.2.9", acceptLanguage: "ja-JP" })).toEqual({
      scans: 5,
      places: 5,
      suspicious: true,
    });
    now += 31 * DAY;
    expect(counter.tally("SEW-1/4")).toEqual({ scans: 0, places: 0, suspicious: false });
  });

  it("keeps its counts across a restart, without storing addresses", () => {
    counter.record("SEW-1/5", { ip: "203.0.113.7", acceptLanguage: "vi-VN" });
    counter.close();
    counter = open();
    expect(counter.tally("SEW-1/5").scans).toBe(1);
  });
});
