/**
 * The consoles' forms: each a strict schema of the fields its page sends (URL-encoded), turned into the API's
 * request body so that the same use case validates it with the same schema and the same words; and the
 * refusals of those use cases as a form's state (field by field, or one refusal with its code).
 */
import { z } from "zod";
import { AppError, hasCode } from "../../errors/index";
import type { FieldIssue } from "../../errors/index";
import type { FormState } from "../../../web/console/index";
import { statusOf } from "../error-status";

const value = z.string().max(2000).optional();
const values = z.union([z.string().max(200), z.array(z.string().max(200)).max(20)]).optional();

/** Every form carries the session's CSRF token and the page language. */
const basics = { csrf: value, lang: value };

export const SignInFormSchema = z.strictObject({ ...basics, apiKey: value });
export const BasicFormSchema = z.strictObject({ ...basics });
export const FacilityFormSchema = z.strictObject({
  ...basics,
  id: value,
  name: value,
  country: value,
  roles: values,
  gtinPrefixes: value,
});
export const SuspensionFormSchema = z.strictObject({ ...basics, action: value, reason: value });
export const GtinPrefixesFormSchema = z.strictObject({ ...basics, gtinPrefixes: value });
export const CertifierFormSchema = z.strictObject({ ...basics, id: value, name: value });
export const RevokeFormSchema = z.strictObject({ ...basics, reason: value, lotId: value });

/** The issue form's party fields, named by their path in the API's body. */
const PARTY_FIELDS = {
  "exporter.name": value,
  "exporter.address": value,
  "exporter.telephone": value,
  "exporter.email": value,
  "producer.name": value,
  "producer.address": value,
  "producer.telephone": value,
  "producer.email": value,
  "importer.name": value,
  "importer.address": value,
  "importer.country": value,
};
export const IssueFormSchema = z.strictObject({
  ...basics,
  fta: value,
  proofType: value,
  certifierRole: value,
  exporterAuthorisation: value,
  place: value,
  supersedes: value,
  ...PARTY_FIELDS,
});

export type FormValues = Record<string, string | string[] | undefined>;

/** The form's values as sent, without its token (never echoed into a page). */
export function typedValues(form: FormValues): FormState["values"] {
  const kept: FormState["values"] = {};
  for (const [name, sent] of Object.entries(form)) {
    if (name === "csrf" || name === "apiKey") continue;
    if (typeof sent === "string") kept[name] = sent.slice(0, 2000);
    else if (Array.isArray(sent)) kept[name] = sent.filter((item) => typeof item === "string").slice(0, 20);
  }
  return kept;
}

/** A text field as the API would get it: absent when left empty. */
export function text(form: FormValues, name: string): string | undefined {
  const sent: unknown = form[name];
  const first: unknown = Array.isArray(sent) ? sent[0] : sent;
  // A form sends text; anything else (a JSON body's numbers or objects) counts as left empty.
  const trimmed = typeof first === "string" ? first.trim() : "";
  return trimmed === "" ? undefined : trimmed;
}

/** A list typed into one field, separated by spaces or commas (GS1 prefixes). */
export function list(form: FormValues, name: string): string[] {
  return (text(form, name) ?? "").split(/[\s,;]+/).filter((item) => item !== "");
}

/** Checked boxes of one name: absent when none is checked, as a JSON client leaving the field out. */
export function checked(form: FormValues, name: string): string[] | undefined {
  const sent: unknown = form[name];
  if (sent === undefined) return undefined;
  return (Array.isArray(sent) ? sent : [sent]).filter((item): item is string => typeof item === "string");
}

/** `prefix.field` inputs as one object (`exporter.name` → `exporter: { name }`), absent when all are empty. */
export function party(form: FormValues, prefix: string): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const name of Object.keys(form)) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const typed = text(form, name);
    if (typed !== undefined) found[name.slice(prefix.length + 1)] = typed;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/** An object without its undefined members (the API's strict bodies treat a present key as given). */
export function defined<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A use case's refusal as the state of the form that asked: VALIDATION_FAILED names its fields, any other
 * AppError is one refusal with its code and the API's message. Anything else is not a refusal: rethrown.
 */
export function refusedForm(form: FormValues, error: unknown): { status: number; state: FormState } {
  if (!(error instanceof AppError)) throw error;
  const state: FormState = { values: typedValues(form), fields: [] };
  if (hasCode(error, "VALIDATION_FAILED")) {
    const details = error.details as { fields?: FieldIssue[] } | undefined;
    state.fields = (details?.fields ?? []).slice(0, 50).map(({ path, message }) => ({ path, message }));
  } else {
    state.refusal = { code: error.code, message: error.message };
  }
  const status = statusOf(error);
  // A 5xx is not the form's fault and says nothing of the store: the error handler words it.
  if (status >= 500 && !hasCode(error, "UNAVAILABLE")) throw error;
  return { status, state };
}
