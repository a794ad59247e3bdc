/**
 * The lint rule that keeps SQL in the stores: a `prepare`, `pragma` or SQL `exec` call in a use case, the
 * HTTP layer or a page fails `eslint`; the same code in a store passes.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const SOURCE = `import type { IndexDatabase } from "../read-model/database";
export function lots(db: IndexDatabase): unknown {
  db.pragma("journal_mode = WAL");
  db.exec(\`DELETE FROM lots\`);
  return db.prepare("SELECT * FROM lots").all();
}
export const digits = (text: string) => /\\d+/.exec(text);
`;

async function sqlErrors(filePath: string): Promise<number[]> {
  const [result] = await new ESLint().lintText(SOURCE, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);
}

describe("SQL stays in the stores", () => {
  it.each([
    "services/provenance/x.ts",
    "services/http/routes/x.ts",
    "services/certificates/x.ts",
    "web/pages/x.ts",
  ])("fails prepare, pragma and exec of SQL in %s", async (path) => {
    expect(await sqlErrors(path)).toEqual([3, 4, 5]);
  });

  it.each([
    "services/read-model/x.ts",
    "services/service-db/x.ts",
    "services/chain/x.ts",
    "services/keystore/x.ts",
  ])("allows them in the store %s", async (path) => {
    expect(await sqlErrors(path)).toEqual([]);
  });
});
