/**
 * Building blocks shared by the request and response schemas. The field schemas are the record formats'
 * (services/records/common.ts), re-exported here; zod is the single source of validation, of the TypeScript
 * types and of the OpenAPI document (`.meta({ id })` names a component).
 */
import { z } from "zod";
import { CHECK_NOTE_CODES } from "../../provenance/check-notes";
import { ERROR_CODES, type ErrorCode } from "../../errors/index";

export {
  AmountSchema,
  CidSchema,
  CountrySchema,
  DocumentReferenceSchema,
  DocumentsSchema,
  DocumentTypeSchema,
  HexDigestSchema,
  HsCodeSchema,
  IdSchema,
  MoneySchema,
  NameSchema,
  QuantitySchema,
  Sha256HexSchema,
  TimestampSchema,
  UnitSchema,
} from "../../records/common";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z
        .enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]])
        .meta({ id: "ErrorCode", description: "A stable code (see the error statuses of each operation)" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

/** What a check (or a reason) found, as a stable code beside its English detail. */
export const CheckNoteSchema = z
  .object({
    code: z.enum(CHECK_NOTE_CODES),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({
    id: "CheckNote",
    description:
      "What the English detail says, as a stable code and the hashes, ids and counts it names, for a reader to word in its own language",
  });
