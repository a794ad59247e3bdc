/**
 * The factory office console's routes, under /console/facility, for a signed-in facility: its lots and their
 * history, a form per production event (the JSON API's schema and use case, so the API's words field by
 * field), spreadsheet imports (the API's job machinery), label sheets, the scans of its garments, and its
 * register of sewing lines and equipment. A lot the facility neither holds nor recorded, and another key's
 * import job, are not found: ids tell nothing.
 */
import { rm } from "node:fs/promises";
import type { Request, Response } from "express";
import { z } from "zod";
import { AppError, ValidationError, hasCode } from "../../errors/index";
import type { FieldIssue } from "../../errors/index";
import { parseNumberEitherWay } from "../../imports/cells";
import { facilityEquipment, registerEquipment } from "../../facilities/equipment";
import { IMPORT_KINDS } from "../../imports/columns";
import type { ImportKind } from "../../imports/columns";
import { buildTemplate } from "../../imports/templates";
import { recordEvent } from "../../production/record-event";
import { lotsOfFacility } from "../../read-model/facility-lots";
import { findLot } from "../../read-model/queries";
import type { LotView } from "../../read-model/queries";
import type { EventBody } from "../../records/events";
import { principalName } from "../../service-db/api-keys";
import { findJob } from "../../service-db/jobs";
import {
  EVENT_FORMS,
  EVENT_KINDS,
  consoleMessages,
  renderEquipmentPage,
  renderEventsPage,
  renderFactoryLotPage,
  renderFactoryLotsPage,
  renderImportJobPage,
  renderImportsPage,
  renderRefusedPage,
} from "../../../web/console/index";
import type { EventField, EventKind, ImportJobView } from "../../../web/console/index";
import type { HandlerRoute } from "../route-table";
import {
  CuttingBodySchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "../schemas/events";
import { IdSchema } from "../schemas/common";
import { RegisterEquipmentBodySchema } from "../schemas/equipment";
import { parseWith, toFieldIssues } from "../validation";
import { textAnswer } from "../routes/answers";
import type { RouteContext } from "../routes/context";
import { importJobAnswer, receiveUpload, sendImportErrorFile, startImportJob } from "../routes/imports";
import { labelSheet } from "../routes/viewer";
import { defined, refusedForm, text } from "./forms";
import type { FormValues } from "./forms";
import { requireSession, sendConsolePage, sessionCookie } from "./session";
import type { SignedIn } from "./session";

const HOME = "/console/facility";
const pageAnswer = { 200: { description: "The page", content: { "text/html": textAnswer } } };
const page = (route: Omit<HandlerRoute, "access" | "undocumented" | "answers">): HandlerRoute => ({
  ...route,
  access: "public",
  undocumented: true,
  answers: pageAnswer,
});

/** Each event kind's use-case type and the JSON API's body schema. */
const EVENTS: Record<EventKind, { type: EventBody["type"]; schema: z.ZodType }> = {
  "fabric-lots": { type: "fabric-lot", schema: FabricLotBodySchema },
  cuttings: { type: "cutting", schema: CuttingBodySchema },
  sewings: { type: "sewing", schema: SewingBodySchema },
  shipments: { type: "shipment", schema: ShipmentBodySchema },
};

const formValue = z.string().max(2000).optional();
/** An event form: its own fields, the CSRF token and the language, nothing else. */
const EVENT_FORM_SCHEMAS = Object.fromEntries(
  EVENT_KINDS.map((kind) => [
    kind,
    z.strictObject({
      csrf: formValue,
      lang: formValue,
      ...Object.fromEntries(EVENT_FORMS[kind].map((field) => [field.name, formValue])),
    }),
  ]),
) as unknown as Record<EventKind, z.ZodType>;
/** Every event form's fields, for the route table (each kind's own schema is checked in the handler). */
const EventFormSchema = z.strictObject({
  csrf: formValue,
  lang: formValue,
  ...Object.fromEntries(
    EVENT_KINDS.flatMap((kind) => EVENT_FORMS[kind].map((field) => [field.name, formValue])),
  ),
});
const EquipmentFormSchema = z.strictObject({
  csrf: formValue,
  lang: formValue,
  id: formValue,
  kind: formValue,
  name: formValue,
});
const ImportFormSchema = z.object({
  csrf: formValue,
  lang: formValue,
  kind: formValue,
  mode: formValue,
  errorBehaviour: formValue,
  file: z.string().optional(),
});

/** A date typed in a datetime-local input is Viet Nam's wall clock, as the spreadsheets' dates are. */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** An event form's request body, which form row each list item came from, and the numbers it could not read. */
export interface EventFormBody {
  body: Record<string, unknown>;
  /** For each list (`inputs`), the form row of each item kept: `inputs.1` of the body may be row 2. */
  rows: Record<string, number[]>;
  issues: FieldIssue[];
}

function cellOf(field: EventField, typed: string, issues: FieldIssue[]): unknown {
  if (field.type === "number") {
    // Typed as the spreadsheets' numbers are (1.234,5 or 1,234.5): what reads two ways is said so; text
    // that is no number goes on as text, which the schema refuses in the API's words.
    const reading = parseNumberEitherWay(typed);
    if (reading.kind === "number") return reading.value;
    if (reading.kind === "ambiguous") {
      const [a, b] = reading.readings;
      issues.push({
        path: field.name,
        message: `is ambiguous: it reads as ${a} or as ${b}; write it without a thousands separator`,
      });
    }
    return typed;
  }
  if (field.type === "datetime" && WALL_CLOCK.test(typed))
    return `${typed}${typed.length === 16 ? ":00" : ""}+07:00`;
  return typed;
}

/**
 * The API's request body from an event form: `a.0.b` names nest (numeric segments are array items), empty
 * fields are left out as a JSON client leaves them out, and an input row with nothing typed is dropped.
 */
export function eventBodyOf(kind: EventKind, form: FormValues): EventFormBody {
  const body: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const field of EVENT_FORMS[kind]) {
    const typed = text(form, field.name);
    if (typed === undefined) continue;
    const segments = field.name.split(".");
    let at: Record<string, unknown> = body;
    segments.forEach((segment, index) => {
      if (index === segments.length - 1) {
        at[segment] = cellOf(field, typed, issues);
        return;
      }
      const next = /^\d+$/.test(segments[index + 1]!) ? [] : {};
      at[segment] ??= next;
      at = at[segment] as Record<string, unknown>;
    });
  }
  // A fixed field (the unit "pcs") or a choice alone (a unit, which a select always sends) is nothing typed:
  // an item saying only that is left out, and so is a list of such items.
  const untyped = (item: unknown, prefix: string, choices: boolean) =>
    Object.keys(flatten(item, prefix)).every((name) =>
      EVENT_FORMS[kind].some(
        (field) => field.name === name && (field.fixed !== undefined || (choices && field.type === "select")),
      ),
    );
  const rows: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      const kept = [...value.entries()].filter(
        ([index, item]) => item !== undefined && !untyped(item, `${name}.${index}`, true),
      );
      rows[name] = kept.map(([index]) => index);
      if (kept.length === 0) delete body[name];
      else body[name] = kept.map(([, item]) => item as unknown);
    } else if (typeof value === "object" && value !== null && untyped(value, name, false)) delete body[name];
  }
  return { body, rows, issues };
}

function flatten(value: unknown, prefix: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) return { [prefix]: value };
  return Object.assign(
    {},
    ...Object.entries(value as Record<string, unknown>).map(([key, item]) =>
      flatten(item, `${prefix}.${key}`),
    ),
  ) as Record<string, unknown>;
}

/** A body path in the form's rows: `inputs.1.quantity` of a body whose row 2 was left empty is row 3's. */
function formPathOf(rows: EventFormBody["rows"], path: string): string {
  const item = /^(\w+)\.(\d+)(\..*)?$/.exec(path);
  const row = item ? rows[item[1]!]?.[Number(item[2])] : undefined;
  return item && row !== undefined ? `${item[1]}.${row}${item[3] ?? ""}` : path;
}

/** A VALIDATION_FAILED of the body as one of the form: its paths in the form's rows. */
function inFormRows(error: unknown, rows: EventFormBody["rows"]): unknown {
  if (!(error instanceof AppError) || !hasCode(error, "VALIDATION_FAILED")) return error;
  const fields = (error.details as { fields?: FieldIssue[] } | undefined)?.fields ?? [];
  return new ValidationError(fields.map((issue) => ({ ...issue, path: formPathOf(rows, issue.path) })));
}

/**
 * The form's body checked with the API's schema, the refusal in the form's rows; a number the form could
 * not read unambiguously is said so instead of the schema's "expected number".
 */
function parseEventForm(schema: z.ZodType, formBody: EventFormBody): unknown {
  const result = schema.safeParse(formBody.body);
  if (result.success && formBody.issues.length === 0) return result.data;
  const ambiguous = new Set(formBody.issues.map((issue) => issue.path));
  const schemaIssues = result.success ? [] : toFieldIssues(result.error);
  throw new ValidationError([
    ...formBody.issues,
    ...schemaIssues
      .map((issue) => ({ ...issue, path: formPathOf(formBody.rows, issue.path) }))
      .filter((issue) => !ambiguous.has(issue.path)),
  ]);
}

/**
 * The form field a refusal of `path` (a form path) is shown on: the field itself, or for a whole object
 * or list left empty (`supplier`: required), its first field, so the message stands beside an input.
 */
function fieldOf(kind: EventKind, path: string): string {
  const fields = EVENT_FORMS[kind].filter((field) => field.fixed === undefined);
  if (fields.some((field) => field.name === path || path.startsWith(`${field.name}.`))) return path;
  return fields.find((field) => field.name.startsWith(`${path}.`))?.name ?? path;
}

/** Whether `facilityId` may see lot `lot`: it holds it or recorded it. */
const ownsLot = (lot: LotView, facilityId: string) =>
  lot.facility.id === facilityId || lot.recordedBy.id === facilityId;

function notFound(response: Response, signedIn: SignedIn): void {
  sendConsolePage(response, 404, renderRefusedPage(signedIn.frame, "not-found"), signedIn.lang);
}

/** The path's lot, if the signed-in facility holds or recorded it; else a 404 page and null. */
function ownLot(request: Request, response: Response, context: RouteContext, signedIn: SignedIn) {
  const id = IdSchema.safeParse(request.params.id);
  const lot = id.success ? findLot(context.indexDb, id.data) : null;
  if (!lot || !ownsLot(lot, signedIn.session.principal.id)) {
    notFound(response, signedIn);
    return null;
  }
  return lot;
}

/** The path's import job, if it is the signed-in key's; else a 404 page and null. */
function ownJob(request: Request, response: Response, context: RouteContext, signedIn: SignedIn) {
  const id = IdSchema.safeParse(request.params.id);
  const job = id.success ? findJob(context.serviceDb, id.data) : null;
  if (!job || job.kind !== "import" || job.owner !== principalName(signedIn.session.principal)) {
    notFound(response, signedIn);
    return null;
  }
  return job;
}

const MAX_LISTED_SCANS = 200;

const templateRoute = (format: "csv" | "xlsx"): HandlerRoute =>
  page({
    method: "get",
    path: `${HOME}/imports/templates/:kind.${format}`,
    operationId: `getConsoleImportTemplate${format === "csv" ? "Csv" : "Xlsx"}`,
    summary: `The empty ${format.toUpperCase()} template of one import kind, in the page's language`,
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const kind = String(request.params.kind);
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) return notFound(response, signedIn);
      const template = await buildTemplate(kind as ImportKind, format, signedIn.lang);
      response
        .set({
          "Content-Type": template.mediaType,
          "Content-Disposition": `attachment; filename="${template.fileName}"`,
          "Content-Language": signedIn.lang,
        })
        .send(template.bytes);
    },
  });

export const factoryRoutes: readonly HandlerRoute[] = [
  page({
    method: "get",
    path: HOME,
    operationId: "getConsoleFacilityLots",
    summary: "A facility's lots with what remains of each",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const lots = lotsOfFacility(context.indexDb, signedIn.session.principal.id);
      sendConsolePage(response, 200, renderFactoryLotsPage(signedIn.frame, lots), signedIn.lang);
    },
  }),
  page({
    method: "get",
    path: `${HOME}/lots/:id`,
    operationId: "getConsoleFacilityLot",
    summary: "One of the facility's lots: its history, its labels and its garments' scans",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const lot = ownLot(request, response, context, signedIn);
      if (!lot) return;
      const sewnHere = lot.operation === "sewing" && lot.recordedBy.id === signedIn.session.principal.id;
      const html = renderFactoryLotPage(signedIn.frame, {
        lot: {
          id: lot.id,
          kind: lot.kind,
          operation: lot.operation,
          quantity: lot.quantity,
          remaining: lot.remaining,
          unit: lot.unit,
          description: lot.description ?? lot.sewing?.product.description ?? null,
          occurredAt: lot.occurredAt,
          held: lot.facility.id === signedIn.session.principal.id,
          inputs: lot.inputs,
          consumedBy: lot.consumedBy,
          recordCid: lot.record.cid,
          txHash: lot.chain.txHash,
          gtin: lot.sewing?.product.gtin ?? null,
        },
        scans: sewnHere ? context.viewer.scans.lotTallies(lot.id, MAX_LISTED_SCANS) : null,
      });
      sendConsolePage(response, 200, html, signedIn.lang);
    },
  }),
  page({
    method: "get",
    path: `${HOME}/lots/:id/labels.pdf`,
    operationId: "getConsoleLabelSheet",
    summary: "The label sheet of a batch the facility sewed (GET /api/v1/lots/{id}/labels.pdf's answer)",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      if (!ownLot(request, response, context, signedIn)) return;
      response.locals.principal = signedIn.session.principal;
      await labelSheet(request, response, context);
    },
  }),
  page({
    method: "get",
    path: `${HOME}/events`,
    operationId: "getConsoleEventForms",
    summary: "The production event forms",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      sendConsolePage(response, 200, renderEventsPage(signedIn.frame, {}), signedIn.lang);
    },
  }),
  page({
    method: "get",
    path: `${HOME}/events/:kind`,
    operationId: "getConsoleEventForm",
    summary: "An event form's address (the language switch after a refused form): the forms page",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const kind = EVENT_KINDS.find((known) => known === request.params.kind);
      if (!kind) return notFound(response, signedIn);
      response.redirect(303, `${HOME}/events?lang=${signedIn.lang}#${kind}`);
    },
  }),
  page({
    method: "post",
    path: `${HOME}/events/:kind`,
    operationId: "recordEventFromConsole",
    summary: "Record a production event (POST /api/v1/events/{kind}'s schema and use case)",
    request: { body: EventFormSchema },
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const kind = EVENT_KINDS.find((known) => known === request.params.kind);
      if (!kind) return notFound(response, signedIn);
      const form = (request.body ?? {}) as FormValues;
      try {
        parseWith(EVENT_FORM_SCHEMAS[kind], form);
        const { type, schema } = EVENTS[kind];
        const formBody = eventBodyOf(kind, form);
        const body = parseEventForm(schema, formBody) as EventBody["body"];
        const accepted = await recordEvent(context, signedIn.session.principal.id, {
          type,
          body,
        } as EventBody).catch((error: unknown) => {
          throw inFormRows(error, formBody.rows);
        });
        const notice = consoleMessages(signedIn.lang).factory.recorded(accepted.id);
        sendConsolePage(response, 201, renderEventsPage(signedIn.frame, { notice }), signedIn.lang);
      } catch (error) {
        const { status, state } = refusedForm(form, error);
        state.fields = state.fields.map((problem) => ({ ...problem, path: fieldOf(kind, problem.path) }));
        sendConsolePage(
          response,
          status,
          renderEventsPage(signedIn.frame, { sent: { kind, state } }),
          signedIn.lang,
        );
      }
    },
  }),
  page({
    method: "get",
    path: `${HOME}/equipment`,
    operationId: "getConsoleEquipment",
    summary: "The facility's sewing lines and equipment, and the form to register one",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const { principal } = signedIn.session;
      const items = facilityEquipment(context, principal, principal.id);
      const html = renderEquipmentPage(signedIn.frame, { items, register: { values: {}, fields: [] } });
      sendConsolePage(response, 200, html, signedIn.lang);
    },
  }),
  page({
    method: "post",
    path: `${HOME}/equipment`,
    operationId: "registerEquipmentFromConsole",
    summary:
      "Register a sewing line or machine (POST /api/v1/facilities/{id}/equipment's schema and use case)",
    request: { body: EquipmentFormSchema },
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const { principal } = signedIn.session;
      const form = (request.body ?? {}) as FormValues;
      try {
        parseWith(EquipmentFormSchema, form);
        const body = parseWith(
          RegisterEquipmentBodySchema,
          defined({ id: text(form, "id"), kind: text(form, "kind"), name: text(form, "name") }),
        );
        const registered = registerEquipment(context, principal, principal.id, body);
        const html = renderEquipmentPage(signedIn.frame, {
          items: facilityEquipment(context, principal, principal.id),
          register: { values: {}, fields: [] },
          notice: consoleMessages(signedIn.lang).factory.registeredEquipment(registered.id),
        });
        sendConsolePage(response, 201, html, signedIn.lang);
      } catch (error) {
        const { status, state } = refusedForm(form, error);
        const items = facilityEquipment(context, principal, principal.id);
        sendConsolePage(
          response,
          status,
          renderEquipmentPage(signedIn.frame, { items, register: state }),
          signedIn.lang,
        );
      }
    },
  }),
  templateRoute("csv"),
  templateRoute("xlsx"),
  page({
    method: "get",
    path: `${HOME}/imports`,
    operationId: "getConsoleImports",
    summary: "Spreadsheet import: templates and the upload form",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const html = renderImportsPage(signedIn.frame, {
        upload: { values: { mode: "dry-run", errorBehaviour: "rollback" }, fields: [] },
      });
      sendConsolePage(response, 200, html, signedIn.lang);
    },
  }),
  page({
    method: "post",
    path: `${HOME}/imports`,
    operationId: "importSpreadsheetFromConsole",
    summary: "Upload a spreadsheet as an import job (POST /api/v1/imports's job machinery)",
    request: { multipart: { schema: ImportFormSchema, fileField: "file", readsItself: true } },
    handle: async (request, response, context) => {
      // Only a live facility session's upload is received at all; its CSRF token is in the multipart body,
      // so it is checked once the body is read.
      const id = sessionCookie(request);
      const lookup = id === undefined ? null : context.console.sessions.resolve(id);
      if (!lookup || !("session" in lookup) || lookup.session.principal.type !== "facility") {
        await requireSession(request, response, context, "facility");
        return;
      }
      let file: Express.Multer.File | undefined;
      let handedOver = false;
      try {
        try {
          await receiveUpload(request, response, context.imports);
        } finally {
          file = request.file;
        }
        const signedIn = await requireSession(request, response, context, "facility");
        if (!signedIn) return;
        const form = (request.body ?? {}) as FormValues;
        try {
          const jobId = await startImportJob(
            context,
            signedIn.session.principal,
            {
              kind: text(form, "kind"),
              mode: text(form, "mode"),
              errorBehaviour: text(form, "errorBehaviour"),
              lang: signedIn.lang,
            },
            file,
            request.get("accept-language"),
          );
          handedOver = true;
          response.redirect(303, `${HOME}/imports/${jobId}?lang=${signedIn.lang}`);
        } catch (error) {
          const { status, state } = refusedForm(form, error);
          sendConsolePage(
            response,
            status,
            renderImportsPage(signedIn.frame, { upload: state }),
            signedIn.lang,
          );
        }
      } finally {
        if (!handedOver && file) await rm(file.path, { force: true });
      }
    },
  }),
  page({
    method: "get",
    path: `${HOME}/imports/:id`,
    operationId: "getConsoleImportJob",
    summary: "An import job's progress and row errors (refreshes itself while it runs)",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const job = ownJob(request, response, context, signedIn);
      if (!job) return;
      const answer = importJobAnswer(job);
      const view: ImportJobView = {
        id: answer.id,
        kind: answer.kind,
        mode: answer.mode,
        errorBehaviour: answer.errorBehaviour,
        status: answer.status,
        done: answer.done,
        total: answer.total,
        recorded: answer.recorded,
        skipped: answer.skipped,
        errors: answer.errors,
        errorFile: answer.errorFileUrl !== undefined,
      };
      sendConsolePage(response, 200, renderImportJobPage(signedIn.frame, view), signedIn.lang);
    },
  }),
  page({
    method: "get",
    path: `${HOME}/imports/:id/errors.csv`,
    operationId: "getConsoleImportErrors",
    summary: "The bad rows of one of the facility's imports (GET /api/v1/imports/{id}/errors.csv's file)",
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "facility");
      if (!signedIn) return;
      const job = ownJob(request, response, context, signedIn);
      if (!job) return;
      await sendImportErrorFile(response, context, job);
    },
  }),
];
