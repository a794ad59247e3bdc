/**
 * The derivation of OriginFacts from a provenance graph (pure): apportioned weights and values, roles,
 * transfers, merged paths, missing facts, construction stages, and the conflicts it refuses.
 */
import { describe, expect, it } from "vitest";
import type { Hex } from "../../../services/chain/ledger";
import { hasCode } from "../../../services/errors/index";
import type { ErrorCode } from "../../../services/errors/index";
import type { LotView, ProvenanceGraph } from "../../../services/read-model/queries";
import { deriveOriginFacts } from "../../../services/assessments/derive-facts";
import { originFactsSchema } from "../../../services/origin/facts";

const VN = { id: "garment-tn", name: "Thai Nguyen Garment", country: "VN" };
const HEX = `0x${"ab".repeat(32)}` as Hex;

function lot(
  id: string,
  partial: Partial<LotView> & Pick<LotView, "kind" | "operation" | "quantity" | "unit">,
): LotView {
  return {
    id,
    lotKey: HEX,
    remaining: 0,
    facility: VN,
    recordedBy: VN,
    description: null,
    occurredAt: "2026-03-05T08:00:00Z",
    recordedAt: "2026-03-05T08:00:01Z",
    record: {
      cid: `bafkrei${id
        .toLowerCase()
        .replace(/[^a-z2-7]/g, "a")
        .padEnd(52, "a")}`,
      digest: HEX,
      available: true,
    },
    chain: { txHash: HEX, blockNumber: 1 },
    documents: [],
    inputs: [],
    consumedBy: [],
    ...partial,
  };
}

function fabric(
  id: string,
  extra: Partial<NonNullable<LotView["fabric"]>> = {},
  partial: Partial<LotView> = {},
): LotView {
  return lot(id, {
    kind: "fabric",
    operation: "fabric-lot",
    quantity: 1000,
    unit: "m",
    description: `fabric ${id}`,
    fabric: {
      hsCode: "6006.21",
      composition: [{ fibre: "cotton", percent: 100 }],
      weightKg: 200,
      value: { amount: 2000, currency: "USD" },
      supplier: { name: "Mill", country: "VN" },
      stages: [
        { stage: "spinning", country: "VN" },
        { stage: "fabric-formation", country: "VN" },
      ],
      originating: [],
      ...extra,
    },
    ...partial,
  });
}

const input = (lotId: string, quantity: number, unit: LotView["unit"], role: string | null = null) => ({
  lotId,
  quantity,
  unit,
  role,
});

function sewingLot(
  id: string,
  inputs: LotView["inputs"],
  product: Partial<NonNullable<LotView["sewing"]>["product"]> = {},
  quantity = 100,
): LotView {
  return lot(id, {
    kind: "garment-batch",
    operation: "sewing",
    quantity,
    unit: "pcs",
    inputs,
    sewing: {
      product: {
        gtin: "08938505974019",
        hsCode: "6109.10",
        description: "T-shirt",
        construction: "cut-and-sewn",
        exWorksPrice: { amount: 5, currency: "USD" },
        ...product,
      },
      garmentCount: quantity,
      garmentsRoot: HEX,
      manifestCid: null,
      trims: [
        {
          description: "label",
          hsCode: "5807.10",
          role: "trim",
          originCountry: "CN",
          weightKg: 0.1,
          value: { amount: 20, currency: "USD" },
          stages: [],
        },
      ],
    },
  });
}

const graph = (...nodes: LotView[]): ProvenanceGraph => ({ subject: nodes[0]!.id, nodes, edges: [] });

describe("deriveOriginFacts", () => {
  it("apportions each fabric by the quantities consumed, per role, and divides trims per garment", () => {
    // 100 garments from 200 cut pieces; the cutting used 50 m of body fabric and 10 m of pocketing.
    const derived = deriveOriginFacts(
      graph(
        sewingLot("SEW", [input("CUT", 200, "pcs")]),
        lot("CUT", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 200,
          unit: "pcs",
          inputs: [input("BODY", 50, "m", "main-fabric"), input("POCKET", 10, "m", "pocketing")],
        }),
        fabric("BODY"),
        fabric("POCKET", {
          hsCode: "5208.21",
          supplier: { name: "CN mill", country: "CN" },
          stages: [{ stage: "fabric-formation", country: "CN" }],
        }),
      ),
      { fta: "EVFTA", importingCountry: "DE", date: "2026-03-05" },
    );
    expect(derived.missing).toEqual([]);
    const facts = originFactsSchema.parse(derived.facts);
    expect(facts.processes).toEqual([
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: "VN" },
    ]);
    expect(facts.materials.map((m) => [m.role, m.hsCode, m.originCountry])).toEqual([
      ["main-fabric", "600621", "VN"],
      ["pocketing", "520821", "CN"],
      ["trim", "580710", "CN"],
    ]);
    // 0.5 m of a 1000 m, 200 kg, USD 2000 lot per garment.
    expect(facts.materials[0]).toMatchObject({
      weightKg: 0.1,
      value: { amount: 1, currency: "USD" },
      elastomeric: false,
    });
    expect(facts.materials[1]).toMatchObject({ weightKg: 0.02, value: { amount: 0.2 } });
    expect(facts.materials[2]).toMatchObject({ weightKg: 0.001, value: { amount: 0.2 } });
    expect(derived.subject.fabricLots).toEqual([
      { lotId: "BODY", role: "main-fabric", amountPerGarment: 0.5, unit: "m" },
      { lotId: "POCKET", role: "pocketing", amountPerGarment: 0.1, unit: "m" },
    ]);
  });

  it("passes a trim's recorded stages into the facts, without their proof CIDs, and leaves out unknown stages", () => {
    const sewing = sewingLot("SEW", [input("CUT", 200, "pcs")]);
    sewing.sewing!.trims = [
      {
        description: "polyester sewing thread",
        hsCode: "5401.10",
        role: "sewing-thread",
        originCountry: "VN",
        weightKg: null,
        value: null,
        stages: [
          {
            stage: "spinning",
            country: "VN",
            proofCid: "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
          },
          { stage: "twisting", country: "CN" },
          { stage: "finishing", country: "VN" },
        ],
      },
    ];
    const derived = deriveOriginFacts(
      graph(
        sewing,
        lot("CUT", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 200,
          unit: "pcs",
          inputs: [input("BODY", 50, "m", "main-fabric")],
        }),
        fabric("BODY"),
      ),
      { fta: "CPTPP", importingCountry: "JP", date: "2026-03-05" },
    );
    const facts = originFactsSchema.parse(derived.facts);
    expect(facts.materials[1]).toMatchObject({
      role: "sewing-thread",
      stages: [
        { stage: "spinning", country: "VN" },
        { stage: "finishing", country: "VN" },
      ],
    });
  });

  it("walks through transfers and merges a fabric reached by two cuttings", () => {
    const derived = deriveOriginFacts(
      graph(
        lot("SHP", {
          kind: "shipment",
          operation: "shipment",
          quantity: 50,
          unit: "pcs",
          occurredAt: "2026-04-02T10:00:00Z",
          inputs: [input("SEW", 50, "pcs")],
          shipment: {
            from: VN,
            toFacility: null,
            buyer: { name: "Buyer", country: "JP" },
            destinationCountry: "JP",
            invoiceNumber: "INV-1",
          },
        }),
        sewingLot("SEW", [input("CUT-A", 100, "pcs"), input("CUT-B", 100, "pcs")]),
        lot("CUT-A", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 100,
          unit: "pcs",
          inputs: [input("TR", 20, "m", "main-fabric")],
        }),
        lot("CUT-B", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 100,
          unit: "pcs",
          inputs: [input("TR", 30, "m", "main-fabric")],
        }),
        lot("TR", {
          kind: "fabric",
          operation: "shipment",
          quantity: 400,
          unit: "m",
          inputs: [input("FL", 400, "m")],
        }),
        fabric("FL"),
      ),
      { fta: "CPTPP" },
    );
    expect(derived.missing).toEqual([]);
    expect(derived.facts).toMatchObject({ importingCountry: "JP", date: "2026-04-02" });
    expect(derived.facts.materials).toHaveLength(2);
    // (20 + 30) m for 100 garments.
    expect(derived.subject.fabricLots).toEqual([
      { lotId: "FL", role: "main-fabric", amountPerGarment: 0.5, unit: "m" },
    ]);
    expect(derived.subject).toMatchObject({
      invoiceNumber: "INV-1",
      buyer: { country: "JP" },
      garmentBatches: ["SEW"],
    });
  });

  it("reads weight from a fabric counted in kg, elastane by name, and knitted-to-shape stages", () => {
    const derived = deriveOriginFacts(
      graph(
        sewingLot("SEW", [input("CUT", 100, "pcs")], { construction: "whole-garment", hsCode: "6110.20" }),
        lot("CUT", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 100,
          unit: "pcs",
          inputs: [input("YARN", 30, "kg", "yarn")],
        }),
        fabric(
          "YARN",
          {
            hsCode: "5205.12",
            weightKg: null,
            composition: [
              { fibre: "cotton", percent: 97 },
              { fibre: "Elastane", percent: 3 },
            ],
          },
          { unit: "kg", quantity: 500 },
        ),
      ),
      { fta: "EVFTA", importingCountry: "FR", date: "2026-03-05" },
    );
    expect(derived.facts.processes).toEqual([
      { stage: "knit-to-shape", country: "VN" },
      { stage: "assembly", country: "VN" },
    ]);
    expect(derived.facts.materials![0]).toMatchObject({ role: "yarn", weightKg: 0.3, elastomeric: true });
  });

  it("names the facts the records do not give", () => {
    const derived = deriveOriginFacts(
      graph(
        sewingLot("SEW", [input("CUT", 100, "pcs")]),
        lot("CUT", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 100,
          unit: "pcs",
          inputs: [input("FL", 10, "m")],
        }),
        fabric("FL", { hsCode: null }),
      ),
      { fta: "CPTPP" },
    );
    expect(derived.missing).toEqual(["materials[0].role", "materials[0].hsCode", "importingCountry"]);
    expect(derived.facts.date).toBeUndefined();
  });

  it("refuses a fabric lot as subject, mixed products, and a request that contradicts the shipment", () => {
    const refusal = (fn: () => unknown, code: ErrorCode) => {
      try {
        fn();
      } catch (error) {
        expect(hasCode(error, code), String(error)).toBe(true);
        return;
      }
      throw new Error(`expected ${code}`);
    };
    refusal(() => deriveOriginFacts(graph(fabric("FL")), { fta: "CPTPP" }), "INVALID_ORIGIN_SUBJECT");
    refusal(
      () =>
        deriveOriginFacts(
          graph(
            lot("SHP", {
              kind: "shipment",
              operation: "shipment",
              quantity: 20,
              unit: "pcs",
              inputs: [input("S1", 10, "pcs"), input("S2", 10, "pcs")],
            }),
            sewingLot("S1", []),
            sewingLot("S2", [], { hsCode: "6203.42" }),
          ),
          { fta: "EVFTA", importingCountry: "DE" },
        ),
      "MIXED_PRODUCTS",
    );
    const toJapan = lot("SHP", {
      kind: "shipment",
      operation: "shipment",
      quantity: 10,
      unit: "pcs",
      inputs: [input("S1", 10, "pcs")],
      shipment: { from: VN, toFacility: null, buyer: null, destinationCountry: "JP", invoiceNumber: null },
    });
    refusal(
      () => deriveOriginFacts(graph(toJapan, sewingLot("S1", [])), { fta: "CPTPP", importingCountry: "CA" }),
      "CONFLICTS_WITH_PROVENANCE",
    );
    refusal(
      () => deriveOriginFacts(graph(toJapan, sewingLot("S1", [])), { fta: "CPTPP", date: "2026-01-01" }),
      "CONFLICTS_WITH_PROVENANCE",
    );
  });

  it("takes the exporting country from the sewing facility registered on chain, not from the fabric's records", () => {
    const inThailand = { id: "th-sewing", name: "TH", country: "TH" };
    const derived = deriveOriginFacts(
      graph(
        { ...sewingLot("SEW", [input("CUT", 100, "pcs")]), recordedBy: inThailand, facility: inThailand },
        lot("CUT", {
          kind: "cut-bundles",
          operation: "cutting",
          quantity: 100,
          unit: "pcs",
          inputs: [input("FL", 10, "m", "main-fabric")],
        }),
        fabric("FL"),
      ),
      { fta: "ATIGA", importingCountry: "VN", date: "2026-03-05" },
    );
    expect(derived.facts.exportingCountry).toBe("TH");
    expect(derived.facts.processes).toEqual([
      { stage: "cutting", country: "VN" },
      { stage: "sewing", country: "TH" },
    ]);
  });
});
