/**
 * The four event bodies of DESIGN.md §5: each is its event record (services/records/events.ts) without the
 * envelope the service adds (type, version, posting facility, resolved documents), citing documents by
 * reference. Objects are strict: an unknown field is refused by name, because the body becomes the record
 * whose digest goes on chain.
 */
import { z } from "zod";
import { EVENT_BODY_SCHEMAS } from "../../records/events";
import { UnitSchema } from "./common";

export { ConstructionSchema, FtaSchema, MaterialRoleSchema, StageSchema } from "../../records/events";
export type { CuttingBody, FabricLotBody, SewingBody, ShipmentBody } from "../../records/events";

export const FabricLotBodySchema = EVENT_BODY_SCHEMAS["fabric-lot"].meta({
  id: "FabricLotEvent",
  example: {
    id: "FL-0001",
    description: "cotton single jersey 180 gsm",
    hsCode: "6006.21",
    composition: [
      { fibre: "cotton", percent: 95 },
      { fibre: "elastane", percent: 5, elastomeric: true },
    ],
    quantity: { amount: 1200, unit: "m" },
    weightKg: 260,
    value: { amount: 3600, currency: "USD" },
    supplier: { name: "Hanil Textile", country: "KR" },
    stages: [
      { stage: "spinning", country: "KR" },
      { stage: "fabric-formation", country: "KR" },
    ],
    occurredAt: "2026-03-01T08:00:00Z",
  },
});

export const CuttingBodySchema = EVENT_BODY_SCHEMAS.cutting.meta({
  id: "CuttingEvent",
  example: {
    id: "CUT-0001",
    inputs: [{ lotId: "FL-0001", quantity: { amount: 300, unit: "m" }, role: "main-fabric" }],
    output: { quantity: { amount: 2400, unit: "pcs" }, style: "TS-01" },
    occurredAt: "2026-03-02T08:00:00Z",
  },
});

export const SewingBodySchema = EVENT_BODY_SCHEMAS.sewing.meta({
  id: "SewingEvent",
  example: {
    id: "SEW-0001",
    inputs: [{ lotId: "CUT-0001", quantity: { amount: 2400, unit: "pcs" } }],
    trims: [
      {
        description: "buttons",
        hsCode: "9606.21",
        role: "accessory",
        originCountry: "CN",
        weightKg: 0.4,
        value: { amount: 12, currency: "USD" },
      },
    ],
    product: {
      gtin: "08938505974019",
      hsCode: "6109.10",
      description: "men's cotton T-shirt",
      construction: "cut-and-sewn",
      exWorksPrice: { amount: 4.2, currency: "USD" },
    },
    output: { quantity: { amount: 1200, unit: "pcs" } },
    occurredAt: "2026-03-03T08:00:00Z",
  },
});

export const ShipmentBodySchema = EVENT_BODY_SCHEMAS.shipment.meta({
  id: "ShipmentEvent",
  example: {
    id: "SHP-0001",
    inputs: [{ lotId: "SEW-0001", quantity: { amount: 1000, unit: "pcs" } }],
    buyer: { name: "Nordwind GmbH", country: "DE" },
    destinationCountry: "DE",
    invoiceNumber: "INV-2026-114",
    occurredAt: "2026-03-05T08:00:00Z",
  },
});

export const EventAcceptedSchema = z
  .object({
    id: z.string(),
    txHash: z.string(),
    blockNumber: z.number().int(),
    recordCid: z.string(),
  })
  .meta({ id: "EventAccepted" });
export type EventAccepted = z.infer<typeof EventAcceptedSchema>;

export { UnitSchema };
