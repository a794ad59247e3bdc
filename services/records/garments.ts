/** The garment commitment a sewing record carries: the Merkle root over its garments and the public manifest. */
import { z } from "zod";
import { CidSchema, HexDigestSchema } from "./common";

export const GarmentCommitmentSchema = z.strictObject({
  root: HexDigestSchema,
  /** CID of the manifest (every leaf in serial order, 32 bytes each), a UnixFS file. */
  manifestCid: CidSchema.optional(),
  /** sha-256 of the manifest bytes. */
  manifestDigest: HexDigestSchema.optional(),
});
export type GarmentCommitment = z.output<typeof GarmentCommitmentSchema>;

/** The commitment as the sewing record holds it, with the number of garments it covers. */
export const SewnGarmentsSchema = GarmentCommitmentSchema.extend({
  count: z.number().int().positive(),
});
export type SewnGarments = z.output<typeof SewnGarmentsSchema>;
