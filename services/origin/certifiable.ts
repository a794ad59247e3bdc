import { AppError } from "../errors";
import type { OriginAssessment } from "./assessment";

/**
 * 409: a certificate was asked for an assessment that may not carry one. `details.reasons` says why, in
 * words; `details.status` and `details.provisional` are the assessment's.
 */
export class OriginNotCertifiableError extends AppError {
  constructor(
    assessment: Pick<OriginAssessment, "fta" | "status" | "provisional">,
    reasons: readonly string[],
  ) {
    super(
      "ORIGIN_NOT_CERTIFIABLE",
      409,
      `No ${assessment.fta} certificate may be issued: ${reasons.join("; ")}`,
      {
        details: { status: assessment.status, provisional: assessment.provisional, reasons },
      },
    );
  }
}

/**
 * Why no certificate may be issued from an assessment; empty when one may. Only an originating answer from
 * a confirmed rule table can be certified (rules-of-origin.md: an answer built on a [U] rule "must not issue
 * a certificate").
 *
 * @example
 * certificationBlockers(assessOrigin(facts)); // [] or ["the answer is provisional: ..."]
 */
export function certificationBlockers(
  assessment: Pick<OriginAssessment, "status" | "provisional" | "provisionalReason" | "missing">,
): string[] {
  const reasons: string[] = [];
  if (assessment.status === "not-originating") reasons.push("the garment is not originating");
  if (assessment.status === "insufficient-data")
    reasons.push(`the answer is undecided for want of ${assessment.missing.join(", ")}`);
  if (assessment.provisional)
    reasons.push(
      `the answer is provisional: ${assessment.provisionalReason ?? "its rule table is not confirmed"}`,
    );
  return reasons;
}

/** Throws OriginNotCertifiableError unless a certificate may be issued from the assessment. */
export function assertCertifiable(assessment: OriginAssessment): void {
  const reasons = certificationBlockers(assessment);
  if (reasons.length > 0) throw new OriginNotCertifiableError(assessment, reasons);
}
