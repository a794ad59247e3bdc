/** What provenance verification reads, and the caches of immutable content it keeps between calls. */
import type { Hex, Ledger } from "../chain/ledger";
import type { IndexDatabase } from "../read-model/database";
import type { DocumentStore } from "../ipfs";
import { createContentCache } from "./content-cache";
import type { GarmentTree } from "../garments/merkle";
import type { ContentCache } from "./content-cache";
import type { ProofVerification } from "../credentials/data-integrity";

/** Caches keyed by content digests: what they hold can never change, so they never expire (only a size bound). */
export interface ProvenanceCaches {
  /** Parsed event records by record digest (the bytes are still re-read and re-hashed on every check). */
  records: ContentCache<Record<string, unknown>>;
  /** Garment Merkle trees by manifest digest: ~0.3 s to build for 10,000 garments, so built once. */
  trees: ContentCache<{ tree: GarmentTree; leaves: Hex[] }>;
  /** Certificate ids by certificate key, found once (an id hashes to its key forever). */
  certificateIds: ContentCache<string>;
  /** Certificate proof outcomes by credential digest: a signature over given bytes verifies forever or never. */
  certificateProofs: ContentCache<ProofVerification>;
}

export function createProvenanceCaches(sizes: { records?: number; trees?: number } = {}): ProvenanceCaches {
  return {
    records: createContentCache(sizes.records ?? 5_000),
    trees: createContentCache(sizes.trees ?? 64),
    certificateIds: createContentCache(5_000),
    certificateProofs: createContentCache(5_000),
  };
}

export interface ProvenanceDeps {
  ledger: Pick<Ledger, "getLot" | "getFacility" | "getCertificate" | "garmentsRoot" | "verifyGarment">;
  store: Pick<DocumentStore, "get">;
  indexDb: IndexDatabase;
  caches: ProvenanceCaches;
  /**
   * The string id of an anchored certificate (the chain and the read model know only its key), when the
   * certificate module can tell. Without it the id is looked for in the certificate document in IPFS.
   */
  certificateIdOf?: (certificateKey: Hex) => string | null | undefined;
  /** The clock for `verifiedAt` (tests). */
  now?: () => Date;
}
