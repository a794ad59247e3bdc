/**
 * A small bounded cache for what is derived from content-addressed bytes (a parsed record by its digest, a
 * Merkle tree by its manifest digest): such values can never go stale, so they need no expiry, only a bound.
 * Mutable chain state (revocation, remaining quantities) is never put here.
 */
export interface ContentCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

/** A least-recently-used cache of at most `maxEntries` values. */
export function createContentCache<V>(maxEntries: number): ContentCache<V> {
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
