/**
 * The Verifiable Credentials Data Model 2.0 rules (§4) a verifier checks on a credential's JSON, each broken
 * rule a problem naming its field: what the VC 2.0 JSON Schema says (`@context` an ordered set starting with
 * the v2 context, `type` with `VerifiableCredential`, `issuer` and `credentialSubject` present, the
 * dateTimeStamps, every `credentialStatus`/`credentialSchema`/`refreshService`/`termsOfUse`/`evidence`/`proof`
 * with a `type`), and what it cannot say: every `id` one URL, `issuer` a URL or an object with one, each
 * subject non-empty, `validUntil` not before `validFrom`, contexts that are URLs or objects. Presentations
 * (§4.13) too, with each credential inside checked by the same rules. Pure: no I/O; JSON-LD meaning is
 * checked apart (json-ld.ts).
 */

export interface Problem {
  /** JSON pointer-like path of the field (`credentialSubject[1]`, `@context[2]`). */
  path: string;
  message: string;
}

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

// XML Schema dateTimeStamp (a time zone required), as the VC 2.0 JSON Schema's pattern, anchored.
const DATE_TIME_STAMP =
  /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An absolute URL (any scheme: `https:`, `did:`, `urn:`, `data:`), no white space. */
export function isUrl(value: unknown): value is string {
  if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function checkTypeValue(problems: Problem[], path: string, value: unknown, required?: string): void {
  const types = listOf(value);
  if (value === undefined || types.length === 0) {
    problems.push({ path, message: "a type is required" });
    return;
  }
  types.forEach((type, index) => {
    if (typeof type !== "string" || type === "")
      problems.push({
        path: Array.isArray(value) ? `${path}[${index}]` : path,
        message: "a type is a term or URL string",
      });
  });
  if (required && !types.includes(required))
    problems.push({ path, message: `type must include ${required}` });
}

function checkOptionalId(problems: Problem[], path: string, object: Record<string, unknown>): void {
  if (!("id" in object)) return;
  if (Array.isArray(object.id)) problems.push({ path: `${path}.id`, message: "id is one URL, not several" });
  else if (!isUrl(object.id)) problems.push({ path: `${path}.id`, message: "id must be a URL" });
}

function checkContext(problems: Problem[], context: unknown): void {
  if (context === undefined) {
    problems.push({ path: "@context", message: `@context is required, starting with ${VC_V2_CONTEXT}` });
    return;
  }
  if (!Array.isArray(context)) {
    problems.push({ path: "@context", message: "@context is an ordered set (an array)" });
    return;
  }
  if (context[0] !== VC_V2_CONTEXT)
    problems.push({ path: "@context[0]", message: `the first context must be ${VC_V2_CONTEXT}` });
  const seen = new Set<string>();
  context.forEach((entry, index) => {
    const path = `@context[${index}]`;
    if (typeof entry === "string") {
      if (!isUrl(entry)) problems.push({ path, message: "a context is a URL or an object" });
      if (seen.has(entry)) problems.push({ path, message: "a context appears once" });
      seen.add(entry);
    } else if (!isObject(entry) || Object.keys(entry).length === 0) {
      problems.push({ path, message: "a context is a URL or a non-empty object" });
    }
  });
}

/** Entries of a property that may be one object or an array of them, each needing `type` (and maybe `id`). */
function checkTypedEntries(
  problems: Problem[],
  document: Record<string, unknown>,
  property: string,
  rules: { idRequired?: boolean },
): void {
  if (!(property in document)) return;
  const value = document[property];
  const entries = listOf(value);
  if (entries.length === 0) problems.push({ path: property, message: `${property} is empty` });
  entries.forEach((entry, index) => {
    const path = Array.isArray(value) ? `${property}[${index}]` : property;
    if (!isObject(entry)) {
      problems.push({ path, message: `${property} entries are objects` });
      return;
    }
    checkTypeValue(problems, `${path}.type`, entry.type);
    if (rules.idRequired && !("id" in entry))
      problems.push({ path: `${path}.id`, message: "id is required" });
    checkOptionalId(problems, path, entry);
  });
}

function checkIssuer(problems: Problem[], issuer: unknown): void {
  if (issuer === undefined) problems.push({ path: "issuer", message: "issuer is required" });
  else if (isObject(issuer)) {
    if (!isUrl(issuer.id)) problems.push({ path: "issuer.id", message: "issuer.id must be a URL" });
  } else if (!isUrl(issuer))
    problems.push({ path: "issuer", message: "issuer must be a URL or an object with an id URL" });
}

function checkSubjects(problems: Problem[], subject: unknown): void {
  if (subject === undefined) {
    problems.push({ path: "credentialSubject", message: "credentialSubject is required" });
    return;
  }
  const subjects = listOf(subject);
  if (subjects.length === 0)
    problems.push({ path: "credentialSubject", message: "credentialSubject is empty" });
  subjects.forEach((entry, index) => {
    const path = Array.isArray(subject) ? `credentialSubject[${index}]` : "credentialSubject";
    if (!isObject(entry)) problems.push({ path, message: "a subject is an object" });
    else if (Object.keys(entry).length === 0)
      problems.push({ path, message: "a subject makes at least one claim" });
    else checkOptionalId(problems, path, entry);
  });
}

function checkValidity(problems: Problem[], document: Record<string, unknown>): void {
  for (const property of ["validFrom", "validUntil"] as const) {
    const value = document[property];
    if (value !== undefined && (typeof value !== "string" || !DATE_TIME_STAMP.test(value)))
      problems.push({
        path: property,
        message: `${property} must be an XML Schema dateTimeStamp (with a time zone)`,
      });
  }
  const from = document.validFrom;
  const until = document.validUntil;
  if (
    typeof from === "string" &&
    typeof until === "string" &&
    DATE_TIME_STAMP.test(from) &&
    DATE_TIME_STAMP.test(until) &&
    Date.parse(until) < Date.parse(from)
  )
    problems.push({ path: "validUntil", message: "validUntil is before validFrom" });
}

/** The problems of a credential under the VC 2.0 data model (empty: none found). */
export function credentialProblems(document: unknown): Problem[] {
  if (!isObject(document)) return [{ path: "", message: "a credential is a JSON object" }];
  const problems: Problem[] = [];
  checkContext(problems, document["@context"]);
  checkTypeValue(problems, "type", document.type, "VerifiableCredential");
  checkOptionalId(problems, "", document);
  checkIssuer(problems, document.issuer);
  checkSubjects(problems, document.credentialSubject);
  checkValidity(problems, document);
  checkTypedEntries(problems, document, "credentialStatus", {});
  checkTypedEntries(problems, document, "credentialSchema", { idRequired: true });
  checkTypedEntries(problems, document, "refreshService", {});
  checkTypedEntries(problems, document, "termsOfUse", {});
  checkTypedEntries(problems, document, "evidence", {});
  checkTypedEntries(problems, document, "proof", {});
  return problems.map((problem) => ({ ...problem, path: problem.path.replace(/^\./, "") }));
}

/** An enveloped credential (§4.13.1): `type: EnvelopedVerifiableCredential` and a `data:` URL id. */
function envelopedProblems(entry: Record<string, unknown>, path: string): Problem[] {
  const problems: Problem[] = [];
  const context = listOf(entry["@context"]);
  if (context[0] !== VC_V2_CONTEXT)
    problems.push({ path: `${path}.@context`, message: `the first context must be ${VC_V2_CONTEXT}` });
  if (!listOf(entry.type).includes("EnvelopedVerifiableCredential"))
    problems.push({
      path: `${path}.type`,
      message: "an enveloped credential has type EnvelopedVerifiableCredential",
    });
  if (typeof entry.id !== "string" || !entry.id.startsWith("data:"))
    problems.push({ path: `${path}.id`, message: "an enveloped credential's id is a data: URL" });
  return problems;
}

export const isEnvelopedCredential = (value: unknown): value is Record<string, unknown> =>
  isObject(value) &&
  (listOf(value.type).includes("EnvelopedVerifiableCredential") ||
    (typeof value.id === "string" && value.id.startsWith("data:") && !("credentialSubject" in value)));

/** The problems of a verifiable presentation (§4.13), its credentials' included. */
export function presentationProblems(document: unknown): Problem[] {
  if (!isObject(document)) return [{ path: "", message: "a presentation is a JSON object" }];
  const problems: Problem[] = [];
  checkContext(problems, document["@context"]);
  checkTypeValue(problems, "type", document.type, "VerifiablePresentation");
  checkOptionalId(problems, "", document);
  const holder = document.holder;
  if (holder !== undefined) {
    if (isObject(holder)) {
      if (!isUrl(holder.id)) problems.push({ path: "holder.id", message: "holder.id must be a URL" });
    } else if (!isUrl(holder))
      problems.push({ path: "holder", message: "holder must be a URL or an object with an id URL" });
  }
  if ("verifiableCredential" in document) {
    const credentials = listOf(document.verifiableCredential);
    credentials.forEach((entry, index) => {
      const path = `verifiableCredential[${index}]`;
      if (!isObject(entry)) problems.push({ path, message: "a credential in a presentation is an object" });
      else if (isEnvelopedCredential(entry)) problems.push(...envelopedProblems(entry, path));
      else
        problems.push(
          ...credentialProblems(entry).map((problem) => ({
            ...problem,
            path: problem.path ? `${path}.${problem.path}` : path,
          })),
        );
    });
  }
  checkTypedEntries(problems, document, "proof", {});
  return problems.map((problem) => ({ ...problem, path: problem.path.replace(/^\./, "") }));
}

/** Whether a document says it is a presentation (its type names VerifiablePresentation). */
export const isPresentation = (document: unknown): boolean =>
  isObject(document) && listOf(document.type).includes("VerifiablePresentation");
