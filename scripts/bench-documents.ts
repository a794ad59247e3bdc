/**
 * The bench's document-heavy rows alone (scripts/bench/document-heavy.ts): the garment page of a lot citing
 * many large documents beside a plain lot. `npx tsx scripts/bench-documents.ts`; smaller with
 * BENCH_HEAVY_DOCUMENTS=5 BENCH_HEAVY_DOCUMENT_MIB=1 BENCH_HEAVY_READS=50.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { documentHeavyDataDir, measureDocumentHeavyPages } from "./bench/document-heavy";
import { formatTable } from "./bench/table";

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "tp-bench-docs-"));
  try {
    process.stdout.write(`${formatTable(await measureDocumentHeavyPages(documentHeavyDataDir(workDir)))}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
