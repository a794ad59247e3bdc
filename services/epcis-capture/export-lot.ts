/** A lot's whole upstream provenance as an EPCIS 2.0 `EPCISDocument` (services/epcis/export.ts writes it). */
import type { DocumentStore } from "../ipfs/index";
import type { IndexDatabase } from "../read-model/database";
import { findLotReceipt, findUpstreamGraph } from "../read-model/queries";
import { getRecord } from "../records/index";
import type { EventRecord } from "../records/events";
import { exportProvenance } from "../epcis/index";
import type { JsonObject } from "../epcis/index";

/** At most this many lots go into one export: a lot's upstream is bounded work per request. */
export const MAX_EXPORTED_LOTS = 2000;

/**
 * The EPCISDocument of lot `lotId` and every lot upstream of it, read from their records in IPFS (each
 * checked against its digest); null when the lot is unknown.
 */
export async function exportLotAsEpcis(
  deps: { indexDb: IndexDatabase; store: Pick<DocumentStore, "get"> },
  lotId: string,
  now: Date = new Date(),
): Promise<JsonObject | null> {
  const graph = findUpstreamGraph(deps.indexDb, lotId);
  if (!graph) return null;
  const records: EventRecord[] = [];
  for (const node of graph.nodes.slice(0, MAX_EXPORTED_LOTS)) {
    const receipt = findLotReceipt(deps.indexDb, node.id);
    if (!receipt) continue;
    records.push((await getRecord<EventRecord>(deps.store, receipt.recordCid)).record);
  }
  return exportProvenance({ records, creationDate: now.toISOString() });
}
