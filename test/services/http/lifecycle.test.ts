import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventAcceptedSchema } from "../../../services/http/schemas/events";
import { DocumentStoredSchema } from "../../../services/http/schemas/documents";
import { FacilityRegisteredSchema, FacilitySchema } from "../../../services/http/schemas/facilities";
import { LotSchema, ProvenanceSchema } from "../../../services/http/schemas/lots";
import { getRecord } from "../../../services/records/index";
import {
  cutting,
  fabricLot,
  fileForm,
  OPERATOR_KEY,
  samplePdf,
  sewing,
  startTestService,
} from "../../support/api-harness";
import type { Json, TestService } from "../../support/api-harness";

describe("the life of a garment through the API", () => {
  let t: TestService;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers /healthz once ready and serves the OpenAPI document", async () => {
    const health = await t.call("GET", "/healthz");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", chainId: 31337 });
    const openapi = await t.call("GET", "/api/v1/openapi.json");
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(["/api/v1/facilities", "/api/v1/events/sewings", "/api/v1/provenance/{id}"]),
    );
    expect(openapi.body.components.schemas.FabricLotEvent.required).toEqual(
      expect.arrayContaining(["id", "composition", "quantity", "supplier", "occurredAt"]),
    );
  });

  it("registers facilities with the operator key and returns each API key once", async () => {
    for (const [id, name, country, roles] of [
      ["mill-hanoi", "Hanoi Knitting Mill", "VN", ["fabric", "shipping"]],
      ["garment-thai-nguyen", "Thai Nguyen Garment", "VN", ["fabric", "cutting", "sewing", "shipping"]],
      ["export-haiphong", "Haiphong Export Warehouse", "VN", ["shipping"]],
    ] as const) {
      const answer = await t.call("POST", "/api/v1/facilities", {
        key: OPERATOR_KEY,
        body: {
          id,
          name,
          country,
          roles,
          gtinPrefixes: ["8938505", "9506000", "00000963", "4006381", "5901234", "9780306"],
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toMatchObject({ id, name, country, roles: [...roles].sort() });
      expect(answer.body.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(answer.body.metadataCid).toMatch(/^bafkrei/);
      keys[id] = answer.body.apiKey;
    }
    const facility = await t.call("GET", "/api/v1/facilities/garment-thai-nguyen");
    expect(facility.status).toBe(200);
    expect(facility.body).toMatchObject({
      id: "garment-thai-nguyen",
      name: "Thai Nguyen Garment",
      country: "VN",
    });
    expect(JSON.stringify(facility.body)).not.toContain(keys["garment-thai-nguyen"]!);
    // The metadata record in IPFS is what the chain's digest names.
    const metadata = await getRecord(t.service.store, facility.body.metadataCid);
    expect(metadata.record).toMatchObject({ type: "facility", id: "garment-thai-nguyen", country: "VN" });
  });

  it("walks fabric → cutting → sewing → transfer → export, and reads lots and provenance", async () => {
    const factory = keys["garment-thai-nguyen"]!;
    const pdf = samplePdf("Hanil mill certificate");
    const uploaded = await t.call("POST", "/api/v1/documents", {
      key: factory,
      rawBody: fileForm(pdf, "application/pdf", { type: "supplier-certificate" }),
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({
      sha256: createHash("sha256").update(pdf).digest("hex"),
      size: pdf.length,
      mediaType: "application/pdf",
      type: "supplier-certificate",
    });
    expect(Buffer.from(await t.service.store.get(uploaded.body.cid)).equals(Buffer.from(pdf))).toBe(true);

    const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: factory,
      body: fabricLot("FL-0001", {
        documents: [{ type: "supplier-certificate", cid: uploaded.body.cid }],
        originating: [{ fta: "EVFTA", basis: "EU-KR FTA origin declaration", proofCid: uploaded.body.cid }],
      }),
    });
    expect(fabric.status, JSON.stringify(fabric.body)).toBe(201);
    expect(fabric.body).toMatchObject({ id: "FL-0001", txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(fabric.body.blockNumber).toBeGreaterThan(0);
    // The record in IPFS is canonical JSON naming the facility and carrying the document's hash.
    const record = await getRecord<Json>(t.service.store, fabric.body.recordCid);
    expect(record.record).toMatchObject({
      type: "fabric-lot",
      id: "FL-0001",
      facilityId: "garment-thai-nguyen",
    });
    expect(record.record.documents[0]).toMatchObject({
      cid: uploaded.body.cid,
      sha256: uploaded.body.sha256,
    });
    // ...and the chain holds its digest.
    const onChain = await t.service.ledger.getLot("FL-0001");
    expect(onChain).toMatchObject({ kind: "fabric", quantity: 1200, remaining: 1200, unit: "m" });

    const cut = await t.call("POST", "/api/v1/events/cuttings", {
      key: factory,
      body: cutting("CUT-0001", "FL-0001"),
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);
    const sew = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: sewing("SEW-0001", "CUT-0001"),
    });
    expect(sew.status, JSON.stringify(sew.body)).toBe(201);
    expect(await t.service.ledger.garmentsRoot("SEW-0001")).toMatch(/^0x[0-9a-f]{64}$/);

    const transfer = await t.call("POST", "/api/v1/events/shipments", {
      key: factory,
      body: {
        id: "TR-0001",
        inputs: [{ lotId: "SEW-0001", quantity: { amount: 1000, unit: "pcs" } }],
        toFacilityId: "export-haiphong",
        occurredAt: "2026-03-04T08:00:00Z",
      },
    });
    expect(transfer.status, JSON.stringify(transfer.body)).toBe(201);

    // The receiving facility now holds TR-0001 and exports part of it to a buyer.
    const exported = await t.call("POST", "/api/v1/events/shipments", {
      key: keys["export-haiphong"],
      body: {
        id: "SHP-0001",
        inputs: [{ lotId: "TR-0001", quantity: { amount: 800, unit: "pcs" } }],
        buyer: { name: "Nordwind GmbH", country: "DE" },
        destinationCountry: "DE",
        invoiceNumber: "INV-2026-114",
        occurredAt: "2026-03-05T08:00:00Z",
      },
    });
    expect(exported.status, JSON.stringify(exported.body)).toBe(201);

    const fabricLotView = await t.call("GET", "/api/v1/lots/FL-0001");
    expect(fabricLotView.status).toBe(200);
    expect(fabricLotView.body).toMatchObject({
      id: "FL-0001",
      kind: "fabric",
      quantity: 1200,
      remaining: 900,
      unit: "m",
      facility: { id: "garment-thai-nguyen", name: "Thai Nguyen Garment", country: "VN" },
      fabric: {
        supplier: { name: "Hanil Textile", country: "KR" },
        hsCode: "6006.21",
        originating: [{ fta: "EVFTA", proofCid: uploaded.body.cid }],
      },
      documents: [{ type: "supplier-certificate", cid: uploaded.body.cid, mediaType: "application/pdf" }],
      consumedBy: [{ lotId: "CUT-0001", quantity: 300 }],
    });

    const transferView = await t.call("GET", "/api/v1/lots/TR-0001");
    expect(transferView.body).toMatchObject({
      kind: "garment-batch",
      operation: "shipment",
      quantity: 1000,
      remaining: 200,
      facility: { id: "export-haiphong" },
      recordedBy: { id: "garment-thai-nguyen" },
      shipment: { from: { id: "garment-thai-nguyen" }, toFacility: { id: "export-haiphong" } },
    });
    const sewingView = await t.call("GET", "/api/v1/lots/SEW-0001");
    expect(sewingView.body).toMatchObject({
      kind: "garment-batch",
      remaining: 200,
      sewing: {
        product: { gtin: "08938505974019", hsCode: "6109.10", construction: "cut-and-sewn" },
        garmentCount: 1200,
        trims: [{ description: "buttons", originCountry: "CN" }],
      },
    });
    expect(sewingView.body.sewing.garmentsRoot).toBe(await t.service.ledger.garmentsRoot("SEW-0001"));

    // Public reads of the cited document (sandboxed) and of the record, checked against its digest.
    const document = await fetch(`${t.service.url}/api/v1/documents/${uploaded.body.cid}`);
    expect(document.status).toBe(200);
    expect(document.headers.get("content-type")).toBe("application/pdf");
    expect(document.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await document.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    const publicRecord = await t.call("GET", `/api/v1/records/${fabric.body.recordCid}`);
    expect(publicRecord.body).toEqual(record.record);
    // A document's CID is not a record, and a record's CID is not a document.
    expect((await t.call("GET", `/api/v1/records/${uploaded.body.cid}`)).status).toBe(404);
    expect((await t.call("GET", `/api/v1/documents/${fabric.body.recordCid}`)).status).toBe(404);

    const provenance = await t.call("GET", "/api/v1/provenance/SHP-0001");
    expect(provenance.status).toBe(200);
    expect(provenance.body.subject).toBe("SHP-0001");
    expect(provenance.body.nodes.map((node: { id: string }) => node.id)).toEqual([
      "SHP-0001",
      "TR-0001",
      "SEW-0001",
      "CUT-0001",
      "FL-0001",
    ]);
    expect(provenance.body.edges).toEqual(
      expect.arrayContaining([
        { from: "TR-0001", to: "SHP-0001", quantity: 800, unit: "pcs", role: null },
        { from: "SEW-0001", to: "TR-0001", quantity: 1000, unit: "pcs", role: null },
        { from: "CUT-0001", to: "SEW-0001", quantity: 2400, unit: "pcs", role: null },
        { from: "FL-0001", to: "CUT-0001", quantity: 300, unit: "m", role: "main-fabric" },
      ]),
    );
    const shipmentNode = provenance.body.nodes[0];
    expect(shipmentNode).toMatchObject({
      kind: "shipment",
      facility: { id: "export-haiphong", name: "Haiphong Export Warehouse", country: "VN" },
      shipment: { buyer: { name: "Nordwind GmbH", country: "DE" }, destinationCountry: "DE" },
    });
  });

  it("refuses to consume more than remains, naming requested and available", async () => {
    const answer = await t.call("POST", "/api/v1/events/cuttings", {
      key: keys["garment-thai-nguyen"],
      body: cutting("CUT-0002", "FL-0001", 5000),
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: "INSUFFICIENT_QUANTITY",
      details: { lotId: "FL-0001", requested: 5000, available: 900, unit: "m" },
    });
    expect(await t.service.ledger.getLot("CUT-0002")).toBeNull();
  });

  it("suspends and reinstates a facility; a suspended facility cannot record", async () => {
    const suspend = await t.call("POST", "/api/v1/facilities/mill-hanoi/suspend", { key: OPERATOR_KEY });
    expect(suspend.status).toBe(200);
    expect(suspend.body).toMatchObject({ id: "mill-hanoi", suspended: true });
    const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: keys["mill-hanoi"],
      body: fabricLot("FL-SUSP"),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FACILITY_SUSPENDED");
    expect(
      (await t.call("POST", "/api/v1/facilities/mill-hanoi/reinstate", { key: OPERATOR_KEY })).status,
    ).toBe(200);
    const accepted = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: keys["mill-hanoi"],
      body: fabricLot("FL-SUSP"),
    });
    expect(accepted.status).toBe(201);
  });

  it("registers a certifier with a key that cannot post events", async () => {
    const certifier = await t.call("POST", "/api/v1/certifiers", {
      key: OPERATOR_KEY,
      body: { id: "vcci-hcm", name: "VCCI Ho Chi Minh City" },
    });
    expect(certifier.status).toBe(201);
    const refused = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: certifier.body.apiKey,
      body: fabricLot("FL-CERT"),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
  });

  it("answers in the shapes its OpenAPI document declares", async () => {
    const facility = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: { id: "shape-check", name: "Shape Check", country: "VN", roles: ["fabric"] },
    });
    expect(FacilityRegisteredSchema.safeParse(facility.body).error).toBeUndefined();
    expect(
      FacilitySchema.safeParse((await t.call("GET", "/api/v1/facilities/shape-check")).body).error,
    ).toBeUndefined();
    const document = await t.call("POST", "/api/v1/documents", {
      key: facility.body.apiKey,
      rawBody: fileForm(new TextEncoder().encode("fibre,percent\ncotton,100\n"), "text/csv"),
    });
    expect(DocumentStoredSchema.safeParse(document.body).error).toBeUndefined();
    const fabric = await t.call("POST", "/api/v1/events/fabric-lots", {
      key: facility.body.apiKey,
      body: fabricLot("FL-SHAPE", { documents: [{ type: "composition", cid: document.body.cid }] }),
    });
    expect(EventAcceptedSchema.safeParse(fabric.body).error).toBeUndefined();
    for (const id of ["FL-SHAPE", "SEW-0001", "TR-0001", "SHP-0001"]) {
      expect(LotSchema.safeParse((await t.call("GET", `/api/v1/lots/${id}`)).body).error, id).toBeUndefined();
    }
    expect(
      ProvenanceSchema.safeParse((await t.call("GET", "/api/v1/provenance/SHP-0001")).body).error,
    ).toBeUndefined();
  });
});
