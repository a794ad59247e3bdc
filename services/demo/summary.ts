/**
 * What `npm start` prints about the demo: the garment and certificate links and the API keys the seed created.
 * The seed runs once, on an empty data dir; the summary is kept in the data dir (`demo.json`, 0600 like every
 * file there — it holds the demo's API keys) so a restart prints the same links and keys again, on the host
 * PUBLIC_BASE_URL names now (a restart with `PUBLIC_BASE_URL=http://<your-ip>:3000` to try a phone prints links
 * the phone can open).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedResult } from "./seed";

export const DEMO_SUMMARY_FILE = "demo.json";

/** The seed's result as kept, with the PUBLIC_BASE_URL its links were made on (absent in older files). */
export type KeptDemoSummary = SeedResult & { publicBaseUrl?: string };

export function saveDemoSummary(dataDir: string, seed: SeedResult, publicBaseUrl: string): void {
  const kept: KeptDemoSummary = { ...seed, publicBaseUrl };
  writeFileSync(join(dataDir, DEMO_SUMMARY_FILE), `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
}

/** The summary an earlier start kept, or undefined (no demo seeded, or a data dir from before summaries). */
export function loadDemoSummary(dataDir: string): KeptDemoSummary | undefined {
  const path = join(dataDir, DEMO_SUMMARY_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as KeptDemoSummary;
  } catch {
    return undefined; // a torn or hand-edited file: the banner just leaves the demo section out
  }
}

/** The console each role's key signs in to (see web/console/layout.ts's sections). */
export const CONSOLE_OF_ROLE = {
  operator: "programme operator: facilities, certifiers, KPIs",
  facility: "factory office",
  certifier: "compliance officer",
} as const satisfies Record<SeedResult["keys"][number]["role"] | "operator", string>;

/** Where every console's sign-in form is; the key goes in the form's body, never in this URL. */
export const consoleSignInUrl = (publicBaseUrl: string): string =>
  `${publicBaseUrl.replace(/\/+$/, "")}/console/sign-in`;

/**
 * The banner's demo section, as lines: garment and certificate links, then each demo key with the console it
 * opens at the sign-in link (printed beside it: an API key in a URL would land in browser history and logs).
 *
 * @example
 * print(formatDemoSummary(loadDemoSummary(dataDir)!, { publicBaseUrl: "http://localhost:3000" }));
 */
export function formatDemoSummary(seed: KeptDemoSummary, options: { publicBaseUrl: string }): string[] {
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  // A link made on the host of an earlier start is printed on today's; the path is the same on every host.
  const onBase = (url: string) =>
    seed.publicBaseUrl !== undefined && url.startsWith(`${seed.publicBaseUrl}/`)
      ? base + url.slice(seed.publicBaseUrl.length)
      : url;
  const width = Math.max(...seed.keys.map((key) => key.id.length), 0);
  return [
    `Demo data: ${seed.facilities} facilities, ${seed.events} events, ${seed.documents} documents (PDFs and product photos), all through the API.`,
    "",
    "Scan these garments (open on a phone or in a browser; add Accept: application/json for the data):",
    ...seed.garments.map(
      (garment) => `  ${garment.description} (${garment.fta})\n    ${onBase(garment.url)}`,
    ),
    "",
    "Origin certificates:",
    ...seed.certificates.map(
      (c) =>
        `  ${c.subjectId} ${c.fta}: ${c.outcome}${c.outcome === "issued" ? `${c.proof ? ` (${c.proof})` : ""} — ${onBase(c.url ?? "")}` : ` (${c.detail})`}`,
    ),
    ...(seed.keys.length > 0
      ? [
          "",
          `Demo API keys, to try each role: paste one into ${consoleSignInUrl(base)}`,
          "(it opens the console named last), or send it as Authorization: Bearer KEY:",
          ...seed.keys.map(
            (key) =>
              `  ${key.role.padEnd(9)} ${key.id.padEnd(width)}  ${key.apiKey}  ${CONSOLE_OF_ROLE[key.role]}`,
          ),
        ]
      : []),
  ];
}
