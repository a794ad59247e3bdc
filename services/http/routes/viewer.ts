/**
 * The viewer's HTTP routes.
 *
 * At the root (public, rate-limited):
 * - `GET /01/{gtin}[/22/{cpv}][/10/{lot}[/21/{serial}[?ac=code]]]` — the GS1 Digital Link resolver: a product,
 *   batch or garment (page, JSON or linkset by content negotiation; `?linkType=` per the GS1 resolver standard);
 * - `GET /.well-known/gs1resolver` — the GS1 resolver description file;
 * - `GET /ipfs/{cid}` — the event records, documents and garment manifests the pages link to, served only
 *   when the read model cites them and only when their bytes still match their hash.
 *
 * Under /api/v1:
 * - `GET /garments/{gtin}/{lot}/{serial}?ac=` — one garment's verification as JSON (public);
 * - `GET /garments/{gtin}/{lot}/{serial}/passport` — its unsigned per-garment passport (public);
 * - `GET /passports/{gtin}/{lot}` — the batch's signed Digital Product Passport (public);
 * - `GET /garments/{lot}/{serial}/qr.png|qr.svg` — its QR code, carrying the secret authentication code:
 *   only for the facility that sewed the batch; `GET /garments/{lot}/{serial}/label` — the same as JSON;
 * - `GET /lots/{id}/labels.pdf` — the batch's label sheet, streamed (same facility only).
 */
import { createHash } from "node:crypto";
import type { Request, Response } from "express";
import { z } from "zod";
import type { RouteContext } from "./context";
import { principalOf } from "../auth";
import { AppError, ForbiddenError, NotFoundError } from "../../errors/index";
import { garmentCode } from "../../garments/index";
import type { LotView } from "../../read-model/queries";
import { findLot } from "../../read-model/queries";
import { findCitedContent } from "../../read-model/cited-content";
import { resolveGarment, verifyGarment } from "../../provenance/index";
import {
  batchLabels,
  buildDigitalLink,
  InvalidDigitalLinkError,
  LabelSheetAbortedError,
  normalizeGtin,
  parseDigitalLink,
  parseGarmentDigitalLink,
  qrPng,
  qrSvg,
  requireActivePrinter,
  writeLabelSheet,
} from "../../labels/index";
import type { DigitalLink, GarmentDigitalLink } from "../../labels/index";
import { answerBatch, answerProduct } from "../pages/resolver-answer";
import { resolverDescription } from "../pages/resolver-description";
import {
  DigitalLinkPathParams,
  LinksetSchema,
  ResolverDescriptionSchema,
  ResolverQuery,
} from "../schemas/resolver";
import { renderNotFoundPage } from "../../../web/index";
import { garmentPassport } from "../../scans/passport";
import { batchPassport, programmeVerificationMethod } from "../../scans/batch-passport";
import { envelopeCredential, VC_JWT_MEDIA_TYPE } from "../../credentials/jose";
import { parseWith } from "../validation";
import { answerScan, pageLang, scanFormat, sendPage } from "../pages/scan-answer";
import type { HandlerRoute, RouteTable } from "../route-table";
import {
  AuthenticationCodeQuery,
  BatchGarmentParams,
  GarmentLabelSchema,
  GarmentParams,
  GarmentVerificationSchema,
} from "../schemas/garments";
import { binary, IdParams, jsonAnswer, pdfAnswer, textAnswer } from "./answers";

const VC_LD_MEDIA_TYPE = "application/vc+ld+json";

const CidParams = z.object({
  cid: z.string().min(1).max(200).meta({ description: "The object's CID, as the pages and records cite it" }),
});

/** Where certificate links point: the certificate verification page (services/http/routes/certificates.ts). */
export const defaultCertificateUrl = (id: string): string => `/certificates/${encodeURIComponent(id)}`;

/** The root routes: the Digital Link resolver and the IPFS objects the pages link to. */
export const viewerRootRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: "/.well-known/gs1resolver",
      operationId: "getResolverDescription",
      summary: "The GS1 resolver description file: what this resolver resolves and the link types it uses",
      access: "public",
      answers: { 200: jsonAnswer("The resolver description", ResolverDescriptionSchema) },
      handle: (_request, response, context) => {
        response
          .status(200)
          .set({ "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600" })
          .json(resolverDescription(context.publicBaseUrl));
      },
    },
    {
      method: "get",
      path: /^\/01\//,
      documentedPath: "/01/{digitalLinkPath}",
      operationId: "resolveDigitalLink",
      summary: "The GS1 Digital Link resolver: a product, batch or garment page, its JSON or its linkset",
      description:
        "`/01/{gtin}` is a product, `/01/{gtin}/10/{lot}` a garment batch and `/01/{gtin}/10/{lot}/21/{serial}` " +
        "one garment (its authentication code in `?ac=`); `/22/{cpv}` may precede `/10/`. The page, JSON or " +
        "linkset comes by content negotiation; `?linkType=all` gives the linkset, any other `linkType` " +
        "(e.g. `gs1:pip`, `gs1:certificationInfo`) redirects (307) to the matching link or lists several (300). " +
        "Every answer names its linkset in a `Link` header.",
      access: "public",
      request: { params: DigitalLinkPathParams, query: ResolverQuery },
      answers: {
        200: {
          description: "The page, JSON or linkset, by content negotiation",
          content: {
            "text/html": textAnswer,
            "application/json": z.record(z.string(), z.unknown()),
            "application/linkset+json": LinksetSchema,
          },
        },
        300: {
          description: "Several links of the requested linkType: a linkset of the choices",
          content: { "application/linkset+json": LinksetSchema },
        },
        307: { description: "The one link of the requested linkType, in `Location`" },
      },
      errors: ["INVALID_GTIN", "INVALID_DIGITAL_LINK", "NOT_FOUND", "LINK_TYPE_NOT_FOUND"],
      handle: async (request, response, context) => {
        const format = scanFormat(request);
        let link: DigitalLink;
        try {
          link = parseDigitalLink(request.originalUrl);
          if (link.serial !== undefined && link.lot === undefined)
            throw new InvalidDigitalLinkError("lot", "a garment link needs /10/{lot} before /21/{serial}");
        } catch (error) {
          if (format !== "html" || !(error instanceof AppError)) throw error;
          const lang = pageLang(request);
          const html = renderNotFoundPage({ reason: "invalid-link" }, lang, {
            requestUrl: request.originalUrl,
          });
          sendPage(response, 400, html, lang);
          return;
        }
        // Public provenance: any site may read the answers and their Link header (GS1 resolvers support CORS).
        response.set({
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Expose-Headers": "Link, Location",
        });
        const linkType = link.attributes.linkType;
        if (link.serial !== undefined) {
          await answerScan(context.viewer, request, response, link as GarmentDigitalLink, format, {
            ...(linkType === undefined ? {} : { linkType }),
          });
        } else if (link.lot !== undefined) {
          await answerBatch(context.viewer, request, response, { ...link, lot: link.lot }, format);
        } else {
          await answerProduct(context.viewer, request, response, link, format);
        }
      },
    },
    {
      method: "get",
      path: "/ipfs/:cid",
      operationId: "getIpfsObject",
      summary: "An event record, document or garment manifest the read model cites, checked against its hash",
      access: "public",
      request: { params: CidParams },
      answers: {
        200: {
          description: "The object's bytes, in the media type recorded for it",
          content: { "application/octet-stream": binary },
        },
      },
      errors: ["NOT_FOUND", "CONTENT_HASH_MISMATCH"],
      handle: async (request, response, context) => {
        const cid = String(request.params.cid);
        const cited = citedObject(context, cid);
        if (!cited) throw new NotFoundError("IPFS object", cid.slice(0, 100));
        if (IMAGE_TYPES.has(cited.mediaType) && request.get("if-none-match") === `"${cid}"`) {
          // A CID names one sequence of bytes forever: a browser holding it needs nothing read or hashed.
          response.status(304).set("Cache-Control", cacheControlOf(cited.mediaType)).end();
          return;
        }
        const bytes = await context.store.get(cid);
        const actual = createHash("sha256").update(bytes).digest("hex");
        if (actual !== cited.sha256.replace(/^0x/, "").toLowerCase()) {
          // Never serve bytes that are not what the chain-anchored record names.
          throw new AppError("CONTENT_HASH_MISMATCH", `IPFS object ${cid} does not match its recorded hash`, {
            details: { cid },
          });
        }
        response
          .status(200)
          .set({
            "Content-Type": cited.mediaType,
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": cacheControlOf(cited.mediaType),
            ETag: `"${cid}"`,
            "Content-Disposition": `inline; filename="${cid}"`,
          })
          .send(Buffer.from(bytes));
      },
    },
  ],
};

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);

const SAFE_INLINE_TYPES = new Set(["application/pdf", ...IMAGE_TYPES, "application/json", "text/plain"]);

/**
 * Images (the product photo every scan of a batch shows) are kept by browsers and shared caches for a year:
 * their bytes were checked against the hash before they went out, and a CID cannot name other bytes. Records
 * and documents are revalidated, so a page's evidence link shows what is stored now.
 */
const cacheControlOf = (mediaType: string): string =>
  IMAGE_TYPES.has(mediaType) ? "public, max-age=31536000, immutable" : "no-cache";

/** An IPFS object the read model cites (event record, document or manifest) with its recorded hash. */
function citedObject(context: RouteContext, cid: string): { sha256: string; mediaType: string } | null {
  const cited = findCitedContent(context.indexDb, cid);
  if (!cited) return null;
  if (cited.kind !== "document") {
    return { sha256: cited.sha256, mediaType: cited.mediaType ?? "application/octet-stream" };
  }
  const type = cited.mediaType ?? "application/octet-stream";
  // Anything that a browser might run (HTML, SVG, XML) is served as plain bytes to download.
  return { sha256: cited.sha256, mediaType: SAFE_INLINE_TYPES.has(type) ? type : "application/octet-stream" };
}

/** The garment batch `lotId`, which the authenticated facility must have sewn and not be suspended from. */
async function ownBatch(
  context: RouteContext,
  lotId: string,
  principal: ReturnType<typeof principalOf>,
): Promise<LotView> {
  const batch = findLot(context.indexDb, lotId);
  if (!batch || batch.operation !== "sewing") throw new NotFoundError("Garment batch", lotId);
  if (principal.type !== "facility" || batch.recordedBy.id !== principal.id) {
    throw new ForbiddenError(`Only the facility that sewed batch '${lotId}' may print its codes`, { lotId });
  }
  await requireActivePrinter(context.ledger, principal.id);
  return batch;
}

function batchGtin(batch: LotView): string {
  const gtin = batch.sewing?.product.gtin;
  if (!gtin)
    throw new AppError("GTIN_MISSING", `Batch '${batch.id}' has no product GTIN`, {
      details: { lotId: batch.id },
    });
  return normalizeGtin(gtin);
}

/** The Digital Link a garment's label carries, with its secret code: for the facility that sewed the batch. */
async function ownGarmentLink(request: Request, response: Response, context: RouteContext) {
  const batch = await ownBatch(context, String(request.params.lot), principalOf(response));
  const serial = String(request.params.serial);
  const resolved = resolveGarment(context.indexDb, { lot: batch.id, serial });
  if (!resolved.found) throw new NotFoundError("Garment", `${batch.id}/${serial}`);
  const link = {
    gtin: batchGtin(batch),
    lot: batch.id,
    serial: String(resolved.serial),
    authCode: garmentCode(context.garmentSecret, batch.id, resolved.serial),
  };
  return { ...link, digitalLink: buildDigitalLink(link, { baseUrl: context.publicBaseUrl }) };
}

const qrRoute = (format: "png" | "svg"): HandlerRoute => ({
  method: "get",
  path: `/garments/:lot/:serial/qr.${format}`,
  operationId: `getGarmentQr${format === "png" ? "Png" : "Svg"}`,
  summary: `The garment's QR code (${format.toUpperCase()}): its Digital Link with the authentication code`,
  description: "Only the facility that sewed the batch: the image carries the garment's secret code.",
  access: "bearer",
  request: { params: BatchGarmentParams },
  answers: {
    200: {
      description: "The image",
      content: format === "png" ? { "image/png": binary } : { "image/svg+xml": binary },
    },
  },
  errors: ["INVALID_DIGITAL_LINK", "FORBIDDEN", "FACILITY_SUSPENDED", "NOT_FOUND"],
  handle: async (request, response, context) => {
    const { digitalLink } = await ownGarmentLink(request, response, context);
    // The image carries the garment's secret code: no shared cache may keep it.
    response.set("Cache-Control", "private, no-store");
    if (format === "png") response.type("image/png").send(await qrPng(digitalLink));
    else response.type("image/svg+xml").send(await qrSvg(digitalLink));
  },
});

/**
 * `GET /api/v1/garments/{lot}/{serial}/label`: what the label prints, as data, for a factory's own label
 * software (and a script that checks a garment the way a scan does).
 */
const labelRoute: HandlerRoute = {
  method: "get",
  path: "/garments/:lot/:serial/label",
  operationId: "getGarmentLabel",
  summary: "What the garment's label carries: its Digital Link with the authentication code, as JSON",
  description:
    "Only the facility that sewed the batch, as for the QR code: the answer carries the garment's secret code.",
  access: "bearer",
  request: { params: BatchGarmentParams },
  answers: { 200: jsonAnswer("The label's data", GarmentLabelSchema) },
  errors: ["INVALID_DIGITAL_LINK", "FORBIDDEN", "FACILITY_SUSPENDED", "NOT_FOUND"],
  handle: async (request, response, context) => {
    const label = await ownGarmentLink(request, response, context);
    response.set("Cache-Control", "private, no-store").status(200).json(label);
  },
};

/** `/passports/{gtin}/{lot}`: a garment batch. */
const PassportParams = GarmentParams.pick({ gtin: true, lot: true });

/**
 * GET /api/v1/passports/{gtin}/{lot}: the batch's signed Digital Product Passport (UNTP DPP 0.6.1), its Data
 * Integrity form, or with `Accept: application/vc+jwt` its VC-JOSE-COSE copy (the same content, signed EdDSA
 * with the same programme key).
 */
const batchPassportRoute: HandlerRoute = {
  method: "get",
  path: "/passports/:gtin/:lot",
  operationId: "getBatchPassport",
  summary: "A garment batch's Digital Product Passport (UNTP DPP 0.6.1), signed by the programme's did:web",
  description:
    "Built from the batch's verified provenance: product, materials with origin countries and mass fractions, " +
    "the facility of each step, conformity claims on its origin certificates with their status, and links to " +
    "its EPCIS events. Signed eddsa-jcs-2022 with the key in `/.well-known/did.json`; with " +
    "`Accept: application/vc+jwt`, the VC-JOSE-COSE copy. `ETag` is the SHA-256 of the unsigned content (`.jwt` appended for the JOSE copy).",
  access: "public",
  request: { params: PassportParams },
  answers: {
    200: {
      description: "The signed passport",
      content: {
        [VC_LD_MEDIA_TYPE]: z.record(z.string(), z.unknown()),
        [VC_JWT_MEDIA_TYPE]: textAnswer,
      },
    },
  },
  errors: ["INVALID_GTIN", "VALIDATION_FAILED", "NOT_FOUND", "UNAVAILABLE"],
  handle: async (request, response, context) => {
    const { gtin, lot } = parseWith(PassportParams, request.params);
    const passport = await batchPassport(context.passports, { gtin: normalizeGtin(gtin), lot });
    if (!passport.found) throw new NotFoundError("Garment batch", `${gtin}/${lot}`);
    response.set({
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
      Vary: "Accept",
    });
    if (
      request.accepts([VC_LD_MEDIA_TYPE, "application/ld+json", "application/json", VC_JWT_MEDIA_TYPE]) ===
      VC_JWT_MEDIA_TYPE
    ) {
      const { key, verificationMethod } = await programmeVerificationMethod(context.passports);
      // Awaited whether the JOSE helper signs synchronously or not.
      const jwt: string = await Promise.resolve(
        envelopeCredential(passport.credential, { privateKey: key.privateKey, verificationMethod }),
      );
      // One content, two representations: each its own entity tag.
      response.status(200).set("ETag", `"${passport.contentDigest}.jwt"`).type(VC_JWT_MEDIA_TYPE).send(jwt);
      return;
    }
    response
      .status(200)
      .set("ETag", `"${passport.contentDigest}"`)
      .type(VC_LD_MEDIA_TYPE)
      .send(JSON.stringify(passport.credential));
  },
};

/** The API routes: garment JSON and passport (public), QR codes and label sheets (the batch's facility). */
export const viewerApiRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    // QR and label routes first: `/garments/{lot}/{serial}/qr.png` has as many segments as `/garments/{gtin}/{lot}/{serial}`.
    qrRoute("png"),
    qrRoute("svg"),
    labelRoute,
    batchPassportRoute,
    {
      method: "get",
      path: "/lots/:id/labels.pdf",
      operationId: "getLabelSheet",
      summary: "A printable label sheet for the whole batch (A4, 21 labels a page), streamed",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: pdfAnswer },
      errors: ["INVALID_DIGITAL_LINK", "FORBIDDEN", "FACILITY_SUSPENDED", "NOT_FOUND", "UNAVAILABLE"],
      handle: (request, response, context) => labelSheet(request, response, context),
    },
    {
      method: "get",
      path: "/garments/:gtin/:lot/:serial",
      operationId: "verifyGarment",
      summary:
        "One garment's provenance, every check and one verdict (public; what the resolver gives as JSON)",
      access: "public",
      request: { params: GarmentParams, query: AuthenticationCodeQuery },
      answers: { 200: jsonAnswer("Verified now (never cached)", GarmentVerificationSchema) },
      errors: ["INVALID_GTIN", "INVALID_DIGITAL_LINK", "NOT_FOUND"],
      handle: async (request, response, context) => {
        const link = garmentLink(request);
        // Tools reading the JSON are not scans of the label: they see the tally but do not add to it.
        await answerScan(context.viewer, request, response, link, "json", { countScan: false });
      },
    },
    {
      method: "get",
      path: "/garments/:gtin/:lot/:serial/passport",
      operationId: "getGarmentPassport",
      summary:
        "The garment's digital product passport (UNTP DPP shape, unsigned), from the recorded provenance",
      access: "public",
      request: { params: GarmentParams },
      answers: { 200: jsonAnswer("The passport", z.record(z.string(), z.unknown()), "application/ld+json") },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const { viewer } = context;
        const link = garmentLink(request);
        // The passport shows the garment's lots as the chain and their checked records give them.
        const garment = await verifyGarment(viewer.provenance, {
          gtin: link.gtin,
          lot: link.lot,
          serial: link.serial,
        });
        if (!garment.found) throw new NotFoundError("Garment", `${link.gtin}/${link.lot}/${link.serial}`);
        const { certificates } = garment;
        const origin = viewer.publicBaseUrl;
        const path = `/01/${link.gtin}/10/${encodeURIComponent(link.lot)}/21/${encodeURIComponent(link.serial)}`;
        const passport = garmentPassport(
          garment,
          {
            digitalLink: origin + path,
            provenance: `${origin}/api/v1/garments/${link.gtin}/${encodeURIComponent(link.lot)}/${encodeURIComponent(link.serial)}`,
            ipfs: (cid) => `${origin}/ipfs/${cid}`,
            certificate: (id) => new URL(viewer.certificateUrl(id), origin).href,
          },
          certificates,
        );
        response
          .status(200)
          .set("Cache-Control", "no-store")
          .type("application/ld+json")
          .send(JSON.stringify(passport));
      },
    },
  ],
};

/** Streams the batch's label sheet; the lot id is checked before the first byte goes out. */
export async function labelSheet(request: Request, response: Response, context: RouteContext): Promise<void> {
  const batch = await ownBatch(context, String(request.params.id), principalOf(response));
  const count = batch.sewing?.garmentCount ?? batch.quantity;
  // Validated before streaming starts: a lot id that cannot go in a Digital Link is a clean 400.
  const labels = batchLabels({
    description: batch.sewing?.product.description ?? batch.description ?? batch.id,
    gtin: batchGtin(batch),
    lot: batch.id,
    count,
    authCode: (serial) => garmentCode(context.garmentSecret, batch.id, serial),
  });
  // At most one sheet drawn at a time and two waiting: more are refused (503) before any byte goes out.
  await context.labelSheets.run(async () => {
    response.status(200).set({
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="labels-${batch.id.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"`,
      "Cache-Control": "private, no-store",
    });
    try {
      await writeLabelSheet(labels, response, {
        baseUrl: context.publicBaseUrl,
        title: `${batch.id} ${batch.sewing?.product.description ?? ""}`.trim(),
      });
    } catch (error) {
      if (!response.headersSent) throw error;
      if (!(error instanceof LabelSheetAbortedError))
        context.logger.error({ err: error }, "label sheet failed");
      response.destroy();
    }
  });
}

/** The garment named by /garments/{gtin}/{lot}/{serial}?ac=…, checked with the Digital Link rules. */
function garmentLink(request: Request): GarmentDigitalLink {
  const { gtin, lot, serial } = request.params as Record<string, string>;
  const code = request.query.ac;
  if (code !== undefined && typeof code !== "string")
    throw new InvalidDigitalLinkError("authCode", "give one code");
  // Express has decoded the segments already; re-encode them so the Digital Link parser sees a URI path.
  return parseGarmentDigitalLink(
    `/01/${encodeURIComponent(gtin!)}/10/${encodeURIComponent(lot!)}/21/${encodeURIComponent(serial!)}` +
      (code === undefined ? "" : `?ac=${encodeURIComponent(code)}`),
  );
}
