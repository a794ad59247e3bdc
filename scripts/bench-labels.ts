/**
 * Label-sheet benchmark: streams PDF label sheets for 1,000 and 10,000 garments to /dev/null and prints
 * time, pages, bytes and resident memory (RSS sampled every 20 ms, plus the process's peak RSS).
 * Flat memory between the two runs is the point: the sheet is drawn page by page.
 *
 *   npx tsx --expose-gc scripts/bench-labels.ts [count ...]
 *
 * With --expose-gc it also prints the JS heap left after a full collection at the end of each run: it stays
 * the same whatever the count when nothing per label is retained.
 */
import fs from "node:fs";
import { Writable } from "node:stream";

import type { GarmentLabel } from "../services/labels/label-sheet";
import { writeLabelSheet } from "../services/labels/label-sheet";

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number | undefined {
  if (!gc) return undefined;
  gc();
  return +(process.memoryUsage().heapUsed / MB).toFixed(1);
}

function* garments(count: number): Generator<GarmentLabel> {
  for (let serial = 1; serial <= count; serial++) {
    yield {
      description: serial % 2 ? "men's cotton T-shirt, crew neck" : "Áo thun nam cổ tròn cotton",
      gtin: "08938505974019",
      lot: "SEW-0001",
      serial: String(serial),
      authCode: `A${serial.toString(36).padStart(15, "x")}`,
    };
  }
}

/** Counts bytes on their way to /dev/null. */
function devNull(): Writable & { bytes: number } {
  const file = fs.createWriteStream("/dev/null");
  const counter = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        counter.bytes += chunk.length;
        file.write(chunk, callback);
      },
      final(callback) {
        file.end(callback);
      },
    }),
    { bytes: 0 },
  );
  return counter;
}

async function run(count: number) {
  const heapBefore = heapAfterGc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const out = devNull();
  const start = process.hrtime.bigint();
  const result = await writeLabelSheet(garments(count), out, {
    baseUrl: "https://trace.example.vn",
    title: `bench ${count}`,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    labels: result.labels,
    pages: result.pages,
    "pdf MB": +(out.bytes / MB).toFixed(1),
    seconds: +seconds.toFixed(2),
    "labels/s": Math.round(result.labels / seconds),
    "rss before MB": +(baseline / MB).toFixed(0),
    "rss peak MB": +(peak / MB).toFixed(0),
    "heap before MB (after gc)": heapBefore ?? "n/a",
    "heap after MB (after gc)": heapAfterGc() ?? "n/a",
  };
}

async function main() {
  const counts = process.argv.slice(2).map(Number);
  const rows = [];
  for (const count of counts.length ? counts : [1_000, 10_000]) rows.push(await run(count));
  console.table(rows);
  console.log(`process peak RSS (getrusage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

void main();
