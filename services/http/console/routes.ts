/**
 * The consoles' routes, at the root under /console: sign-in (an API key exchanged for a session) and
 * sign-out; the programme operator's facilities and certifiers; the compliance officer's batches and
 * shipments, the comparison of every agreement, issuing and revoking certificates; the facility's home.
 * Pages for people: public (counted against the public rate limit), left out of the OpenAPI document. Every
 * write calls the use case the API calls, with the API's own request schema, so a form is refused with the
 * API's words, field by field.
 */
import type { Request, Response } from "express";
import { z } from "zod";
import { compareAgreements } from "../../assessments/comparisons";
import { certificatesOfLot, issueCertificate, revokeCertificate } from "../../certificates/certificates";
import { AppError, hasCode } from "../../errors/index";
import {
  describeCertifier,
  registerCertifier,
  registerFacility,
  reissueFacilityKey,
  rotateCertifierKeys,
  setFacilityGtinPrefixes,
  setFacilitySuspended,
} from "../../facilities/facilities";
import { proofTypesFor } from "../../origin/proof-types";
import type { FtaId } from "../../origin/facts";
import { searchOriginSubjects } from "../../read-model/lot-search";
import { findFacility, findLot, listFacilities } from "../../read-model/queries";
import { hashApiKey } from "../../service-db/api-keys";
import { listCertifiers } from "../../service-db/certifiers";
import {
  consoleMessages,
  EMPTY_FORM,
  homeOf,
  renderCertifiersPage,
  renderFacilitiesPage,
  renderFacilityPage,
  renderLotPage,
  renderLotsPage,
  renderRefusedPage,
  renderSignInPage,
} from "../../../web/console/index";
import type {
  CertifiersPageModel,
  FacilityPageModel,
  LotPageModel,
  LotRow,
} from "../../../web/console/index";
import type { ErrorCode } from "../../errors/index";
import type { HandlerRoute, RouteTable } from "../route-table";
import {
  RegisterCertifierBodySchema,
  RegisterFacilityRequestSchema,
  SetGtinPrefixesBodySchema,
} from "../schemas/facilities";
import { IssueCertificateBodySchema, RevokeCertificateBodySchema } from "../schemas/certificates";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import type { RouteContext } from "../routes/context";
import { textAnswer } from "../routes/answers";
import {
  BasicFormSchema,
  CertifierFormSchema,
  checked,
  defined,
  FacilityFormSchema,
  GtinPrefixesFormSchema,
  IssueFormSchema,
  list,
  party,
  refusedForm,
  RevokeFormSchema,
  SignInFormSchema,
  SuspensionFormSchema,
  text,
} from "./forms";
import type { FormValues } from "./forms";
import { factoryRoutes } from "./factory-routes";
import {
  clearSessionCookie,
  consoleLang,
  facilityActive,
  frameFor,
  requireSession,
  sendConsolePage,
  sessionCookie,
  setSessionCookie,
  toSignIn,
} from "./session";
import type { SignedIn } from "./session";
import { kpiConsoleRoutes } from "./kpis";

const pageAnswer = { 200: { description: "The page", content: { "text/html": textAnswer } } };
const BEARER_SHAPE = /^[A-Za-z0-9_\-.~+/=]{1,512}$/;
const SUSPENSION_REASON = z.string().trim().min(1).max(1000);

/** A page route of the consoles. */
function page(
  route: Omit<HandlerRoute, "access" | "undocumented" | "answers"> & { errors?: readonly ErrorCode[] },
): HandlerRoute {
  return { ...route, access: "public", undocumented: true, answers: pageAnswer };
}

const formOf = (request: Request): FormValues => (request.body ?? {}) as FormValues;

/** The path parameter `id`, or a 404 page. */
function idOf(request: Request, response: Response, signedIn: SignedIn): string | null {
  const parsed = IdSchema.safeParse(request.params.id);
  if (parsed.success) return parsed.data;
  sendConsolePage(response, 404, renderRefusedPage(signedIn.frame, "not-found"), signedIn.lang);
  return null;
}

// ---- The operator's pages ----

function facilityRows(context: RouteContext) {
  return listFacilities(context.indexDb)
    .filter((facility) => facility.id !== null)
    .map((facility) => ({
      id: facility.id!,
      name: facility.name,
      country: facility.country,
      roles: facility.roles,
      suspended: facility.suspended,
    }));
}

async function facilityModel(
  context: RouteContext,
  id: string,
  parts: Partial<FacilityPageModel> = {},
): Promise<FacilityPageModel | null> {
  const facility = findFacility(context.indexDb, id);
  if (!facility) return null;
  const state = await context.ledger.getFacility(id);
  return {
    facility: {
      id,
      name: facility.name,
      country: facility.country,
      roles: facility.roles,
      // The chain's word, which the index may not have caught up with yet.
      suspended: state?.suspended ?? facility.suspended,
      account: facility.account,
      gtinPrefixes: await context.ledger.getGtinPrefixes(id),
    },
    suspension: EMPTY_FORM,
    prefixes: EMPTY_FORM,
    keyIssue: EMPTY_FORM,
    ...parts,
  };
}

async function sendFacilityPage(
  response: Response,
  context: RouteContext,
  signedIn: SignedIn,
  id: string,
  status: number,
  parts: Partial<FacilityPageModel> = {},
): Promise<void> {
  const model = await facilityModel(context, id, parts);
  if (!model) {
    sendConsolePage(response, 404, renderRefusedPage(signedIn.frame, "not-found"), signedIn.lang);
    return;
  }
  sendConsolePage(response, status, renderFacilityPage(signedIn.frame, model), signedIn.lang);
}

async function certifiersModel(
  context: RouteContext,
  parts: Partial<CertifiersPageModel> = {},
): Promise<CertifiersPageModel> {
  const deps = { ...context, certifierKeys: context.certificates.certifierKeys };
  const certifiers = await Promise.all(
    listCertifiers(context.serviceDb).map(async ({ id }) => {
      const described = await describeCertifier(deps, id);
      return { id, name: described.name, account: described.account, keys: described.keys };
    }),
  );
  return { certifiers, register: EMPTY_FORM, rotation: EMPTY_FORM, ...parts };
}

// ---- The compliance officer's pages ----

function lotRowOf(context: RouteContext, id: string): LotRow | null {
  const lot = findLot(context.indexDb, id);
  if (!lot || (lot.kind !== "garment-batch" && lot.kind !== "shipment")) return null;
  return {
    id: lot.id,
    kind: lot.kind,
    description: lot.description ?? lot.sewing?.product.description ?? null,
    destinationCountry: lot.shipment?.destinationCountry ?? null,
    occurredAt: lot.occurredAt,
    facility: lot.recordedBy.id,
  };
}

/** A same-site path of a link the use cases give as an absolute URL on PUBLIC_BASE_URL. */
const sameSite = (url: string) => {
  const parsed = new URL(url, "http://localhost");
  return `${parsed.pathname}${parsed.search}`;
};

async function lotModel(
  context: RouteContext,
  lot: LotRow,
  parts: Partial<LotPageModel> = {},
): Promise<LotPageModel> {
  let comparison: LotPageModel["comparison"];
  try {
    const compared = await compareAgreements(context, { subjectId: lot.id });
    comparison = {
      exportingCountry: compared.exportingCountry,
      importingCountry: compared.importingCountry,
      date: compared.date,
      agreements: compared.agreements.map((agreement) => ({
        fta: agreement.fta,
        name: agreement.name,
        status: agreement.status,
        provisional: agreement.provisional,
        certifiable: agreement.certifiable,
        failingChecks: agreement.failingChecks,
        missing: agreement.missing,
        smallestChange: agreement.smallestChange
          ? { text: agreement.smallestChange.text, changes: agreement.smallestChange.changes }
          : null,
        proofTypes: proofTypesFor(agreement.fta as FtaId)
          .filter((proof) => !proof.notAvailableFromVietNam)
          .map((proof) => ({ id: proof.id, name: proof.name })),
      })),
    };
  } catch (error) {
    if (!(error instanceof AppError) || statusCodeIsServerFault(error)) throw error;
    comparison = { refusal: { code: error.code, message: error.message } };
  }
  const certificates = (await certificatesOfLot(context.certificates, lot.id)).map((certificate) => ({
    id: certificate.id,
    fta: certificate.fta,
    status: certificate.status,
    issuedAt: certificate.issuedAt,
    revokedAt: certificate.revokedAt,
    links: certificate.links
      ? {
          json: sameSite(certificate.links.json),
          pdf: sameSite(certificate.links.pdf),
          page: sameSite(certificate.links.page),
        }
      : null,
  }));
  return { lot, comparison, certificates, ...parts };
}

const statusCodeIsServerFault = (error: AppError) =>
  ["INTERNAL", "CONFIG_INVALID", "NOT_READY"].includes(error.code);

async function sendLotPage(
  response: Response,
  context: RouteContext,
  signedIn: SignedIn,
  lotId: string,
  status: number,
  parts: Partial<LotPageModel> = {},
): Promise<void> {
  const lot = lotRowOf(context, lotId);
  if (!lot) {
    sendConsolePage(response, 404, renderRefusedPage(signedIn.frame, "not-found"), signedIn.lang);
    return;
  }
  sendConsolePage(
    response,
    status,
    renderLotPage(signedIn.frame, await lotModel(context, lot, parts)),
    signedIn.lang,
  );
}

// ---- The route table ----

export const consoleRoutes: RouteTable = {
  prefix: "",
  routes: [
    page({
      method: "get",
      path: "/console",
      operationId: "getConsole",
      summary: "The console: the signed-in role's home, or the sign-in page",
      handle: (request, response, context) => {
        const lang = consoleLang(request);
        const id = sessionCookie(request);
        const lookup = id === undefined ? null : context.console.sessions.resolve(id);
        if (lookup && "session" in lookup) {
          response.redirect(303, `${homeOf(lookup.session.principal.type)}?lang=${lang}`);
          return;
        }
        sendConsolePage(response, 200, renderSignInPage(frameFor(request, lang, null)), lang);
      },
    }),
    page({
      method: "get",
      path: "/console/sign-in",
      operationId: "getConsoleSignIn",
      summary: "The console's sign-in form (an API key)",
      handle: (request, response) => {
        const lang = consoleLang(request);
        const ended = request.query.ended;
        const reasons = ["idle", "expired", "key-revoked", "signed-out"] as const;
        const reason = reasons.find((known) => known === ended);
        const html = renderSignInPage(
          frameFor(request, lang, null),
          reason ? { kind: "ended", reason } : undefined,
        );
        sendConsolePage(response, 200, html, lang);
      },
    }),
    page({
      method: "post",
      path: "/console/sign-in",
      operationId: "signInToConsole",
      summary: "Exchange an API key (in the form body) for a console session cookie",
      request: { body: SignInFormSchema },
      errors: ["RATE_LIMITED"],
      handle: async (request, response, context) => {
        const lang = consoleLang(request);
        const frame = frameFor(request, lang, null);
        // A sign-in sent from another site is refused (login CSRF); browsers say where a form came from.
        if (request.get("sec-fetch-site") === "cross-site") {
          sendConsolePage(response, 403, renderRefusedPage(frame, "csrf"), lang);
          return;
        }
        try {
          context.console.signInAttempts.take(
            request.ip ?? request.socket.remoteAddress ?? "unknown",
            response,
          );
        } catch (error) {
          if (!hasCode(error, "RATE_LIMITED")) throw error;
          const seconds = (error as AppError & { details: { retryAfterSeconds: number } }).details
            .retryAfterSeconds;
          sendConsolePage(
            response,
            429,
            renderSignInPage(frame, { kind: "rate-limited", retryAfterSeconds: seconds }),
            lang,
          );
          return;
        }
        const form = SignInFormSchema.safeParse(request.body ?? {});
        const key = form.success ? (form.data.apiKey ?? "").trim() : "";
        const principal = BEARER_SHAPE.test(key) ? context.keys.resolve(key) : null;
        // One answer whatever the reason: unknown, revoked, malformed, or a suspended facility's key.
        const active =
          principal !== null &&
          (principal.type !== "facility" || (await facilityActive(context, principal.id)));
        if (!principal || !active) {
          sendConsolePage(response, 401, renderSignInPage(frame, { kind: "wrong-key" }), lang);
          return;
        }
        // A session cookie the browser still had is replaced: its session ends now.
        const previous = sessionCookie(request);
        if (previous !== undefined) context.console.sessions.close(previous);
        const { id } = context.console.sessions.open(principal, hashApiKey(key));
        setSessionCookie(response, context, id);
        response.redirect(303, `${homeOf(principal.type)}?lang=${lang}`);
      },
    }),
    page({
      method: "post",
      path: "/console/sign-out",
      operationId: "signOutOfConsole",
      summary: "End the console session",
      request: { body: BasicFormSchema },
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context);
        if (!signedIn) return;
        context.console.sessions.close(sessionCookie(request)!);
        clearSessionCookie(response, context);
        toSignIn(response, signedIn.lang, "signed-out");
      },
    }),
    // The factory office (./factory-routes.ts)
    ...factoryRoutes,
    // Operator: facilities
    page({
      method: "get",
      path: "/console/operator/facilities",
      operationId: "getConsoleFacilities",
      summary: "The operator's facilities: list with status, and the registration form",
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const html = renderFacilitiesPage(signedIn.frame, {
          facilities: facilityRows(context),
          register: EMPTY_FORM,
        });
        sendConsolePage(response, 200, html, signedIn.lang);
      },
    }),
    page({
      method: "post",
      path: "/console/operator/facilities",
      operationId: "registerFacilityFromConsole",
      summary: "Register a facility (POST /api/v1/facilities's use case); its API key is shown once",
      request: { body: FacilityFormSchema },
      errors: ["VALIDATION_FAILED", "DUPLICATE_ID"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const form = formOf(request);
        try {
          parseWith(FacilityFormSchema, form);
          const prefixes = list(form, "gtinPrefixes");
          const body = parseWith(
            RegisterFacilityRequestSchema,
            defined({
              id: text(form, "id"),
              name: text(form, "name"),
              country: text(form, "country"),
              roles: checked(form, "roles"),
              gtinPrefixes: prefixes.length > 0 ? prefixes : undefined,
            }),
          );
          const registered = await registerFacility(context, body);
          const html = renderFacilitiesPage(signedIn.frame, {
            facilities: facilityRows(context),
            register: EMPTY_FORM,
            ...(registered.apiKey
              ? { issuedKey: { principalId: registered.id, apiKey: registered.apiKey } }
              : {}),
          });
          sendConsolePage(response, 201, html, signedIn.lang);
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          const html = renderFacilitiesPage(signedIn.frame, {
            facilities: facilityRows(context),
            register: state,
          });
          sendConsolePage(response, status, html, signedIn.lang);
        }
      },
    }),
    page({
      method: "get",
      path: "/console/operator/facilities/:id",
      operationId: "getConsoleFacility",
      summary: "One facility: suspend or reactivate, its GS1 prefixes, a new API key",
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id !== null) await sendFacilityPage(response, context, signedIn, id, 200);
      },
    }),
    page({
      method: "post",
      path: "/console/operator/facilities/:id/suspension",
      operationId: "setFacilitySuspensionFromConsole",
      summary: "Suspend or reactivate a facility, with a reason",
      request: { body: SuspensionFormSchema },
      errors: ["VALIDATION_FAILED", "NOT_FOUND"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        const form = formOf(request);
        const suspend = text(form, "action") !== "reinstate";
        try {
          parseWith(SuspensionFormSchema, form);
          const reason = parseWith(SUSPENSION_REASON, text(form, "reason") ?? "", "reason");
          await setFacilitySuspended(context, id, suspend);
          // The chain keeps no reason for a suspension: the service log does (never a secret).
          context.logger.info({ facilityId: id, suspended: suspend, reason }, "facility suspension changed");
          const m = suspend ? "suspendedNow" : "reinstatedNow";
          await sendFacilityPage(response, context, signedIn, id, 200, { notice: noticeText(signedIn, m) });
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          await sendFacilityPage(response, context, signedIn, id, status, { suspension: state });
        }
      },
    }),
    page({
      method: "post",
      path: "/console/operator/facilities/:id/gtin-prefixes",
      operationId: "setFacilityGtinPrefixesFromConsole",
      summary:
        "Set a facility's GS1 company prefixes (POST /api/v1/facilities/{id}/gtin-prefixes's use case)",
      request: { body: GtinPrefixesFormSchema },
      errors: ["VALIDATION_FAILED", "NOT_FOUND"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        const form = formOf(request);
        try {
          parseWith(GtinPrefixesFormSchema, form);
          const { gtinPrefixes } = parseWith(SetGtinPrefixesBodySchema, {
            gtinPrefixes: list(form, "gtinPrefixes"),
          });
          await setFacilityGtinPrefixes(context, id, gtinPrefixes);
          await sendFacilityPage(response, context, signedIn, id, 200, {
            notice: noticeText(signedIn, "prefixesSet"),
          });
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          await sendFacilityPage(response, context, signedIn, id, status, { prefixes: state });
        }
      },
    }),
    page({
      method: "post",
      path: "/console/operator/facilities/:id/api-key",
      operationId: "issueFacilityApiKeyFromConsole",
      summary: "Issue a facility a new API key, revoking its old one (shown once)",
      request: { body: BasicFormSchema },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        try {
          const issued = reissueFacilityKey(context, id);
          await sendFacilityPage(response, context, signedIn, id, 201, {
            issuedKey: { principalId: issued.id, apiKey: issued.apiKey },
          });
        } catch (error) {
          const { status, state } = refusedForm({}, error);
          await sendFacilityPage(response, context, signedIn, id, status, { keyIssue: state });
        }
      },
    }),
    // Operator: certifiers
    page({
      method: "get",
      path: "/console/operator/certifiers",
      operationId: "getConsoleCertifiers",
      summary: "The operator's certifiers: list, registration, key rotation",
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        sendConsolePage(
          response,
          200,
          renderCertifiersPage(signedIn.frame, await certifiersModel(context)),
          signedIn.lang,
        );
      },
    }),
    page({
      method: "post",
      path: "/console/operator/certifiers",
      operationId: "registerCertifierFromConsole",
      summary: "Register a certifier (POST /api/v1/certifiers's use case); its API key is shown once",
      request: { body: CertifierFormSchema },
      errors: ["VALIDATION_FAILED", "DUPLICATE_ID"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const form = formOf(request);
        try {
          parseWith(CertifierFormSchema, form);
          const body = parseWith(
            RegisterCertifierBodySchema,
            defined({ id: text(form, "id"), name: text(form, "name") }),
          );
          const created = await registerCertifier(
            { ...context, certifierKeys: context.certificates.certifierKeys },
            body,
          );
          const model = await certifiersModel(context, {
            issuedKey: { principalId: created.id, apiKey: created.apiKey },
          });
          sendConsolePage(response, 201, renderCertifiersPage(signedIn.frame, model), signedIn.lang);
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          sendConsolePage(
            response,
            status,
            renderCertifiersPage(signedIn.frame, await certifiersModel(context, { register: state })),
            signedIn.lang,
          );
        }
      },
    }),
    page({
      method: "post",
      path: "/console/operator/certifiers/:id/key-rotation",
      operationId: "rotateCertifierKeyFromConsole",
      summary: "Rotate a certifier's signing keys (POST /api/v1/certifiers/{id}/key-rotation's use case)",
      request: { body: BasicFormSchema },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "operator");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        try {
          const rotated = await rotateCertifierKeys(
            { ...context, certifierKeys: context.certificates.certifierKeys },
            signedIn.session.principal,
            id,
          );
          const notice = consoleNotice(signedIn, (m) => m.rotated(rotated.account));
          sendConsolePage(
            response,
            200,
            renderCertifiersPage(signedIn.frame, await certifiersModel(context, { notice })),
            signedIn.lang,
          );
        } catch (error) {
          const { status, state } = refusedForm({}, error);
          const model = await certifiersModel(context, { rotation: { ...state, certifierId: id } });
          sendConsolePage(response, status, renderCertifiersPage(signedIn.frame, model), signedIn.lang);
        }
      },
    }),
    // Compliance officer
    page({
      method: "get",
      path: "/console/compliance/lots",
      operationId: "getConsoleOriginSubjects",
      summary: "The garment batches and shipments the read model knows, searchable by id",
      request: { query: z.object({ q: z.string().max(64).optional(), lang: z.string().optional() }) },
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "certifier");
        if (!signedIn) return;
        const query = typeof request.query.q === "string" ? request.query.q.trim().slice(0, 64) : "";
        const lots = searchOriginSubjects(context.indexDb, query, 100).map((row) => ({
          id: row.id,
          kind: row.kind,
          description: row.description,
          destinationCountry: row.destinationCountry,
          occurredAt: row.occurredAt,
          facility: row.facilityId,
        }));
        sendConsolePage(response, 200, renderLotsPage(signedIn.frame, { query, lots }), signedIn.lang);
      },
    }),
    page({
      method: "get",
      path: "/console/compliance/lots/:id",
      operationId: "getConsoleOriginComparison",
      summary: "Every agreement at once for a batch or shipment (POST /api/v1/origin/comparisons's use case)",
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "certifier");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id !== null) await sendLotPage(response, context, signedIn, id, 200);
      },
    }),
    page({
      method: "post",
      path: "/console/compliance/lots/:id/certificates",
      operationId: "issueCertificateFromConsole",
      summary: "Issue a certificate from an originating answer (POST /api/v1/origin/certificates's use case)",
      request: { body: IssueFormSchema },
      errors: [
        "VALIDATION_FAILED",
        "NOT_ORIGINATING",
        "INSUFFICIENT_DATA",
        "PROVISIONAL_RULE",
        "CERTIFICATE_EXISTS",
      ],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "certifier");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        const form = formOf(request);
        const fta = text(form, "fta") ?? "";
        try {
          parseWith(IssueFormSchema, form);
          const body = parseWith(
            IssueCertificateBodySchema,
            defined({
              subjectId: id,
              fta: text(form, "fta"),
              proofType: text(form, "proofType"),
              certifierRole: text(form, "certifierRole"),
              exporter: party(form, "exporter"),
              producer: party(form, "producer"),
              importer: party(form, "importer"),
              exporterAuthorisation: text(form, "exporterAuthorisation"),
              place: text(form, "place"),
              supersedes: text(form, "supersedes"),
            }),
          );
          const issued = await issueCertificate(context.certificates, signedIn.session.principal, body);
          await sendLotPage(response, context, signedIn, id, 201, {
            notice: consoleNotice(signedIn, (m) => m.issued(issued.id)),
          });
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          await sendLotPage(response, context, signedIn, id, status, { issue: { ...state, fta } });
        }
      },
    }),
    page({
      method: "post",
      path: "/console/compliance/certificates/:id/revoke",
      operationId: "revokeCertificateFromConsole",
      summary: "Revoke a certificate with a reason (POST /api/v1/origin/certificates/{id}/revoke's use case)",
      request: { body: RevokeFormSchema },
      errors: ["VALIDATION_FAILED", "NOT_FOUND", "FORBIDDEN", "CERTIFICATE_REVOKED"],
      handle: async (request, response, context) => {
        const signedIn = await requireSession(request, response, context, "certifier");
        if (!signedIn) return;
        const id = idOf(request, response, signedIn);
        if (id === null) return;
        const form = formOf(request);
        const lotId = IdSchema.safeParse(text(form, "lotId"));
        const back = async (status: number, parts: Partial<LotPageModel>) => {
          if (lotId.success) await sendLotPage(response, context, signedIn, lotId.data, status, parts);
          else response.redirect(303, `/console/compliance/lots?lang=${signedIn.lang}`);
        };
        try {
          parseWith(RevokeFormSchema, form);
          const { reason } = parseWith(
            RevokeCertificateBodySchema,
            defined({ reason: text(form, "reason") }),
          );
          await revokeCertificate(context.certificates, signedIn.session.principal, id, reason);
          await back(200, { notice: consoleNotice(signedIn, (m) => m.revoked(id)) });
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          await back(status, { revoke: { ...state, certificateId: id } });
        }
      },
    }),
    // Operator: the KPI dashboard (./kpis.ts)
    ...kpiConsoleRoutes,
  ],
};

type Messages = ReturnType<typeof consoleMessages>;

function consoleNotice(signedIn: SignedIn, text: (m: Messages) => string): string {
  return text(messagesOf(signedIn));
}

function noticeText(signedIn: SignedIn, key: "suspendedNow" | "reinstatedNow" | "prefixesSet"): string {
  return messagesOf(signedIn)[key];
}

const messagesOf = (signedIn: SignedIn) => consoleMessages(signedIn.lang);
