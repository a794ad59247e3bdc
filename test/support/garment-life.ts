/**
 * Records one garment's life through the real API (fabric with a supplier document → cutting → sewing →
 * transfer to an export warehouse → export), for the provenance and viewer tests.
 */
import { loadGarmentSecret, garmentCode } from "../../services/garments/index";
import { cutting, fabricLot, fileForm, OPERATOR_KEY, samplePdf, sewing } from "./api-harness";
import type { TestService } from "./api-harness";

export const GTIN = "08938505974019";

export interface RecordedLife {
  keys: Record<string, string>;
  document: { cid: string; sha256: string; bytes: Uint8Array };
  recordCids: Record<string, string>;
  /** The authentication code of garment `serial` of batch `lot`. */
  code: (lot: string, serial: number) => string;
}

async function ok(t: TestService, path: string, key: string, body: unknown): Promise<{ recordCid: string }> {
  const answer = await t.call("POST", `/api/v1${path}`, { key, body });
  if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { recordCid: string };
}

/** Records the life of batch `sewingId` (100 garments) with lot ids suffixed by `suffix`. */
export async function recordGarmentLife(
  t: TestService,
  suffix = "0001",
  garments = 100,
): Promise<RecordedLife> {
  const keys: Record<string, string> = {};
  for (const [id, name, roles] of [
    [`factory-${suffix}`, "Thai Nguyen Garment", ["fabric", "cutting", "sewing", "shipping"]],
    [`export-${suffix}`, "Haiphong Export Warehouse", ["shipping"]],
  ] as const) {
    const answer = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: {
        id,
        name,
        country: "VN",
        roles,
        gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
      },
    });
    if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
    keys[id] = answer.body.apiKey;
  }
  const factory = keys[`factory-${suffix}`]!;
  const bytes = samplePdf(`Hanil mill certificate ${suffix}`);
  const uploaded = await t.call("POST", "/api/v1/documents", {
    key: factory,
    rawBody: fileForm(bytes, "application/pdf", { type: "supplier-certificate" }),
  });
  if (uploaded.status !== 201) throw new Error(JSON.stringify(uploaded.body));
  const recordCids: Record<string, string> = {};
  recordCids[`FL-${suffix}`] = (
    await ok(t, "/events/fabric-lots", factory, {
      ...fabricLot(`FL-${suffix}`),
      documents: [{ type: "supplier-certificate", cid: uploaded.body.cid }],
    })
  ).recordCid;
  recordCids[`CUT-${suffix}`] = (
    await ok(t, "/events/cuttings", factory, cutting(`CUT-${suffix}`, `FL-${suffix}`))
  ).recordCid;
  recordCids[`SEW-${suffix}`] = (
    await ok(t, "/events/sewings", factory, {
      ...sewing(`SEW-${suffix}`, `CUT-${suffix}`),
      output: { quantity: { amount: garments, unit: "pcs" } },
    })
  ).recordCid;
  recordCids[`TR-${suffix}`] = (
    await ok(t, "/events/shipments", factory, {
      id: `TR-${suffix}`,
      inputs: [{ lotId: `SEW-${suffix}`, quantity: { amount: garments, unit: "pcs" } }],
      toFacilityId: `export-${suffix}`,
      occurredAt: "2026-03-04T08:00:00Z",
    })
  ).recordCid;
  recordCids[`SHP-${suffix}`] = (
    await ok(t, "/events/shipments", keys[`export-${suffix}`]!, {
      id: `SHP-${suffix}`,
      inputs: [{ lotId: `TR-${suffix}`, quantity: { amount: garments, unit: "pcs" } }],
      buyer: { name: "Nordwind GmbH", country: "DE" },
      destinationCountry: "DE",
      invoiceNumber: "INV-2026-114",
      occurredAt: "2026-03-05T08:00:00Z",
    })
  ).recordCid;
  const secret = loadGarmentSecret(t.dataDir);
  return {
    keys,
    document: { cid: uploaded.body.cid, sha256: uploaded.body.sha256, bytes },
    recordCids,
    code: (lot, serial) => garmentCode(secret, lot, serial),
  };
}
