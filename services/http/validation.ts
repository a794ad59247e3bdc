// The zod-issues-to-VALIDATION_FAILED helpers live with the errors, where use cases reach them too.
export { parseWith, toFieldIssues } from "../errors/zod-issues";
