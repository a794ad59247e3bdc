/** Maps a certificate verification onto the viewer's certificate page model (web/view-model.ts). */
import type { CertificatePageModel, CheckView } from "../../../web/view-model";
import { certificateLinks } from "../../certificates/certificates";
import type { CertificateVerification, VerificationCheck } from "../../certificates/verify";

const LABELS: Record<VerificationCheck["id"], string> = {
  anchored: "Anchored on the blockchain",
  digest: "Document matches its anchored fingerprint",
  signature: "Signed by the certifier",
  subject: "Covers the lot and agreement anchored",
  evidence: "Its facts are what its evidence records give",
  assessment: "Originating under a confirmed rule",
  "not-revoked": "Not revoked",
  validity: "Within its validity period",
};

function toCheckView(id: string, check: VerificationCheck): CheckView {
  const status = check.passed === null ? "unavailable" : check.passed ? "passed" : "failed";
  const kind =
    check.id === "anchored" || check.id === "digest"
      ? "certificate-anchored"
      : check.id === "not-revoked"
        ? "certificate-status"
        : "other";
  return {
    id: `${check.id}:${id}`,
    kind,
    subject: id,
    label: LABELS[check.id],
    status,
    detail: check.detail,
    ...(check.note ? { note: check.note } : {}),
  };
}

/** The certifier is named only when the credential's signature verified against its DID. */
function signatureVerified(verification: CertificateVerification): boolean {
  return verification.checks.some((check) => check.id === "signature" && check.passed === true);
}

function issuerOf(issuer: { id: string; name?: unknown }): { id: string; name?: string } {
  return typeof issuer.name === "string" && issuer.name.trim()
    ? { id: issuer.id, name: issuer.name }
    : { id: issuer.id };
}

function outsideValidity(verification: CertificateVerification): boolean {
  return verification.checks.some((check) => check.id === "validity" && check.passed === false);
}

/** The page model for a verification; `baseUrl` builds the PDF and JSON links. */
export function certificatePageModel(
  verification: CertificateVerification & { replaces?: string | null; supersededBy?: string | null },
  baseUrl: string,
): CertificatePageModel {
  const { certificate: credential, anchor, revocation } = verification;
  const subject = credential?.credentialSubject;
  const links = certificateLinks(baseUrl, verification.id);
  const exporter = subject?.exporter as { name: string | null; country: string } | null | undefined;
  return {
    certificate: {
      id: verification.id,
      fta: anchor.fta,
      status: anchor.revokedAt
        ? "revoked"
        : verification.verdict === "invalid" || verification.verdict === "tampered"
          ? "invalid"
          : outsideValidity(verification)
            ? "expired"
            : "valid",
      issuedAt: anchor.issuedAt,
      ...(credential?.validUntil ? { validUntil: credential.validUntil } : {}),
      ...(anchor.revokedAt ? { revokedAt: anchor.revokedAt } : {}),
      ...(revocation?.reason ? { revocationReason: revocation.reason } : {}),
      ...(verification.supersededBy
        ? {
            supersededBy: {
              id: verification.supersededBy,
              url: certificateLinks(baseUrl, verification.supersededBy).page,
            },
          }
        : {}),
      ...(verification.replaces
        ? {
            replaces: {
              id: verification.replaces,
              url: certificateLinks(baseUrl, verification.replaces).page,
            },
          }
        : {}),
      ...(exporter?.name ? { exporter: { name: exporter.name, country: exporter.country } } : {}),
      ...(credential && signatureVerified(verification) ? { issuer: issuerOf(credential.issuer) } : {}),
      ...(credential?.validFrom ? { validFrom: credential.validFrom } : {}),
      ...(subject?.exportingCountry ? { exportingCountry: subject.exportingCountry } : {}),
      importingCountry: subject?.importingCountry ?? "",
      subject: {
        id: subject?.subjectLot.id ?? anchor.subjectLotKey,
        ...(subject?.product.name ? { description: subject.product.name } : {}),
        ...(subject?.product.hsCode ? { hsCode: subject.product.hsCode } : {}),
      },
      ...(subject?.assessment[0]
        ? { rule: { id: subject.assessment[0].rule.id, text: subject.assessment[0].rule.text } }
        : {}),
      sha256: anchor.digest.slice(2),
      cid: anchor.cid,
      ...(anchor.txHash ? { txHash: anchor.txHash } : {}),
      pdfUrl: links.pdf,
      jsonUrl: links.json,
    },
    verdict: verification.verdict,
    checks: verification.checks.map((check) => toCheckView(verification.id, check)),
    verifiedAt: verification.checkedAt,
  };
}
