/**
 * A read model filled straight in SQLite, as the indexer would leave it, with `chains` supply chains (fabric
 * lot → cutting → sewing on a line → export: four lots each) spread over 360 days from `start` across
 * `facilities` facilities: enough lots for the KPI report to take seconds, written in seconds. Used by the
 * KPI benchmark (scripts/bench-kpis.ts) and the tests that need a big report.
 */
import { chainKey } from "../../services/chain/keys";
import type { IndexDatabase } from "../../services/read-model/database";

const DAY_MS = 86_400_000;

export interface KpiLotsParameters {
  chains: number;
  facilities: number;
  /** The first chain's day, ms since the epoch. */
  start: number;
}

export function fillKpiLots(indexDb: IndexDatabase, { chains, facilities, start }: KpiLotsParameters): void {
  const insertFacility = indexDb.prepare(
    `INSERT INTO facilities (facility_key, id, name, country, roles, account, metadata_digest, metadata_cid,
       tx_hash, block_number) VALUES (?, ?, ?, 'VN', '["fabric","cutting","sewing","shipping"]', '0x0', '0x0', 'x',
       '0x0', 0)`,
  );
  const insertLot = indexDb.prepare(
    `INSERT INTO lots (lot_key, id, kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
       record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time, occurred_at)
     VALUES (@key, @id, @kind, @operation, @facility, @facility, @quantity, 0, @unit, '0x0', 'x', 1, '0x0', 0, 0,
       @at, @at)`,
  );
  const insertConsumption = indexDb.prepare(
    `INSERT INTO consumptions (into_lot_key, lot_key, quantity, remaining_after, tx_hash, block_number, log_index)
     VALUES (?, ?, ?, 0, '0x0', 0, 0)`,
  );
  const insertCutting = indexDb.prepare("INSERT INTO cutting_details (lot_key, style) VALUES (?, ?)");
  const insertSewing = indexDb.prepare("INSERT INTO sewing_details (lot_key, garment_count) VALUES (?, ?)");
  const insertRanOn = indexDb.prepare("INSERT INTO lot_equipment (lot_key, line_id) VALUES (?, ?)");

  indexDb.transaction(() => {
    for (let f = 0; f < facilities; f++) insertFacility.run(chainKey(`fac-${f}`), `fac-${f}`, `Factory ${f}`);
    for (let i = 0; i < chains; i++) {
      const facility = chainKey(`fac-${i % facilities}`);
      const day = start + (i % 360) * DAY_MS;
      const lot = (
        id: string,
        kind: string,
        operation: string,
        quantity: number,
        unit: string,
        at: number,
      ) => {
        insertLot.run({
          key: chainKey(id),
          id,
          kind,
          operation,
          facility,
          quantity,
          unit,
          at: new Date(at).toISOString(),
        });
        return chainKey(id);
      };
      const fabric = lot(`FL-${i}`, "fabric", "fabric-lot", 1000, "m", day);
      const cut = lot(`CUT-${i}`, "cut-bundles", "cutting", 1000 + (i % 50), "pcs", day + 2 * DAY_MS);
      insertConsumption.run(cut, fabric, 500);
      insertCutting.run(cut, `STYLE-${i % 40}`);
      const sewn = lot(`SEW-${i}`, "garment-batch", "sewing", 500, "pcs", day + (3 + (i % 9)) * DAY_MS);
      insertConsumption.run(sewn, cut, 1000);
      insertSewing.run(sewn, 500);
      insertRanOn.run(sewn, `LINE-${i % 8}`);
      const shipped = lot(`SHP-${i}`, "shipment", "shipment", 500, "pcs", day + 14 * DAY_MS);
      insertConsumption.run(shipped, sewn, 500);
    }
  })();
}
