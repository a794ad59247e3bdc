/**
 * What the console pages show, filled by the service's console page models (services/http/console). Plain
 * data: the pages decide the wording, in the page's language.
 */
import type { Lang } from "../view-model";

export type ConsoleRole = "operator" | "facility" | "certifier";

/** Every console page's frame: who is signed in, the session's CSRF token for its forms, the language. */
export interface ConsoleFrame {
  lang: Lang;
  /** Null on the sign-in page and the pages shown without a session. */
  signedIn: { role: ConsoleRole; id: string; name: string | null; csrfToken: string } | null;
  /** Path and query of the request, for the language switch. */
  requestUrl: string;
}

/** A field the API refused, named by its path in the request body (`exporter.name`), with the API's message. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A refusal that is not about one field (409, 403, 503…): its code and the API's message. */
export interface Refusal {
  code: string;
  message: string;
}

/** A form as sent back: the values typed (never a key) and what was wrong. */
export interface FormState {
  values: Record<string, string | string[]>;
  fields: FieldProblem[];
  refusal?: Refusal;
}

export const EMPTY_FORM: FormState = { values: {}, fields: [] };

/** A key shown once after it was issued. */
export interface IssuedKey {
  principalId: string;
  apiKey: string;
}

export interface FacilityRow {
  id: string;
  name: string | null;
  country: string;
  roles: string[];
  suspended: boolean;
}

export interface FacilitiesPageModel {
  facilities: FacilityRow[];
  register: FormState;
  issuedKey?: IssuedKey;
}

export interface FacilityPageModel {
  facility: FacilityRow & { account: string; gtinPrefixes: string[] };
  notice?: string;
  suspension: FormState;
  prefixes: FormState;
  keyIssue: FormState;
  issuedKey?: IssuedKey;
}

export interface CertifierRow {
  id: string;
  name: string;
  account: string | null;
  keys: { did: string; generation: number; retiredAt: string | null }[];
}

export interface CertifiersPageModel {
  certifiers: CertifierRow[];
  register: FormState;
  rotation: FormState & { certifierId?: string };
  issuedKey?: IssuedKey;
  notice?: string;
}

export interface LotRow {
  id: string;
  kind: "garment-batch" | "shipment";
  description: string | null;
  destinationCountry: string | null;
  occurredAt: string | null;
  facility: string | null;
}

export interface LotsPageModel {
  query: string;
  lots: LotRow[];
}

export interface AgreementView {
  fta: string;
  name: string;
  status: string;
  provisional: boolean;
  certifiable: boolean;
  failingChecks: { id: string; text: string }[];
  missing: string[];
  smallestChange: { text: string; changes: number } | null;
  /** The proofs of origin this agreement knows, for the issue form. */
  proofTypes: { id: string; name: string }[];
}

export interface CertificateRow {
  id: string | null;
  fta: string;
  status: string;
  issuedAt: string;
  revokedAt: string | null;
  links: { json: string; pdf: string; page: string } | null;
}

export interface LotPageModel {
  lot: LotRow;
  comparison:
    | {
        exportingCountry: string | null;
        importingCountry: string | null;
        date: string | null;
        agreements: AgreementView[];
      }
    | { refusal: Refusal };
  certificates: CertificateRow[];
  /** The issue form that was sent back, with the agreement it was for. */
  issue?: FormState & { fta: string };
  revoke?: FormState & { certificateId: string };
  notice?: string;
}
