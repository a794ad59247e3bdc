/**
 * OriginFacts from recorded provenance. The read model's upstream graph of a garment batch or shipment (every
 * lot it was made from, back to its fabric lots, with the quantities consumed) becomes the facts the origin
 * engine assesses:
 *
 * - product: HS code, description, construction and ex-works price from the sewing record (GTIN kept in the
 *   subject);
 * - processes: each cutting and sewing, in the country its facility registered on chain (never a country
 *   from a request body);
 * - materials: each fabric lot reached upstream (through transfers), once per role it was cut in, with its
 *   HS code, elastomeric content, stages, supplier country (its origin country), originating claims with
 *   proofs, and its weight and value per garment apportioned by the quantities consumed on the way;
 *   the sewing record's trims and components, their batch totals divided per garment, with their stages;
 * - exporting country: the sewing facility's; importing country: the export shipment's destination (or the
 *   request's); date: the export shipment's day (or the request's).
 *
 * Pure: the graph in, facts out. What the records do not say is left out of the facts and listed in
 * `missing` when the facts schema needs it; the engine names the optional facts it lacks itself.
 */
import { ConflictError } from "../errors/index";
import type { LotView, ProvenanceGraph } from "../read-model/queries";
import type { Construction, FtaId, MaterialRole, OriginFactsInput, StageName } from "../origin/facts";
import { constructions, materialRoles, stageNames } from "../origin/facts";
import type { DerivedSubject } from "../records/index";

type MaterialInput = NonNullable<OriginFactsInput["materials"]>[number];

export interface DeriveFactsRequest {
  fta: FtaId;
  /** Used when the subject is not an export shipment; must agree with the shipment's destination otherwise. */
  importingCountry?: string;
  /** Export date YYYY-MM-DD; used when the subject is not an export shipment. */
  date?: string;
}

export type { DerivedSubject } from "../records/index";

export interface DerivedFacts {
  /** Facts in the input shape of `originFactsSchema` (parse them before assessing). */
  facts: OriginFactsInput;
  subject: DerivedSubject;
  /** Paths of facts the schema needs that the records do not give, e.g. `materials[0].hsCode`. */
  missing: string[];
}

/** INVALID_ORIGIN_SUBJECT: the lot is not something a certificate of origin can cover. */
export class InvalidOriginSubjectError extends ConflictError {
  constructor(id: string, kind: string) {
    super(
      "INVALID_ORIGIN_SUBJECT",
      `Lot '${id}' is a ${kind} lot: assess a garment batch or a shipment of garments`,
      { id, kind },
    );
  }
}

/** MIXED_PRODUCTS: the subject holds garments of different products, which one assessment cannot cover. */
export class MixedProductsError extends ConflictError {
  constructor(id: string, hsCodes: string[]) {
    super("MIXED_PRODUCTS", `Lot '${id}' holds garments of several products: assess each garment batch`, {
      id,
      hsCodes,
    });
  }
}

/** CONFLICTS_WITH_PROVENANCE: the request says one thing, the recorded provenance another. */
export class ProvenanceConflictError extends ConflictError {
  constructor(field: string, requested: string, recorded: string) {
    super(
      "CONFLICTS_WITH_PROVENANCE",
      `The request's ${field} (${requested}) differs from the recorded one (${recorded})`,
      { field, requested, recorded },
    );
  }
}

/** Garments have no more than this many paths back to their fabric in any real graph; beyond it, refuse. */
const MAX_PATHS = 20_000;

const ELASTOMERIC_FIBRE = /elast|spandex|lycra|polyurethane/i;

const round = (value: number, digits = 6) => Number(value.toFixed(digits));

function isMaterialRole(role: string | null): role is MaterialRole {
  return role !== null && (materialRoles as readonly string[]).includes(role);
}

function isStageName(stage: string): stage is StageName {
  return (stageNames as readonly string[]).includes(stage);
}

function isConstruction(value: string | null): value is Construction {
  return value !== null && (constructions as readonly string[]).includes(value);
}

/** The stages a cutting and a sewing stand for, by how the garment is made. */
function makingUpStages(construction: Construction | undefined): { cutting: StageName; sewing: StageName } {
  if (construction === "whole-garment") return { cutting: "knit-to-shape", sewing: "assembly" };
  if (construction === "knit-to-shape-panels") return { cutting: "knit-to-shape", sewing: "sewing" };
  return { cutting: "cutting", sewing: "sewing" };
}

interface FabricComposition {
  fibre?: unknown;
  percent?: unknown;
  elastomeric?: unknown;
}

/** True when any part of the fabric is flagged elastomeric or is an elastomeric fibre by name (elastane). */
function containsElastomeric(composition: unknown[]): boolean {
  return composition.some((part) => {
    const { fibre, elastomeric } = (part ?? {}) as FabricComposition;
    return elastomeric === true || (typeof fibre === "string" && ELASTOMERIC_FIBRE.test(fibre));
  });
}

interface ClaimRecord {
  fta?: unknown;
  basis?: unknown;
  proofCid?: unknown;
}

/**
 * Derives OriginFacts for `graph.subject` (a garment batch, or a shipment or transfer of garments).
 *
 * @example
 * const graph = findUpstreamGraph(indexDb, "SHP-0001");
 * const { facts, missing } = deriveOriginFacts(graph!, { fta: "CPTPP" });
 */
export function deriveOriginFacts(graph: ProvenanceGraph, request: DeriveFactsRequest): DerivedFacts {
  const lots = new Map(graph.nodes.map((node) => [node.id, node]));
  const subject = graph.nodes[0]!;
  if (subject.kind !== "garment-batch" && subject.kind !== "shipment")
    throw new InvalidOriginSubjectError(subject.id, subject.kind);

  // Amount of each upstream lot per garment of the subject, per path: a lot Y made of q units of X, with
  // Y.quantity units out, holds q / Y.quantity units of X per unit of Y. The cutting role rides along.
  const fabricShares = new Map<string, { lot: LotView; role: string | null; amount: number }>();
  const sewingShares = new Map<string, { lot: LotView; share: number }>();
  const cuttings = new Map<string, LotView>();
  let paths = 0;
  const visit = (lot: LotView, perGarment: number, role: string | null): void => {
    if (++paths > MAX_PATHS) {
      throw new ConflictError("PROVENANCE_TOO_COMPLEX", `Lot '${subject.id}' has too many upstream paths`, {
        id: subject.id,
      });
    }
    if (lot.operation === "fabric-lot") {
      const key = `${lot.id}\n${role ?? ""}`;
      const entry = fabricShares.get(key) ?? { lot, role, amount: 0 };
      entry.amount += perGarment;
      fabricShares.set(key, entry);
      return;
    }
    if (lot.operation === "sewing") {
      const entry = sewingShares.get(lot.id) ?? { lot, share: 0 };
      entry.share += perGarment;
      sewingShares.set(lot.id, entry);
    }
    if (lot.operation === "cutting") cuttings.set(lot.id, lot);
    const made = lot.quantity > 0 ? lot.quantity : lot.inputs.reduce((sum, input) => sum + input.quantity, 0);
    for (const input of lot.inputs) {
      const upstream = lots.get(input.lotId);
      if (!upstream || made <= 0) continue;
      visit(upstream, (perGarment * input.quantity) / made, role ?? input.role);
    }
  };
  visit(subject, 1, null);

  const missing: string[] = [];
  const sewings = [...sewingShares.values()];
  const products = sewings.map(({ lot }) => lot.sewing?.product);
  const hsCodes = [...new Set(products.map((product) => product?.hsCode?.replaceAll(".", "") ?? ""))];
  if (hsCodes.length > 1) throw new MixedProductsError(subject.id, hsCodes);
  const exportingCountries = [...new Set(sewings.map(({ lot }) => lot.recordedBy.country))];
  if (exportingCountries.length > 1) {
    throw new ConflictError(
      "MIXED_ORIGINS",
      `Lot '${subject.id}' holds garments sewn in several countries: assess each garment batch`,
      { id: subject.id, countries: exportingCountries },
    );
  }
  const firstSewing = sewings[0]?.lot;
  const product = firstSewing?.sewing?.product;
  const construction = isConstruction(product?.construction ?? null)
    ? (product!.construction as Construction)
    : undefined;
  const totalShare = sewings.reduce((sum, { share }) => sum + share, 0);
  const exWorks =
    totalShare > 0 && sewings.every(({ lot }) => lot.sewing?.product.exWorksPrice)
      ? sewings.reduce((sum, { lot, share }) => sum + lot.sewing!.product.exWorksPrice!.amount * share, 0) /
        totalShare
      : undefined;

  // Processes: the countries come from the facilities registered on chain (the read model's facility rows).
  const stagesOf = makingUpStages(construction);
  const processes: { stage: StageName; country: string }[] = [];
  const addProcess = (stage: StageName, country: string) => {
    if (country && !processes.some((p) => p.stage === stage && p.country === country))
      processes.push({ stage, country });
  };
  for (const cutting of cuttings.values()) addProcess(stagesOf.cutting, cutting.recordedBy.country);
  for (const { lot } of sewings) addProcess(stagesOf.sewing, lot.recordedBy.country);

  const materials: MaterialInput[] = [];
  const fabricLots: DerivedSubject["fabricLots"] = [];
  for (const { lot, role, amount } of fabricShares.values()) {
    const index = materials.length;
    const fabric = lot.fabric;
    fabricLots.push({ lotId: lot.id, role, amountPerGarment: round(amount, 9), unit: lot.unit });
    if (!isMaterialRole(role)) missing.push(`materials[${index}].role`);
    if (!fabric?.hsCode) missing.push(`materials[${index}].hsCode`);
    const perUnit = lot.quantity > 0 ? amount / lot.quantity : 0;
    const weightKg =
      lot.unit === "kg" ? amount : fabric?.weightKg != null ? fabric.weightKg * perUnit : undefined;
    const value = fabric?.value ? fabric.value.amount * perUnit : undefined;
    const claims = (fabric?.originating ?? []) as ClaimRecord[];
    materials.push({
      description: lot.description ?? `fabric lot ${lot.id}`,
      hsCode: fabric?.hsCode ?? "",
      role: (isMaterialRole(role) ? role : "main-fabric") as MaterialRole,
      ...(fabric?.supplier.country ? { originCountry: fabric.supplier.country } : {}),
      stages: (fabric?.stages ?? [])
        .filter((stage) => isStageName(stage.stage))
        .map((stage) => ({ stage: stage.stage as StageName, country: stage.country })),
      ...(weightKg !== undefined && weightKg > 0 ? { weightKg: round(weightKg) } : {}),
      ...(value !== undefined ? { value: { amount: round(value), currency: "USD" as const } } : {}),
      elastomeric: containsElastomeric(fabric?.composition ?? []),
      originating: claims.map((claim) => ({
        fta: claim.fta as FtaId,
        basis: String(claim.basis),
        ...(typeof claim.proofCid === "string" ? { proofCid: claim.proofCid } : {}),
      })),
    });
  }
  for (const { lot, share } of sewings) {
    const garments = lot.quantity;
    for (const trim of lot.sewing?.trims ?? []) {
      const index = materials.length;
      if (!trim.hsCode) missing.push(`materials[${index}].hsCode`);
      if (!isMaterialRole(trim.role)) missing.push(`materials[${index}].role`);
      // A trim's weight and value are recorded for the whole batch: share them out per garment.
      const perGarment = garments > 0 ? share / garments : 0;
      const weightKg = trim.weightKg != null ? trim.weightKg * perGarment : undefined;
      materials.push({
        description: trim.description,
        hsCode: trim.hsCode ?? "",
        role: (isMaterialRole(trim.role) ? trim.role : "trim") as MaterialRole,
        ...(trim.originCountry ? { originCountry: trim.originCountry } : {}),
        // The stage proofs stay in the sewing record; the engine reads where each stage happened.
        stages: trim.stages
          .filter((stage) => isStageName(stage.stage))
          .map((stage) => ({ stage: stage.stage as StageName, country: stage.country })),
        ...(weightKg !== undefined && weightKg > 0 ? { weightKg: round(weightKg) } : {}),
        ...(trim.value
          ? { value: { amount: round(trim.value.amount * perGarment), currency: "USD" as const } }
          : {}),
        originating: [],
      });
    }
  }

  // The export: the subject itself when it is a shipment to a buyer.
  const exportShipment = subject.shipment && !subject.shipment.toFacility ? subject.shipment : null;
  let importingCountry = request.importingCountry;
  const destination = exportShipment?.destinationCountry ?? exportShipment?.buyer?.country ?? null;
  if (destination) {
    if (importingCountry && importingCountry !== destination)
      throw new ProvenanceConflictError("importingCountry", importingCountry, destination);
    importingCountry = destination;
  }
  if (!importingCountry) missing.push("importingCountry");
  let date = request.date;
  const shippedOn = exportShipment ? subject.occurredAt?.slice(0, 10) : undefined;
  if (shippedOn) {
    if (date && date !== shippedOn) throw new ProvenanceConflictError("date", date, shippedOn);
    date = shippedOn;
  }

  const exportingCountry = exportingCountries[0] ?? "";
  if (!firstSewing) missing.push("product");
  if (!exportingCountry) missing.push("exportingCountry");

  const facts: OriginFactsInput = {
    fta: request.fta,
    exportingCountry,
    importingCountry: importingCountry ?? "",
    ...(date ? { date } : {}),
    product: {
      hsCode: product?.hsCode ?? "",
      description: product?.description ?? "",
      ...(construction ? { construction } : {}),
      ...(exWorks !== undefined
        ? { exWorksPrice: { amount: round(exWorks), currency: "USD" as const } }
        : {}),
    },
    processes,
    materials,
  };

  const exporterLot = subject.shipment ? subject.shipment.from : firstSewing?.recordedBy;
  return {
    facts,
    missing,
    subject: {
      id: subject.id,
      kind: subject.kind,
      operation: subject.operation,
      quantity: subject.quantity,
      unit: subject.unit,
      gtin: product?.gtin ?? null,
      description: product?.description ?? subject.description,
      garmentBatches: sewings.map(({ lot }) => lot.id),
      exporter: exporterLot ?? null,
      producer: firstSewing?.recordedBy ?? null,
      buyer: exportShipment?.buyer ?? null,
      invoiceNumber: exportShipment?.invoiceNumber ?? null,
      destinationCountry: destination,
      shippedAt: exportShipment ? subject.occurredAt : null,
      fabricLots,
    },
  };
}
