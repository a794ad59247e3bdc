/**
 * The event records that go to IPFS, built from a validated body. A record holds only what the request says
 * plus what the service derives deterministically (who posted it, document hashes, the garment commitment):
 * never a server clock, so re-posting the same request makes the same bytes and the same digest.
 */
import type { CuttingBody, FabricLotBody, SewingBody, ShipmentBody } from "../http/schemas/events";
import type { RegisterFacilityBody } from "../http/schemas/facilities";
import type { DocumentCitation } from "../documents/documents";
import type { GarmentCommitment } from "../production/garment-commitment";

export const RECORD_VERSION = 1;

export type FacilityRecord = { type: "facility"; version: number } & RegisterFacilityBody;

interface EventRecordBase {
  version: number;
  id: string;
  facilityId: string;
  documents: DocumentCitation[];
}

export type FabricLotRecord = EventRecordBase & { type: "fabric-lot" } & Omit<FabricLotBody, "documents">;
export type CuttingRecord = EventRecordBase & { type: "cutting" } & Omit<CuttingBody, "documents">;
export type SewingRecord = EventRecordBase & {
  type: "sewing";
  garments: GarmentCommitment & { count: number };
} & Omit<SewingBody, "documents">;
export type ShipmentRecord = EventRecordBase & { type: "shipment" } & Omit<ShipmentBody, "documents">;
export type EventRecord = FabricLotRecord | CuttingRecord | SewingRecord | ShipmentRecord;

/** The facility's metadata record; its digest is the facility's `metadataDigest` on chain. */
export function buildFacilityRecord(body: RegisterFacilityBody): FacilityRecord {
  return {
    type: "facility",
    version: RECORD_VERSION,
    id: body.id,
    name: body.name,
    country: body.country,
    roles: [...body.roles].sort(),
  };
}

export type EventBody =
  | { type: "fabric-lot"; body: FabricLotBody }
  | { type: "cutting"; body: CuttingBody }
  | { type: "sewing"; body: SewingBody }
  | { type: "shipment"; body: ShipmentBody };

/** The record of an event posted by `facilityId`, citing `documents` (resolved from the body's). */
export function buildEventRecord(
  event: EventBody,
  facilityId: string,
  documents: DocumentCitation[],
  garments?: GarmentCommitment & { count: number },
): EventRecord {
  const { documents: _cited, ...body } = event.body;
  const base = { version: RECORD_VERSION, facilityId, documents };
  switch (event.type) {
    case "fabric-lot":
      return { type: "fabric-lot", ...base, ...(body as Omit<FabricLotBody, "documents">) };
    case "cutting":
      return { type: "cutting", ...base, ...(body as Omit<CuttingBody, "documents">) };
    case "sewing":
      if (!garments) throw new Error("A sewing record needs its garment commitment");
      return { type: "sewing", ...base, ...(body as Omit<SewingBody, "documents">), garments };
    case "shipment":
      return { type: "shipment", ...base, ...(body as Omit<ShipmentBody, "documents">) };
  }
}

export type { CuttingBody, FabricLotBody, SewingBody, ShipmentBody } from "../http/schemas/events";
