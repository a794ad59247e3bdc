import { z } from "zod";
import { ALLOWED_MEDIA_TYPES } from "../../documents/documents";
import { DocumentTypeSchema } from "./common";

export const UploadDocumentFieldsSchema = z.strictObject({ type: DocumentTypeSchema.optional() });

export const UploadDocumentBodySchema = z
  .object({
    file: z.string().meta({ format: "binary", description: `One of ${ALLOWED_MEDIA_TYPES.join(", ")}` }),
    type: DocumentTypeSchema.optional(),
  })
  .meta({ id: "UploadDocument" });

export const DocumentStoredSchema = z
  .object({
    cid: z.string(),
    sha256: z.string().meta({ description: "sha-256 of the bytes, hex" }),
    size: z.number().int(),
    mediaType: z.enum(ALLOWED_MEDIA_TYPES),
    type: z.string().optional(),
  })
  .meta({ id: "DocumentStored" });
