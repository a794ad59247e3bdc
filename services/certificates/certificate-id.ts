/**
 * Certificate ids: `CO-<agreement>-<day of issue>-<8 hex digits>`. Without an Idempotency-Key the digits are
 * random. With one, they are the first 32 bits of SHA-256 over the certifier, the key, the subject and the
 * agreement, so a request retried after a crash names the same certificate and finds its anchor again
 * (the chain refuses a second anchor under one id) instead of sending a second one.
 */
import { createHash, randomBytes } from "node:crypto";

export interface CertificateRequestIdentity {
  certifierId: string;
  idempotencyKey: string;
  subjectId: string;
  fta: string;
}

function requestDigits(identity: CertificateRequestIdentity): string {
  return createHash("sha256")
    .update(
      [
        "threadproof certificate request",
        identity.certifierId,
        identity.idempotencyKey,
        identity.subjectId,
        identity.fta,
      ].join("\n"),
    )
    .digest("hex")
    .slice(0, 8)
    .toUpperCase();
}

/**
 * The id of a new certificate under `fta` issued at `now`: reproducible from `identity` when given.
 *
 * @example
 * newCertificateId("EVFTA", new Date(), { certifierId: "vcci-hcm", idempotencyKey: "k-1", subjectId: "SHP-1", fta: "EVFTA" });
 * // "CO-EVFTA-20260305-3F0A91C2", the same on every retry that day
 */
export function newCertificateId(fta: string, now: Date, identity?: CertificateRequestIdentity): string {
  const digits = identity ? requestDigits(identity) : randomBytes(4).toString("hex").toUpperCase();
  return `CO-${fta}-${now.toISOString().slice(0, 10).replaceAll("-", "")}-${digits}`;
}

/** Whether certificate `id` is the one {@link newCertificateId} gives for `identity` on whatever day it was issued. */
export function isCertificateOfRequest(id: string, identity: CertificateRequestIdentity): boolean {
  return /^CO-[A-Z0-9]+-\d{8}-[0-9A-F]{8}$/.test(id) && id.startsWith(`CO-${identity.fta}-`)
    ? id.endsWith(`-${requestDigits(identity)}`)
    : false;
}
