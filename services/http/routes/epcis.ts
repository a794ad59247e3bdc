/**
 * EPCIS 2.0 capture and query, after the GS1 REST bindings (`/capture`, `/capture/{id}`, `/events`) under
 * `/epcis`, and a lot's upstream provenance as an EPCISDocument under `/api/v1`. Capture is bearer-authorized
 * with facility keys (a facility records only for itself, as with the JSON endpoints); queries are public.
 * Errors under `/epcis` are RFC 7807 problem documents (`application/problem+json`).
 */
import { randomUUID } from "node:crypto";
import express from "express";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { AppError, NotFoundError, ValidationError } from "../../errors/index";
import type { Logger } from "../../logging/index";
import {
  canonicalTime,
  createEpcisValidator,
  EPCIS_CONTEXT_URL,
  epcisProblem,
  eventsOf,
  isJsonObject,
  normaliseGs1Identifier,
} from "../../epcis/index";
import type { EpcisValidator, JsonObject } from "../../epcis/index";
import { enqueueCapture } from "../../epcis-capture/queue";
import type { CaptureErrorBehaviour } from "../../epcis-capture/capture";
import { exportLotAsEpcis } from "../../epcis-capture/export-lot";
import { loadGs1EpcisSchema } from "../../epcis-capture/gs1-schema";
import { createJob, findJob } from "../../service-db/jobs";
import { findEpcisEventById, queryEpcisEvents } from "../../service-db/epcis-events";
import { principalName } from "../../service-db/api-keys";
import { principalOf, requireFacility } from "../auth";
import { refuseSuspendedWriter } from "../../production/writer-standing";
import { statusOf } from "../error-status";
import { toAppError } from "../errors-middleware";
import type { RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import { IdParams, jsonAnswer } from "./answers";
import { hashRequestBody, parseIdempotencyKey } from "../idempotency";
import type { StoredAnswer } from "../idempotency";
import { jobIdempotencyKey } from "./job-idempotency";

/** Most events one capture may carry (advertised as `GS1-EPCIS-Capture-Limit`). */
export const EPCIS_CAPTURE_LIMIT = 10_000;
/** Largest capture body in bytes (advertised as `GS1-EPCIS-Capture-File-Size-Limit`). */
export const EPCIS_CAPTURE_FILE_SIZE_LIMIT = 16 * 1024 * 1024;
/** Query page sizes: the default and the most one page holds. */
export const EPCIS_DEFAULT_PAGE = 30;
export const EPCIS_MAX_PAGE = 500;

const EPCIS_MEDIA_TYPES = ["application/json", "application/ld+json"];
const VERSION_HEADERS = { "GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0" } as const;

let validator: EpcisValidator | undefined;
/** The GS1 schema compiled once, on first use (compiling takes a few hundred milliseconds). */
const validateEpcis: EpcisValidator = (document) =>
  (validator ??= createEpcisValidator(loadGs1EpcisSchema()))(document);

/** Parses EPCIS bodies (JSON and JSON-LD) up to the capture size limit, before the service's small JSON parser. */
export function epcisBodyParser(): RequestHandler {
  return express.json({ type: EPCIS_MEDIA_TYPES, limit: EPCIS_CAPTURE_FILE_SIZE_LIMIT, strict: true });
}

const PROBLEM_TYPES: Record<number, string> = {
  400: "epcisException:ValidationException",
  401: "epcisException:SecurityException",
  403: "epcisException:SecurityException",
  404: "epcisException:NoSuchResourceException",
  409: "epcisException:ValidationException",
  413: "epcisException:CaptureLimitExceededException",
  415: "epcisException:ValidationException",
  429: "epcisException:ImplementationException",
};

/** Errors under /epcis as RFC 7807 problem documents; a fault says nothing more than that it happened. */
export function epcisProblemMiddleware(deps: {
  logger: Logger;
  limits: { jsonBodyLimitBytes: number; uploadLimitBytes: number };
}): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const appError = toAppError(error, { ...deps.limits, jsonBodyLimitBytes: EPCIS_CAPTURE_FILE_SIZE_LIMIT });
    const status = appError ? statusOf(appError) : 500;
    if (status >= 500)
      deps.logger.error({ err: error, method: request.method, path: request.path }, "epcis error");
    if (response.headersSent) return;
    const details = appError?.details as { issues?: unknown; fields?: unknown } | undefined;
    response
      .status(status)
      .type("application/problem+json")
      .json({
        type: PROBLEM_TYPES[status] ?? "epcisException:ImplementationException",
        title: appError && status < 500 ? appError.message : "The request could not be completed",
        status,
        instance: request.originalUrl.split("?")[0]!.slice(0, 200),
        ...(appError && status < 500 ? { code: appError.code } : {}),
        ...(appError && status < 500 && details?.issues
          ? { detail: (details as { detail?: string }).detail, issues: details.issues }
          : {}),
        ...(appError && status < 500 && details?.fields ? { fields: details.fields } : {}),
      });
  };
}

function requireEpcisMediaType(request: Request): void {
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!EPCIS_MEDIA_TYPES.includes(type))
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send EPCIS as application/json or application/ld+json");
}

/** A document refused by the GS1 schema: 400 naming each event and field. */
function refuseInvalid(document: unknown): void {
  const result = validateEpcis(document);
  if (result.valid) return;
  const problem = epcisProblem(result.issues);
  throw new AppError("VALIDATION_FAILED", problem.title, {
    details: {
      detail: problem.detail,
      issues: result.issues,
      fields: result.issues.map((issue) => ({ path: issue.pointer, message: issue.message })),
    },
  });
}

function errorBehaviourOf(request: Request): CaptureErrorBehaviour {
  const header = request.headers["gs1-capture-error-behaviour"];
  if (header === undefined || header === "rollback") return "rollback";
  if (header === "proceed") return "proceed";
  throw new ValidationError([
    { path: "headers.gs1-capture-error-behaviour", message: "must be rollback or proceed" },
  ]);
}

const CaptureJobSchema = z.object({
  captureID: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  running: z.boolean(),
  success: z.boolean(),
  captureErrorBehaviour: z.enum(["rollback", "proceed"]),
  eventsDone: z.number(),
  eventsTotal: z.number(),
  captureRoot: z.string().nullable(),
  events: z.array(z.record(z.string(), z.unknown())),
  errors: z.array(z.record(z.string(), z.unknown())),
});

const EpcisDocumentSchema = z
  .record(z.string(), z.unknown())
  .describe("An EPCIS 2.0 document (GS1 JSON Schema)");

function jobAnswer(job: NonNullable<ReturnType<typeof findJob>>): z.infer<typeof CaptureJobSchema> {
  const result = (job.result ?? {}) as {
    captureRoot?: string | null;
    events?: Record<string, unknown>[];
    behaviour?: string;
  };
  return {
    captureID: job.id,
    createdAt: job.createdAt,
    ...(job.finishedAt === null ? {} : { finishedAt: job.finishedAt }),
    running: job.status === "running",
    success: job.status !== "failed",
    captureErrorBehaviour: job.kind.endsWith(":proceed") ? "proceed" : "rollback",
    eventsDone: job.done,
    eventsTotal: job.total,
    captureRoot: result.captureRoot ?? null,
    events: result.events ?? [],
    errors: job.errors.map((error) => ({
      type: "epcisException:ValidationException",
      title: error.message,
      code: error.code,
      ...(error.index === undefined ? {} : { eventIndex: error.index }),
      ...(error.itemId === undefined ? {} : { eventID: error.itemId }),
      ...(error.pointer === undefined ? {} : { pointer: error.pointer }),
    })),
  };
}

const list = (value: unknown) =>
  typeof value === "string" && value.length > 0
    ? value
        .split("|")
        .map((item) => item.trim())
        .slice(0, 50)
    : undefined;
const time = (value: unknown, field: string) => {
  if (value === undefined) return undefined;
  try {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw new Error();
    return canonicalTime(value);
  } catch {
    throw new ValidationError([
      { path: `query.${field}`, message: "must be an ISO 8601 date-time with its offset" },
    ]);
  }
};

const EventsQuerySchema = z.object({
  eventType: z.string().optional(),
  GE_eventTime: z.string().optional(),
  LT_eventTime: z.string().optional(),
  EQ_bizStep: z.string().optional(),
  EQ_bizLocation: z.string().optional(),
  MATCH_epc: z.string().optional(),
  MATCH_anyEPCClass: z.string().optional(),
  perPage: z.coerce.number().int().min(1).max(EPCIS_MAX_PAGE).optional(),
  nextPageToken: z.string().max(200).optional(),
});

const encodeToken = (seq: number) => Buffer.from(JSON.stringify({ after: seq })).toString("base64url");
function decodeToken(token: string): number {
  try {
    const { after } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof after === "number" && Number.isSafeInteger(after) && after >= 0) return after;
  } catch {
    // refused below
  }
  throw new ValidationError([{ path: "query.nextPageToken", message: "is not a token this service gave" }]);
}

const canonicalIds = (values: string[] | undefined) =>
  values?.map((value) => normaliseGs1Identifier(value) ?? value);
const bizStepWords = (values: string[] | undefined) =>
  values?.map((value) =>
    value.replace(/^(https:\/\/ref\.gs1\.org\/cbv\/BizStep-|urn:epcglobal:cbv:bizstep:|cbv:BizStep-)/, ""),
  );

function queryDocument(events: { event: unknown }[]): JsonObject {
  const eventList = events.map(({ event }) => event as JsonObject);
  return {
    "@context": EPCIS_CONTEXT_URL,
    type: "EPCISQueryDocument",
    schemaVersion: "2.0",
    creationDate: new Date().toISOString(),
    epcisBody: { queryResults: { queryName: "SimpleEventQuery", resultsBody: { eventList } } },
  };
}

export const epcisRoutes: RouteTable = {
  prefix: "",
  routes: [
    {
      method: "options",
      path: "/epcis/capture",
      operationId: "discoverEpcisCapture",
      summary: "What the capture endpoint takes: versions, error behaviours and its limits",
      access: "public",
      answers: {
        204: {
          description:
            "Capabilities in the headers (GS1-EPCIS-Capture-Limit, GS1-EPCIS-Capture-File-Size-Limit)",
        },
      },
      handle: (_request, response) => {
        response
          .set({
            Allow: "OPTIONS, POST",
            ...VERSION_HEADERS,
            "GS1-EPCIS-Min": "2.0.0",
            "GS1-EPCIS-Max": "2.0.0",
            "GS1-CBV-Min": "2.0.0",
            "GS1-CBV-Max": "2.0.0",
            "GS1-EPCIS-Capture-Limit": String(EPCIS_CAPTURE_LIMIT),
            "GS1-EPCIS-Capture-File-Size-Limit": String(EPCIS_CAPTURE_FILE_SIZE_LIMIT),
            "GS1-Capture-Error-Behaviour": "rollback, proceed",
          })
          .status(204)
          .end();
      },
    },
    {
      method: "post",
      path: "/epcis/capture",
      operationId: "captureEpcisDocument",
      summary:
        "Capture an EPCIS document: threadproof events are recorded, every other event is kept and anchored",
      description:
        "Validated against the GS1 EPCIS 2.0 JSON Schema before the 202; the capture then runs as a job " +
        "(`Location: /epcis/capture/{id}`). `GS1-Capture-Error-Behaviour: rollback` (default) records nothing " +
        "when an event is refused; `proceed` records the others. With an `Idempotency-Key`, the same document " +
        "and behaviour again answer the first capture's Location (`Idempotent-Replayed: true`) and capture " +
        "nothing; the key with another document is refused (422 IDEMPOTENCY_KEY_REUSED).",
      access: "bearer",
      request: { body: EpcisDocumentSchema },
      answers: { 202: { description: "Accepted; the capture job is at the Location header" } },
      errors: [
        "UNSUPPORTED_MEDIA_TYPE",
        "PAYLOAD_TOO_LARGE",
        "FACILITY_SUSPENDED",
        "FORBIDDEN",
        "IDEMPOTENCY_KEY_REUSED",
      ],
      handle: async (request, response, context) => {
        const facilityId = requireFacility(principalOf(response));
        requireEpcisMediaType(request);
        const behaviour = errorBehaviourOf(request);
        // A suspended facility is refused before the 202, as on every other write, not in the job afterwards.
        await refuseSuspendedWriter(context.ledger, principalOf(response));
        const document: unknown = request.body;
        if (
          !isJsonObject(document) ||
          (document.type !== "EPCISDocument" && document.type !== "EPCISQueryDocument")
        )
          throw new ValidationError([
            { path: "/type", message: "must be EPCISDocument (or EPCISQueryDocument)" },
          ]);
        refuseInvalid(document);
        const total = eventsOf(document).length;
        if (total > EPCIS_CAPTURE_LIMIT)
          throw new AppError("PAYLOAD_TOO_LARGE", `A capture holds at most ${EPCIS_CAPTURE_LIMIT} events`, {
            details: { limitEvents: EPCIS_CAPTURE_LIMIT, events: total },
          });
        const start = async (): Promise<StoredAnswer> => {
          const captureId = randomUUID();
          createJob(context.serviceDb, {
            id: captureId,
            kind: `epcis-capture:${behaviour}`,
            owner: principalName(principalOf(response)),
            total,
          });
          void enqueueCapture(context, { captureId, facilityId, document, behaviour });
          return { status: 202, body: { captureId } };
        };
        // With an Idempotency-Key, the same document and error behaviour again answer the first capture's
        // Location and capture nothing; the same key with another document is refused.
        const key = parseIdempotencyKey(request.get("idempotency-key"));
        const answer =
          key === undefined
            ? { ...(await start()), replayed: false }
            : await context.idempotency.run(
                {
                  principal: principalName(principalOf(response)),
                  key: jobIdempotencyKey(
                    context.serviceDb,
                    principalName(principalOf(response)),
                    key,
                    (body) => (body as { captureId?: unknown } | null)?.captureId,
                  ),
                  method: request.method,
                  path: request.baseUrl + request.path,
                  bodyHash: hashRequestBody({ document, behaviour }),
                },
                start,
              );
        if (answer.replayed) response.set("Idempotent-Replayed", "true");
        const { captureId } = answer.body as { captureId: string };
        response
          .status(202)
          .set({ ...VERSION_HEADERS, Location: `/epcis/capture/${captureId}` })
          .end();
      },
    },
    {
      method: "get",
      path: "/epcis/capture/:id",
      operationId: "getEpcisCaptureJob",
      summary: "A capture job: running, success, and what happened to each event",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The capture job", CaptureJobSchema) },
      errors: ["NOT_FOUND"],
      handle: (request, response, context) => {
        const id = parseWith(IdSchema, request.params.id, "id");
        const job = findJob(context.serviceDb, id);
        // Another principal's job is not found, so ids do not tell who captured what.
        if (!job || !job.kind.startsWith("epcis-") || job.owner !== principalName(principalOf(response)))
          throw new NotFoundError("Capture job", id);
        response.set(VERSION_HEADERS).json(jobAnswer(job));
      },
    },
    {
      method: "post",
      path: "/epcis/events",
      operationId: "captureEpcisEvent",
      summary: "Capture one EPCIS event (with its @context); 201 once recorded or kept",
      access: "bearer",
      request: { body: EpcisDocumentSchema },
      answers: {
        201: jsonAnswer(
          "Captured (or captured before: `duplicate: true`)",
          z.object({ eventID: z.string(), outcome: z.string() }),
        ),
      },
      errors: [
        "UNSUPPORTED_MEDIA_TYPE",
        "PAYLOAD_TOO_LARGE",
        "DUPLICATE_ID",
        "INSUFFICIENT_QUANTITY",
        "WRONG_LOT_KIND",
        "UNIT_MISMATCH",
        "FACILITY_ROLE_MISSING",
      ],
      handle: async (request, response, context) => {
        const facilityId = requireFacility(principalOf(response));
        requireEpcisMediaType(request);
        const event: unknown = request.body;
        if (!isJsonObject(event) || typeof event.type !== "string" || event.type.startsWith("EPCIS"))
          throw new ValidationError([{ path: "/type", message: "must be an event type (ObjectEvent, …)" }]);
        refuseInvalid(event);
        const { "@context": eventContext, ...rest } = event;
        const document: JsonObject = {
          "@context": eventContext ?? EPCIS_CONTEXT_URL,
          type: "EPCISDocument",
          schemaVersion: "2.0",
          creationDate: new Date().toISOString(),
          epcisBody: { eventList: [rest] },
        };
        const captureId = randomUUID();
        createJob(context.serviceDb, {
          id: captureId,
          kind: "epcis-event:rollback",
          owner: principalName(principalOf(response)),
          total: 1,
        });
        const result = await enqueueCapture(context, {
          captureId,
          facilityId,
          document,
          behaviour: "rollback",
        });
        if (!result) throw new AppError("INTERNAL", "the event could not be captured");
        const outcome = result.events[0]!;
        const error = result.errors[0];
        if (error) {
          throw new AppError(error.code as AppError["code"], error.message, {
            details: {
              issues: [
                { eventIndex: 0, eventID: outcome.eventID, pointer: error.pointer, message: error.message },
              ],
            },
          });
        }
        response
          .status(201)
          .set({ ...VERSION_HEADERS, Location: `/epcis/events/${encodeURIComponent(outcome.eventID)}` })
          .json({ ...outcome, duplicate: outcome.outcome === "duplicate" });
      },
    },
    {
      method: "get",
      path: "/epcis/events",
      operationId: "queryEpcisEvents",
      summary: "Query the captured events (SimpleEventQuery parameters); pages with nextPageToken",
      access: "public",
      request: { query: EventsQuerySchema },
      answers: { 200: jsonAnswer("An EPCISQueryDocument", EpcisDocumentSchema, "application/ld+json") },
      handle: (request, response, context) => {
        const query = parseWith(EventsQuerySchema, request.query, "query");
        const limit = query.perPage ?? EPCIS_DEFAULT_PAGE;
        const { events, more } = queryEpcisEvents(context.serviceDb, {
          eventTypes: list(query.eventType),
          fromEventTime: time(query.GE_eventTime, "GE_eventTime"),
          beforeEventTime: time(query.LT_eventTime, "LT_eventTime"),
          bizSteps: bizStepWords(list(query.EQ_bizStep)),
          bizLocations: list(query.EQ_bizLocation),
          epcs: canonicalIds(list(query.MATCH_epc)),
          epcClasses: canonicalIds(list(query.MATCH_anyEPCClass)),
          ...(query.nextPageToken === undefined ? {} : { afterSeq: decodeToken(query.nextPageToken) }),
          limit,
        });
        if (more) {
          const next = new URLSearchParams(request.query as Record<string, string>);
          next.set("nextPageToken", encodeToken(events.at(-1)!.seq));
          next.set("perPage", String(limit));
          response.set("Link", `</epcis/events?${next.toString()}>; rel="next"`);
        }
        response.set(VERSION_HEADERS).type("application/ld+json").json(queryDocument(events));
      },
    },
    {
      method: "get",
      path: "/epcis/events/:eventID",
      operationId: "getEpcisEvent",
      summary:
        "One captured event and what proves it: its record in IPFS, its capture's Merkle root and proof",
      access: "public",
      request: {
        params: z.object({
          eventID: z.string().max(300).meta({
            description: "The event's eventID (a URI, e.g. its CBV 2.0 hash `ni:///sha-256;…`), URL-encoded",
          }),
        }),
      },
      answers: { 200: jsonAnswer("The event and its proof", z.record(z.string(), z.unknown())) },
      errors: ["NOT_FOUND"],
      handle: (request, response, context) => {
        const eventID = String(request.params.eventID).slice(0, 300);
        const stored = findEpcisEventById(context.serviceDb, eventID);
        if (!stored) throw new NotFoundError("Event", eventID);
        response.set(VERSION_HEADERS).json({
          event: stored.event,
          eventHash: stored.eventHash,
          outcome: stored.outcome,
          ...(stored.lotId === null ? {} : { lotId: stored.lotId }),
          recordCid: stored.recordCid,
          captureID: stored.captureId,
          captureRoot: stored.captureRoot,
          proof: stored.proof,
        });
      },
    },
  ],
};

export const epcisApiRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "get",
      path: "/lots/:id/epcis",
      operationId: "exportLotAsEpcis",
      summary: "The lot's whole upstream provenance as an EPCISDocument (valid against the GS1 schema)",
      access: "public",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("An EPCISDocument", EpcisDocumentSchema, "application/ld+json") },
      errors: ["NOT_FOUND"],
      handle: async (request, response: Response, context) => {
        const id = parseWith(IdSchema, request.params.id, "id");
        const document = await exportLotAsEpcis(context, id);
        if (!document) throw new NotFoundError("Lot", id);
        response.set(VERSION_HEADERS).type("application/ld+json").json(document);
      },
    },
  ],
};
