/** How an event record cites a supporting document: what the request named, plus the bytes' sha-256. */
import { z } from "zod";
import { CidSchema, DocumentTypeSchema, Sha256HexSchema } from "./common";

export const DocumentCitationSchema = z.strictObject({
  type: DocumentTypeSchema,
  cid: CidSchema,
  /** Hex sha-256 of the document's bytes. */
  sha256: Sha256HexSchema,
  /** The media type checked at upload; absent for a document found in IPFS but not uploaded here. */
  mediaType: z.string().optional(),
});
/** A document as an event record cites it. */
export type DocumentCitation = z.output<typeof DocumentCitationSchema>;
