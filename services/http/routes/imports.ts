/**
 * Spreadsheet import (services/imports): a facility uploads a CSV or XLSX file of one event kind; the file
 * goes to disk, never whole into memory, and a job checks it (dry run) or records it (commit), the job's
 * owner alone reading its progress, errors and error file. Templates per kind and language.
 */
import { createHash, randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { createReadStream } from "node:fs";
import { mkdirSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Request, Response } from "express";
import multer, { MulterError } from "multer";
import { z } from "zod";
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from "../../errors/index";
import { IMPORT_KINDS } from "../../imports/columns";
import type { ImportKind } from "../../imports/columns";
import { languageOf } from "../../imports/messages";
import type { ImportJobResult, ImportSettings } from "../../imports/run-import";
import { enqueueImport } from "../../imports/run-import";
import { sniffFormat } from "../../imports/sheet-reader";
import { buildTemplate } from "../../imports/templates";
import { principalName } from "../../service-db/api-keys";
import { createJob, findJob, recordJobState } from "../../service-db/jobs";
import type { Job } from "../../service-db/jobs";
import { principalOf, requireFacility } from "../auth";
import type { RouteDefinition, RouteTable } from "../route-table";
import { IdSchema } from "../schemas/common";
import { parseWith } from "../validation";
import { binary, IdParams, jsonAnswer } from "./answers";
import type { RouteContext } from "./context";
import { hashRequestBody, parseIdempotencyKey } from "../idempotency";
import type { StoredAnswer } from "../idempotency";
import { jobIdempotencyKey } from "./job-idempotency";

/** sha-256 of an uploaded file, streamed (an upload may be large). */
async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

const ImportFieldsSchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  mode: z.enum(["dry-run", "commit"]).default("dry-run"),
  errorBehaviour: z.enum(["rollback", "proceed"]).default("rollback"),
  lang: z.enum(["vi", "en"]).optional(),
});

const ImportUploadSchema = z
  .object({
    file: binary.meta({ description: "A CSV (UTF-8) or XLSX file; its type is read from its bytes" }),
    kind: z.enum(IMPORT_KINDS),
    mode: z.enum(["dry-run", "commit"]).optional().meta({ description: "default dry-run" }),
    errorBehaviour: z
      .enum(["rollback", "proceed"])
      .optional()
      .meta({ description: "default rollback; commit only" }),
    lang: z
      .enum(["vi", "en"])
      .optional()
      .meta({ description: "the messages' language (else Accept-Language)" }),
  })
  .meta({ id: "ImportUpload" });

const ImportJobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(IMPORT_KINDS),
    mode: z.enum(["dry-run", "commit"]),
    errorBehaviour: z.enum(["rollback", "proceed"]),
    status: z.enum(["running", "success", "failed"]),
    done: z.number().int(),
    total: z.number().int(),
    recorded: z.number().int(),
    skipped: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().meta({ description: "1-based, as the spreadsheet shows it (header: row 1)" }),
        column: z.string().meta({ description: "the header as in the file" }),
        value: z.string(),
        code: z.string(),
        message: z.string(),
      }),
    ),
    errorFileUrl: z.string().optional(),
  })
  .meta({ id: "ImportJob" });

const TemplateParams = z.object({ kind: z.enum(IMPORT_KINDS) });
const TemplateQuery = z.object({ lang: z.enum(["vi", "en"]).optional() });

export function importJobAnswer(job: Job): z.infer<typeof ImportJobSchema> {
  const result = job.result as ImportJobResult;
  return {
    id: job.id,
    kind: result.importKind,
    mode: result.mode,
    errorBehaviour: result.errorBehaviour,
    status: job.status,
    done: job.done,
    total: job.total,
    recorded: result.recorded,
    skipped: result.skipped,
    errors: job.errors.map((error) => ({
      row: error.index ?? 1,
      column: error.pointer ?? "",
      value: error.value ?? "",
      code: error.code,
      message: error.message,
    })),
    ...(result.errorFile && job.status !== "running"
      ? { errorFileUrl: `/api/v1/imports/${job.id}/errors.csv` }
      : {}),
  };
}

/** The caller's import job, or 404: another key's job is not found, so ids tell nothing. */
function ownJob(request: Request, response: Response, context: RouteContext): Job {
  const id = parseWith(IdSchema, request.params.id, "id");
  const job = findJob(context.serviceDb, id);
  if (!job || job.kind !== "import" || job.owner !== principalName(principalOf(response)))
    throw new NotFoundError("Import job", id);
  return job;
}

const uploadsOf = new WeakMap<ImportSettings, ReturnType<typeof multer>>();

/** Receives the multipart body, the file streamed to the imports directory under a random name. */
export async function receiveUpload(
  request: Request,
  response: Response,
  settings: ImportSettings,
): Promise<void> {
  let upload = uploadsOf.get(settings);
  if (!upload) {
    mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
    upload = multer({
      storage: multer.diskStorage({
        destination: settings.dir,
        filename: (_request, _file, callback) => callback(null, `${randomUUID()}.upload`),
      }),
      limits: { fileSize: settings.limits.fileLimitBytes, files: 1, fields: 5, fieldSize: 64, parts: 7 },
    });
    uploadsOf.set(settings, upload);
  }
  await new Promise<void>((resolve, reject) =>
    upload.single("file")(request, response, (error: unknown) => {
      if (error instanceof MulterError && error.code === "LIMIT_FILE_SIZE")
        reject(new PayloadTooLargeError(settings.limits.fileLimitBytes));
      else if (error) reject(error);
      else resolve();
    }),
  );
}

export const errorFilePath = (settings: ImportSettings, id: string) => join(settings.dir, `${id}.errors.csv`);

/**
 * GET /imports/templates/{kind}.csv and .xlsx: one route per format, so the documented paths stay apart from
 * /imports/{id}/errors.csv.
 */
function templateRoute(format: "csv" | "xlsx", operationId: string): RouteDefinition {
  const mediaType =
    format === "csv" ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return {
    method: "get",
    path: `/imports/templates/:kind.${format}`,
    operationId,
    summary:
      format === "csv"
        ? "The empty CSV template of one import kind (UTF-8 with a BOM)"
        : "The empty XLSX template of one import kind, with a guide sheet and an example row",
    description: "Headers in `lang` (vi or en; default from Accept-Language, else en).",
    access: "bearer",
    request: { params: TemplateParams, query: TemplateQuery },
    answers: { 200: { description: "The template", content: { [mediaType]: binary } } },
    errors: ["NOT_FOUND"],
    handle: async (request, response) => {
      requireFacility(principalOf(response));
      const query = parseWith(TemplateQuery, request.query, "query");
      const kind = String(request.params.kind);
      if (!(IMPORT_KINDS as readonly string[]).includes(kind))
        throw new NotFoundError("Import template", `${kind.slice(0, 100)}.${format}`);
      const language = languageOf(query.lang, request.get("accept-language"));
      const template = await buildTemplate(kind as ImportKind, format, language);
      response
        .set({
          "Content-Type": template.mediaType,
          "Content-Disposition": `attachment; filename="${template.fileName}"`,
          "Content-Language": language,
        })
        .send(template.bytes);
    },
  };
}

/**
 * Starts an import job of `principal`'s facility for a received upload (the API's and the console's forms):
 * checks the fields and the file's type, creates the job and queues it. Answers the job id; the upload is
 * then the job's to delete. Throws (the upload left to the caller) when refused.
 */
export async function startImportJob(
  context: RouteContext,
  principal: ReturnType<typeof principalOf>,
  body: unknown,
  file: Express.Multer.File | undefined,
  acceptLanguage: string | undefined,
): Promise<string> {
  const facilityId = requireFacility(principal);
  const settings = context.imports;
  const fields = parseWith(ImportFieldsSchema, body);
  if (!file)
    throw new ValidationError([
      {
        path: "file",
        message: "is required: send multipart/form-data with the spreadsheet in 'file'",
      },
    ]);
  const format = await sniffFormat(file.path);
  if (format === "xls")
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "An old .xls workbook: save it as .xlsx or CSV UTF-8");
  if (format === "unknown")
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send a CSV file (UTF-8 text) or an XLSX workbook");
  const language = languageOf(fields.lang, acceptLanguage);
  const id = randomUUID();
  createJob(context.serviceDb, { id, kind: "import", owner: principalName(principal), total: 0 });
  const result: ImportJobResult = {
    importKind: fields.kind,
    mode: fields.mode,
    errorBehaviour: fields.errorBehaviour,
    language,
    recorded: 0,
    skipped: 0,
    errorFile: false,
  };
  recordJobState(context.serviceDb, id, { done: 0, total: 0, result });
  void enqueueImport(
    context,
    {
      jobId: id,
      facilityId,
      kind: fields.kind,
      mode: fields.mode,
      errorBehaviour: fields.errorBehaviour,
      language,
      filePath: file.path,
      format,
      errorFilePath: errorFilePath(settings, id),
      limits: settings.limits,
    },
    () => rm(file.path, { force: true }),
  );
  return id;
}

/** Streams a finished import's error file (the bad rows with what is wrong); 404 while it runs or without one. */
export async function sendImportErrorFile(
  response: Response,
  context: RouteContext,
  job: { id: string; status: string },
): Promise<void> {
  const path = errorFilePath(context.imports, job.id);
  const found = job.status === "running" ? null : await stat(path).catch(() => null);
  if (!found) throw new NotFoundError("Error file of import job", job.id);
  response.set({
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="import-${job.id}-errors.csv"`,
    "Content-Length": String(found.size),
  });
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on("error", reject);
    stream.on("end", resolve);
    stream.pipe(response);
  });
}

export const importRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    templateRoute("csv", "getImportTemplate"),
    templateRoute("xlsx", "getImportWorkbookTemplate"),
    {
      method: "post",
      path: "/imports",
      operationId: "importSpreadsheet",
      summary: "Import a CSV or XLSX file of one event kind as a job (dry run or commit)",
      description:
        "Multipart: `file`, `kind`, `mode` (dry-run | commit), `errorBehaviour` (rollback | proceed). A dry run " +
        "checks every row and records nothing; a commit records through the same use case as the JSON " +
        "endpoints. 202 with `Location: /api/v1/imports/{id}`. With an `Idempotency-Key`, the same fields and " +
        "file again answer the first job (`Idempotent-Replayed: true`) and start nothing; the key with " +
        "another file or fields is refused (422 IDEMPOTENCY_KEY_REUSED).",
      access: "bearer",
      request: { multipart: { schema: ImportUploadSchema, fileField: "file", readsItself: true } },
      answers: { 202: jsonAnswer("Accepted; the job is at the Location header", ImportJobSchema) },
      errors: ["PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "BAD_REQUEST", "IDEMPOTENCY_KEY_REUSED"],
      handle: async (request, response, context) => {
        const principal = principalOf(response);
        requireFacility(principal);
        await receiveUpload(request, response, context.imports);
        const file = request.file;
        let handedOver = false;
        const start = async (): Promise<StoredAnswer> => {
          const id = await startImportJob(
            context,
            principal,
            request.body ?? {},
            file,
            request.get("accept-language"),
          );
          handedOver = true;
          return { status: 202, body: importJobAnswer(findJob(context.serviceDb, id)!) };
        };
        try {
          // With an Idempotency-Key, the same fields and file bytes again get the first answer (the same job)
          // and start nothing; the same key with another file or other fields is refused.
          const key = parseIdempotencyKey(request.get("idempotency-key"));
          const answer =
            key === undefined
              ? { ...(await start()), replayed: false }
              : await context.idempotency.run(
                  {
                    principal: principalName(principal),
                    key: jobIdempotencyKey(
                      context.serviceDb,
                      principalName(principal),
                      key,
                      (body) => (body as { id?: unknown } | null)?.id,
                    ),
                    method: request.method,
                    path: request.baseUrl + request.path,
                    bodyHash: hashRequestBody({
                      fields: (request.body ?? {}) as unknown,
                      file: file ? await sha256OfFile(file.path) : null,
                    }),
                  },
                  start,
                );
          if (answer.replayed) response.set("Idempotent-Replayed", "true");
          const id = (answer.body as { id?: unknown } | null)?.id;
          if (answer.status === 202 && typeof id === "string")
            response.set("Location", `/api/v1/imports/${id}`);
          response.status(answer.status).json(answer.body);
        } finally {
          if (!handedOver && file) await rm(file.path, { force: true });
        }
      },
    },
    {
      method: "get",
      path: "/imports/:id",
      operationId: "getImportJob",
      summary: "An import job: progress, counts, and each bad row (its owner only)",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: jsonAnswer("The import job", ImportJobSchema) },
      errors: ["NOT_FOUND"],
      handle: (request, response, context) => {
        response.json(importJobAnswer(ownJob(request, response, context)));
      },
    },
    {
      method: "get",
      path: "/imports/:id/errors.csv",
      operationId: "getImportErrors",
      summary:
        "The bad rows of an import as uploaded, with a last column saying what is wrong (its owner only)",
      access: "bearer",
      request: { params: IdParams },
      answers: { 200: { description: "The error file (CSV, UTF-8)", content: { "text/csv": binary } } },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const job = ownJob(request, response, context);
        await sendImportErrorFile(response, context, job);
      },
    },
  ],
};
