/** What provenance verification reads, and the caches of immutable content it keeps between calls. */
import type { Hex, Ledger } from "../chain/ledger";
import type { IndexDatabase } from "../read-model/database";
import type { DocumentStore } from "../ipfs";
import { createContentCache } from "./content-cache";
import type { GarmentTree } from "../garments/merkle";
import type { ContentCache } from "./content-cache";
import type { ProofVerification } from "../credentials/data-integrity";
import type { LedgerEvent } from "../chain/ledger";
import type { FacilityRecord, Lenient } from "../records/index";
import type { DocumentChecking } from "./document-checks";
import type { WorkerPool } from "../support/worker-pool";
import type { CertifierKeyStore } from "../certificates/certifier-keys";
import type { CheckNote } from "./check-notes";

/** A lot's LotRecorded event as the chain emitted it. */
/** A lot's LotRecorded event; for a sewing also the GTIN its GarmentsCommitted carried. */
export type LotRecordedEvent = Extract<LedgerEvent, { name: "LotRecorded" }> & { committedGtin?: string };
/** A facility metadata record as its lenient reader gives it. */
export type FacilityRead = Lenient<FacilityRecord>;

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
  /** Each lot's LotRecorded event by lot key: a lot is recorded once, so its digest on chain never changes. */
  lotRecords: ContentCache<LotRecordedEvent>;
  /** Facility metadata records by metadata digest (content addressed). */
  facilityRecords: ContentCache<FacilityRead>;
  /**
   * Whether a certificate's facts are what its evidence gives, by credential digest and the evidence records'
   * digests (all immutable): the re-derivation and re-assessment run once, the evidence bytes are re-read on
   * every check.
   */
  certificateEvidence: ContentCache<{ passed: boolean; detail: string; note?: CheckNote }>;
}

export function createProvenanceCaches(sizes: { records?: number; trees?: number } = {}): ProvenanceCaches {
  return {
    records: createContentCache(sizes.records ?? 5_000),
    trees: createContentCache(sizes.trees ?? 64),
    certificateIds: createContentCache(5_000),
    certificateProofs: createContentCache(5_000),
    lotRecords: createContentCache(sizes.records ?? 5_000),
    facilityRecords: createContentCache(1_000),
    certificateEvidence: createContentCache(5_000),
  };
}

export interface ProvenanceDeps {
  ledger: Pick<
    Ledger,
    "getLot" | "lotRecord" | "getFacility" | "getCertificate" | "garmentsRoot" | "verifyGarment"
  >;
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
  /**
   * The register of checked documents and each request's byte budget for reading the others (see
   * document-checks.ts). Without it every cited document is read and hashed on every check.
   */
  documents?: DocumentChecking;
  /** Worker threads for garment trees (services/garments/tasks.ts); without them trees are built here. */
  workers?: Pick<WorkerPool, "run">;
  /** With both, certificates issued under this service's did:web verify (resolved from the key register). */
  certifierKeys?: Pick<CertifierKeyStore, "historyOf">;
  publicBaseUrl?: string;
}

/** What checking a lot (and the facilities it names) reads: a narrower {@link ProvenanceDeps}. */
export type LotCheckDeps = Pick<ProvenanceDeps, "store" | "indexDb" | "caches" | "documents"> & {
  ledger: Pick<Ledger, "getLot" | "lotRecord" | "getFacility">;
};
