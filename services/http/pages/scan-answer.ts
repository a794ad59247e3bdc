/**
 * Answering a scan of a garment's Digital Link in the form the client asked for: the viewer page (HTML, in
 * Vietnamese or English), the provenance JSON with every check, or an RFC 9264 linkset. Shared by the GS1
 * resolver route and GET /api/v1/garments/{gtin}/{lot}/{serial}.
 */
import type { Request, Response } from "express";
import { NotFoundError } from "../../errors/index";
import { checkedSupplyChainEvents, garmentIdentifiers, verifyGarment } from "../../provenance/index";
import { AUTH_CODE_PARAM, buildDigitalLinkPath } from "../../labels/index";
import { certificateLinkTarget, itemLinks } from "../../scans/linkset";
import type { GarmentDigitalLink } from "../../labels/index";
import { messagesFor, renderGarmentPage, renderNotFoundPage, renderWrongCodePage } from "../../../web/index";
import type { CloneWarningView, SupplyChainEventsView } from "../../../web/view-model";
import { garmentPageModel } from "./garment-page-model";
import type { PageLinks } from "./garment-page-model";
import {
  answerLinkType,
  epcisLinksOf,
  PAGE_LANGUAGES,
  passportLinkOf,
  sendLinkset,
  setItemLinkHeader,
} from "./resolver-answer";
import type { ResolvedItem } from "./resolver-answer";
import { pageLang, sendPage } from "./page-response";
import type { ScanFormat, ViewerContext } from "./page-response";

export { pageLang, scanFormat, sendPage } from "./page-response";
export type { ScanFormat, ViewerContext } from "./page-response";

const enc = encodeURIComponent;

/** Same-site paths of a garment's machine-readable forms. */
function alternates(link: GarmentDigitalLink): { json: string; linkset: string; passport: string } {
  const base = `/api/v1/garments/${link.gtin}/${enc(link.lot)}/${enc(link.serial)}`;
  const code = link.authCode === undefined ? "" : `?ac=${enc(link.authCode)}`;
  return {
    json: `${base}${code}`,
    linkset: buildDigitalLinkPath({
      gtin: link.gtin,
      lot: link.lot,
      serial: link.serial,
      authCode: link.authCode,
      attributes: { linkType: "all" },
    }),
    passport: `/api/v1/passports/${link.gtin}/${enc(link.lot)}`,
  };
}

/**
 * Verifies the scanned garment and answers in `format`. Unknown garments get an honest 404 (page or JSON).
 * A wrong or missing code gets the wrong-code page with status 200, not 401: 401 is HTTP authentication and
 * must come with a WWW-Authenticate challenge that no browser could answer; the garment exists and the page is
 * the complete, correct answer about it (with a form to type the code); and some QR-scanner apps show an error
 * screen instead of the body of a 4xx, which would hide the very warning the buyer needs.
 */
/** The other EPCIS events naming the garment or its batch, checked, for the page (none without captures). */
async function supplyChainEventsOf(
  context: ViewerContext,
  link: GarmentDigitalLink,
  origin: string,
): Promise<SupplyChainEventsView | undefined> {
  if (!context.supplyChainEvents) return undefined;
  const identifiers = garmentIdentifiers(link.gtin, link.lot, link.serial);
  const { events, total } = await checkedSupplyChainEvents(context.supplyChainEvents, identifiers);
  if (total === 0) return undefined;
  return {
    events: events.map(({ recordCid, ...event }) => ({ ...event, recordUrl: `/ipfs/${recordCid}` })),
    total,
    queryUrl: `${origin}/epcis/events?MATCH_anyEPCClass=${encodeURIComponent(identifiers[0]!)}`,
  };
}

export async function answerScan(
  context: ViewerContext,
  request: Request,
  response: Response,
  link: GarmentDigitalLink,
  format: ScanFormat,
  options: { countScan?: boolean; linkType?: string } = {},
): Promise<void> {
  const lang = pageLang(request);
  const requestUrl = request.originalUrl;
  const started = performance.now();
  const result = await verifyGarment(context.provenance, {
    gtin: link.gtin,
    lot: link.lot,
    serial: link.serial,
    ...(link.authCode === undefined ? {} : { code: link.authCode }),
  });
  // Server-Timing lets a benchmark (or a browser's devtools) read the server's share of a scan's time.
  const verifyMs = performance.now() - started;
  response.set("Server-Timing", `verify;dur=${verifyMs.toFixed(1)}`);
  if (!result.found) {
    if (format === "html") {
      const scanned = { gtin: link.gtin, lot: link.lot, serial: link.serial };
      sendPage(
        response,
        404,
        renderNotFoundPage({ reason: "unknown-garment", scanned }, lang, { requestUrl }),
        lang,
      );
      return;
    }
    throw new NotFoundError("Garment", `${link.gtin}/${link.lot}/${link.serial}`);
  }

  const links = alternates(link);
  const origin = context.publicBaseUrl;
  const m = messagesFor(lang);
  const description = result.batch.sewing?.product.description ?? result.batch.description ?? link.lot;
  const item: ResolvedItem = {
    anchor: origin + buildDigitalLinkPath({ gtin: link.gtin, lot: link.lot, serial: link.serial }),
    links: itemLinks({
      page: {
        href: origin + buildDigitalLinkPath({ ...link, attributes: {} }),
        type: "text/html",
        title: m.linkTitle.garmentPage(description, link.lot, link.serial),
        hreflang: PAGE_LANGUAGES,
      },
      provenance: {
        href: origin + links.json,
        type: "application/json",
        title: m.linkTitle.traceability,
        hreflang: ["en"],
      },
      certificates: result.certificates.map((c) => ({
        ...certificateLinkTarget(
          new URL(context.certificateUrl(c.id), origin).href,
          c,
          m.linkTitle.certificateNotes,
        ),
        type: "text/html",
        hreflang: PAGE_LANGUAGES,
      })),
      // The batch's signed passport (the garment's unsigned one stays at /api/v1/garments/…/passport).
      passport: passportLinkOf(origin, link, lang),
    }),
  };
  for (const target of epcisLinksOf(origin, link, lang)) item.links.push({ rel: "epcis", target });
  setItemLinkHeader(response, item);
  if (answerLinkType(request, response, item, options.linkType)) return;
  if (format === "linkset") {
    sendLinkset(response, item, lang);
    return;
  }

  const garment = `${result.batch.id}/${result.serial}`;
  // Only a scan whose code the contract proved counts: anyone can send requests without the code (or with a
  // made-up one) from many places, and that must not brand a genuine garment as copied.
  const tally =
    options.countScan === false || result.code !== "valid"
      ? context.scans.tally(garment)
      : context.scans.record(garment, {
          ip: request.socket.remoteAddress,
          acceptLanguage: request.get("accept-language"),
        });
  const cloneWarning: CloneWarningView | undefined = tally.suspicious
    ? { scans: tally.scans, places: tally.places }
    : undefined;
  const pageLinks: PageLinks = {
    ipfs: (cid) => `/ipfs/${cid}`,
    certificate: context.certificateUrl,
    alternates: links,
  };
  const model = garmentPageModel(result, { gtin: link.gtin, serial: link.serial }, pageLinks, cloneWarning);
  if (format === "json") {
    const others = await supplyChainEventsOf(context, link, origin);
    if (others) model.supplyChainEvents = others;
    response
      .status(200)
      .set({ "Cache-Control": "no-store", Vary: "Accept" })
      .json({ authenticationCode: result.code, ...model });
    return;
  }
  // A code that could not be checked now is no wrong code: the garment page shows it unverified, with a warning.
  if (result.code === "wrong" || result.code === "missing") {
    const html = renderWrongCodePage(
      {
        reason: result.code === "missing" ? "missing-code" : "wrong-code",
        product: model.product,
        codeParam: AUTH_CODE_PARAM,
        ...(cloneWarning ? { cloneWarning } : {}),
      },
      lang,
      { requestUrl },
    );
    // A wrong code is no answer about this garment's provenance: 404, as for a code nobody recorded. A link
    // without any code (typed in, or from an old label) is a question, answered 200 with the page asking for it.
    sendPage(response, result.code === "wrong" ? 404 : 200, html, lang);
    return;
  }
  const others = await supplyChainEventsOf(context, link, origin);
  if (others) model.supplyChainEvents = others;
  const renderStarted = performance.now();
  const html = renderGarmentPage(model, lang, { requestUrl });
  response.set(
    "Server-Timing",
    `verify;dur=${verifyMs.toFixed(1)}, render;dur=${(performance.now() - renderStarted).toFixed(1)}`,
  );
  sendPage(response, 200, html, lang);
}
