/**
 * Bench rows: the garment page of a document-heavy lot beside a plain one. The heavy batch's fabric lot,
 * cutting and sewing each cite BENCH_HEAVY_DOCUMENTS documents of BENCH_HEAVY_DOCUMENT_MIB MiB (defaults:
 * 20 x 2 MiB, inside the 50 MiB per-lot limit). Measured: server p99 of the plain page, of the heavy page
 * once its documents are in the register of checked documents (every scan after the first), and of first
 * scans of documents never checked here (the register emptied before each, as on a second instance), which
 * the per-request byte budget bounds. `npx tsx scripts/bench-documents.ts` runs these rows alone.
 */
import { join } from "node:path";
import { forgetCheckedDocument } from "../../services/service-db/checked-documents";
import { garmentCode, loadGarmentSecret } from "../../services/garments";
import { percentile, progress, runClients } from "./measure";
import { startBenchService } from "./service";
import type { BenchService } from "./service";
import { fmt } from "./table";
import type { BenchRow } from "./table";
import { cuttingBody, fabricBody, GTIN, postJson, registerFacilities, sewingBody } from "./workload";

const DOCUMENTS = Number(process.env.BENCH_HEAVY_DOCUMENTS ?? 20);
const DOCUMENT_MIB = Number(process.env.BENCH_HEAVY_DOCUMENT_MIB ?? 2);
const READS = Number(process.env.BENCH_HEAVY_READS ?? 200);
const COLD_READS = Number(process.env.BENCH_HEAVY_COLD_READS ?? 20);

/** A real PDF of `size` bytes, different for every seed. */
function paddedPdf(seed: string, size: number): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${seed}\n%`;
  const tail = "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  const bytes = new Uint8Array(size).fill(0x41);
  bytes.set(new TextEncoder().encode(head), 0);
  bytes.set(new TextEncoder().encode(tail), size - tail.length);
  for (let offset = head.length; offset + 32 < size - tail.length; offset += 65_536)
    bytes.set(new TextEncoder().encode(seed.padEnd(32, ".")), offset);
  return bytes;
}

async function upload(baseUrl: string, key: string, bytes: Uint8Array): Promise<string> {
  const form = new FormData();
  form.append("type", "test-report");
  form.append("file", new Blob([Buffer.from(bytes)], { type: "application/pdf" }), "document");
  const response = await fetch(`${baseUrl}/api/v1/documents`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const answer = (await response.json()) as { cid: string };
  if (response.status !== 201)
    throw new Error(`upload answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.cid;
}

/** Records fabric → cutting → sewing under `tag`, each citing `perEvent` documents; answers the page path. */
async function recordBatch(service: BenchService, tag: string, perEvent: number, bytes: number) {
  const [facility] = await registerFacilities(service.url, 1, tag);
  const key = facility!.apiKey;
  const cids: string[] = [];
  const cite = async (event: string) => {
    const cited = [];
    for (let i = 0; i < perEvent; i++) {
      const cid = await upload(service.url, key, paddedPdf(`${tag}-${event}-${i}`, bytes));
      cids.push(cid);
      cited.push({ type: "test-report", cid });
    }
    return cited;
  };
  const events = `${service.url}/api/v1/events`;
  await postJson(`${events}/fabric-lots`, key, { ...fabricBody(`${tag}-FL`), documents: await cite("fl") });
  await postJson(`${events}/cuttings`, key, {
    ...cuttingBody(`${tag}-CUT`, `${tag}-FL`),
    documents: await cite("cut"),
  });
  await postJson(`${events}/sewings`, key, {
    ...sewingBody(`${tag}-SEW`, `${tag}-CUT`),
    documents: await cite("sew"),
  });
  const secret = loadGarmentSecret(service.dataDir);
  const code = garmentCode(secret, `${tag}-SEW`, 1);
  return { path: `/01/${GTIN}/10/${tag}-SEW/21/1?ac=${code}`, cids };
}

/** Server times of `reads` sequential reads of `path`, running `before` ahead of each. */
async function serverTimes(service: BenchService, path: string, reads: number, before?: () => void) {
  const prefix = path.slice(0, 20);
  service.takeServerTimes(prefix);
  await runClients({
    clients: 1,
    count: reads,
    task: async () => {
      before?.();
      const response = await fetch(`${service.url}${path}`, { headers: { accept: "text/html" } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    },
  });
  return service.takeServerTimes(prefix);
}

/** The rows, measured on a fresh service in `dataDir`. */
export async function measureDocumentHeavyPages(dataDir: string): Promise<BenchRow[]> {
  progress(`document-heavy lot: 3 events x ${DOCUMENTS} documents of ${DOCUMENT_MIB} MiB`);
  const service = await startBenchService({ dataDir });
  try {
    const plain = await recordBatch(service, "plain", 1, 4_096);
    const heavy = await recordBatch(service, "heavy", DOCUMENTS, DOCUMENT_MIB * 1024 * 1024);
    const db = service.serviceDb;
    const plainMs = await serverTimes(service, plain.path, READS);
    const heavyMs = await serverTimes(service, heavy.path, READS);
    const coldMs = await serverTimes(service, heavy.path, COLD_READS, () => {
      for (const cid of heavy.cids) forgetCheckedDocument(db, cid);
    });
    const p99 = (values: number[]) => percentile(values, 99);
    const row = (measure: string, values: number[], baseline: string): BenchRow => ({
      section: "provenance",
      measure,
      value: `p50 ${fmt.ms(percentile(values, 50))} / p99 ${fmt.ms(p99(values))} (${values.length} reads)`,
      baseline,
      ratio: baseline ? `${(p99(values) / p99(plainMs)).toFixed(2)}x p99` : "",
      target: "",
      result: "",
      data: { p50Ms: percentile(values, 50), p99Ms: p99(values), reads: values.length },
    });
    const size = `${3 * DOCUMENTS} documents x ${DOCUMENT_MIB} MiB`;
    return [
      row("garment page, plain lot (1 small document per event): server time", plainMs, ""),
      row(
        `garment page, document-heavy lot (${size}, register filled): server time`,
        heavyMs,
        `plain p99 ${fmt.ms(p99(plainMs))}`,
      ),
      row(
        `garment page, document-heavy lot (${size}, never checked: budget-bounded first scans): server time`,
        coldMs,
        `plain p99 ${fmt.ms(p99(plainMs))}`,
      ),
    ];
  } finally {
    await service.close();
  }
}

export const documentHeavyDataDir = (workDir: string) => join(workDir, "document-heavy");
