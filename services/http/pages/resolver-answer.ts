/**
 * The GS1-conformant part of the resolver's answers, for every item a Digital Link names (product, batch,
 * garment): the `Link` header to the item's linkset, `?linkType=` (307 to the one matching link, 300 with the
 * choices, 404 LINK_TYPE_NOT_FOUND when the item has none), the linkset itself, and the product and batch
 * pages. The garment answer (scan-answer.ts) uses the same pieces.
 */
import type { Request, Response } from "express";
import { AppError, NotFoundError } from "../../errors/index";
import { buildDigitalLinkPath, LINKSET_MEDIA_TYPE } from "../../labels/index";
import type { DigitalLink } from "../../labels/index";
import { verifyBatch } from "../../provenance/index";
import { listProductBatches } from "../../read-model/products";
import { buildLinkset, certificateLinkTarget, itemLinks, linksOfType } from "../../scans/linkset";
import type { ItemLink, LinkTarget } from "../../scans/linkset";
import { batchPassportUrl } from "../../scans/batch-passport";
import { batchEventsQueryUrl, lotEpcisUrl } from "../../scans/epcis-links";
import { messagesFor, renderBatchPage, renderNotFoundPage, renderProductPage } from "../../../web/index";
import type { BatchPageModel, Lang, ProductPageModel } from "../../../web/view-model";
import {
  documentAndCertificateViews,
  fabricView,
  productImageView,
  timelineStep,
} from "./garment-page-model";
import type { PageLinks } from "./garment-page-model";
import { pageLang, sendPage } from "./page-response";
import type { ScanFormat, ViewerContext } from "./page-response";

/** What a Digital Link resolves to: its identity (a Digital Link without query) and its links. */
export interface ResolvedItem {
  /** Absolute Digital Link without query: the linkset's anchor. */
  anchor: string;
  links: ItemLink[];
}

/** Languages the pages are written in. */
export const PAGE_LANGUAGES = ["vi", "en"];

/**
 * The `gs1:epcis` links of a batch or one of its garments, titled in `lang`: the EPCISDocument of the batch's
 * whole provenance, and the query for the EPCIS events captured about the batch's LGTIN.
 */
export function epcisLinksOf(
  publicBaseUrl: string,
  batch: { gtin: string; lot: string },
  lang: Lang,
): LinkTarget[] {
  const m = messagesFor(lang);
  return [
    {
      href: lotEpcisUrl(publicBaseUrl, batch.lot),
      type: "application/ld+json",
      title: m.linkTitle.epcisProvenance,
      hreflang: ["en"],
    },
    {
      href: batchEventsQueryUrl(publicBaseUrl, batch.gtin, batch.lot),
      type: "application/ld+json",
      title: m.linkTitle.epcisCaptured,
      hreflang: ["en"],
    },
  ];
}

/** The `gs1:dpp` link of a batch or one of its garments: the batch's signed passport, titled in `lang`. */
export function passportLinkOf(
  publicBaseUrl: string,
  batch: { gtin: string; lot: string },
  lang: Lang,
): LinkTarget {
  return {
    href: batchPassportUrl(publicBaseUrl, batch.gtin, batch.lot),
    type: "application/vc+ld+json",
    title: messagesFor(lang).linkTitle.passport,
    hreflang: ["en"],
  };
}

/**
 * `linkType` values that name a registered link type by another name: `gs1:productPassport` (what some
 * integrations ask for) is the registered `gs1:dpp`.
 */
const LINK_TYPE_ALIASES: Readonly<Record<string, string>> = {
  "gs1:productPassport": "gs1:dpp",
  "https://gs1.org/voc/productPassport": "gs1:dpp",
};

/** `Link` header naming the item's linkset and its canonical identity (RFC 9264 §6, RFC 6596). */
export function setItemLinkHeader(response: Response, item: ResolvedItem): void {
  const linkset = `${item.anchor}?linkType=all`;
  response.set(
    "Link",
    `<${linkset}>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}", <${item.anchor}>; rel="canonical"`,
  );
}

/** Sends the item's linkset (all its links, or the `links` given) with `status`. */
export function sendLinkset(
  response: Response,
  item: ResolvedItem,
  lang: Lang,
  status = 200,
  links: readonly ItemLink[] = item.links,
): void {
  response
    .status(status)
    .set({
      "Cache-Control": "no-store",
      "Content-Language": lang,
      Vary: "Accept, Accept-Language",
    })
    .type(LINKSET_MEDIA_TYPE)
    .send(JSON.stringify(buildLinkset(item.anchor, links)));
}

/**
 * Answers `?linkType=` other than `all`: 307 to the only matching link, 300 with a linkset of the matching
 * links when several match, LINK_TYPE_NOT_FOUND (404) when none does. Returns false when the request has
 * no such linkType, leaving the answer to the caller.
 */
export function answerLinkType(
  request: Request,
  response: Response,
  item: ResolvedItem,
  linkType: string | undefined,
): boolean {
  if (linkType === undefined || linkType === "all") return false;
  const matching = linksOfType(item.links, LINK_TYPE_ALIASES[linkType] ?? linkType);
  if (matching.length === 0) {
    throw new AppError("LINK_TYPE_NOT_FOUND", `No ${linkType.slice(0, 100)} link for this item`, {
      details: { field: "linkType", linkType: linkType.slice(0, 100) },
    });
  }
  if (matching.length === 1) {
    response.status(307).set({ "Cache-Control": "no-store", Location: matching[0]!.target.href }).end();
    return true;
  }
  sendLinkset(response, item, pageLang(request), 300, matching);
  return true;
}

const enc = encodeURIComponent;

function absolute(context: ViewerContext, path: string): string {
  return new URL(path, context.publicBaseUrl).href;
}

/** The answer to a GTIN-only link (`/01/{gtin}`): the product page or its linkset. */
export async function answerProduct(
  context: ViewerContext,
  request: Request,
  response: Response,
  link: DigitalLink,
  format: ScanFormat,
): Promise<void> {
  const lang = pageLang(request);
  const m = messagesFor(lang);
  const { batches, truncated } = listProductBatches(context.provenance.indexDb, link.gtin);
  const latest = batches[0];
  if (!latest) {
    if (format === "html") {
      const html = renderNotFoundPage({ reason: "unknown-garment", scanned: { gtin: link.gtin } }, lang, {
        requestUrl: request.originalUrl,
      });
      sendPage(response, 404, html, lang);
      return;
    }
    throw new NotFoundError("Product", link.gtin);
  }
  const product = latest.sewing?.product;
  const description = product?.description ?? latest.description ?? link.gtin;
  const path = buildDigitalLinkPath({ gtin: link.gtin });
  const anchor = absolute(context, path);
  const page: LinkTarget = {
    href: anchor,
    type: "text/html",
    title: m.linkTitle.productPage(description),
    hreflang: PAGE_LANGUAGES,
  };
  const item: ResolvedItem = { anchor, links: itemLinks({ page }) };
  setItemLinkHeader(response, item);
  if (answerLinkType(request, response, item, link.attributes.linkType)) return;
  if (format === "linkset") return sendLinkset(response, item, lang);

  const model: ProductPageModel = {
    product: {
      description,
      gtin: link.gtin,
      ...(product?.hsCode ? { hsCode: product.hsCode } : {}),
      ...(latest.recordedBy.name
        ? { maker: { name: latest.recordedBy.name, country: latest.recordedBy.country } }
        : {}),
    },
    batches: batches.map((b) => ({
      lotId: b.id,
      url: buildDigitalLinkPath({ gtin: link.gtin, lot: b.id }),
      facility: {
        id: b.recordedBy.id ?? "",
        name: b.recordedBy.name ?? b.recordedBy.id ?? "?",
        country: b.recordedBy.country,
      },
      occurredAt: b.occurredAt ?? b.recordedAt,
      ...(b.sewing?.garmentCount != null ? { garmentCount: b.sewing.garmentCount } : {}),
    })),
    truncated,
    links: { linkset: `${path}?linkType=all` },
  };
  if (format === "json") {
    response.status(200).set({ "Cache-Control": "no-store", Vary: "Accept" }).json(model);
    return;
  }
  sendPage(response, 200, renderProductPage(model, lang, { requestUrl: request.originalUrl }), lang);
}

/** The answer to a GTIN+lot link (`/01/{gtin}/10/{lot}`): the batch page, its verified JSON or its linkset. */
export async function answerBatch(
  context: ViewerContext,
  request: Request,
  response: Response,
  link: DigitalLink & { lot: string },
  format: ScanFormat,
): Promise<void> {
  const lang = pageLang(request);
  const m = messagesFor(lang);
  const result = await verifyBatch(context.provenance, { gtin: link.gtin, lot: link.lot });
  if (!result.found) {
    if (format === "html") {
      const scanned = { gtin: link.gtin, lot: link.lot };
      const html = renderNotFoundPage({ reason: "unknown-garment", scanned }, lang, {
        requestUrl: request.originalUrl,
      });
      sendPage(response, 404, html, lang);
      return;
    }
    throw new NotFoundError("Garment batch", `${link.gtin}/${link.lot}`);
  }
  const { batch } = result;
  const description = batch.sewing?.product.description ?? batch.description ?? batch.id;
  const path = buildDigitalLinkPath({ gtin: link.gtin, lot: batch.id });
  const anchor = absolute(context, path);
  const provenancePath = `/api/v1/provenance/${enc(batch.id)}`;
  const notes = m.linkTitle.certificateNotes;
  const identity = { gtin: link.gtin, lot: batch.id };
  const item: ResolvedItem = {
    anchor,
    links: itemLinks({
      page: {
        href: anchor,
        type: "text/html",
        title: m.linkTitle.batchPage(description, batch.id),
        hreflang: PAGE_LANGUAGES,
      },
      provenance: {
        href: absolute(context, provenancePath),
        type: "application/json",
        title: m.linkTitle.traceability,
        hreflang: ["en"],
      },
      certificates: result.certificates.map((c) => ({
        ...certificateLinkTarget(absolute(context, context.certificateUrl(c.id)), c, notes),
        type: "text/html",
        hreflang: PAGE_LANGUAGES,
      })),
      passport: passportLinkOf(context.publicBaseUrl, identity, lang),
    }),
  };
  for (const target of epcisLinksOf(context.publicBaseUrl, identity, lang))
    item.links.push({ rel: "epcis", target });
  setItemLinkHeader(response, item);
  if (answerLinkType(request, response, item, link.attributes.linkType)) return;
  if (format === "linkset") return sendLinkset(response, item, lang);

  const pageLinks: PageLinks = { ipfs: (cid) => `/ipfs/${cid}`, certificate: context.certificateUrl };
  const styles = result.nodes.flatMap((lot) => (lot.cutting?.style ? [lot.cutting.style] : []));
  const hsCode = batch.sewing?.product.hsCode;
  const garmentCount = batch.sewing?.garmentCount;
  const productImage = productImageView(result, batch.id, pageLinks);
  const model: BatchPageModel = {
    ...(productImage ? { productImage } : {}),
    product: {
      description,
      gtin: link.gtin,
      lot: batch.id,
      ...(hsCode ? { hsCode } : {}),
      ...(styles.length ? { style: [...new Set(styles)].join(", ") } : {}),
      ...(batch.recordedBy.name
        ? { maker: { name: batch.recordedBy.name, country: batch.recordedBy.country } }
        : {}),
      ...(garmentCount != null ? { garmentCount } : {}),
      productUrl: buildDigitalLinkPath({ gtin: link.gtin }),
    },
    verdict: result.verdict,
    checks: result.checks,
    timeline: result.nodes.map((lot) => timelineStep(lot, result, pageLinks)),
    fabrics: result.nodes.flatMap((lot) => fabricView(lot) ?? []),
    ...documentAndCertificateViews(result, pageLinks),
    ...(result.suspended.length
      ? {
          suspensions: result.suspended.map((f) => ({
            facility: { id: f.id, ...(f.name ? { name: f.name } : {}) },
          })),
        }
      : {}),
    verifiedAt: result.verifiedAt,
    links: {
      json: provenancePath,
      linkset: `${path}?linkType=all`,
      passport: new URL(batchPassportUrl(context.publicBaseUrl, link.gtin, batch.id)).pathname,
    },
  };
  if (format === "json") {
    response.status(200).set({ "Cache-Control": "no-store", Vary: "Accept" }).json(model);
    return;
  }
  sendPage(response, 200, renderBatchPage(model, lang, { requestUrl: request.originalUrl }), lang);
}
