/**
 * Reads of the read model, in the shapes the API answers with. Lots and facilities are looked up by the chain
 * key of their string id, so a lot whose record IPFS could not give is still found.
 */
import { chainKey } from "../chain/keys";
import type { FacilityRole, Hex, LotKind, OperationKind, Unit } from "../chain/ledger";
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

export interface FacilitySummary {
  id: string | null;
  name: string | null;
  country: string;
  /** Set by verification from the chain's facility state (the index's own flag is not shown). */
  suspended?: boolean;
  /** Set by verification from the facility's checked record, when it names its time zone. */
  timeZone?: string;
}

export interface FacilityView extends FacilitySummary {
  facilityKey: Hex;
  roles: FacilityRole[];
  account: string;
  suspended: boolean;
  metadataCid: string;
  metadataDigest: Hex;
  txHash: Hex;
  blockNumber: number;
}

export interface DocumentReference {
  type: string;
  cid: string;
  sha256: string | null;
  mediaType: string | null;
}

export interface LotView {
  id: string;
  lotKey: Hex;
  kind: LotKind;
  operation: OperationKind;
  quantity: number;
  remaining: number;
  unit: Unit;
  /** The facility holding the lot (for a transfer, the recipient). */
  facility: FacilitySummary;
  /** The facility that recorded the event. */
  recordedBy: FacilitySummary;
  description: string | null;
  occurredAt: string | null;
  recordedAt: string;
  record: { cid: string; digest: Hex; available: boolean };
  chain: { txHash: Hex; blockNumber: number };
  documents: DocumentReference[];
  inputs: { lotId: string; quantity: number; unit: Unit; role: string | null }[];
  consumedBy: { lotId: string; quantity: number }[];
  fabric?: {
    hsCode: string | null;
    composition: unknown[];
    weightKg: number | null;
    value: { amount: number; currency: string } | null;
    supplier: { name: string | null; country: string | null };
    stages: { stage: string; country: string }[];
    originating: unknown[];
  };
  cutting?: { style: string | null };
  sewing?: {
    product: {
      gtin: string | null;
      hsCode: string | null;
      description: string | null;
      construction: string | null;
      exWorksPrice: { amount: number; currency: string } | null;
    };
    garmentCount: number | null;
    garmentsRoot: Hex | null;
    manifestCid: string | null;
    trims: {
      description: string;
      hsCode: string | null;
      role: string | null;
      originCountry: string | null;
      weightKg: number | null;
      value: { amount: number; currency: string } | null;
      stages: { stage: string; country: string; proofCid?: string }[];
    }[];
  };
  shipment?: {
    from: FacilitySummary;
    toFacility: FacilitySummary | null;
    buyer: { name: string | null; country: string | null } | null;
    destinationCountry: string | null;
    invoiceNumber: string | null;
  };
}

interface LotRow {
  lot_key: Hex;
  id: string | null;
  kind: LotKind;
  operation: OperationKind;
  facility_key: Hex;
  recorded_by_key: Hex;
  quantity: number;
  remaining: number;
  unit: Unit;
  record_digest: Hex;
  record_cid: string;
  record_available: number;
  tx_hash: Hex;
  block_number: number;
  block_time: string;
  occurred_at: string | null;
  description: string | null;
}

interface FacilityRow {
  facility_key: Hex;
  id: string | null;
  name: string | null;
  country: string;
  roles: string;
  account: string;
  suspended: number;
  metadata_cid: string;
  metadata_digest: Hex;
  tx_hash: Hex;
  block_number: number;
}

const money = (amount: number | null, currency: string | null) =>
  amount === null || currency === null ? null : { amount, currency };

interface FabricRow {
  hs_code: string | null;
  composition: string;
  weight_kg: number | null;
  value_amount: number | null;
  value_currency: string | null;
  supplier_name: string | null;
  supplier_country: string | null;
  stages: string;
  originating: string;
}

interface SewingRow {
  gtin: string | null;
  hs_code: string | null;
  description: string | null;
  construction: string | null;
  ex_works_amount: number | null;
  ex_works_currency: string | null;
  garment_count: number | null;
}

interface TrimRow {
  description: string;
  hs_code: string | null;
  role: string | null;
  origin_country: string | null;
  weight_kg: number | null;
  value_amount: number | null;
  value_currency: string | null;
  stages: string | null;
}

interface ShipmentRow {
  from_facility_key: Hex;
  recipient_facility_key: Hex | null;
  buyer_name: string | null;
  buyer_country: string | null;
  destination_country: string | null;
  invoice_number: string | null;
}

/** The lot and facility reads, prepared once per database. */
const statements = oncePer((db: IndexDatabase) => ({
  facility: db.prepare<[Hex], FacilityRow>("SELECT * FROM facilities WHERE facility_key = ?"),
  facilities: db.prepare<[], FacilityRow>("SELECT * FROM facilities ORDER BY id"),
  lot: db.prepare<[Hex], LotRow>("SELECT * FROM lots WHERE lot_key = ?"),
  documents: db.prepare<
    [Hex],
    { type: string; cid: string; sha256: string | null; media_type: string | null }
  >("SELECT type, cid, sha256, media_type FROM lot_documents WHERE lot_key = ? ORDER BY position"),
  inputs: db.prepare<
    [Hex],
    { lot_key: Hex; lot_id: string | null; quantity: number; role: string | null; unit: Unit }
  >(
    `SELECT c.lot_key, l.id AS lot_id, c.quantity, c.role, l.unit FROM consumptions c
     LEFT JOIN lots l ON l.lot_key = c.lot_key WHERE c.into_lot_key = ? ORDER BY c.log_index`,
  ),
  consumedBy: db.prepare<[Hex], { into_lot_key: Hex; lot_id: string | null; quantity: number }>(
    `SELECT c.into_lot_key, l.id AS lot_id, c.quantity FROM consumptions c
     LEFT JOIN lots l ON l.lot_key = c.into_lot_key WHERE c.lot_key = ? ORDER BY c.block_number, c.log_index`,
  ),
  fabric: db.prepare<[Hex], FabricRow>("SELECT * FROM fabric_details WHERE lot_key = ?"),
  cutting: db.prepare<[Hex], { style: string | null }>("SELECT style FROM cutting_details WHERE lot_key = ?"),
  sewing: db.prepare<[Hex], SewingRow>("SELECT * FROM sewing_details WHERE lot_key = ?"),
  garments: db.prepare<
    [Hex],
    { garments_root: Hex; manifest_cid: string | null; manifest_digest: Hex | null }
  >("SELECT garments_root, manifest_cid, manifest_digest FROM garment_commitments WHERE lot_key = ?"),
  trims: db.prepare<[Hex], TrimRow>("SELECT * FROM trims WHERE lot_key = ? ORDER BY position"),
  shipment: db.prepare<[Hex], ShipmentRow>("SELECT * FROM shipment_details WHERE lot_key = ?"),
  inputKeys: db.prepare<[Hex], { lot_key: Hex }>(
    "SELECT lot_key FROM consumptions WHERE into_lot_key = ? ORDER BY log_index",
  ),
}));

function facilityRowByKey(db: IndexDatabase, key: Hex): FacilityRow | undefined {
  return statements(db).facility.get(key);
}

function summary(db: IndexDatabase, key: Hex): FacilitySummary {
  const row = facilityRowByKey(db, key);
  return row ? { id: row.id, name: row.name, country: row.country } : { id: null, name: null, country: "" };
}

function toFacilityView(row: FacilityRow): FacilityView {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    facilityKey: row.facility_key,
    roles: JSON.parse(row.roles) as FacilityRole[],
    account: row.account,
    suspended: row.suspended === 1,
    metadataCid: row.metadata_cid,
    metadataDigest: row.metadata_digest,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
  };
}

/** The facility registered under `id`, or null. */
export function findFacility(db: IndexDatabase, id: string): FacilityView | null {
  const row = facilityRowByKey(db, chainKey(id));
  return row ? toFacilityView(row) : null;
}

/** Every registered facility, by id. */
export function listFacilities(db: IndexDatabase): FacilityView[] {
  return statements(db).facilities.all().map(toFacilityView);
}

function lotRow(db: IndexDatabase, key: Hex): LotRow | undefined {
  return statements(db).lot.get(key);
}

/** The holder, kind, unit and remaining quantity of a lot: what write checks need, without the joins. */
export function findLotState(
  db: IndexDatabase,
  id: string,
): {
  kind: LotKind;
  unit: Unit;
  remaining: number;
  facilityKey: Hex;
  recordDigest: Hex;
  recordedByKey: Hex;
} | null {
  const row = lotRow(db, chainKey(id));
  return row
    ? {
        kind: row.kind,
        unit: row.unit,
        remaining: row.remaining,
        facilityKey: row.facility_key,
        recordDigest: row.record_digest,
        recordedByKey: row.recorded_by_key,
      }
    : null;
}

/** The full view of lot `id`, or null when no such lot was recorded. */
export function findLot(db: IndexDatabase, id: string): LotView | null {
  const row = lotRow(db, chainKey(id));
  return row ? toLotView(db, row, id) : null;
}

function toLotView(db: IndexDatabase, row: LotRow, requestedId?: string): LotView {
  const read = statements(db);
  const key = row.lot_key;
  const view: LotView = {
    id: row.id ?? requestedId ?? key,
    lotKey: key,
    kind: row.kind,
    operation: row.operation,
    quantity: row.quantity,
    remaining: row.remaining,
    unit: row.unit,
    facility: summary(db, row.facility_key),
    recordedBy: summary(db, row.recorded_by_key),
    description: row.description,
    occurredAt: row.occurred_at,
    recordedAt: row.block_time,
    record: { cid: row.record_cid, digest: row.record_digest, available: row.record_available === 1 },
    chain: { txHash: row.tx_hash, blockNumber: row.block_number },
    documents: read.documents.all(key).map((document) => ({
      type: document.type,
      cid: document.cid,
      sha256: document.sha256,
      mediaType: document.media_type,
    })),
    inputs: read.inputs.all(key).map((input) => ({
      lotId: input.lot_id ?? input.lot_key,
      quantity: input.quantity,
      unit: input.unit,
      role: input.role,
    })),
    consumedBy: read.consumedBy
      .all(key)
      .map((use) => ({ lotId: use.lot_id ?? use.into_lot_key, quantity: use.quantity })),
  };

  if (row.operation === "fabric-lot") {
    const fabric = read.fabric.get(key);
    if (fabric) {
      view.fabric = {
        hsCode: fabric.hs_code,
        composition: JSON.parse(fabric.composition) as unknown[],
        weightKg: fabric.weight_kg,
        value: money(fabric.value_amount, fabric.value_currency),
        supplier: { name: fabric.supplier_name, country: fabric.supplier_country },
        stages: JSON.parse(fabric.stages) as { stage: string; country: string }[],
        originating: JSON.parse(fabric.originating) as unknown[],
      };
    }
  } else if (row.operation === "cutting") {
    const cutting = read.cutting.get(key);
    if (cutting) view.cutting = { style: cutting.style };
  } else if (row.operation === "sewing") {
    const sewing = read.sewing.get(key);
    const garments = read.garments.get(key);
    const trims = read.trims.all(key);
    view.sewing = {
      product: {
        gtin: sewing?.gtin ?? null,
        hsCode: sewing?.hs_code ?? null,
        description: sewing?.description ?? null,
        construction: sewing?.construction ?? null,
        exWorksPrice: money(sewing?.ex_works_amount ?? null, sewing?.ex_works_currency ?? null),
      },
      garmentCount: sewing?.garment_count ?? null,
      garmentsRoot: garments?.garments_root ?? null,
      manifestCid: garments?.manifest_cid ?? null,
      trims: trims.map((trim) => ({
        description: trim.description,
        hsCode: trim.hs_code,
        role: trim.role,
        originCountry: trim.origin_country,
        weightKg: trim.weight_kg,
        value: money(trim.value_amount, trim.value_currency),
        stages: trim.stages
          ? (JSON.parse(trim.stages) as { stage: string; country: string; proofCid?: string }[])
          : [],
      })),
    };
  } else if (row.operation === "shipment") {
    const shipment = read.shipment.get(key);
    if (shipment) {
      view.shipment = {
        from: summary(db, shipment.from_facility_key),
        toFacility: shipment.recipient_facility_key ? summary(db, shipment.recipient_facility_key) : null,
        buyer:
          shipment.buyer_name === null && shipment.buyer_country === null
            ? null
            : { name: shipment.buyer_name, country: shipment.buyer_country },
        destinationCountry: shipment.destination_country,
        invoiceNumber: shipment.invoice_number,
      };
    }
  }
  return view;
}

export interface ProvenanceEdge {
  /** The consumed (upstream) lot. */
  from: string;
  /** The lot made from it. */
  to: string;
  quantity: number;
  unit: Unit;
  role: string | null;
}

export interface ProvenanceGraph {
  subject: string;
  /** Every lot upstream of the subject and the subject itself, subject first, then breadth-first. */
  nodes: LotView[];
  edges: ProvenanceEdge[];
}

/**
 * The whole upstream graph of lot `id`: every lot it was made from, back to the fabric lots, with the
 * consumption edges between them. Null when the lot is unknown.
 */
export function findUpstreamGraph(db: IndexDatabase, id: string): ProvenanceGraph | null {
  const subject = lotRow(db, chainKey(id));
  if (!subject) return null;
  const nodes: LotView[] = [];
  const edges: ProvenanceEdge[] = [];
  const seen = new Set<Hex>([subject.lot_key]);
  const queue: LotRow[] = [subject];
  while (queue.length > 0) {
    const row = queue.shift()!;
    const view = toLotView(db, row, row === subject ? id : undefined);
    nodes.push(view);
    for (const input of view.inputs) {
      edges.push({
        from: input.lotId,
        to: view.id,
        quantity: input.quantity,
        unit: input.unit,
        role: input.role,
      });
    }
    for (const { lot_key } of statements(db).inputKeys.all(row.lot_key)) {
      if (seen.has(lot_key)) continue;
      seen.add(lot_key);
      const upstream = lotRow(db, lot_key);
      if (upstream) queue.push(upstream);
    }
  }
  return { subject: nodes[0]!.id, nodes, edges };
}

/** Where lot `id` was recorded on chain and its record in IPFS, or null when no such lot was recorded. */
export function findLotReceipt(
  db: IndexDatabase,
  id: string,
): { txHash: Hex; blockNumber: number; recordCid: string } | null {
  const row = lotRow(db, chainKey(id));
  return row ? { txHash: row.tx_hash, blockNumber: row.block_number, recordCid: row.record_cid } : null;
}

/** The garment commitment of batch `lotKey` as indexed (from its sewing record), or null. */
export function findGarmentCommitment(
  db: IndexDatabase,
  lotKey: Hex,
): { garmentsRoot: Hex; manifestCid: string | null; manifestDigest: Hex | null } | null {
  const row = statements(db).garments.get(lotKey);
  return row
    ? { garmentsRoot: row.garments_root, manifestCid: row.manifest_cid, manifestDigest: row.manifest_digest }
    : null;
}
