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
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import { hasCode } from "../../errors/index";
import { negotiateLanguage, renderCertificatePage, renderNotFoundPage } from "../../../web/index";
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
import type { RouteTable } from "../route-table";
import {
  CertificateVerificationSchema,
  CredentialSchema,
  IssueCertificateBodySchema,
  IssuedCertificateSchema,
  RevokeCertificateBodySchema,
} from "../schemas/certificates";
import { verifyCertificate } from "../../certificates/verify";
import { IdParams, jsonAnswer, pdfAnswer } from "./answers";

const PDF_CACHE_SIZE = 32;

const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

/** The /api/v1 routes of certificates. */
export const certificateApiRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/origin/certificates",
      summary: "Issue a certificate of origin (certifier key) for an originating, non-provisional assessment",
      access: "bearer",
      request: { body: IssueCertificateBodySchema },
      answers: { 201: jsonAnswer("Issued and anchored", IssuedCertificateSchema) },
      errors: [
        "NOT_FOUND",
        "NOT_ORIGINATING",
        "INSUFFICIENT_DATA",
        "PROVISIONAL_RULE",
        "ASSESSMENT_STALE",
        "EVIDENCE_UNAVAILABLE",
      ],
      authorize: (principal) => {
        if (principal.type !== "certifier")
          throw new ForbiddenError("Only a certifier's API key may issue certificates");
      },
      write: async (request, principal, context) => {
        const body = parseWith(IssueCertificateBodySchema, request.body);
        const issued = await issueCertificate(context.certificates, principal, body);
        return { status: 201, body: issued };
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id.pdf",
      summary: "The certificate as a PDF with a QR code to its verification page",
      access: "public",
      request: { params: IdParams },
      answers: { 200: pdfAnswer },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        const { anchor, credential } = await loadCertificate(context.certificates, id);
        const links = certificateLinks(context.publicBaseUrl, id);
        // A PDF takes about 0.4 s to set (embedding Noto Sans dominates) and depends only on the immutable
        // credential: keep the latest few, by digest.
        const pdfs = context.certificatePdfs;
        let pdf = pdfs.get(anchor.digest);
        if (!pdf) {
          pdf = await renderCertificatePdf(credential, {
            verificationUrl: links.page,
            digest: anchor.digest,
          });
          pdfs.set(anchor.digest, pdf);
          if (pdfs.size > PDF_CACHE_SIZE) pdfs.delete(pdfs.keys().next().value!);
        }
        response.type("application/pdf").set("Content-Disposition", `inline; filename="${id}.pdf"`).send(pdf);
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id/verification",
      summary: "Verify a certificate: signature, anchored digest, assessment, revocation and validity",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The verification", CertificateVerificationSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        response
          .set("Cache-Control", "no-store")
          .json(await verifyCertificate(context.certificates, idParam(request.params.id)));
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id",
      summary: "The signed certificate (W3C Verifiable Credential, JSON)",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The credential", CredentialSchema, "application/vc+ld+json") },
      errors: ["NOT_FOUND", "CERTIFICATE_UNREADABLE"],
      handle: async (request, response, context) => {
        const { credential } = await loadCertificate(context.certificates, idParam(request.params.id));
        response.type("application/vc+ld+json").json(credential);
      },
    },
    {
      method: "post",
      path: "/origin/certificates/:id/revoke",
      summary:
        "Revoke a certificate (the issuing certifier, or the operator with a reason); the reason goes to IPFS, its digest on chain",
      access: "bearer",
      request: { params: IdParams, body: RevokeCertificateBodySchema },
      answers: { 200: { description: "Revoked" } },
      errors: ["NOT_FOUND", "CERTIFICATE_REVOKED"],
      authorize: (principal) => {
        if (principal.type === "facility")
          throw new ForbiddenError("Only the issuing certifier or the operator may revoke a certificate");
      },
      write: async (request, principal, context) => {
        const id = idParam(request.params.id);
        const { reason } = parseWith(RevokeCertificateBodySchema, request.body);
        return { status: 200, body: await revokeCertificate(context.certificates, principal, id, reason) };
      },
    },
    {
      method: "get",
      path: "/lots/:id/certificates",
      summary: "The certificates anchored for a lot, with their status as the chain has it now",
      access: "public",
      request: { params: IdParams },
      answers: { 200: { description: "The certificates" } },
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        response
          .set("Cache-Control", "no-store")
          .json({ lotId: id, certificates: await certificatesOfLot(context.certificates, id) });
      },
    },
  ],
};

/** The root route of the certificate verification page. */
export const certificatePageRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "get",
      path: "/certificates/:id",
      summary: "A certificate's verification page (Vietnamese or English)",
      access: "public",
      undocumented: true,
      answers: { 200: { description: "The page (HTML)" } },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
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
          const verification = await verifyCertificate(context.certificates, id.data);
          response.type("html").send(
            renderCertificatePage(certificatePageModel(verification, context.publicBaseUrl), lang, {
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
      },
    },
  ],
};
