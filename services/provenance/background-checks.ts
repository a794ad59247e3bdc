/**
 * The background checker of documents a scan could not afford to read: a bounded queue (a CID once), read and
 * hashed a few at a time, each match remembered in the register of checked documents so that the next scan
 * shows the document as checked without reading it.
 */
import type { DocumentStore } from "../ipfs";
import type { ServiceDatabase } from "../service-db/database";
import { findCheckedDocument, recordCheckedDocument } from "../service-db/checked-documents";
import type { BackgroundDocumentChecker } from "./document-checks";
import { fetchVerified } from "./content";

export interface BackgroundCheckerParameters {
  store: Pick<DocumentStore, "get">;
  db: ServiceDatabase;
  /** Checks running at once (default 1: the scans in the foreground keep the rest of the machine). */
  concurrency?: number;
  /** CIDs waiting at most; more are dropped (a later scan schedules them again). Default 1,000. */
  maxQueued?: number;
  /** Told of each check that did not match or could not be made (logging). */
  onMiss?: (cid: string, detail: string) => void;
}

/**
 * @example
 * const background = createBackgroundDocumentChecker({ store, db: serviceDb });
 * background.schedule(cid, sha256);
 */
export function createBackgroundDocumentChecker(
  params: BackgroundCheckerParameters,
): BackgroundDocumentChecker {
  const concurrency = params.concurrency ?? 1;
  const maxQueued = params.maxQueued ?? 1_000;
  const queue = new Map<string, string>();
  const running = new Set<string>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const settleIdle = () => {
    if (queue.size === 0 && running.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const pump = () => {
    while (!closed && running.size < concurrency && queue.size > 0) {
      const [cid, sha256] = queue.entries().next().value as [string, string];
      queue.delete(cid);
      running.add(cid);
      void (async () => {
        try {
          if (findCheckedDocument(params.db, cid)) return;
          const fetched = await fetchVerified(params.store, cid, sha256);
          if (fetched.status === "passed")
            recordCheckedDocument(params.db, { cid, sha256, bytes: fetched.bytes.byteLength });
          else params.onMiss?.(cid, fetched.detail);
        } catch (error) {
          params.onMiss?.(cid, error instanceof Error ? error.message : String(error));
        } finally {
          running.delete(cid);
          pump();
          settleIdle();
        }
      })();
    }
    settleIdle();
  };

  return {
    schedule(cid, sha256) {
      if (closed || queue.has(cid) || running.has(cid) || queue.size >= maxQueued) return;
      queue.set(cid, sha256);
      // Started on a later turn, so the scan that scheduled it answers first.
      setImmediate(pump);
    },
    idle() {
      if (queue.size === 0 && running.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
      queue.clear();
      settleIdle();
    },
  };
}
