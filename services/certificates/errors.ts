/** The refusals of the certificate service; callers and tests rely on each `code`. */
import { AppError, ConflictError } from "../errors";
import type { OriginAssessment } from "../origin/assessment";

/** NOT_ORIGINATING: the assessment says the goods do not qualify; nothing is issued. */
export class NotOriginatingError extends ConflictError {
  constructor(assessmentId: string, assessment: OriginAssessment) {
    super(
      "NOT_ORIGINATING",
      `The goods are not originating under ${assessment.fta}: no certificate is issued`,
      {
        assessmentId,
        rule: assessment.rule.id,
        failedChecks: assessment.checks.filter((check) => !check.passed).map((check) => check.id),
      },
    );
  }
}

/** INSUFFICIENT_DATA: the assessment could not decide; `details.missing` names the facts it needs. */
export class InsufficientDataError extends ConflictError {
  constructor(assessmentId: string, assessment: OriginAssessment) {
    super(
      "INSUFFICIENT_DATA",
      `The assessment under ${assessment.fta} lacks facts to decide: record them and assess again`,
      { assessmentId, missing: assessment.missing },
    );
  }
}

/** PROVISIONAL_RULE: the rule applied is not confirmed against the legal text; never certified. */
export class ProvisionalRuleError extends ConflictError {
  constructor(assessmentId: string, assessment: OriginAssessment) {
    super(
      "PROVISIONAL_RULE",
      `The ${assessment.fta} rule applied is provisional (not confirmed against the legal text): no certificate is issued`,
      { assessmentId, rule: assessment.rule.id, reason: assessment.provisionalReason ?? null },
    );
  }
}

/** ASSESSMENT_STALE: the provenance no longer gives the facts the cited assessment assessed. */
export class AssessmentStaleError extends ConflictError {
  constructor(assessmentId: string) {
    super(
      "ASSESSMENT_STALE",
      "The facts derived from the recorded provenance differ from those of the cited assessment: assess again",
      { assessmentId },
    );
  }
}

/** CERTIFICATE_REVOKED: the certificate is revoked already. */
export class CertificateRevokedError extends ConflictError {
  constructor(id: string) {
    super("CERTIFICATE_REVOKED", `Certificate '${id}' is revoked already`, { id });
  }
}

/** CERTIFICATE_UNREADABLE: the anchored certificate's document cannot be read or does not parse. */
export class CertificateUnreadableError extends AppError {
  constructor(id: string, options: { cause?: unknown } = {}) {
    super("CERTIFICATE_UNREADABLE", `Certificate '${id}' cannot be read from IPFS`, {
      details: { id },
      cause: options.cause,
    });
  }
}

/**
 * CERTIFICATE_EXISTS: the certifier has a valid certificate for the subject under the agreement already; a new
 * one must name it in `supersedes` (one valid certificate per subject, agreement and certifier).
 */
export class CertificateExistsError extends ConflictError {
  constructor(validCertificateId: string, subjectId: string, fta: string) {
    super(
      "CERTIFICATE_EXISTS",
      `Certificate '${validCertificateId}' of this certifier is valid for '${subjectId}' under ${fta}: name it in supersedes to replace it`,
      { validCertificateId, subjectId, fta },
    );
  }
}

/**
 * CERTIFICATE_NOT_SUPERSEDABLE: the certificate named in `supersedes` (or to re-issue) is not a standing
 * certificate of this certifier for the same subject and agreement; `details.reason` says which part fails.
 */
export class CertificateNotSupersedableError extends ConflictError {
  constructor(id: string, reason: string, details: Record<string, unknown> = {}) {
    super("CERTIFICATE_NOT_SUPERSEDABLE", `Certificate '${id}' cannot be replaced: ${reason}`, {
      id,
      reason,
      ...details,
    });
  }
}
