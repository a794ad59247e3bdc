/** The banner's demo section: the sign-in link on the public host, each key beside the console it opens. */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SeedResult } from "../../../services/demo/seed";
import {
  consoleSignInUrl,
  formatDemoSummary,
  loadDemoSummary,
  saveDemoSummary,
} from "../../../services/demo/summary";

const BASE = "https://trace.example.vn";
const seed: SeedResult = {
  facilities: 2,
  events: 3,
  documents: 1,
  garments: [
    { description: "cotton T-shirt", fta: "CPTPP → JP", url: `${BASE}/01/08938505974019/10/SEW-1/21/1` },
  ],
  certificates: [
    {
      subjectId: "SHP-JP-01",
      fta: "CPTPP",
      outcome: "issued",
      detail: "CO-CPTPP-1",
      url: `${BASE}/certificates/CO-CPTPP-1`,
    },
    { subjectId: "SHP-AU-01", fta: "RCEP", outcome: "refused", detail: "PROVISIONAL_RULE: provisional" },
  ],
  keys: [
    { role: "facility", id: "tn-garment", name: "Thai Nguyen Garment", apiKey: "facility-key-0123456789" },
    { role: "certifier", id: "vcci-hanoi", name: "VCCI Ha Noi", apiKey: "certifier-key-0123456789" },
  ],
};

describe("formatDemoSummary", () => {
  const lines = formatDemoSummary(seed, { publicBaseUrl: BASE });
  const text = lines.join("\n");

  it("names the consoles' sign-in link on the public host", () => {
    expect(consoleSignInUrl(`${BASE}/`)).toBe(`${BASE}/console/sign-in`);
    expect(text).toContain(`${BASE}/console/sign-in`);
    for (const url of text.match(/https?:\/\/\S+/g) ?? []) expect(url.startsWith(`${BASE}/`), url).toBe(true);
  });

  it("prints each key with its role, id and the console it opens, and no key inside a URL", () => {
    const keyLine = (key: string) => lines.find((line) => line.includes(key)) ?? "";
    expect(keyLine("facility-key-0123456789").trim().split(/\s+/)).toEqual([
      "facility",
      "tn-garment",
      "facility-key-0123456789",
      "factory",
      "office",
    ]);
    expect(keyLine("certifier-key-0123456789")).toMatch(
      /^ {2}certifier vcci-hanoi\s+certifier-key-0123456789 +compliance officer$/,
    );
    for (const url of text.match(/https?:\/\/\S+/g) ?? []) expect(url).not.toMatch(/key-0123456789/);
  });

  it("lists garments and certificates, the refused ones with their reason", () => {
    expect(text).toContain(seed.garments[0]!.url);
    expect(text).toContain(`SHP-JP-01 CPTPP: issued — ${BASE}/certificates/CO-CPTPP-1`);
    expect(text).toContain("SHP-AU-01 RCEP: refused (PROVISIONAL_RULE: provisional)");
  });

  it("leaves the keys out when the seed made none", () => {
    expect(formatDemoSummary({ ...seed, keys: [] }, { publicBaseUrl: BASE }).join("\n")).not.toContain(
      "sign-in",
    );
  });
});

describe("the kept summary", () => {
  it("is printed on today's PUBLIC_BASE_URL when a restart names another host", () => {
    const phone = "http://192.168.1.20:3000";
    const text = formatDemoSummary({ ...seed, publicBaseUrl: BASE }, { publicBaseUrl: phone }).join("\n");
    const urls = text.match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toEqual([
      `${phone}/01/08938505974019/10/SEW-1/21/1`,
      `${phone}/certificates/CO-CPTPP-1`,
      `${phone}/console/sign-in`,
    ]);
  });

  it("is kept 0600 in the data dir and read back the same, so a restart prints the same links and keys", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "threadproof-summary-"));
    try {
      expect(loadDemoSummary(dataDir)).toBeUndefined();
      saveDemoSummary(dataDir, seed, BASE);
      expect(statSync(join(dataDir, "demo.json")).mode & 0o777).toBe(0o600);
      expect(loadDemoSummary(dataDir)).toEqual({ ...seed, publicBaseUrl: BASE });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
