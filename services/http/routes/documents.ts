import { createHash } from "node:crypto";
import { Router } from "express";
import type { RequestHandler } from "express";
import multer from "multer";
import { ValidationError } from "../../errors/index";
import { NotFoundError } from "../../errors/index";
import { storeDocument } from "../../documents/documents";
import { getRecord } from "../../records/index";
import { isChainNamedRecord } from "../../read-model/cited-content";
import { findUpload } from "../../service-db/uploads";
import { CidSchema } from "../schemas/common";
import { principalName } from "../../service-db/api-keys";
import { UploadDocumentFieldsSchema } from "../schemas/documents";
import { parseWith } from "../validation";
import type { RouteContext } from "./context";

/**
 * POST /documents: one multipart file (`file`) and an optional `type`; any valid API key may upload.
 * GET /documents/{cid} and /records/{cid}: public reads of what events cite, straight from IPFS.
 */
export function documentRoutes(context: RouteContext, options: { rateLimit: RequestHandler }): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: context.limits.uploadLimitBytes, files: 1, fields: 5, fieldSize: 1024, parts: 8 },
  });

  router.post(
    "/documents",
    context.requireAuth,
    upload.single("file"),
    context.write({
      content: (request) => ({
        fields: request.body ?? {},
        file: request.file ? createHash("sha256").update(request.file.buffer).digest("hex") : null,
        mediaType: request.file?.mimetype ?? null,
      }),
      handle: async (request, principal) => {
        const fields = parseWith(UploadDocumentFieldsSchema, request.body ?? {});
        const file = request.file;
        if (!file) {
          throw new ValidationError([
            { path: "file", message: "is required: send multipart/form-data with the document in 'file'" },
          ]);
        }
        const stored = await storeDocument(
          { store: context.store, db: context.serviceDb },
          {
            bytes: file.buffer,
            declaredMediaType: file.mimetype,
            type: fields.type,
            uploadedBy: principalName(principal),
          },
        );
        return { status: 201, body: stored };
      },
    }),
  );

  router.get("/documents/:cid", options.rateLimit, async (request, response) => {
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
  });

  router.get("/records/:cid", options.rateLimit, async (request, response) => {
    const cid = parseWith(CidSchema, request.params.cid, "cid");
    // Only records the chain names (event records, facility metadata) are served here.
    if (!isChainNamedRecord(context.indexDb, cid)) throw new NotFoundError("Record", cid);
    // getRecord checks the bytes against the digest the CID names before anyone sees them.
    const { record } = await getRecord(context.store, cid);
    response.set("Cache-Control", "public, max-age=31536000, immutable").json(record);
  });
  return router;
}
