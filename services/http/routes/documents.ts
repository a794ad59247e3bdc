import { createHash } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "../../errors/index";
import { NotFoundError } from "../../errors/index";
import { storeDocument } from "../../documents/documents";
import { getRecord } from "../../records/index";
import type { RouteTable } from "../route-table";
import { isChainNamedRecord } from "../../read-model/cited-content";
import { findUpload } from "../../service-db/uploads";
import { CidSchema } from "../schemas/common";
import {
  DocumentStoredSchema,
  UploadDocumentBodySchema,
  UploadDocumentFieldsSchema,
} from "../schemas/documents";
import { parseWith } from "../validation";
import { jsonAnswer } from "./answers";

const CidParams = z.object({ cid: CidSchema });

/**
 * POST /documents: one multipart file (`file`) and an optional `type`; any valid API key may upload.
 * GET /documents/{cid} and /records/{cid}: public reads of what events cite, straight from IPFS.
 */
export const documentRoutes: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "post",
      path: "/documents",
      operationId: "uploadDocument",
      summary: "Upload a supporting document to IPFS",
      access: "bearer",
      request: { multipart: { schema: UploadDocumentBodySchema, fileField: "file" } },
      answers: { 201: jsonAnswer("Stored", DocumentStoredSchema) },
      errors: ["UNSUPPORTED_MEDIA_TYPE", "FACILITY_SUSPENDED", "QUOTA_EXCEEDED"],
      content: (request) => ({
        fields: request.body ?? {},
        file: request.file ? createHash("sha256").update(request.file.buffer).digest("hex") : null,
        mediaType: request.file?.mimetype ?? null,
      }),
      write: async (request, principal, context) => {
        const fields = parseWith(UploadDocumentFieldsSchema, request.body ?? {});
        const file = request.file;
        if (!file) {
          throw new ValidationError([
            { path: "file", message: "is required: send multipart/form-data with the document in 'file'" },
          ]);
        }
        const stored = await storeDocument(
          {
            store: context.store,
            db: context.serviceDb,
            ledger: context.ledger,
            limits: context.writeLimits,
          },
          { bytes: file.buffer, declaredMediaType: file.mimetype, type: fields.type, uploadedBy: principal },
        );
        return { status: 201, body: stored };
      },
    },
    {
      method: "get",
      path: "/documents/:cid",
      operationId: "getDocument",
      summary: "A document uploaded here, as stored in IPFS",
      access: "public",
      request: { params: CidParams },
      answers: { 200: { description: "The document's bytes, with its media type" } },
      errors: ["NOT_FOUND"],
      handle: async (request, response, context) => {
        const cid = parseWith(CidSchema, request.params.cid, "cid");
        const known = findUpload(context.serviceDb, cid);
        // Only documents uploaded here are served: the store also holds records and garment manifests.
        if (!known) throw new NotFoundError("Document", cid);
        const bytes = await context.store.get(cid);
        const inline = known.mediaType === "application/pdf" || known.mediaType.startsWith("image/");
        response
          .set({
            "Content-Type": known.mediaType,
            // Uploaded content never runs as a page of this origin.
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Content-Disposition": inline ? "inline" : `attachment; filename="${cid}"`,
            "Cache-Control": "public, max-age=31536000, immutable",
            ETag: `"${cid}"`,
          })
          .send(Buffer.from(bytes));
      },
    },
    {
      method: "get",
      path: "/records/:cid",
      operationId: "getRecord",
      summary: "An event or facility record the chain names, checked against its digest",
      access: "public",
      request: { params: CidParams },
      answers: { 200: jsonAnswer("The record (canonical JSON)", z.record(z.string(), z.unknown())) },
      errors: ["NOT_FOUND", "RECORD_DIGEST_MISMATCH"],
      handle: async (request, response, context) => {
        const cid = parseWith(CidSchema, request.params.cid, "cid");
        // Only records the chain names (event records, facility metadata) are served here.
        if (!isChainNamedRecord(context.indexDb, cid)) throw new NotFoundError("Record", cid);
        // getRecord checks the bytes against the digest the CID names before anyone sees them.
        const { record } = await getRecord(context.store, cid);
        response.set("Cache-Control", "public, max-age=31536000, immutable").json(record);
      },
    },
  ],
};
