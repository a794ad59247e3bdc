/** A facility's sewing lines and key equipment: what a facility posts and what the register answers. */
import { z } from "zod";
import { EQUIPMENT_KINDS } from "../../facilities/equipment";
import { IdSchema, NameSchema } from "./common";

export const EquipmentKindSchema = z.enum(EQUIPMENT_KINDS).meta({ id: "EquipmentKind" });

export const RegisterEquipmentBodySchema = z
  .strictObject({
    id: IdSchema.meta({ description: "The facility's own id for the line or machine" }),
    kind: EquipmentKindSchema,
    name: NameSchema,
  })
  .meta({
    id: "RegisterEquipment",
    example: { id: "LINE-03", kind: "sewing-line", name: "Line 3 (T-shirts, 32 operators)" },
  });

export const EquipmentSchema = z
  .object({
    facilityId: z.string(),
    id: z.string(),
    kind: EquipmentKindSchema,
    name: z.string(),
    registeredAt: z.string(),
  })
  .meta({ id: "Equipment" });

export const EquipmentListSchema = z
  .object({ facilityId: z.string(), equipment: z.array(EquipmentSchema) })
  .meta({ id: "EquipmentList" });
