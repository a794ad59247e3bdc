/**
 * Verifying a VC 2.0 verifiable presentation, offline, in the W3C VC API's shape: the presentation's own lines
 * (`data-model`, `json-ld`, `proof` — an eddsa-jcs-2022 proof for the `authentication` purpose, made by the
 * holder, carrying the request's `challenge` and `domain` — then each credential verified on its own as
 * {@link verifyAnyCredential} does, in `credentialResults`. A presentation without a proof is allowed (the VC
 * API's proofless request): its `proof` line says so as a warning, and it cannot meet a challenge.
 */
import { verifyDocumentProof } from "../data-integrity";
import type { Problem } from "./data-model";
import { presentationProblems } from "./data-model";
import { checkJsonLd } from "./json-ld";
import type {
  CheckLine,
  CredentialVerification,
  CredentialVerifierDeps,
  ProblemDetail,
} from "./verify-credential";
import {
  dataModelLine,
  incompleteWarning,
  isObject,
  jsonLdLine,
  MAX_PROOFS,
  verifyAnyCredential,
  withinBounds,
} from "./verify-credential";

/** At most this many credentials in one presentation are verified; more is refused before any is read. */
export const MAX_PRESENTED_CREDENTIALS = 16;

export type PresentationCheckName = "data-model" | "json-ld" | "proof";

export interface PresentationCheckLine extends Omit<CheckLine, "check"> {
  check: PresentationCheckName;
}

export interface PresentationVerification {
  /** No line of the presentation invalid, its proof valid or absent, and every credential verified. */
  verified: boolean;
  /** Whether the presentation carries a proof, and so authenticates its holder. */
  proof: "present" | "absent";
  checks: PresentationCheckLine[];
  /** One answer per credential, in the presentation's order, as `POST /credentials/verify` gives it. */
  credentialResults: CredentialVerification[];
  warnings: ProblemDetail[];
  errors: ProblemDetail[];
}

export interface VerifyPresentationOptions {
  /** The challenge the verifier gave the holder: the proof must carry it. */
  challenge?: string;
  /** The domain the proof must be bound to. */
  domain?: string;
}

const SPEC = "https://www.w3.org/TR/vc-data-model-2.0/#";
const TITLES: Record<PresentationCheckName, { type: string; title: string }> = {
  "data-model": {
    type: `${SPEC}MALFORMED_VALUE_ERROR`,
    title: "The presentation breaks the VC 2.0 data model",
  },
  "json-ld": { type: `${SPEC}PARSING_ERROR`, title: "The presentation has no sound JSON-LD meaning" },
  proof: { type: `${SPEC}CRYPTOGRAPHIC_SECURITY_ERROR`, title: "The presentation's proof does not verify" },
};

const holderOf = (presentation: Record<string, unknown>): string | undefined => {
  const holder = presentation.holder;
  if (typeof holder === "string") return holder;
  return isObject(holder) && typeof holder.id === "string" ? holder.id : undefined;
};

const listOf = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

async function proofLine(
  deps: CredentialVerifierDeps,
  presentation: Record<string, unknown>,
  options: VerifyPresentationOptions,
): Promise<PresentationCheckLine> {
  const proofs = listOf(presentation.proof);
  if (proofs.length === 0)
    return options.challenge !== undefined || options.domain !== undefined
      ? {
          check: "proof",
          status: "invalid",
          detail: "the presentation carries no proof, so it cannot answer the challenge or domain asked",
        }
      : {
          check: "proof",
          status: "unverified",
          detail:
            "the presentation carries no proof: who presents it is not authenticated (each credential is checked on its own)",
        };
  if (proofs.length > MAX_PROOFS)
    return { check: "proof", status: "invalid", detail: `more than ${MAX_PROOFS} proofs: not checked` };
  const holder = holderOf(presentation);
  let unresolved: string | null = null;
  for (const [index, proof] of proofs.entries()) {
    const at = `proof ${index + 1}`;
    if (!isObject(proof)) return { check: "proof", status: "invalid", detail: `${at} is not an object` };
    if (options.challenge !== undefined && proof.challenge !== options.challenge)
      return {
        check: "proof",
        status: "invalid",
        detail: `${at} does not carry the challenge asked (${JSON.stringify(options.challenge)})`,
      };
    if (options.domain !== undefined && !listOf(proof.domain).includes(options.domain))
      return {
        check: "proof",
        status: "invalid",
        detail: `${at} is not bound to the domain asked (${JSON.stringify(options.domain)})`,
      };
    const outcome = await verifyDocumentProof({ ...presentation, proof }, holder, {
      acceptLegacy: false,
      resolveKey: deps.resolveKey,
      proofPurpose: "authentication",
    });
    if (!outcome.verified && outcome.unresolved) unresolved = outcome.reason;
    else if (!outcome.verified)
      return {
        check: "proof",
        status: "invalid",
        detail: `${at}: ${outcome.reason === "the proof was not made by the credential's issuer" ? "the proof was not made by the presentation's holder" : outcome.reason}`,
      };
  }
  if (unresolved !== null)
    return {
      check: "proof",
      status: "unverified",
      detail: `the holder's key could not be resolved here (${unresolved}), so the signature is unchecked`,
    };
  return {
    check: "proof",
    status: "valid",
    detail: `the presentation's eddsa-jcs-2022 authentication proof verifies${holder ? `, made by its holder ${holder}` : ""}${options.challenge !== undefined ? ", with the challenge asked" : ""}${options.domain !== undefined ? ", for the domain asked" : ""}`,
  };
}

/**
 * Verifies `input` as a verifiable presentation: its own data model, JSON-LD and proof, then each credential.
 *
 * @example
 * const { verified, credentialResults } = await verifyPresentation(deps, presentation, { challenge });
 */
export async function verifyPresentation(
  deps: CredentialVerifierDeps,
  input: unknown,
  options: VerifyPresentationOptions = {},
): Promise<PresentationVerification> {
  const refuse = (detail: string, problems: Problem[]) =>
    answer("absent", [{ check: "data-model", status: "invalid", detail, problems }], []);
  if (!isObject(input))
    return refuse("a presentation is a JSON object", [{ path: "", message: "not an object" }]);
  if (!withinBounds(input))
    return refuse("nested too deep or too large: not read", [{ path: "", message: "too large" }]);
  const credentials = listOf(input.verifiableCredential);
  if (credentials.length > MAX_PRESENTED_CREDENTIALS)
    return refuse(`more than ${MAX_PRESENTED_CREDENTIALS} credentials: not read`, [
      { path: "verifiableCredential", message: `at most ${MAX_PRESENTED_CREDENTIALS} credentials` },
    ]);
  // The presentation's own lines judge its envelope: its credentials' contexts and rules are their own lines.
  const { verifiableCredential: _credentials, ...envelope } = input;
  const jsonLd = await checkJsonLd(envelope, { contexts: deps.contexts });
  const checks: PresentationCheckLine[] = [
    dataModelLine(presentationProblems(input), "presentation"),
    jsonLdLine(jsonLd),
    await proofLine(deps, input, options),
  ];
  const credentialResults: CredentialVerification[] = [];
  for (const credential of credentials) credentialResults.push(await verifyAnyCredential(deps, credential));
  return answer(listOf(input.proof).length === 0 ? "absent" : "present", checks, credentialResults);
}

function answer(
  proof: PresentationVerification["proof"],
  checks: PresentationCheckLine[],
  credentialResults: CredentialVerification[],
): PresentationVerification {
  const detailOf = (line: PresentationCheckLine) => ({
    ...TITLES[line.check],
    detail: `presentation ${line.check}: ${line.detail}`,
  });
  const perCredential = (pick: (result: CredentialVerification) => ProblemDetail[]) =>
    credentialResults.flatMap((result, index) =>
      pick(result).map((problem) => ({
        ...problem,
        detail: `verifiableCredential[${index}] ${problem.detail}`,
      })),
    );
  const lineOk = (line: PresentationCheckLine) =>
    line.status === "valid" ||
    (line.status === "unverified" &&
      (line.check === "json-ld" || (line.check === "proof" && proof === "absent")));
  return {
    verified: checks.every(lineOk) && credentialResults.every((result) => result.verified),
    proof,
    checks,
    credentialResults,
    errors: [
      ...checks.filter((line) => line.status === "invalid").map(detailOf),
      ...perCredential((r) => r.errors),
    ],
    warnings: [
      ...checks
        .filter((line) => line.status === "unverified")
        .map((line) => incompleteWarning(line, "presentation ")),
      ...perCredential((r) => r.warnings),
    ],
  };
}
