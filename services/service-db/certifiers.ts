/** The register of certifiers (compliance officers and issuing bodies): their ids and display names. */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

const statements = oncePer((db: ServiceDatabase) => ({
  insert: db.prepare(
    "INSERT INTO certifiers (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
  ),
  name: db.prepare<[string], { name: string }>("SELECT name FROM certifiers WHERE id = ?"),
}));

/** Adds certifier `id`; false (and nothing changed) when the id is taken. */
export function insertCertifier(
  db: ServiceDatabase,
  certifier: { id: string; name: string; createdAt: string },
): boolean {
  return statements(db).insert.run(certifier.id, certifier.name, certifier.createdAt).changes > 0;
}

/** The display name of certifier `id`, or null when it is not registered. */
export function certifierName(db: ServiceDatabase, id: string): string | null {
  return statements(db).name.get(id)?.name ?? null;
}

/** Every registered certifier, by id (at most `limit`). */
export function listCertifiers(db: ServiceDatabase, limit = 500): { id: string; name: string }[] {
  return db
    .prepare<[number], { id: string; name: string }>("SELECT id, name FROM certifiers ORDER BY id LIMIT ?")
    .all(limit);
}
