/**
 * A document-heavy garment batch recorded through the real API: a facility that cites as many large
 * documents as the write limits allow on its fabric lot, cutting and sewing, so that every scan of one of its
 * garments would have to read and hash all of them without a register of checked documents.
 */
import { loadGarmentSecret, garmentCode } from "../../services/garments/index";
import { cutting, fabricLot, fileForm, OPERATOR_KEY, sewing } from "./api-harness";
import type { TestService } from "./api-harness";

export const HEAVY_GTIN = "08938505974019";

export interface HeavyLot {
  /** The sewing (garment batch) id. */
  batch: string;
  /** Every uploaded document: its CID, size and bytes (each lot's documents in order). */
  documents: { cid: string; size: number; bytes: Uint8Array }[];
  /** The authentication code of garment `serial`. */
  code: (serial: number) => string;
  /** The facility's API key. */
  key: string;
}

/** A real PDF of exactly `size` bytes (a comment line pads it), different for every `seed`. */
export function paddedPdf(seed: string, size: number): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${seed}\n%`;
  const tail = `\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  const bytes = new Uint8Array(size);
  const encoder = new TextEncoder();
  bytes.fill(0x41);
  bytes.set(encoder.encode(head), 0);
  bytes.set(encoder.encode(tail), size - tail.length);
  // A few bytes derived from the seed spread through the padding, so chunks differ between documents too.
  const mark = encoder.encode(seed.padEnd(16, "."));
  for (let offset = head.length; offset + mark.length < size - tail.length; offset += 65_536)
    bytes.set(mark, offset);
  return bytes;
}

async function post(t: TestService, path: string, key: string, body: unknown): Promise<void> {
  const answer = await t.call("POST", `/api/v1${path}`, { key, body });
  if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/**
 * Records facility `facility-<suffix>` and its batch `HVY-<suffix>` of `garments` garments, whose fabric lot,
 * cutting and sewing each cite `perEvent` documents of `documentBytes` bytes.
 */
export async function recordHeavyLot(
  t: TestService,
  params: { suffix: string; perEvent: number; documentBytes: number; garments?: number },
): Promise<HeavyLot> {
  const facility = `heavy-${params.suffix}`;
  const registered = await t.call("POST", "/api/v1/facilities", {
    key: OPERATOR_KEY,
    body: {
      id: facility,
      name: "Heavy Paperwork Mill",
      country: "VN",
      roles: ["fabric", "cutting", "sewing", "shipping"],
      gtinPrefixes: ["8938505"],
    },
  });
  if (registered.status !== 201) throw new Error(JSON.stringify(registered.body));
  const key = registered.body.apiKey as string;
  const documents: HeavyLot["documents"] = [];
  const upload = async (event: string) => {
    const cited: { type: string; cid: string }[] = [];
    for (let index = 0; index < params.perEvent; index++) {
      const bytes = paddedPdf(`${facility}-${event}-${index}`, params.documentBytes);
      const answer = await t.call("POST", "/api/v1/documents", {
        key,
        rawBody: fileForm(bytes, "application/pdf", { type: "test-report" }),
      });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      documents.push({ cid: answer.body.cid, size: answer.body.size, bytes });
      cited.push({ type: "test-report", cid: answer.body.cid });
    }
    return cited;
  };
  const garments = params.garments ?? 10;
  const [fl, cut, sew] = [`HFL-${params.suffix}`, `HCUT-${params.suffix}`, `HVY-${params.suffix}`];
  await post(t, "/events/fabric-lots", key, { ...fabricLot(fl), documents: await upload("fabric") });
  await post(t, "/events/cuttings", key, { ...cutting(cut, fl), documents: await upload("cutting") });
  await post(t, "/events/sewings", key, {
    ...sewing(sew, cut),
    output: { quantity: { amount: garments, unit: "pcs" } },
    documents: await upload("sewing"),
  });
  const secret = loadGarmentSecret(t.dataDir);
  return { batch: sew, documents, code: (serial) => garmentCode(secret, sew, serial), key };
}
