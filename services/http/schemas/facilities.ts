import { z } from "zod";
import { FacilityRecordSchema, FacilityRoleSchema } from "../../records/facility";
import { IdSchema, NameSchema } from "./common";

export { FacilityRoleSchema } from "../../records/facility";
export type { RegisterFacilityBody } from "../../records/facility";

/** The facility record (services/records/facility.ts) without its type and version. */
export const RegisterFacilityBodySchema = FacilityRecordSchema.omit({ type: true, version: true }).meta({
  id: "RegisterFacility",
  example: {
    id: "tng-song-cong",
    name: "TNG Song Cong",
    country: "VN",
    roles: ["cutting", "sewing", "shipping"],
  },
});

export const FacilityRegisteredSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    roles: z.array(FacilityRoleSchema),
    account: z.string(),
    metadataCid: z.string(),
    txHash: z.string(),
    blockNumber: z.number().int(),
    apiKey: z
      .string()
      .nullable()
      .meta({ description: "Shown once. Null on an idempotent replay: issue a new key with /api-keys." }),
  })
  .meta({ id: "FacilityRegistered" });

export const FacilitySchema = z
  .object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    country: z.string(),
    roles: z.array(FacilityRoleSchema),
    account: z.string(),
    suspended: z.boolean(),
    metadataCid: z.string(),
    txHash: z.string(),
    blockNumber: z.number().int(),
  })
  .meta({ id: "Facility" });

export const FacilitySuspensionSchema = z
  .object({ id: z.string(), suspended: z.boolean(), txHash: z.string(), blockNumber: z.number().int() })
  .meta({ id: "FacilitySuspension" });

export const ApiKeyIssuedSchema = z
  .object({ id: z.string(), apiKey: z.string().nullable() })
  .meta({ id: "ApiKeyIssued" });

export const RegisterCertifierBodySchema = z
  .strictObject({ id: IdSchema, name: NameSchema })
  .meta({ id: "RegisterCertifier", example: { id: "vcci-hcm", name: "VCCI Ho Chi Minh City" } });
export type RegisterCertifierBody = z.infer<typeof RegisterCertifierBodySchema>;

export const CertifierRegisteredSchema = z
  .object({ id: z.string(), name: z.string(), apiKey: z.string().nullable() })
  .meta({ id: "CertifierRegistered" });
