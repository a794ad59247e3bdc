import { createHash } from "node:crypto";
import { Router } from "express";
import multer from "multer";
import { ValidationError } from "../../errors";
import { storeDocument } from "../../events/documents";
import { principalName } from "../api-keys";
import { UploadDocumentFieldsSchema } from "../schemas/documents";
import { parseWith } from "../validation";
import type { RouteContext } from "./context";

/** POST /documents: one multipart file (`file`) and an optional `type`; any valid API key may upload. */
export function documentRoutes(context: RouteContext): Router {
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
  return router;
}
