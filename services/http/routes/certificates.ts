/**
 * The certificate routes. Under /api/v1:
 * - `POST /origin/certificates` (certifier key) — issue; 409 NOT_ORIGINATING / INSUFFICIENT_DATA /
 *   PROVISIONAL_RULE / ASSESSMENT_STALE when the assessment does not qualify; 409 CERTIFICATE_EXISTS while the
 *   certifier has a valid certificate for the subject and agreement, unless `supersedes` names it (exactly one
 *   valid certificate per subject, agreement and certifier); with an Idempotency-Key, a retry after a crash
 *   answers the certificate the first attempt anchored;
 * - `GET /origin/certificates/{id}` — the signed credential (JSON), `GET /origin/certificates/{id}.pdf` (marked
 *   REVOKED, EXPIRED or NOT VALID when it is);
 * - `POST /origin/certificates/{id}/revoke` (the issuing certifier) `{ reason }`;
 * - `POST /origin/certificates/{id}/reissue` (the issuing certifier) — a certificate with a legacy-form proof
 *   re-issued in the standard eddsa-jcs-2022 form, replacing it;
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
  reissueCertificate,
  revocationReason,
  revokeCertificate,
} from "../../certificates/certificates";
import type { CertificateDeps } from "../../certificates/certificates";
import { CertificateUnreadableError } from "../../certificates/errors";
import { replacedBy } from "../../certificates/standing";
import { ForbiddenError } from "../../errors/index";
import { certificatePageModel } from "../pages/certificate-page-model";
import { z } from "zod";
import { ecoDossierFor } from "../../certificates/dossier";
import type { RouteTable } from "../route-table";
import {
  CertificateVerificationSchema,
  CredentialSchema,
  IssueCertificateBodySchema,
  IssuedCertificateSchema,
  RevokeCertificateBodySchema,
  RevokedCertificateSchema,
} from "../schemas/certificates";
import { verifyCertificate } from "../../certificates/verify";
import { joseCopyOf } from "../../certificates/jose-copy";
import { VC_JWT_MEDIA_TYPE } from "../../credentials/jose";
import { IdParams, jsonAnswer, pdfAnswer, textAnswer } from "./answers";

const PDF_CACHE_SIZE = 32;

const idParam = (value: unknown) => parseWith(IdSchema, value, "id");

/**
 * A certificate's verification, with which certificate it replaces, which replaced it, and the form of its proof
 * (`legacy`: only threadproof verifies it, re-issue it).
 */
async function verificationOf(deps: CertificateDeps, id: string) {
  const verification = await verifyCertificate(deps, id);
  const supersededBy = verification.revocation
    ? ((await revocationReason(deps, id))?.supersededBy ?? null)
    : null;
  const credential = verification.certificate;
  const signed = verification.checks.some((check) => check.id === "signature" && check.passed === true);
  return {
    ...verification,
    replaces: credential ? replacedBy(credential) : null,
    supersededBy,
    // A good signature whose proof lacks @context is the legacy form: POST …/reissue replaces it.
    proofForm: credential && signed ? ("@context" in credential.proof ? "standard" : "legacy") : null,
  };
}

/** The /api/v1 routes of certificates. */
export const certificateApiRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/origin/certificates",
      operationId: "issueCertificate",
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
        "CERTIFICATE_EXISTS",
        "CERTIFICATE_NOT_SUPERSEDABLE",
        "CERTIFICATE_REVOKED",
      ],
      authorize: (principal) => {
        if (principal.type !== "certifier")
          throw new ForbiddenError("Only a certifier's API key may issue certificates");
      },
      write: async (request, principal, context) => {
        const body = parseWith(IssueCertificateBodySchema, request.body);
        const idempotencyKey = request.get("idempotency-key");
        const issued = await issueCertificate(context.certificates, principal, body, {
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        return { status: 201, body: issued };
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id.pdf",
      operationId: "getCertificatePdf",
      summary: "The certificate as a PDF with a QR code to its verification page",
      access: "public",
      request: { params: IdParams },
      answers: { 200: pdfAnswer },
      errors: ["NOT_FOUND", "UNAVAILABLE"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        const verification = await verificationOf(context.certificates, id);
        const credential = verification.certificate;
        if (!credential) throw new CertificateUnreadableError(id);
        const links = certificateLinks(context.publicBaseUrl, id);
        const standing = {
          verdict: verification.verdict,
          revokedAt: verification.revocation?.revokedAt ?? null,
          reason: verification.revocation?.reason ?? null,
          supersededBy: verification.supersededBy,
          replaces: verification.replaces,
        };
        // A PDF takes about 0.4 s to set (embedding Noto Sans dominates) and depends only on the immutable
        // credential and its status: keep the latest few, by digest and status, so a revocation shows at once.
        const cacheKey = [verification.anchor.digest, standing.verdict, standing.revokedAt ?? ""].join(" ");
        const pdfs = context.certificatePdfs;
        let pdf = pdfs.get(cacheKey);
        if (!pdf) {
          // Only a render costs: each client has a small budget of them, apart from the public rate limit.
          context.certificatePdfRenders.take(
            request.ip ?? request.socket.remoteAddress ?? "unknown",
            response,
          );
          pdf = await context.renderCertificatePdf(credential, {
            verificationUrl: links.page,
            digest: verification.anchor.digest,
            ...(verification.anchor.txHash ? { txHash: verification.anchor.txHash } : {}),
            standing,
          });
          pdfs.set(cacheKey, pdf);
          if (pdfs.size > PDF_CACHE_SIZE) pdfs.delete(pdfs.keys().next().value!);
        }
        response
          .type("application/pdf")
          .set("Cache-Control", "no-cache")
          .set("Content-Disposition", `inline; filename="${id}.pdf"`)
          .send(pdf);
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id/dossier.pdf",
      operationId: "getCertificateDossierPdf",
      summary: "The e-C/O application dossier as a printable PDF (fields to supply marked)",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: pdfAnswer },
      errors: ["NOT_FOUND", "CERTIFICATE_UNREADABLE", "UNAVAILABLE", "RATE_LIMITED"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        const { credential } = await loadCertificate(context.certificates, id);
        // As heavy as a certificate PDF: rendered in the same worker pool, out of the same per-client budget.
        context.certificatePdfRenders.take(request.ip ?? request.socket.remoteAddress ?? "unknown", response);
        const pdf = await context.renderDossierPdf(ecoDossierFor(credential));
        response
          .type("application/pdf")
          .set("Content-Disposition", `inline; filename="${id}-dossier.pdf"`)
          .send(pdf);
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id/dossier",
      operationId: "getCertificateDossier",
      summary:
        "The e-C/O application dossier: the form's fields as an exporter fills them in eCoSys, supporting documents with their SHA-256, what is still to supply",
      access: "bearer",
      request: { params: IdParams },
      answers: {
        200: jsonAnswer("The dossier", z.record(z.string(), z.unknown()).meta({ id: "EcoDossier" })),
      },
      errors: ["NOT_FOUND", "CERTIFICATE_UNREADABLE"],
      handle: async (request, response, context) => {
        const { credential } = await loadCertificate(context.certificates, idParam(request.params.id));
        response.json(ecoDossierFor(credential));
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id/verification",
      operationId: "verifyCertificate",
      summary: "Verify a certificate: signature, anchored digest, assessment, revocation and validity",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The verification", CertificateVerificationSchema) },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        response
          .set("Cache-Control", "no-store")
          .json(await verificationOf(context.certificates, idParam(request.params.id)));
      },
    },
    {
      method: "get",
      path: "/origin/certificates/:id",
      operationId: "getCertificate",
      summary: "The signed certificate (W3C Verifiable Credential, JSON)",
      access: "public",
      request: { params: IdParams },
      description:
        "With `Accept: application/vc+jwt`, the VC-JOSE-COSE copy: the same content, signed EdDSA with the same key.",
      answers: {
        200: {
          description: "The credential",
          content: { "application/vc+ld+json": CredentialSchema, [VC_JWT_MEDIA_TYPE]: z.string() },
        },
      },
      errors: ["NOT_FOUND", "CERTIFICATE_UNREADABLE"],
      handle: async (request, response, context) => {
        const id = idParam(request.params.id);
        const { credential } = await loadCertificate(context.certificates, id);
        response.vary("Accept");
        if (
          request.accepts(["application/vc+ld+json", "application/json", VC_JWT_MEDIA_TYPE]) ===
          VC_JWT_MEDIA_TYPE
        ) {
          response.type(VC_JWT_MEDIA_TYPE).send(await joseCopyOf(context.certificates, id, credential));
          return;
        }
        response.type("application/vc+ld+json").json(credential);
      },
    },
    {
      method: "post",
      path: "/origin/certificates/:id/revoke",
      operationId: "revokeCertificate",
      summary:
        "Revoke a certificate (the issuing certifier, or the operator with a reason); the reason goes to IPFS, its digest on chain",
      access: "bearer",
      request: { params: IdParams, body: RevokeCertificateBodySchema },
      description:
        "Retried by the same certifier with the same reason (say, after its answer was lost), it answers the revocation made, not CERTIFICATE_REVOKED.",
      answers: { 200: jsonAnswer("Revoked", RevokedCertificateSchema) },
      errors: ["NOT_FOUND", "CERTIFICATE_REVOKED", "CERTIFICATE_UNREADABLE"],
      authorize: (principal) => {
        if (principal.type === "facility")
          throw new ForbiddenError("Only the issuing certifier or the operator may revoke a certificate");
      },
      write: async (request, principal, context) => {
        const id = idParam(request.params.id);
        const { reason } = parseWith(RevokeCertificateBodySchema, request.body);
        const revoked = await revokeCertificate(context.certificates, principal, id, reason);
        // A retry whose first answer a crash lost gets the revocation it made: the same answer, block included.
        if (revoked.blockNumber === null && revoked.txHash)
          revoked.blockNumber = await context.ledger.transactionBlockNumber(revoked.txHash);
        return { status: 200, body: revoked };
      },
    },
    {
      method: "post",
      path: "/origin/certificates/:id/reissue",
      operationId: "reissueCertificate",
      summary:
        "Re-issue a certificate whose proof is in the legacy form (the issuing certifier) in the standard eddsa-jcs-2022 form, replacing it",
      description:
        "Certificates signed before the proof published its @context verify only here. This signs the same content under a new id in the standard form, anchors it, and revokes the old one as superseded by it; asked again, it answers the same replacement.",
      access: "bearer",
      request: { params: IdParams },
      answers: { 201: jsonAnswer("Re-issued and anchored", IssuedCertificateSchema) },
      errors: [
        "NOT_FOUND",
        "CERTIFICATE_REVOKED",
        "CERTIFICATE_EXISTS",
        "CERTIFICATE_NOT_SUPERSEDABLE",
        "CERTIFICATE_UNREADABLE",
      ],
      authorize: (principal) => {
        if (principal.type !== "certifier")
          throw new ForbiddenError("Only the issuing certifier may re-issue a certificate");
      },
      content: (request) => ({ id: request.params.id }),
      write: async (request, principal, context) => {
        const id = idParam(request.params.id);
        const idempotencyKey = request.get("idempotency-key");
        const issued = await reissueCertificate(context.certificates, principal, id, {
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
        return { status: 201, body: issued };
      },
    },
    {
      method: "get",
      path: "/lots/:id/certificates",
      operationId: "listLotCertificates",
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
      operationId: "getCertificatePage",
      summary: "A certificate's verification page (Vietnamese or English)",
      access: "public",
      request: { params: IdParams },
      answers: { 200: { description: "The page (HTML)", content: { "text/html": textAnswer } } },
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
            .send(renderNotFoundPage({ reason: "unknown-certificate" }, lang));
          return;
        }
        try {
          const verification = await verificationOf(context.certificates, id.data);
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
            .send(renderNotFoundPage({ reason: "unknown-certificate", certificateId: id.data }, lang));
        }
      },
    },
  ],
};
