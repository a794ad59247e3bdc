/** zod's issues as the field issues a VALIDATION_FAILED error names: one vocabulary for every boundary. */
import type { z } from "zod";
import { ValidationError } from "./index";
import type { FieldIssue } from "./index";

/** zod issues as field issues: `inputs.0.quantity.amount`, and one issue per unknown key. */
export function toFieldIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  const join = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((part) => part !== "").join(".");
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: join([...issue.path, key]), message: "is not a known field" }));
    }
    return [{ path: join(issue.path), message: issue.message }];
  });
}

/** Parses `value` with `schema`, or throws VALIDATION_FAILED naming every bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
}
