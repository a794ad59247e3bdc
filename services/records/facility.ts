/**
 * The facility's metadata record: its digest is the facility's `metadataDigest` on chain, next to the
 * country and roles the chain keeps itself.
 */
import { z } from "zod";
import {
  CountrySchema,
  IdSchema,
  NameSchema,
  RECORD_VERSION,
  RecordVersionSchema,
  TimeZoneSchema,
} from "./common";
import { readerOf } from "./reader";
import { normalizeGtin } from "../garments/digital-link";

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
  /**
   * The zone the facility keeps its clocks in: pages show each step's time in it, with its offset. Optional
   * (absent: Asia/Ho_Chi_Minh, where the province's facilities are), and absent from records made before it.
   */
  timeZone: TimeZoneSchema.optional(),
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
    // Left out when not given, so a record without a zone keeps the digest it always had.
    ...(body.timeZone === undefined ? {} : { timeZone: body.timeZone }),
  });
}

/**
 * A GS1 company prefix: 4 to 12 digits. Prefixes are not part of the facility record (whose digest the chain
 * fixes at registration): the operator sets them on chain, where they can change.
 */
export const GtinPrefixSchema = z
  .string()
  .regex(/^\d{4,12}$/, "a GS1 company prefix has 4 to 12 digits")
  .meta({ id: "GtinPrefix", example: "8938505" });

/**
 * The prefix of `prefixes` that `gtin` lies under, or null. A prefix is matched against the 12 digits of the
 * GTIN-14 between its indicator digit and its check digit (a GTIN-12's U.P.C. company prefix thus gains a
 * leading zero), as the contract does.
 *
 * @example
 * gtinPrefixOf("8938505974019", ["8938505"]); // "8938505"
 */
export function gtinPrefixOf(gtin: string, prefixes: readonly string[]): string | null {
  const body = normalizeGtin(gtin).slice(1, 13);
  return prefixes.find((prefix) => body.startsWith(prefix)) ?? null;
}
