import { z } from "zod";
import { CountrySchema, IdSchema, NameSchema } from "./common";

export const FacilityRoleSchema = z
  .enum(["fabric", "cutting", "sewing", "shipping"])
  .meta({ id: "FacilityRole" });

export const RegisterFacilityBodySchema = z
  .strictObject({
    id: IdSchema,
    name: NameSchema,
    country: CountrySchema,
    roles: z
      .array(FacilityRoleSchema)
      .min(1)
      .refine((roles) => new Set(roles).size === roles.length, "must not repeat a role"),
  })
  .meta({
    id: "RegisterFacility",
    example: {
      id: "tng-song-cong",
      name: "TNG Song Cong",
      country: "VN",
      roles: ["cutting", "sewing", "shipping"],
    },
  });
export type RegisterFacilityBody = z.infer<typeof RegisterFacilityBodySchema>;

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
