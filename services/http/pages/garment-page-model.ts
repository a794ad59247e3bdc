/**
 * Maps a garment's verification (services/provenance) into the viewer's page model (web/view-model): the pages
 * decide nothing, so everything a buyer sees — verdict, steps, documents, certificates — comes from here.
 */
import { materialStageNames } from "../../origin/facts";
import type { GarmentVerification } from "../../provenance/index";
import type { LotView } from "../../read-model/queries";
import type {
  CertificateView,
  CloneWarningView,
  DocumentView,
  FabricStage,
  FabricView,
  GarmentPageModel,
  ProductImageView,
  TimelineStepView,
} from "../../../web/view-model";
import { PRODUCT_IMAGE_MEDIA_TYPES, PRODUCT_IMAGE_TYPE } from "../../documents/documents";

const FABRIC_STAGES: readonly string[] = materialStageNames satisfies readonly FabricStage[];

/** Where the viewer links to; all same-site paths. */
export interface PageLinks {
  /** An IPFS object served by this service (records, documents). */
  ipfs: (cid: string) => string;
  /** A certificate's page or JSON. */
  certificate: (id: string) => string;
  /** Machine-readable alternatives of this garment's page. */
  alternates?: GarmentPageModel["links"];
}

type Found = Extract<GarmentVerification, { found: true }>;

/** One step of a garment's or batch's journey. */
export function timelineStep(lot: LotView, result: Pick<Found, "lots">, links: PageLinks): TimelineStepView {
  const shipper = lot.shipment?.from ?? lot.recordedBy;
  const facility = lot.operation === "shipment" ? shipper : lot.recordedBy;
  const destination = lot.shipment
    ? lot.shipment.toFacility
      ? { name: lot.shipment.toFacility.name ?? undefined, country: lot.shipment.toFacility.country }
      : lot.shipment.destinationCountry || lot.shipment.buyer?.country
        ? {
            name: lot.shipment.buyer?.name ?? undefined,
            country: lot.shipment.destinationCountry ?? lot.shipment.buyer?.country ?? "",
          }
        : undefined
    : undefined;
  return {
    step: lot.operation,
    lotId: lot.id,
    facility: {
      id: facility.id ?? "",
      name: facility.name ?? facility.id ?? "?",
      country: facility.country,
      ...(facility.timeZone ? { timeZone: facility.timeZone } : {}),
    },
    occurredAt: lot.occurredAt ?? lot.recordedAt,
    quantity: { amount: lot.quantity, unit: lot.unit },
    ...(destination ? { destination } : {}),
    ...(lot.shipment?.toFacility ? { handOver: true } : {}),
    txHash: lot.chain.txHash,
    recordCid: lot.record.cid,
    recordUrl: links.ipfs(lot.record.cid),
    status: result.lots.get(lot.id)?.stepStatus ?? "unavailable",
  };
}

/** Where a fabric lot came from, or null for another kind of lot. */
export function fabricView(lot: LotView): FabricView | null {
  if (!lot.fabric) return null;
  return {
    lotId: lot.id,
    description: lot.description ?? lot.id,
    composition: lot.fabric.composition.flatMap((entry) => {
      const c = entry as { fibre?: unknown; percent?: unknown };
      return typeof c.fibre === "string" && typeof c.percent === "number"
        ? [{ fibre: c.fibre, percent: c.percent }]
        : [];
    }),
    stages: lot.fabric.stages
      .filter((s) => FABRIC_STAGES.includes(s.stage))
      .map((s) => ({ stage: s.stage as FabricStage, country: s.country })),
    supplier: { name: lot.fabric.supplier.name ?? "?", country: lot.fabric.supplier.country ?? "" },
  };
}

/** The documents of every lot and the certificates over them, as the pages show them. */
export function documentAndCertificateViews(
  result: Pick<Found, "nodes" | "lots" | "certificates">,
  links: PageLinks,
): { documents: DocumentView[]; certificates: CertificateView[] } {
  const documents: DocumentView[] = result.nodes.flatMap((lot) =>
    (result.lots.get(lot.id)?.documents ?? []).map((d) => ({
      type: d.type,
      lotId: d.lotId,
      cid: d.cid,
      url: links.ipfs(d.cid),
      sha256: d.sha256,
      status: d.status,
    })),
  );
  const certificates: CertificateView[] = result.certificates.map((c) => ({
    id: c.id,
    fta: c.fta,
    status: c.status,
    issuedAt: c.issuedAt,
    ...(c.revokedAt ? { revokedAt: c.revokedAt } : {}),
    ...(c.validFrom ? { validFrom: c.validFrom } : {}),
    ...(c.validUntil ? { validUntil: c.validUntil } : {}),
    ...(c.issuer ? { issuer: c.issuer } : {}),
    ...(c.importingCountry ? { importingCountry: c.importingCountry } : {}),
    url: links.certificate(c.id),
    verified: c.verified,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.reasonNote ? { reasonNote: c.reasonNote } : {}),
  }));
  return { documents, certificates };
}

/**
 * The product photo to show: the last one the batch's own record cites, else the last one of the nearest
 * upstream lot (`nodes` run upstream first). A photo whose bytes failed their hash check is not shown; one
 * not read yet is, since the image route checks the bytes before it serves them.
 */
export function productImageView(
  result: Pick<Found, "nodes" | "lots">,
  batchId: string,
  links: Pick<PageLinks, "ipfs">,
): ProductImageView | undefined {
  const batchAt = result.nodes.findIndex((lot) => lot.id === batchId);
  const candidates = [
    ...result.nodes.filter((lot) => lot.id === batchId),
    ...result.nodes.slice(0, Math.max(batchAt, 0)).reverse(),
  ];
  for (const lot of candidates) {
    const photo = (result.lots.get(lot.id)?.documents ?? [])
      .filter(
        (d) =>
          d.type === PRODUCT_IMAGE_TYPE &&
          d.status !== "failed" &&
          (PRODUCT_IMAGE_MEDIA_TYPES as readonly (string | null)[]).includes(d.mediaType),
      )
      .at(-1);
    if (photo) return { url: links.ipfs(photo.cid), lotId: lot.id };
  }
  return undefined;
}

/**
 * The garment page's model for a found garment.
 *
 * @example
 * const model = garmentPageModel(result, { gtin, serial: "17" }, { ipfs: (cid) => `/ipfs/${cid}`, certificate: (id) => `/certificates/${id}` });
 */
export function garmentPageModel(
  result: Found,
  scanned: { gtin: string; serial: string },
  links: PageLinks,
  cloneWarning?: CloneWarningView,
): GarmentPageModel {
  const batch = result.batch;
  const product = batch.sewing?.product;
  const styles = result.nodes.flatMap((lot) => (lot.cutting?.style ? [lot.cutting.style] : []));
  const { documents, certificates } = documentAndCertificateViews(result, links);
  const productImage = productImageView(result, batch.id, links);
  return {
    ...(productImage ? { productImage } : {}),
    product: {
      description: product?.description ?? batch.description ?? batch.id,
      gtin: scanned.gtin,
      lot: batch.id,
      serial: scanned.serial,
      ...(product?.hsCode ? { hsCode: product.hsCode } : {}),
      ...(styles.length ? { style: [...new Set(styles)].join(", ") } : {}),
      ...(batch.recordedBy.name
        ? { maker: { name: batch.recordedBy.name, country: batch.recordedBy.country } }
        : {}),
    },
    verdict: result.verdict,
    checks: result.checks,
    timeline: result.nodes.map((lot) => timelineStep(lot, result, links)),
    fabrics: result.nodes.flatMap((lot) => fabricView(lot) ?? []),
    documents,
    certificates,
    ...(cloneWarning ? { cloneWarning } : {}),
    ...(result.suspended.length
      ? {
          suspensions: result.suspended.map((f) => ({
            facility: { id: f.id, ...(f.name ? { name: f.name } : {}) },
          })),
        }
      : {}),
    verifiedAt: result.verifiedAt,
    ...(links.alternates ? { links: links.alternates } : {}),
  };
}
