/**
 * The lenient reader form of a record schema. Records outlive the code that wrote them, so a reader takes
 * what it can: unknown fields are kept, a field of the wrong type is left out (as if absent), a missing field
 * is absent, and the version is not checked (older records parse). Only a record that is not a JSON object
 * does not parse. The writer's validations (patterns, bounds, trims, refinements) are not applied on read:
 * the digest on chain, not the schema, is what makes a record trustworthy.
 *
 * The reader is derived from the writer's schema, so the two cannot drift apart.
 */
import { z } from "zod";

/** What a lenient reader gives for a record of type `T`: every field optional, literals widened. */
export type Lenient<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer E)[]
        ? (Lenient<E> | undefined)[]
        : T extends object
          ? { [K in keyof T]?: Lenient<T[K]> }
          : never;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function lenient(schema: z.core.$ZodType): z.ZodType {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
      return lenient((def as z.core.$ZodOptionalDef).innerType);
    case "string":
    case "enum":
      return z.string();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "literal": {
      const [value] = (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values;
      return typeof value === "number" ? z.number() : typeof value === "boolean" ? z.boolean() : z.string();
    }
    case "array": {
      const element = lenient((def as z.core.$ZodArrayDef).element);
      // An element that does not read keeps its place (as undefined): positions stay those of the record.
      return z.array(z.unknown()).transform((items) =>
        items.map((item) => {
          const read = element.safeParse(item);
          return read.success ? read.data : undefined;
        }),
      );
    }
    case "object": {
      const fields = Object.entries((def as z.core.$ZodObjectDef).shape).map(
        ([key, field]) => [key, lenient(field)] as const,
      );
      // The record's own keys in its own order, unknown ones included; known ones read leniently.
      return z.custom<Record<string, unknown>>(isPlainObject).transform((value) => {
        const read: Record<string, unknown> = { ...value };
        for (const [key, field] of fields) {
          if (!Object.hasOwn(read, key)) continue;
          const result = field.safeParse(read[key]);
          if (result.success) read[key] = result.data;
          else delete read[key];
        }
        return read;
      });
    }
    default:
      throw new TypeError(`A record schema cannot use a zod ${def.type}`);
  }
}

/**
 * The lenient reader form of a record schema (see the module comment).
 *
 * @example
 * const read = readerOf(FabricLotRecordSchema).safeParse(JSON.parse(text));
 * if (read.success) read.data.supplier?.country; // string | undefined
 */
export function readerOf<S extends z.ZodType>(schema: S): z.ZodType<Lenient<z.output<S>>> {
  return lenient(schema) as z.ZodType<Lenient<z.output<S>>>;
}

/** `value` read with `reader`, or null when it is not a record (not a JSON object). */
export function readRecord<T>(reader: z.ZodType<T>, value: unknown): T | null {
  const result = reader.safeParse(value);
  return result.success ? result.data : null;
}
