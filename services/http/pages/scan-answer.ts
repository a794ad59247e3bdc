/**
 * Answering a scan of a garment's Digital Link in the form the client asked for: the viewer page (HTML, in
 * Vietnamese or English), the provenance JSON with every check, or an RFC 9264 linkset. Shared by the GS1
 * resolver route and GET /api/v1/garments/{gtin}/{lot}/{serial}.
 */
import type { Request, Response } from "express";
import { NotFoundError } from "../../errors/index";
import type { ProvenanceDeps } from "../../provenance/index";
import { verifyGarment } from "../../provenance/index";
import {
  AUTH_CODE_PARAM,
  buildDigitalLinkPath,
  buildGarmentLinkset,
  LINKSET_MEDIA_TYPE,
} from "../../labels/index";
import { certificateLinkTarget } from "../../scans/linkset";
import type { GarmentDigitalLink } from "../../labels/index";
import {
  negotiateLanguage,
  renderGarmentPage,
  renderNotFoundPage,
  renderWrongCodePage,
} from "../../../web/index";
import type { CloneWarningView, Lang } from "../../../web/view-model";
import { garmentPageModel } from "./garment-page-model";
import type { PageLinks } from "./garment-page-model";
import type { ScanCounter } from "../../service-db/scan-counter";

export type ScanFormat = "html" | "json" | "linkset";

export interface ViewerContext {
  provenance: ProvenanceDeps;
  scans: ScanCounter;
  /** The page of a certificate (same-site path or absolute URL). */
  certificateUrl: (id: string) => string;
  /** The one host of every absolute link (PUBLIC_BASE_URL): the one printed in the QR codes, never the request's. */
  publicBaseUrl: string;
}

/**
 * Sends a viewer page: never cached (a verdict is as of now), varying by Accept and language; its CSP is the
 * service's one policy (services/http/content-security-policy.ts).
 */
export function sendPage(response: Response, status: number, html: string, lang: Lang): void {
  response
    .status(status)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Content-Language": lang,
      "Cache-Control": "no-store",
      Vary: "Accept, Accept-Language",
    })
    .send(html);
}

/** html for browsers (and anything that takes anything), json or linkset when asked; `?linkType=all` wins. */
export function scanFormat(request: Request): ScanFormat {
  if (request.query.linkType === "all") return "linkset";
  const best = request.accepts(["text/html", "application/json", LINKSET_MEDIA_TYPE]);
  return best === "application/json" ? "json" : best === LINKSET_MEDIA_TYPE ? "linkset" : "html";
}

export function pageLang(request: Request): Lang {
  return negotiateLanguage(request.get("accept-language"), request.query.lang);
}

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
    passport: `${base}/passport`,
  };
}

/**
 * Verifies the scanned garment and answers in `format`. Unknown garments get an honest 404 (page or JSON).
 * A wrong or missing code gets the wrong-code page with status 200, not 401: 401 is HTTP authentication and
 * must come with a WWW-Authenticate challenge that no browser could answer; the garment exists and the page is
 * the complete, correct answer about it (with a form to type the code); and some QR-scanner apps show an error
 * screen instead of the body of a 4xx, which would hide the very warning the buyer needs.
 */
export async function answerScan(
  context: ViewerContext,
  request: Request,
  response: Response,
  link: GarmentDigitalLink,
  format: ScanFormat,
  options: { countScan?: boolean } = {},
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
  if (format === "linkset") {
    const origin = context.publicBaseUrl;
    const anchor = origin + buildDigitalLinkPath({ gtin: link.gtin, lot: link.lot, serial: link.serial });
    const page = origin + buildDigitalLinkPath({ ...link, attributes: {} });
    const linkset = buildGarmentLinkset({
      anchor,
      page: { href: page, type: "text/html", hreflang: ["vi", "en"] },
      provenance: { href: origin + links.json, type: "application/json" },
      certificates: result.certificates.map((c) =>
        certificateLinkTarget(new URL(context.certificateUrl(c.id), origin).href, c),
      ),
      passport: { href: origin + links.passport, type: "application/ld+json" },
    });
    response.status(200).set({ "Cache-Control": "no-store", Vary: "Accept" }).type(LINKSET_MEDIA_TYPE);
    response.send(JSON.stringify(linkset));
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
    sendPage(response, 200, html, lang);
    return;
  }
  const renderStarted = performance.now();
  const html = renderGarmentPage(model, lang, { requestUrl });
  response.set(
    "Server-Timing",
    `verify;dur=${verifyMs.toFixed(1)}, render;dur=${(performance.now() - renderStarted).toFixed(1)}`,
  );
  sendPage(response, 200, html, lang);
}
