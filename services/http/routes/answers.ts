/** Small builders for the route tables' documented answers and parameters. */
import { z } from "zod";
import type { RouteAnswer } from "../route-table";
import { IdSchema } from "../schemas/common";

/** A JSON answer with `schema`. */
export function jsonAnswer(
  description: string,
  schema: z.ZodType,
  mediaType = "application/json",
): RouteAnswer {
  return { description, content: { [mediaType]: schema } };
}

/** Binary answers: the schema says only that it is a byte string. */
export const binary = z.string().meta({ format: "binary" });

/** `{id}` in a path: a lot, facility or certificate id. */
export const IdParams = z.object({ id: IdSchema });

/** A PDF answer. */
export const pdfAnswer: RouteAnswer = { description: "The PDF", content: { "application/pdf": binary } };

/** An HTML page: the schema says only that it is text. */
export const textAnswer = z.string().meta({ description: "An HTML document" });
