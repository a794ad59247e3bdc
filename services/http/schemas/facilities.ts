import { z } from "zod";
import { FacilityRecordSchema, FacilityRoleSchema, GtinPrefixSchema } from "../../records/facility";
import { IdSchema, NameSchema } from "./common";

export { FacilityRoleSchema } from "../../records/facility";
export type { RegisterFacilityBody } from "../../records/facility";

const GtinPrefixesSchema = z
  .array(GtinPrefixSchema)
  .max(50)
  .refine((prefixes) => new Set(prefixes).size === prefixes.length, "must not repeat a prefix")
  .meta({
    description:
      "The facility's GS1 company prefixes (4 to 12 digits), kept on chain: a sewing may only use a GTIN under one of them.",
  });

/** The facility record (services/records/facility.ts) without its type and version. */
export const RegisterFacilityBodySchema = FacilityRecordSchema.omit({ type: true, version: true });

/**
 * What the operator posts: the facility record's fields plus its GS1 company prefixes, which go to the chain
 * (where they can change) and not into the record.
 */
export const RegisterFacilityRequestSchema = RegisterFacilityBodySchema.extend({
  gtinPrefixes: GtinPrefixesSchema.optional(),
}).meta({
  id: "RegisterFacility",
  example: {
    id: "tng-song-cong",
    name: "TNG Song Cong",
    country: "VN",
    roles: ["cutting", "sewing", "shipping"],
    gtinPrefixes: ["8938505"],
  },
});

export const SetGtinPrefixesBodySchema = z
  .strictObject({ gtinPrefixes: GtinPrefixesSchema })
  .meta({ id: "SetGtinPrefixes", example: { gtinPrefixes: ["8938505", "4901234"] } });

export const GtinPrefixesSetSchema = z
  .object({
    id: z.string(),
    gtinPrefixes: z.array(z.string()),
    txHash: z.string(),
    blockNumber: z.number().int(),
  })
  .meta({ id: "GtinPrefixesSet" });

export const FacilityRegisteredSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    roles: z.array(FacilityRoleSchema),
    account: z.string(),
    gtinPrefixes: z.array(z.string()),
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
    gtinPrefixes: z.array(z.string()).meta({ description: "As the chain holds them now" }),
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
  .object({
    id: z.string(),
    name: z.string(),
    account: z.string().meta({ description: "The chain account whose signatures anchor its certificates" }),
    apiKey: z.string().nullable(),
  })
  .meta({ id: "CertifierRegistered" });

export const CertifierSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    account: z.string().nullable().meta({ description: "Its signing account on chain now" }),
    keys: z
      .array(
        z.object({
          did: z.string(),
          generation: z.number().int(),
          retiredAt: z.string().nullable(),
        }),
      )
      .meta({ description: "Every did:key it signs or signed credentials with, oldest first" }),
  })
  .meta({ id: "Certifier" });

export const CertifierKeyRotationSchema = z
  .object({
    id: z.string(),
    account: z.string(),
    previousAccount: z.string(),
    did: z.string(),
    previousDid: z.string(),
    rotatedBy: z.enum(["operator", "certifier"]),
    txHash: z.string(),
    blockNumber: z.number().int(),
  })
  .meta({ id: "CertifierKeyRotation" });
