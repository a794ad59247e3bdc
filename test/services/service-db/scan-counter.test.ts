/** Clone detection's counting rules on a real SQLite file, with a controlled clock. */
import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { languageRegion, networkPrefix, openScanCounter } from "../../../services/service-db/scan-counter";
import type { ScanCounter } from "../../../services/service-db/scan-counter";
import { fillDisk, mountTmpfs } from "../../support/tmpfs";

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

  it("on a full disk answers the tally so far instead of failing, warns once per interval, and counts again once space is back", () => {
    const disk = mountTmpfs(2 * 1024 * 1024);
    expect(disk, "a tmpfs mount (root with CAP_SYS_ADMIN) is required").not.toBeNull();
    if (!disk) return;
    const warnings: { missedScans: number }[] = [];
    const logger = { warn: (fields: { missedScans: number }) => void warnings.push(fields) };
    const small = openScanCounter(join(disk.path, "scans.sqlite"), {
      now: () => now,
      logger: logger as never,
      warningIntervalMs: MINUTE,
    });
    const place = (n: number) => ({ ip: `10.${n >> 8}.${n & 255}.1`, acceptLanguage: "vi-VN" });
    const filler = join(disk.path, "filler");
    try {
      small.record("SEW-1/6", place(0));
      fillDisk(filler);
      // SQLite may still fit a few rows in pages it holds; the disk runs out within a few hundred.
      let n = 1;
      for (; n < 2_000 && warnings.length === 0; n++) {
        const tally = small.record("SEW-1/6", place(n));
        expect(tally).toEqual(small.tally("SEW-1/6"));
      }
      expect(warnings).toHaveLength(1);
      const stuck = small.tally("SEW-1/6");
      for (let more = 0; more < 50; more++) expect(small.record("SEW-1/6", place(n + more))).toEqual(stuck);
      expect(warnings, "one warning per interval").toHaveLength(1);
      now += MINUTE;
      small.record("SEW-1/6", place(n + 50));
      expect(warnings).toHaveLength(2);
      expect(warnings[1]!.missedScans).toBe(51);

      unlinkSync(filler);
      expect(small.record("SEW-1/6", place(n + 51)).scans).toBe(stuck.scans + 1);
    } finally {
      small.close();
      rmSync(filler, { force: true });
      disk.unmount();
    }
  });
});
