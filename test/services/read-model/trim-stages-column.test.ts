/**
 * Read models made before a sewing's trims carried stages have a trims table without the stages column:
 * opening one adds the column (empty, as none of its trims had stages) so the indexer can write to it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openIndexDatabase } from "../../../services/read-model/database";

const columnsOf = (db: Database.Database) =>
  (db.prepare("SELECT name FROM pragma_table_info('trims')").all() as { name: string }[]).map((c) => c.name);

describe("the trims table of an older read model", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("gains the stages column on open, keeping its rows, and opens again unchanged", () => {
    const dir = mkdtempSync(join(tmpdir(), "trim-stages-"));
    dirs.push(dir);
    const path = join(dir, "index.sqlite");
    const old = new Database(path);
    old.exec(`CREATE TABLE trims (lot_key TEXT NOT NULL, position INTEGER NOT NULL, description TEXT NOT NULL,
      hs_code TEXT, role TEXT, origin_country TEXT, weight_kg REAL, value_amount REAL, value_currency TEXT,
      PRIMARY KEY (lot_key, position))`);
    old.prepare("INSERT INTO trims (lot_key, position, description) VALUES ('0xab', 0, 'thread')").run();
    old.close();

    const db = openIndexDatabase(path);
    expect(columnsOf(db)).toContain("stages");
    expect(db.prepare("SELECT description, stages FROM trims").all()).toEqual([
      { description: "thread", stages: null },
    ]);
    db.close();
    const again = openIndexDatabase(path);
    expect(columnsOf(again).filter((name) => name === "stages")).toHaveLength(1);
    again.close();
  });
});
