/** The record of a certificate's revocation: its digest is the `reasonDigest` the chain keeps with it. */
import { z } from "zod";
import { readerOf } from "./reader";

export const RevocationRecordSchema = z.strictObject({
  type: z.literal("certificate-revocation"),
  version: z.literal(1),
  certificateId: z.string(),
  reason: z.string(),
  /** `certifier:<id>` of the certifier that revoked it. */
  revokedBy: z.string(),
  revokedAt: z.iso.datetime(),
  /** When the revocation is a supersession: the id of the certificate that replaces this one. */
  supersededBy: z.string().optional(),
});
export type RevocationRecord = z.output<typeof RevocationRecordSchema>;

/** The revocation record's lenient reader form. */
export const RevocationRecordReader = readerOf(RevocationRecordSchema);

/**
 * The revocation record of certificate `certificateId`.
 *
 * @example
 * buildRevocationRecord({ certificateId: "CO-EVFTA-…", reason: "wrong invoice", revokedBy: "certifier:vcci-hcm", revokedAt: new Date() });
 */
export function buildRevocationRecord(params: {
  certificateId: string;
  reason: string;
  revokedBy: string;
  revokedAt: Date;
  supersededBy?: string;
}): RevocationRecord {
  return RevocationRecordSchema.parse({
    type: "certificate-revocation",
    version: 1,
    certificateId: params.certificateId,
    reason: params.reason,
    revokedBy: params.revokedBy,
    revokedAt: params.revokedAt.toISOString(),
    ...(params.supersededBy === undefined ? {} : { supersededBy: params.supersededBy }),
  });
}
