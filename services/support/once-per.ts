/**
 * A value built once per object and kept while the object lives: the stores use it to prepare their SQL
 * statements once per database connection (a better-sqlite3 statement belongs to one connection) instead of
 * on every call. The map is weak, so a closed and dropped database takes its statements with it.
 */

/**
 * Wraps `build` so that it runs once per key object.
 *
 * @example
 * const statements = oncePer((db: IndexDatabase) => ({ lot: db.prepare("SELECT * FROM lots WHERE lot_key = ?") }));
 * statements(db).lot.get(key); // prepared on the first call for `db`, reused after
 */
export function oncePer<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const built = new WeakMap<K, V>();
  return (key) => {
    let value = built.get(key);
    if (value === undefined) {
      value = build(key);
      built.set(key, value);
    }
    return value;
  };
}
