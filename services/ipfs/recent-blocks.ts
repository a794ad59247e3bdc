/**
 * Remembers the bytes of small objects just put, so the indexer, which reads back every event record right
 * after its batch is mined, gets it from memory instead of the disk. A CID names its bytes, so a remembered
 * object is exactly what the store holds — except when someone alters the store behind our back, which is why
 * only the indexer reads through this (it re-checks each record's digest anyway), never provenance
 * verification, which must see the disk as it is.
 */
import type { DocumentStore } from "./document-store";

export interface RecentBlocks {
  /** The store to put through: same as the underlying one, remembering what it put. */
  writer: DocumentStore;
  /** The store to read through: remembered objects from memory, the rest from the underlying store. */
  reader: DocumentStore;
}

/** Objects larger than this are not remembered (records are ~1 kB; documents go straight to the store). */
const MAX_REMEMBERED_BYTES = 64 * 1024;

export function withRecentBlocks(store: DocumentStore, capacity = 8192): RecentBlocks {
  const recent = new Map<string, Uint8Array>();
  const remember = (cid: string, bytes: Uint8Array) => {
    if (bytes.length > MAX_REMEMBERED_BYTES) return;
    recent.delete(cid);
    recent.set(cid, bytes.slice());
    // Map keeps insertion order: the first key is the oldest.
    if (recent.size > capacity) recent.delete(recent.keys().next().value as string);
  };
  return {
    writer: {
      async put(bytes, options) {
        const result = await store.put(bytes, options);
        remember(result.cid, bytes);
        return result;
      },
      get: (cid) => store.get(cid),
      has: (cid) => store.has(cid),
      ...(store.probeWrite ? { probeWrite: () => store.probeWrite!() } : {}),
      close: () => store.close(),
    },
    reader: {
      put: (bytes, options) => store.put(bytes, options),
      async get(cid) {
        const remembered = recent.get(cid);
        return remembered ? remembered.slice() : store.get(cid);
      },
      async has(cid) {
        return recent.has(cid) || store.has(cid);
      },
      close: () => store.close(),
    },
  };
}
