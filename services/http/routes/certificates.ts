/**
 * The certificate routes. Under /api/v1:
 * - `POST /origin/certificates` (certifier key) — issue; 409 NOT_ORIGINATING / INSUFFICIENT_DATA /
 *   PROVISIONAL_RULE / ASSESSMENT_STALE when the assessment does not qualify;
 * - `GET /origin/certificates/{id}` — the signed credential (JSON), `GET /origin/certificates/{id}.pdf`;
 * - `POST /origin/certificates/{id}/revoke` (the issuing certifier) `{ reason }`;
 * - `GET /origin/certificates/{id}/verification` — public verification against the chain;
 * - `GET /lots/{id}/certificates` — a lot's certificates with their status as the chain has it now.
 * At the root: `GET /certificates/{id}`, the verification page (Vietnamese or English).
 */
import { Router } from "express";
import type { RequestHandler } from "express";
import type { RouteContext } from "./context";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import { hasCode } from "../../errors/index";
import { negotiateLanguage, renderCertificatePage, renderNotFoundPage } from "../../../web/index";
import type { CertifierKeyStore } from "../../certificates/certifier-keys";
import type { CertificateDeps } from "../../certificates/certificates";
import {
  certificateLinks,
  certificatesOfLot,
  issueCertificate,
  loadCertificate,
  revokeCertificate,
} from "../../certificates/certificates";
import { ForbiddenError } from "../../errors/index";
import { certificatePageModel } from "../pages/certificate-page-model";
import { renderCertificatePdf } from "../../certificates/pdf";
import { IssueCertificateBodySchema, RevokeCertificateBodySchema } from "../schemas/certificates";
import { verifyCertificate } from "../../certificates/verify";

export interface CertificateRouteOptions {
  publicBaseUrl: string;
  certifierKeys: CertifierKeyStore;
  /** Throttles the public reads (the service's public read limit). */
  publicReadLimit?: RequestHandler;
}

const PDF_CACHE_SIZE = 32;

const pass: RequestHandler = (_request, _response, next) => next();

function depsOf(context: RouteContext, options: CertificateRouteOptions): CertificateDeps {
  return {
    ledger: context.ledger,
    store: context.store,
    indexDb: context.indexDb,
    serviceDb: context.serviceDb,
    certifierKeys: options.certifierKeys,
    publicBaseUrl: options.publicBaseUrl,
  };
}

/** The /api/v1 routes of certificates. */
export function certificateApiRoutes(options: CertificateRouteOptions): (context: RouteContext) => Router {
  return (context) => {
    const router = Router();
    const deps = depsOf(context, options);
    const limit = options.publicReadLimit ?? pass;
    const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

    router.post(
      "/origin/certificates",
      context.requireAuth,
      context.write({
        authorize: (principal) => {
          if (principal.type !== "certifier")
            throw new ForbiddenError("Only a certifier's API key may issue certificates");
        },
        handle: async (request, principal) => {
          const body = parseWith(IssueCertificateBodySchema, request.body);
          const issued = await issueCertificate(deps, principal, body);
          return { status: 201, body: issued };
        },
      }),
    );

    // A PDF takes about 0.4 s to set (embedding Noto Sans dominates) and depends only on the immutable
    // credential: keep the latest few, by digest.
    const pdfs = new Map<string, Buffer>();
    router.get("/origin/certificates/:id.pdf", limit, async (request, response) => {
      const id = idParam(request.params.id);
      const { anchor, credential } = await loadCertificate(deps, id);
      const links = certificateLinks(options.publicBaseUrl, id);
      let pdf = pdfs.get(anchor.digest);
      if (!pdf) {
        pdf = await renderCertificatePdf(credential, { verificationUrl: links.page, digest: anchor.digest });
        pdfs.set(anchor.digest, pdf);
        if (pdfs.size > PDF_CACHE_SIZE) pdfs.delete(pdfs.keys().next().value!);
      }
      response.type("application/pdf").set("Content-Disposition", `inline; filename="${id}.pdf"`).send(pdf);
    });

    router.get("/origin/certificates/:id/verification", limit, async (request, response) => {
      response
        .set("Cache-Control", "no-store")
        .json(await verifyCertificate(deps, idParam(request.params.id)));
    });

    router.get("/origin/certificates/:id", limit, async (request, response) => {
      const { credential } = await loadCertificate(deps, idParam(request.params.id));
      response.type("application/vc+ld+json").json(credential);
    });

    router.post(
      "/origin/certificates/:id/revoke",
      context.requireAuth,
      context.write({
        authorize: (principal) => {
          if (principal.type !== "certifier")
            throw new ForbiddenError("Only the issuing certifier may revoke a certificate");
        },
        handle: async (request, principal) => {
          const id = idParam(request.params.id);
          const { reason } = parseWith(RevokeCertificateBodySchema, request.body);
          return { status: 200, body: await revokeCertificate(deps, principal, id, reason) };
        },
      }),
    );

    router.get("/lots/:id/certificates", limit, async (request, response) => {
      const id = idParam(request.params.id);
      response
        .set("Cache-Control", "no-store")
        .json({ lotId: id, certificates: await certificatesOfLot(deps, id) });
    });

    return router;
  };
}

/** The root route of the certificate verification page. */
export function certificatePageRoutes(options: CertificateRouteOptions): (context: RouteContext) => Router {
  return (context) => {
    const router = Router();
    const deps = depsOf(context, options);
    router.get("/certificates/:id", options.publicReadLimit ?? pass, async (request, response) => {
      const lang = negotiateLanguage(request.get("accept-language"), request.query.lang);
      // Revocation must show at once: never cache the page.
      response.set("Cache-Control", "no-store");
      const id = IdSchema.safeParse(request.params.id);
      if (!id.success) {
        response
          .status(404)
          .type("html")
          .send(renderNotFoundPage({ reason: "invalid-link" }, lang));
        return;
      }
      try {
        const verification = await verifyCertificate(deps, id.data);
        response.type("html").send(
          renderCertificatePage(certificatePageModel(verification, options.publicBaseUrl), lang, {
            requestUrl: request.originalUrl,
          }),
        );
      } catch (error) {
        if (!hasCode(error, "NOT_FOUND")) throw error;
        response
          .status(404)
          .type("html")
          .send(renderNotFoundPage({ reason: "invalid-link" }, lang));
      }
    });
    return router;
  };
}
