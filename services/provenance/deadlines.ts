/**
 * Deadlines for what verification reads: a scan must answer in seconds on a phone, so a chain node or IPFS
 * peer that does not answer in time makes its checks `unavailable` (the verdict `unverified`) instead of
 * holding the page.
 */
import { withDeadline } from "../support/deadline";
import type { ProvenanceDeps } from "./deps";

/**
 * The ledger and store of `deps` with every read bounded by `ms` (default 5 s).
 *
 * @example
 * const deps = withReadDeadlines({ ledger, store, indexDb, caches });
 */
export function withReadDeadlines(deps: ProvenanceDeps, ms = 5_000): ProvenanceDeps {
  const { ledger, store } = deps;
  return {
    ...deps,
    ledger: {
      getLot: (id) => withDeadline(ledger.getLot(id), ms, "The chain"),
      lotRecord: (id) => withDeadline(ledger.lotRecord(id), ms, "The chain"),
      getFacility: (id) => withDeadline(ledger.getFacility(id), ms, "The chain"),
      getCertificate: (id) => withDeadline(ledger.getCertificate(id), ms, "The chain"),
      garmentsRoot: (id) => withDeadline(ledger.garmentsRoot(id), ms, "The chain"),
      verifyGarment: (params) => withDeadline(ledger.verifyGarment(params), ms, "The chain"),
    },
    store: { get: (cid) => withDeadline(store.get(cid), ms, "IPFS") },
  };
}
