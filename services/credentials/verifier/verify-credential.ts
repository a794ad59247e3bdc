/**
 * Verifying any VC 2.0 credential, offline, in the W3C VC API's answer shape: `{ verified, checks, warnings,
 * errors }`, one line per check — `data-model` (VC 2.0 rules), `json-ld` (safe-mode expansion with static
 * contexts), `proof` (eddsa-jcs-2022 Data Integrity, or the JOSE envelope's EdDSA signature), `issuer-key`
 * (the signing key resolved: did:key always, did:web only where the caller resolves it locally), `status`
 * (each `credentialStatus` entry the caller can resolve locally) and `validity` (its validity period now).
 * A check is `valid`, `invalid`, or `unverified` (could not be checked here: another host's did:web, a
 * foreign status list, a context not known offline); only all-valid is `verified`. Nothing is fetched.
 */
import { verifyDocumentProof } from "../data-integrity";
import { MAX_JWT_LENGTH, openEnvelope, peekEnvelope, VC_JWT_MEDIA_TYPE } from "../jose";
import type { KeyResolver } from "../verification-method";
import type { Problem } from "./data-model";
import { credentialProblems, isEnvelopedCredential } from "./data-model";
import { checkJsonLd } from "./json-ld";
import type { JsonLdOutcome } from "./json-ld";

export type CheckStatus = "valid" | "invalid" | "unverified";
export type CheckName = "data-model" | "json-ld" | "proof" | "issuer-key" | "status" | "validity";

export interface CheckLine {
  check: CheckName;
  status: CheckStatus;
  detail: string;
  /** The broken rules, each naming its field (data-model and json-ld). */
  problems?: Problem[];
}

/** A VC 2.0 §7.1 problem detail. */
export interface ProblemDetail {
  type: string;
  title: string;
  detail: string;
}

export interface CredentialVerification {
  verified: boolean;
  /** How the credential came: Data Integrity (`data-integrity`) or a VC-JOSE-COSE envelope (`jose`). */
  securedBy: "data-integrity" | "jose" | "none";
  checks: CheckLine[];
  warnings: ProblemDetail[];
  errors: ProblemDetail[];
}

export interface StatusAnswer {
  status: CheckStatus;
  detail: string;
}

export interface CredentialVerifierDeps {
  resolveKey: KeyResolver;
  /** The JSON-LD contexts known offline, by URL. */
  contexts: ReadonlyMap<string, unknown>;
  /** The status an entry gives, when the caller can resolve it locally; null otherwise (unverified). */
  statusOf: (
    entry: Record<string, unknown>,
    credential: Record<string, unknown>,
  ) => Promise<StatusAnswer | null>;
  now: Date;
}

/** At most this many proofs in a proof set are checked; more is refused. */
export const MAX_PROOFS = 4;
/** Bounds of the JSON a verification reads (after the HTTP layer's byte limit). */
export const MAX_DEPTH = 48;
export const MAX_NODES = 20_000;

const SPEC = "https://www.w3.org/TR/vc-data-model-2.0/#";
const ERROR_TYPES: Record<CheckName, { type: string; title: string }> = {
  "data-model": {
    type: `${SPEC}MALFORMED_VALUE_ERROR`,
    title: "The credential breaks the VC 2.0 data model",
  },
  "json-ld": { type: `${SPEC}PARSING_ERROR`, title: "The credential has no sound JSON-LD meaning" },
  proof: { type: `${SPEC}CRYPTOGRAPHIC_SECURITY_ERROR`, title: "The proof does not verify" },
  "issuer-key": { type: `${SPEC}CRYPTOGRAPHIC_SECURITY_ERROR`, title: "The issuer's key cannot be resolved" },
  status: { type: `${SPEC}CRYPTOGRAPHIC_SECURITY_ERROR`, title: "The credential's status is not in force" },
  validity: { type: `${SPEC}RANGE_ERROR`, title: "The credential is outside its validity period" },
};

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether `value` stays within {@link MAX_DEPTH} and {@link MAX_NODES} (walked without recursion). */
export function withinBounds(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return false;
    if (typeof node === "object" && node !== null)
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return true;
}

/** The compact JWS inside an enveloped credential's `data:` URL, or why there is none. */
export function jwtOfEnvelope(envelope: Record<string, unknown>): { jwt: string } | { problem: string } {
  const id = envelope.id;
  if (typeof id !== "string" || !id.startsWith("data:")) return { problem: "its id is not a data: URL" };
  const comma = id.indexOf(",");
  const mediaType = id.slice("data:".length, comma < 0 ? undefined : comma);
  if (comma < 0 || mediaType !== VC_JWT_MEDIA_TYPE)
    return {
      problem: `its data: URL is not ${VC_JWT_MEDIA_TYPE} (this verifier reads VC-JOSE-COSE envelopes only)`,
    };
  return { jwt: id.slice(comma + 1) };
}

const issuerIdOf = (credential: Record<string, unknown>): string | null => {
  const issuer = credential.issuer;
  if (typeof issuer === "string") return issuer;
  return isObject(issuer) && typeof issuer.id === "string" ? issuer.id : null;
};

async function keyLine(
  deps: CredentialVerifierDeps,
  methods: string[],
  issuerId: string | null,
): Promise<CheckLine> {
  if (methods.length === 0)
    return { check: "issuer-key", status: "invalid", detail: "no proof names a verification method" };
  for (const method of methods) {
    if (issuerId === null || !method.startsWith(`${issuerId}#`))
      return {
        check: "issuer-key",
        status: "invalid",
        detail: `${method} is not a key of the credential's issuer`,
      };
    const resolution = await deps.resolveKey(method);
    if (resolution.status !== "resolved")
      return {
        check: "issuer-key",
        status: resolution.status === "unresolved" ? "unverified" : "invalid",
        detail: resolution.reason,
      };
  }
  return { check: "issuer-key", status: "valid", detail: `Resolved locally: ${methods.join(", ")}` };
}

async function dataIntegrityLines(
  deps: CredentialVerifierDeps,
  credential: Record<string, unknown>,
): Promise<CheckLine[]> {
  const proofs = credential.proof === undefined ? [] : [credential.proof].flat();
  const issuerId = issuerIdOf(credential);
  if (proofs.length === 0)
    return [
      { check: "proof", status: "invalid", detail: "the credential carries no proof (nor is it enveloped)" },
      { check: "issuer-key", status: "invalid", detail: "no proof names a verification method" },
    ];
  if (proofs.length > MAX_PROOFS)
    return [
      { check: "proof", status: "invalid", detail: `more than ${MAX_PROOFS} proofs: not checked` },
      { check: "issuer-key", status: "unverified", detail: "the proofs were not checked" },
    ];
  const methods = proofs.map((proof) =>
    isObject(proof) && typeof proof.verificationMethod === "string" ? proof.verificationMethod : "",
  );
  const key = await keyLine(deps, methods.filter(Boolean), issuerId);
  let unresolved = false;
  for (const [index, proof] of proofs.entries()) {
    const outcome = await verifyDocumentProof({ ...credential, proof }, issuerId ?? undefined, {
      acceptLegacy: false,
      resolveKey: deps.resolveKey,
    });
    if (!outcome.verified && outcome.unresolved) unresolved = true;
    else if (!outcome.verified)
      return [{ check: "proof", status: "invalid", detail: `proof ${index + 1}: ${outcome.reason}` }, key];
  }
  return [
    unresolved
      ? {
          check: "proof",
          status: "unverified",
          detail: "the signing key could not be resolved here, so the signature is unchecked",
        }
      : {
          check: "proof",
          status: "valid",
          detail: `${proofs.length === 1 ? "The" : `All ${proofs.length}`} eddsa-jcs-2022 Data Integrity proof${proofs.length === 1 ? "" : "s"} verif${proofs.length === 1 ? "ies" : "y"}`,
        },
    key,
  ];
}

async function statusLine(
  deps: CredentialVerifierDeps,
  credential: Record<string, unknown>,
): Promise<CheckLine> {
  const entries = credential.credentialStatus === undefined ? [] : [credential.credentialStatus].flat();
  if (entries.length === 0)
    return { check: "status", status: "valid", detail: "no credentialStatus: nothing revokes it" };
  const answers: StatusAnswer[] = [];
  for (const entry of entries.slice(0, 8)) {
    if (!isObject(entry)) {
      answers.push({ status: "invalid", detail: "a credentialStatus entry is not an object" });
      continue;
    }
    answers.push(
      (await deps.statusOf(entry, credential)) ?? {
        status: "unverified",
        detail: `${String(entry.type)} entry ${String(entry.id ?? entry.statusListCredential ?? "")} is not resolvable here (no fetch)`,
      },
    );
  }
  const worst =
    answers.find((answer) => answer.status === "invalid") ??
    answers.find((answer) => answer.status === "unverified");
  return {
    check: "status",
    status: worst?.status ?? "valid",
    detail: answers.map((answer) => answer.detail).join("; "),
  };
}

function validityLine(credential: Record<string, unknown>, now: Date): CheckLine {
  const from = typeof credential.validFrom === "string" ? Date.parse(credential.validFrom) : null;
  const until = typeof credential.validUntil === "string" ? Date.parse(credential.validUntil) : null;
  if (Number.isNaN(from) || Number.isNaN(until))
    return { check: "validity", status: "invalid", detail: "validFrom or validUntil is no date" };
  if (from !== null && now.getTime() < from)
    return {
      check: "validity",
      status: "invalid",
      detail: `not valid before ${String(credential.validFrom)}`,
    };
  if (until !== null && now.getTime() >= until)
    return { check: "validity", status: "invalid", detail: `expired ${String(credential.validUntil)}` };
  return {
    check: "validity",
    status: "valid",
    detail: `valid at ${now.toISOString()}${from === null ? "" : ` (from ${String(credential.validFrom)}`}${until === null ? "" : `${from === null ? " (" : ", "}until ${String(credential.validUntil)}`}${from === null && until === null ? "" : ")"}`,
  };
}

function answer(securedBy: CredentialVerification["securedBy"], checks: CheckLine[]): CredentialVerification {
  const detailOf = (line: CheckLine) => ({
    ...ERROR_TYPES[line.check],
    detail: `${line.check}: ${line.detail}`,
  });
  return {
    // JSON-LD processing is optional for a verifier (VC 2.0 §4.3): a context not held offline leaves the
    // json-ld line "unverified" and a warning, but the credential can still verify. Every other line must be
    // valid, and no line may be invalid.
    verified: checks.every(
      (line) => line.status === "valid" || (line.check === "json-ld" && line.status === "unverified"),
    ),
    securedBy,
    checks,
    errors: checks.filter((line) => line.status === "invalid").map(detailOf),
    warnings: checks.filter((line) => line.status === "unverified").map((line) => incompleteWarning(line)),
  };
}

/**
 * The `data-model` line of a credential or a presentation (its own rules): valid, or each broken rule named
 * by its path (the whole document by `(credential)` / `(presentation)`).
 */
export function dataModelLine(
  problems: Problem[],
  of: "credential" | "presentation",
): CheckLine & { check: "data-model" } {
  return problems.length === 0
    ? {
        check: "data-model",
        status: "valid",
        detail: `follows the VC 2.0 data model${of === "presentation" ? " of a presentation" : ""}`,
      }
    : {
        check: "data-model",
        status: "invalid",
        detail: problems.map((p) => `${p.path || `(${of})`}: ${p.message}`).join("; "),
        problems,
      };
}

/** The `json-ld` line of a credential or a presentation from what {@link checkJsonLd} found. */
export function jsonLdLine(jsonLd: JsonLdOutcome): CheckLine & { check: "json-ld" } {
  if (jsonLd.status === "valid")
    return {
      check: "json-ld",
      status: "valid",
      detail: "expands in safe mode with the static contexts, no term dropped",
    };
  if (jsonLd.status === "invalid")
    return {
      check: "json-ld",
      status: "invalid",
      detail: jsonLd.problems.map((p) => p.message).join("; "),
      problems: jsonLd.problems,
    };
  return {
    check: "json-ld",
    status: "unverified",
    detail: `the context ${jsonLd.unknownContext} is not known offline (nothing is fetched)`,
  };
}

/** A line that could not be checked here, as the VC API's warning; `whose` names the document ("presentation "). */
export function incompleteWarning(line: { check: string; detail: string }, whose = ""): ProblemDetail {
  return {
    type: `${SPEC}VERIFICATION_INCOMPLETE`,
    title: "Not checked here",
    detail: `${whose}${line.check}: ${line.detail}`,
  };
}

async function modelLines(deps: CredentialVerifierDeps, credential: unknown): Promise<CheckLine[]> {
  const jsonLd = await checkJsonLd(credential, { contexts: deps.contexts });
  return [dataModelLine(credentialProblems(credential), "credential"), jsonLdLine(jsonLd)];
}

/**
 * Verifies `input`: a credential (Data Integrity), an `EnvelopedVerifiableCredential` (its `data:` URL a
 * VC-JOSE-COSE compact JWS) or the compact JWS itself.
 *
 * @example
 * const { verified, checks } = await verifyAnyCredential(deps, credential);
 */
export async function verifyAnyCredential(
  deps: CredentialVerifierDeps,
  input: unknown,
): Promise<CredentialVerification> {
  if (!withinBounds(input))
    return answer("none", [
      {
        check: "data-model",
        status: "invalid",
        detail: `nested deeper than ${MAX_DEPTH} or larger than ${MAX_NODES} values: not read`,
      },
    ]);
  let jwt: string | null = typeof input === "string" ? input : null;
  if (isObject(input) && isEnvelopedCredential(input)) {
    const found = jwtOfEnvelope(input);
    if ("problem" in found)
      return answer("jose", [
        {
          check: "data-model",
          status: "invalid",
          detail: `the enveloped credential: ${found.problem}`,
          problems: [{ path: "id", message: found.problem }],
        },
      ]);
    jwt = found.jwt;
  }
  if (jwt !== null) {
    if (jwt.length > MAX_JWT_LENGTH || !peekEnvelope(jwt))
      return answer("jose", [
        {
          check: "data-model",
          status: "invalid",
          detail: "not a compact JWS with a JSON header and payload",
          problems: [{ path: "", message: "not a compact JWS" }],
        },
      ]);
    const opened = await openEnvelope(jwt, { resolveKey: deps.resolveKey });
    const credential = opened.credential;
    if (!credential || !withinBounds(credential))
      return answer("jose", [
        {
          check: "proof",
          status: "invalid",
          detail: opened.verified ? "the payload is too large" : opened.reason,
        },
      ]);
    const kid = (peekEnvelope(jwt)?.header.kid as string | undefined) ?? "";
    const proof: CheckLine = opened.verified
      ? {
          check: "proof",
          status: "valid",
          detail: `The VC-JOSE-COSE envelope's EdDSA signature verifies (kid ${kid})`,
        }
      : { check: "proof", status: opened.unresolved ? "unverified" : "invalid", detail: opened.reason };
    return answer("jose", [
      ...(await modelLines(deps, credential)),
      proof,
      await keyLine(deps, kid ? [kid] : [], issuerIdOf(credential)),
      await statusLine(deps, credential),
      validityLine(credential, deps.now),
    ]);
  }
  if (!isObject(input))
    return answer("none", [
      {
        check: "data-model",
        status: "invalid",
        detail: "a credential is a JSON object (or a compact JWS string)",
      },
    ]);
  return answer(input.proof === undefined ? "none" : "data-integrity", [
    ...(await modelLines(deps, input)),
    ...(await dataIntegrityLines(deps, input)),
    await statusLine(deps, input),
    validityLine(input, deps.now),
  ]);
}
