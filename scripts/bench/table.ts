/**
 * The benchmark's one table: each row a measured figure, the baseline it is compared to, and the target it
 * is checked against with met / missed.
 */

export interface BenchRow {
  section: "ingest" | "provenance" | "gas" | "restore" | "memory";
  measure: string;
  /** The figure as printed, with its unit. */
  value: string;
  /** What it is compared to, as printed ("" when nothing). */
  baseline: string;
  /** value / baseline where that means something (e.g. "12.3x"). */
  ratio: string;
  /** The target as printed ("" when none). */
  target: string;
  result: "met" | "missed" | "" | "not run";
  /** Raw numbers behind the row, for bench.json. */
  data?: Record<string, unknown>;
}

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en") : "n/a"),
  ms: (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : "n/a"),
  s: (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "n/a"),
  mib: (n: number) => `${Math.round(n).toLocaleString("en")} MiB`,
};

export function verdict(met: boolean): "met" | "missed" {
  return met ? "met" : "missed";
}

/** Aligned text, one header line and a separator, like a Markdown table. */
export function formatTable(rows: BenchRow[]): string {
  const header = ["section", "measure", "value", "baseline", "ratio", "target", "result"];
  const body = rows.map((r) => [r.section, r.measure, r.value, r.baseline, r.ratio, r.target, r.result]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)].join("\n");
}
