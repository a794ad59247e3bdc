/**
 * What `npm start` prints about the demo: the garment and certificate links and the API keys the seed created.
 * The seed runs once, on an empty data dir; the summary is kept in the data dir (`demo.json`, 0600 like every
 * file there — it holds the demo's API keys) so a restart prints the same links and keys again.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedResult } from "./seed";

export const DEMO_SUMMARY_FILE = "demo.json";

export function saveDemoSummary(dataDir: string, seed: SeedResult): void {
  writeFileSync(join(dataDir, DEMO_SUMMARY_FILE), `${JSON.stringify(seed, null, 2)}\n`, { mode: 0o600 });
}

/** The summary an earlier start kept, or undefined (no demo seeded, or a data dir from before summaries). */
export function loadDemoSummary(dataDir: string): SeedResult | undefined {
  const path = join(dataDir, DEMO_SUMMARY_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as SeedResult;
  } catch {
    return undefined; // a torn or hand-edited file: the banner just leaves the demo section out
  }
}

/** The banner's demo section, as lines. */
export function formatDemoSummary(seed: SeedResult): string[] {
  const width = Math.max(...seed.keys.map((key) => key.id.length), 0);
  return [
    `Demo data: ${seed.facilities} facilities, ${seed.events} events, ${seed.documents} documents (PDFs and product photos), all through the API.`,
    "",
    "Scan these garments (open on a phone or in a browser; add Accept: application/json for the data):",
    ...seed.garments.map((garment) => `  ${garment.description} (${garment.fta})\n    ${garment.url}`),
    "",
    "Origin certificates:",
    ...seed.certificates.map(
      (c) =>
        `  ${c.subjectId} ${c.fta}: ${c.outcome}${c.outcome === "issued" ? `${c.proof ? ` (${c.proof})` : ""} — ${c.url}` : ` (${c.detail})`}`,
    ),
    ...(seed.keys.length > 0
      ? [
          "",
          "Demo API keys, to try each role (Authorization: Bearer KEY):",
          ...seed.keys.map((key) => `  ${key.role.padEnd(9)} ${key.id.padEnd(width)}  ${key.apiKey}`),
        ]
      : []),
  ];
}
