/**
 * What every viewer answer shares: the viewer's dependencies, the page headers, the page language and
 * the format a client asked for (page, JSON or linkset).
 */
import type { Request, Response } from "express";
import type { ProvenanceDeps, SupplyChainEventDeps } from "../../provenance/index";
import { LINKSET_MEDIA_TYPE } from "../../labels/index";
import type { ScanCounter } from "../../service-db/scan-counter";
import { negotiateLanguage } from "../../../web/index";
import type { Lang } from "../../../web/view-model";

export type ScanFormat = "html" | "json" | "linkset";

export interface ViewerContext {
  provenance: ProvenanceDeps;
  /** What the other supply-chain events of a garment are read and checked with (EPCIS captures). */
  supplyChainEvents?: SupplyChainEventDeps;
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
