/**
 * The demo supply chain `npm start` seeds on a fresh data dir, through the service's public API only (the same
 * calls a factory's ERP would make): a Vietnamese spinning-and-knitting mill, a Korean fabric supplier with an
 * EU–Korea origin declaration, a Chinese weaver; a cutting room and a sewing factory in Thai Nguyen and a
 * subcontracted sewing line in Song Cong; garment batches shipped to Japan (CPTPP), Germany (EVFTA) and
 * Australia (RCEP and AANZFTA); origin certificates issued where the rules allow and refused where they do not.
 */
import { buildDigitalLink } from "../labels/index";
import { garmentCode } from "../garments";
import { renderDemoPdf, type DemoDocument } from "./documents";
import { productPhotoPng, type GarmentShape } from "./product-photo";

export interface SeedParameters {
  /** The running service, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** The host printed inside QR codes (PUBLIC_BASE_URL); defaults to baseUrl. */
  publicBaseUrl?: string;
  operatorApiKey: string;
  /** The secret behind garment authentication codes (services/garments `loadGarmentSecret`). */
  garmentSecret: Buffer;
  log?: (line: string) => void;
}

export interface SeededGarment {
  description: string;
  fta: string;
  url: string;
}

/** An API key the seed created, so a newcomer can try each role. */
export interface SeededKey {
  role: "facility" | "certifier";
  id: string;
  name: string;
  apiKey: string;
}

export interface SeedResult {
  facilities: number;
  events: number;
  documents: number;
  garments: SeededGarment[];
  certificates: {
    subjectId: string;
    fta: string;
    importingCountry?: string;
    outcome: "issued" | "refused";
    detail: string;
    url?: string;
    /** The proof of origin an issued certificate stands for ("Origin declaration"). */
    proof?: string;
  }[];
  keys: SeededKey[];
}

/** A demo call failed: names the step, the status and the API's error code. */
export class DemoSeedError extends Error {}

type Json = Record<string, unknown>;

const FACILITIES = [
  {
    id: "vn-hanoi-knit-mill",
    name: "Hanoi Spinning & Knitting Mill",
    country: "VN",
    roles: ["fabric", "shipping"],
  },
  // Facilities abroad keep their own clocks: the buyer's page shows their steps in their zones.
  {
    id: "kr-hanil-textile",
    name: "Hanil Textile Co.",
    country: "KR",
    roles: ["fabric", "shipping"],
    timeZone: "Asia/Seoul",
  },
  {
    id: "cn-jiangsu-weaving",
    name: "Jiangsu Weaving Co.",
    country: "CN",
    roles: ["fabric", "shipping"],
    timeZone: "Asia/Shanghai",
  },
  { id: "tng-cutting", name: "Thai Nguyen Cutting Room", country: "VN", roles: ["cutting", "shipping"] },
  { id: "tng-sewing", name: "Thai Nguyen Garment Factory", country: "VN", roles: ["sewing", "shipping"] },
  {
    id: "song-cong-line",
    name: "Song Cong Sewing Line (subcontractor)",
    country: "VN",
    roles: ["sewing", "shipping"],
  },
] as const;

type FacilityId = (typeof FACILITIES)[number]["id"];

/** GTINs under Viet Nam's GS1 prefix 893, with their check digits. */
const GTINS = { tshirt: "08938505974019", trousers: "08938505974026", shirt: "08938505974033" };

/** The brand's GS1 company prefix: both sewing facilities make its products, so the operator licenses both. */
const BRAND_PREFIX = "8938505";

const usd = (amount: number) => ({ amount, currency: "USD" });

/**
 * Seeds the demo chain. Call it only on an empty service: facility API keys are shown once, so a half-done seed
 * cannot be resumed (start again with a fresh data dir).
 */
export async function seedDemo(params: SeedParameters): Promise<SeedResult> {
  const log = params.log ?? (() => {});
  const keys = new Map<string, string>();
  const result: SeedResult = {
    facilities: 0,
    events: 0,
    documents: 0,
    garments: [],
    certificates: [],
    keys: [],
  };
  // Every link the seed prints uses the public host, as QR codes and credentials do.
  const linkBase = params.publicBaseUrl ?? params.baseUrl;

  async function call(
    step: string,
    method: string,
    path: string,
    key: string,
    body?: Json | FormData,
  ): Promise<Json> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      "idempotency-key": `demo:${step}`,
    };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${params.baseUrl}${path}`, { method, headers, body: payload });
    const answer = (await response.json().catch(() => ({}))) as Json;
    if (!response.ok) {
      const error = answer.error as { code?: string; message?: string } | undefined;
      throw new DemoSeedError(
        `demo step '${step}' failed: ${response.status} ${error?.code ?? ""} ${error?.message ?? ""}`,
      );
    }
    return answer;
  }

  const facilityKey = (id: FacilityId) => keys.get(id) as string;

  async function upload(
    facility: FacilityId,
    type: string,
    document: DemoDocument,
  ): Promise<{ type: string; cid: string }> {
    const form = new FormData();
    form.append("type", type);
    form.append(
      "file",
      new Blob([new Uint8Array(await renderDemoPdf(document))], { type: "application/pdf" }),
      `${document.reference}.pdf`,
    );
    const answer = await call(
      `document:${document.reference}`,
      "POST",
      "/api/v1/documents",
      facilityKey(facility),
      form,
    );
    result.documents++;
    return { type, cid: answer.cid as string };
  }

  /** Uploads a product photo drawn in code, for the buyer's page of the batch that cites it. */
  async function uploadPhoto(
    facility: FacilityId,
    reference: string,
    shape: GarmentShape,
    colour: readonly [number, number, number],
  ): Promise<{ type: string; cid: string }> {
    const form = new FormData();
    form.append("type", "product-image");
    form.append(
      "file",
      new Blob([new Uint8Array(productPhotoPng(shape, colour))], { type: "image/png" }),
      `${reference}.png`,
    );
    const answer = await call(`photo:${reference}`, "POST", "/api/v1/documents", facilityKey(facility), form);
    result.documents++;
    return { type: "product-image", cid: answer.cid as string };
  }

  async function event(facility: FacilityId, kind: string, body: Json): Promise<void> {
    await call(`${kind}:${String(body.id)}`, "POST", `/api/v1/events/${kind}`, facilityKey(facility), body);
    result.events++;
  }

  const transfer = (
    facility: FacilityId,
    id: string,
    lotId: string,
    amount: number,
    unit: string,
    to: FacilityId,
    date: string,
  ) =>
    event(facility, "shipments", {
      id,
      inputs: [{ lotId, quantity: { amount, unit } }],
      toFacilityId: to,
      occurredAt: date,
    });

  log("registering facilities and a certifier");
  for (const facility of FACILITIES) {
    const answer = await call(
      `facility:${facility.id}`,
      "POST",
      "/api/v1/facilities",
      params.operatorApiKey,
      {
        ...facility,
        roles: [...facility.roles],
        ...((facility.roles as readonly string[]).includes("sewing") ? { gtinPrefixes: [BRAND_PREFIX] } : {}),
      },
    );
    keys.set(facility.id, answer.apiKey as string);
    result.keys.push({
      role: "facility",
      id: facility.id,
      name: facility.name,
      apiKey: answer.apiKey as string,
    });
    result.facilities++;
  }
  const certifier = await call("certifier", "POST", "/api/v1/certifiers", params.operatorApiKey, {
    id: "vcci-hanoi",
    name: "VCCI Ha Noi (origin certification)",
  });
  const certifierKey = certifier.apiKey as string;
  result.keys.push({
    role: "certifier",
    id: "vcci-hanoi",
    name: "VCCI Ha Noi (origin certification)",
    apiKey: certifierKey,
  });

  log("recording fabric lots with their supplier documents");
  const millCertificate = await upload("vn-hanoi-knit-mill", "mill-certificate", {
    title: "Mill certificate — cotton single jersey",
    issuer: "Hanoi Spinning & Knitting Mill",
    reference: "HKM-2026-0912",
    date: "2026-09-12",
    lines: [
      ["Fabric", "100% cotton single jersey, 180 g/m², HS 6006.21"],
      ["Yarn", "Ne 30/1 combed cotton ring-spun in Ha Noi, Viet Nam"],
      ["Knitting", "Circular knitting, Ha Noi, Viet Nam"],
      ["Fibre", "US upland cotton"],
      ["Quantity", "3,000 m (540 kg)"],
    ],
  });
  await event("vn-hanoi-knit-mill", "fabric-lots", {
    id: "FL-VN-JERSEY-01",
    description: "cotton single jersey 180 gsm, reactive dyed navy",
    hsCode: "6006.21",
    composition: [{ fibre: "cotton", percent: 100 }],
    quantity: { amount: 3000, unit: "m" },
    weightKg: 540,
    value: usd(9000),
    supplier: { name: "Hanoi Spinning & Knitting Mill", country: "VN" },
    stages: [
      { stage: "fibre", country: "US" },
      { stage: "spinning", country: "VN" },
      { stage: "fabric-formation", country: "VN" },
      { stage: "dyeing", country: "VN" },
    ],
    occurredAt: "2026-09-12T08:00:00Z",
    documents: [millCertificate],
  });

  const euKoreaProof = await upload("kr-hanil-textile", "origin-declaration", {
    title: "Origin declaration (EU–Korea FTA)",
    issuer: "Hanil Textile Co., Daegu",
    reference: "HANIL-OD-2026-077",
    date: "2026-09-10",
    lines: [
      ["Goods", "Cotton twill, 98% cotton 2% elastane, 260 g/m², HS 5209.32"],
      ["Quantity", "2,000 m (700 kg)"],
      ["Approved exporter", "KR-AE-4471-2019"],
    ],
    statement:
      "The exporter of the products covered by this document (customs authorisation No KR-AE-4471-2019) declares " +
      "that, except where otherwise clearly indicated, these products are of Korean preferential origin " +
      "(made out as if exported from Korea to the European Union, for cumulation under Article 3(7) of " +
      "Protocol 1 to the Viet Nam–EU FTA). Daegu, 10 September 2026.",
  });
  await event("kr-hanil-textile", "fabric-lots", {
    id: "FL-KR-TWILL-01",
    description: "cotton stretch twill 260 gsm, piece dyed khaki",
    hsCode: "5209.32",
    composition: [
      { fibre: "cotton", percent: 98 },
      { fibre: "elastane", percent: 2, elastomeric: true },
    ],
    quantity: { amount: 2000, unit: "m" },
    weightKg: 700,
    value: usd(11000),
    supplier: { name: "Hanil Textile Co.", country: "KR" },
    stages: [
      { stage: "spinning", country: "KR" },
      { stage: "fabric-formation", country: "KR" },
      { stage: "dyeing", country: "KR" },
    ],
    originating: [{ fta: "EVFTA", basis: "EU–Korea FTA origin declaration", proofCid: euKoreaProof.cid }],
    occurredAt: "2026-09-10T08:00:00Z",
    documents: [euKoreaProof],
  });

  const poplinInvoice = await upload("cn-jiangsu-weaving", "commercial-invoice", {
    title: "Commercial invoice",
    issuer: "Jiangsu Weaving Co., Nantong",
    reference: "JSW-INV-26-3381",
    date: "2026-09-08",
    lines: [
      ["Goods", "Cotton poplin, 100% cotton, 110 g/m², bleached, HS 5208.21"],
      ["Quantity", "2,500 m (300 kg)"],
      ["Amount", "USD 5,000.00 FOB Shanghai"],
    ],
  });
  await event("cn-jiangsu-weaving", "fabric-lots", {
    id: "FL-CN-POPLIN-01",
    description: "cotton poplin 110 gsm, bleached white",
    hsCode: "5208.21",
    composition: [{ fibre: "cotton", percent: 100 }],
    quantity: { amount: 2500, unit: "m" },
    weightKg: 300,
    value: usd(5000),
    supplier: { name: "Jiangsu Weaving Co.", country: "CN" },
    stages: [
      { stage: "spinning", country: "CN" },
      { stage: "fabric-formation", country: "CN" },
    ],
    occurredAt: "2026-09-08T08:00:00Z",
    documents: [poplinInvoice],
  });

  log("moving fabric to the cutting room, cutting, and handing bundles to the sewing lines");
  await transfer(
    "vn-hanoi-knit-mill",
    "TR-VN-JERSEY-01",
    "FL-VN-JERSEY-01",
    3000,
    "m",
    "tng-cutting",
    "2026-09-15T08:00:00Z",
  );
  await transfer(
    "kr-hanil-textile",
    "TR-KR-TWILL-01",
    "FL-KR-TWILL-01",
    2000,
    "m",
    "tng-cutting",
    "2026-09-18T08:00:00Z",
  );
  await transfer(
    "cn-jiangsu-weaving",
    "TR-CN-POPLIN-01",
    "FL-CN-POPLIN-01",
    2500,
    "m",
    "tng-cutting",
    "2026-09-17T08:00:00Z",
  );

  const cut = (id: string, fabric: string, metres: number, pieces: number, style: string, date: string) =>
    event("tng-cutting", "cuttings", {
      id,
      inputs: [{ lotId: fabric, quantity: { amount: metres, unit: "m" }, role: "main-fabric" }],
      output: { quantity: { amount: pieces, unit: "pcs" }, style },
      occurredAt: date,
    });
  await cut("CUT-JP-01", "TR-VN-JERSEY-01", 1200, 2400, "TS-01 crew-neck T-shirt", "2026-09-20T08:00:00Z");
  await cut("CUT-DE-01", "TR-KR-TWILL-01", 1500, 2000, "TR-07 chino trousers", "2026-09-22T08:00:00Z");
  await cut("CUT-AU-01", "TR-CN-POPLIN-01", 1800, 2400, "SH-03 poplin shirt", "2026-09-21T08:00:00Z");
  await transfer(
    "tng-cutting",
    "TR-CUT-JP-01",
    "CUT-JP-01",
    2400,
    "pcs",
    "tng-sewing",
    "2026-09-21T08:00:00Z",
  );
  await transfer(
    "tng-cutting",
    "TR-CUT-DE-01",
    "CUT-DE-01",
    2000,
    "pcs",
    "tng-sewing",
    "2026-09-23T08:00:00Z",
  );
  await transfer(
    "tng-cutting",
    "TR-CUT-AU-01",
    "CUT-AU-01",
    2400,
    "pcs",
    "song-cong-line",
    "2026-09-22T08:00:00Z",
  );

  log("sewing garment batches");
  const sewings = [
    {
      facility: "tng-sewing" as const,
      id: "SEW-JP-01",
      bundles: "TR-CUT-JP-01",
      pieces: 2400,
      garments: 1200,
      // CPTPP's sewing-thread rule asks where the thread was spun and finished: both recorded, in Viet Nam.
      trims: [
        {
          description: "woven neck label",
          hsCode: "5807.10",
          role: "trim",
          originCountry: "VN",
          weightKg: 1.2,
          value: usd(48),
        },
        {
          description: "polyester sewing thread",
          hsCode: "5401.10",
          role: "sewing-thread",
          originCountry: "VN",
          weightKg: 2.4,
          value: usd(30),
          stages: [
            { stage: "spinning", country: "VN" },
            { stage: "finishing", country: "VN" },
          ],
        },
      ],
      photo: { shape: "t-shirt" as const, colour: [31, 45, 90] as const },
      product: {
        gtin: GTINS.tshirt,
        hsCode: "6109.10",
        description: "Men's cotton crew-neck T-shirt, navy",
        construction: "cut-and-sewn",
        exWorksPrice: usd(4.2),
      },
      date: "2026-09-26T08:00:00Z",
    },
    {
      facility: "tng-sewing" as const,
      id: "SEW-DE-01",
      bundles: "TR-CUT-DE-01",
      pieces: 2000,
      garments: 1000,
      trims: [
        {
          description: "metal shank buttons",
          hsCode: "9606.22",
          role: "accessory",
          originCountry: "CN",
          weightKg: 3,
          value: usd(90),
        },
        {
          description: "metal zip fasteners",
          hsCode: "9607.11",
          role: "accessory",
          originCountry: "CN",
          weightKg: 8,
          value: usd(180),
        },
        {
          description: "polyester sewing thread",
          hsCode: "5401.10",
          role: "sewing-thread",
          originCountry: "VN",
          weightKg: 5,
          value: usd(45),
        },
      ],
      photo: { shape: "trousers" as const, colour: [176, 154, 108] as const },
      product: {
        gtin: GTINS.trousers,
        hsCode: "6203.42",
        description: "Men's cotton stretch chino trousers, khaki",
        construction: "cut-and-sewn",
        exWorksPrice: usd(9.8),
      },
      date: "2026-09-29T08:00:00Z",
    },
    {
      facility: "song-cong-line" as const,
      id: "SEW-AU-01",
      bundles: "TR-CUT-AU-01",
      pieces: 2400,
      garments: 1200,
      trims: [
        {
          description: "polyester buttons",
          hsCode: "9606.21",
          role: "accessory",
          originCountry: "CN",
          weightKg: 1.5,
          value: usd(30),
        },
      ],
      photo: { shape: "shirt" as const, colour: [206, 222, 240] as const },
      product: {
        gtin: GTINS.shirt,
        hsCode: "6205.20",
        description: "Men's cotton poplin shirt, white",
        construction: "cut-and-sewn",
        exWorksPrice: usd(6.5),
      },
      date: "2026-09-28T08:00:00Z",
    },
  ];
  for (const sewing of sewings) {
    const photo = await uploadPhoto(sewing.facility, sewing.id, sewing.photo.shape, sewing.photo.colour);
    await event(sewing.facility, "sewings", {
      id: sewing.id,
      inputs: [{ lotId: sewing.bundles, quantity: { amount: sewing.pieces, unit: "pcs" } }],
      trims: sewing.trims,
      product: sewing.product,
      output: { quantity: { amount: sewing.garments, unit: "pcs" } },
      occurredAt: sewing.date,
      documents: [photo],
    });
  }

  log("shipping to buyers in Japan, Germany and Australia");
  const shipments = [
    {
      facility: "tng-sewing" as const,
      id: "SHP-JP-01",
      batch: "SEW-JP-01",
      pieces: 1000,
      buyer: "Sakura Apparel K.K.",
      country: "JP",
      invoice: "INV-2026-0301",
      date: "2026-10-02T08:00:00Z",
    },
    {
      facility: "tng-sewing" as const,
      id: "SHP-DE-01",
      batch: "SEW-DE-01",
      // 600 pcs × USD 9.80 ex-works = USD 5,880, EUR 5,409.60 at the stated rate: within the EUR 6,000 an
      // exporter who is not approved may cover with an origin declaration.
      pieces: 600,
      buyer: "Nordwind GmbH",
      country: "DE",
      invoice: "INV-2026-0302",
      date: "2026-10-05T08:00:00Z",
    },
    {
      facility: "song-cong-line" as const,
      id: "SHP-AU-01",
      batch: "SEW-AU-01",
      pieces: 1000,
      buyer: "Southern Cross Outfitters Pty Ltd",
      country: "AU",
      invoice: "INV-2026-0303",
      date: "2026-10-06T08:00:00Z",
    },
  ];
  for (const shipment of shipments) {
    const invoice = await upload(shipment.facility, "commercial-invoice", {
      title: "Commercial invoice and packing list",
      issuer: FACILITIES.find((f) => f.id === shipment.facility)?.name ?? shipment.facility,
      reference: shipment.invoice,
      date: shipment.date.slice(0, 10),
      lines: [
        ["Buyer", `${shipment.buyer} (${shipment.country})`],
        ["Goods", `${shipment.pieces} pcs from garment batch ${shipment.batch}`],
        ["Terms", "FOB Hai Phong"],
      ],
    });
    await event(shipment.facility, "shipments", {
      id: shipment.id,
      inputs: [{ lotId: shipment.batch, quantity: { amount: shipment.pieces, unit: "pcs" } }],
      buyer: { name: shipment.buyer, country: shipment.country },
      destinationCountry: shipment.country,
      invoiceNumber: shipment.invoice,
      occurredAt: shipment.date,
      documents: [invoice],
    });
  }

  log("assessing origin and issuing certificates where the rules allow");
  // The exporter's details the proofs print (CPTPP elements 2-3; the origin declaration's exporter).
  const tngExporter = {
    address: "Km 1, Luong Son, Song Cong, Thai Nguyen",
    telephone: "+84 208 3862 000",
    email: "export@tng-garment.example.vn",
  };
  const requests: ({ subjectId: string; fta: string; importingCountry: string } & Json)[] = [
    {
      subjectId: "SHP-JP-01",
      fta: "CPTPP",
      importingCountry: "JP",
      proofType: "cptpp-certification",
      certifierRole: "exporter",
      exporter: tngExporter,
      // The JP batch is sewn by the exporter itself: CPTPP element 4 names it with the same details.
      producer: tngExporter,
    },
    {
      subjectId: "SHP-DE-01",
      fta: "EVFTA",
      importingCountry: "DE",
      // The EUR 6,000 ceiling is tested on the consignment value (derived: 600 pcs × USD 9.80 ex-works)
      // converted at a rate the exporter states; the demo's rate is a round figure, not a published one.
      exporter: tngExporter,
      exchangeRate: {
        from: "USD",
        to: "EUR",
        rate: "0.92",
        date: "2026-10-01",
        source: "demo figure, stated by the exporter",
      },
    },
    { subjectId: "SHP-AU-01", fta: "AANZFTA", importingCountry: "AU" },
    { subjectId: "SHP-AU-01", fta: "RCEP", importingCountry: "AU" },
    { subjectId: "SEW-AU-01", fta: "EVFTA", importingCountry: "FR" },
  ];
  for (const request of requests) {
    const { subjectId, fta, importingCountry } = request;
    const step = `certificate:${subjectId}:${fta}`;
    const response = await fetch(`${params.baseUrl}/api/v1/origin/certificates`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${certifierKey}`,
        "content-type": "application/json",
        "idempotency-key": `demo:${step}`,
      },
      body: JSON.stringify(request),
    });
    const answer = (await response.json().catch(() => ({}))) as Json;
    if (response.ok) {
      const id = String(answer.id ?? answer.certificateId ?? "");
      const proof = (answer.credential as { credentialSubject?: { proofOfOrigin?: { name?: string } } })
        ?.credentialSubject?.proofOfOrigin?.name;
      result.certificates.push({
        subjectId,
        fta,
        importingCountry,
        outcome: "issued",
        detail: id,
        url: `${linkBase}/certificates/${encodeURIComponent(id)}`,
        ...(proof ? { proof } : {}),
      });
    } else if (response.status === 409 || response.status === 422 || response.status === 404) {
      // 409/422: the rules refuse a certificate (not originating, or a provisional rule); 404: no such subject.
      const error = answer.error as { code?: string; message?: string } | undefined;
      result.certificates.push({
        subjectId,
        fta,
        importingCountry,
        outcome: "refused",
        detail: `${error?.code ?? response.status}: ${error?.message ?? ""}`,
      });
    } else {
      throw new DemoSeedError(`demo step '${step}' failed: ${response.status} ${JSON.stringify(answer)}`);
    }
  }

  for (const [sewing, serial, fta] of [
    [sewings[0]!, 1, "CPTPP → JP"],
    [sewings[1]!, 7, "EVFTA → DE"],
    [sewings[2]!, 42, "AANZFTA / RCEP → AU"],
  ] as const) {
    result.garments.push({
      description: sewing.product.description,
      fta,
      url: buildDigitalLink(
        {
          gtin: sewing.product.gtin,
          lot: sewing.id,
          serial: String(serial),
          authCode: garmentCode(params.garmentSecret, sewing.id, serial),
        },
        { baseUrl: linkBase },
      ),
    });
  }
  return result;
}
