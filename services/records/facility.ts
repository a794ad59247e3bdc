/**
 * The facility's metadata record: its digest is the facility's `metadataDigest` on chain, next to the
 * country and roles the chain keeps itself.
 */
import { z } from "zod";
import { CountrySchema, IdSchema, NameSchema, RECORD_VERSION, RecordVersionSchema } from "./common";
import { readerOf } from "./reader";

export const FacilityRoleSchema = z
  .enum(["fabric", "cutting", "sewing", "shipping"])
  .meta({ id: "FacilityRole" });

export const FacilityRecordSchema = z.strictObject({
  type: z.literal("facility"),
  version: RecordVersionSchema,
  id: IdSchema,
  name: NameSchema,
  country: CountrySchema,
  /** Sorted, so the same roles in any order make the same record. */
  roles: z
    .array(FacilityRoleSchema)
    .min(1)
    .refine((roles) => new Set(roles).size === roles.length, "must not repeat a role"),
});
export type FacilityRecord = z.output<typeof FacilityRecordSchema>;

/** What the operator states when registering a facility: the record without its type and version. */
export type RegisterFacilityBody = Omit<FacilityRecord, "type" | "version">;

/** The facility record's lenient reader form (see {@link readerOf}). */
export const FacilityRecordReader = readerOf(FacilityRecordSchema);

/**
 * The facility's metadata record.
 *
 * @example
 * buildFacilityRecord({ id: "mill-a", name: "Mill A", country: "VN", roles: ["fabric"] });
 */
export function buildFacilityRecord(body: RegisterFacilityBody): FacilityRecord {
  return FacilityRecordSchema.parse({
    type: "facility",
    version: RECORD_VERSION,
    id: body.id,
    name: body.name,
    country: body.country,
    roles: [...body.roles].sort(),
  });
}
