/**
 * Verification of a garment batch as a whole, as a GTIN+lot Digital Link (`/01/{gtin}/10/{lot}`) asks for it:
 * the batch's upstream graph and where it went, every record, document and certificate checked — and no
 * garment's authentication code, which only a garment's own link carries.
 */
import { normalizeGtin } from "../garments/digital-link";
import type { LotView } from "../read-model/queries";
import { findLot, findUpstreamGraph } from "../read-model/queries";
import type { ProvenanceDeps } from "./deps";
import { downstreamPath, timeOrder } from "./garment";
import type { GarmentNotFoundReason } from "./garment";
import { verifyLots } from "./verify-provenance";
import type { LotsVerification } from "./verify-provenance";

/** The outcome of {@link verifyBatch}. */
export type BatchVerification =
  | { found: false; reason: Exclude<GarmentNotFoundReason, "unknown-serial"> }
  | ({
      found: true;
      batch: LotView;
      /** Every lot in the batch's life, upstream first by the time it happened. */
      nodes: LotView[];
    } & LotsVerification);

/**
 * Verifies the garment batch `lot` of product `gtin`.
 *
 * @example
 * const result = await verifyBatch(deps, { gtin: "08938505974019", lot: "SEW-0001" });
 * if (result.found) console.log(result.verdict, result.certificates.length);
 */
export async function verifyBatch(
  deps: ProvenanceDeps,
  params: { gtin: string; lot: string },
): Promise<BatchVerification> {
  const found = findLot(deps.indexDb, params.lot);
  if (!found) return { found: false, reason: "unknown-lot" };
  if (found.operation !== "sewing") return { found: false, reason: "not-a-garment-batch" };
  const recorded = found.sewing?.product.gtin ?? null;
  if (recorded === null || recorded.padStart(14, "0") !== normalizeGtin(params.gtin))
    return { found: false, reason: "gtin-mismatch" };
  const upstream = findUpstreamGraph(deps.indexDb, found.id)!.nodes;
  const lots = await verifyLots(deps, [...upstream, ...downstreamPath(deps.indexDb, found)].sort(timeOrder));
  const batch = lots.lots.get(found.id)?.view ?? found;
  return { found: true, ...lots, batch, nodes: lots.views };
}
