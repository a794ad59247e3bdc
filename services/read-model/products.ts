/**
 * Products as the read model knows them: the garment batches (sewing lots) recorded with one GTIN, for the
 * resolver's product page (`/01/{gtin}`).
 */
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";
import { findLot } from "./queries";
import type { LotView } from "./queries";

/** The most batches one product lists: a page and a linkset stay small however long a product runs. */
export const MAX_PRODUCT_BATCHES = 100;

const statements = oncePer((db: IndexDatabase) => ({
  // A GTIN may be recorded as 8, 12, 13 or 14 digits: compared without its leading zeros.
  batches: db.prepare<[string, number], { id: string }>(
    `SELECT l.id FROM sewing_details s JOIN lots l ON l.lot_key = s.lot_key
     WHERE ltrim(s.gtin, '0') = ltrim(?, '0') AND l.id IS NOT NULL
     ORDER BY l.block_number DESC, l.log_index DESC LIMIT ?`,
  ),
}));

/** The product of a GTIN: its most recent garment batches first, at most {@link MAX_PRODUCT_BATCHES}. */
export interface ProductBatches {
  batches: LotView[];
  /** True when there are more batches than listed. */
  truncated: boolean;
}

/**
 * The garment batches recorded with `gtin` (14 digits, already validated), newest first.
 * @example listProductBatches(indexDb, "08938505974019").batches.map((b) => b.id) // ["SEW-0002", "SEW-0001"]
 */
export function listProductBatches(db: IndexDatabase, gtin: string): ProductBatches {
  const rows = statements(db).batches.all(gtin, MAX_PRODUCT_BATCHES + 1);
  const batches = rows.slice(0, MAX_PRODUCT_BATCHES).flatMap((row) => findLot(db, row.id) ?? []);
  return { batches, truncated: rows.length > MAX_PRODUCT_BATCHES };
}
