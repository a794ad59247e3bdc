/**
 * The service's view of the chain: what the HTTP layer, the indexer and the origin engine call.
 * The implementation (embedded Hardhat network or any JSON-RPC node, a batching relayer, a durable journal and
 * facility keys) lives beside this file; callers depend on this interface only.
 *
 * String ids (lots, facilities, certificates) are hashed to bytes32 with {@link chainKey}; amounts are plain
 * decimal numbers in their unit here and scaled to integer thousandths on chain.
 */
export type Hex = `0x${string}`;
export type Unit = "m" | "kg" | "pcs";
export type FacilityRole = "fabric" | "cutting" | "sewing" | "shipping";
export type LotKind = "fabric" | "cut-bundles" | "garment-batch" | "shipment";
export type OperationKind = "fabric-lot" | "cutting" | "sewing" | "shipment";

export interface Quantity {
  amount: number;
  unit: Unit;
}

export interface LotInput {
  lotId: string;
  quantity: Quantity;
}

interface OperationBase {
  /** The lot this operation creates (new, unique across the platform). */
  lotId: string;
  /** The acting facility; its key signs the operation. */
  facilityId: string;
  /** sha-256 digest of the canonical JSON event record stored in IPFS as a raw block. */
  recordDigest: Hex;
}

export type LedgerOperation =
  | (OperationBase & { kind: "fabric-lot"; quantity: Quantity })
  | (OperationBase & { kind: "cutting"; inputs: LotInput[]; quantity: Quantity })
  | (OperationBase & {
      kind: "sewing";
      inputs: LotInput[];
      quantity: Quantity;
      garmentsRoot: Hex;
      /** The batch's GTIN (as in its record); the chain refuses one outside the facility's company prefixes. */
      gtin: string;
    })
  | (OperationBase & {
      kind: "shipment";
      inputs: LotInput[];
      /** Receiving facility for a transfer; absent for an export leaving custody. */
      recipientFacilityId?: string;
    })
  | {
      /**
       * A commitment to supply-chain events that move no lot (an EPCIS capture's inspections, dyeings): it
       * creates no lot, and `lotId` is the commitment's own new id.
       */
      kind: "event-commitment";
      lotId: string;
      facilityId: string;
      /** Merkle root over the events' hashes (services/epcis/commitment.ts). */
      eventsRoot: Hex;
      eventCount: number;
      /** sha-256 digest of the commitment's record in IPFS, which lists the events. */
      recordDigest: Hex;
    };

/** Where an acknowledged write landed. */
export interface Receipt {
  txHash: Hex;
  blockNumber: number;
}

export interface LotState {
  lotKey: Hex;
  kind: LotKind;
  unit: Unit;
  /** chainKey of the holding facility (string ids live in the facility's IPFS record and the read model). */
  facilityKey: Hex;
  createdAt: Date;
  quantity: number;
  remaining: number;
}

export interface FacilityState {
  facilityKey: Hex;
  account: string;
  country: string;
  roles: FacilityRole[];
  suspended: boolean;
  metadataDigest: Hex;
}

export interface CertificateState {
  certificateKey: Hex;
  subjectLotKey: Hex;
  fta: string;
  digest: Hex;
  /** The issuing certifier's account that signed the anchor. */
  certifier: string;
  /** chainKey of the issuing certifier, as the chain names the signing account's owner. */
  certifierKey: Hex;
  issuedAt: Date;
  revokedAt: Date | null;
}

/** The latest anchored version of a status list. */
export interface StatusListAnchorState {
  listKey: Hex;
  /** chainKey of the certifier whose list it is. */
  certifierKey: Hex;
  version: number;
  /** sha-256 of that version's signed list credential as canonical JSON (its IPFS digest). */
  digest: Hex;
  anchoredAt: Date;
}

/** A decoded contract event with where it happened; the read model is built from these alone. */
export type LedgerEvent = {
  blockNumber: number;
  blockTimestamp: Date;
  txHash: Hex;
  logIndex: number;
} & (
  | {
      name: "FacilityRegistered";
      facilityKey: Hex;
      account: string;
      country: string;
      roles: FacilityRole[];
      metadataDigest: Hex;
    }
  | { name: "FacilitySuspensionChanged"; facilityKey: Hex; suspended: boolean }
  | {
      name: "LotRecorded";
      lotKey: Hex;
      facilityKey: Hex;
      operation: OperationKind;
      kind: LotKind;
      unit: Unit;
      quantity: number;
      recordDigest: Hex;
    }
  | { name: "LotConsumed"; lotKey: Hex; intoLotKey: Hex; quantity: number; remaining: number }
  | { name: "GarmentsCommitted"; lotKey: Hex; garmentsRoot: Hex; gtin: string }
  | {
      name: "EventsCommitted";
      commitmentKey: Hex;
      facilityKey: Hex;
      eventsRoot: Hex;
      eventCount: number;
      recordDigest: Hex;
    }
  | { name: "FacilityGtinPrefixesChanged"; facilityKey: Hex; prefixes: string[] }
  | { name: "CertifierRegistered"; certifierKey: Hex; account: string }
  | { name: "CertifierAccountRotated"; certifierKey: Hex; previousAccount: string; account: string }
  | { name: "LotShipped"; lotKey: Hex; fromFacilityKey: Hex; recipientKey: Hex | null }
  | {
      name: "CertificateAnchored";
      certificateKey: Hex;
      subjectLotKey: Hex;
      fta: string;
      digest: Hex;
      certifier: string;
      certifierKey: Hex;
    }
  | {
      name: "CertificateRevoked";
      certificateKey: Hex;
      reasonDigest: Hex;
      /** The issuing certifier's signing account, or the operator's account when `byOperator`. */
      revokedBy: string;
      byOperator: boolean;
    }
  | {
      name: "StatusListAnchored";
      listKey: Hex;
      certifierKey: Hex;
      version: number;
      digest: Hex;
      byOperator: boolean;
    }
);

/** Called with the events of each mined block before the writes in it are acknowledged. */
export type MinedListener = (events: LedgerEvent[]) => Promise<void> | void;

export interface Ledger {
  readonly chainId: number;
  readonly contractAddress: string;
  /** Registers a facility (as the operator); creates and stores its signing key unless `account` is given. */
  registerFacility(params: {
    facilityId: string;
    country: string;
    roles: FacilityRole[];
    metadataDigest: Hex;
    account?: string;
  }): Promise<Receipt & { account: string }>;
  setFacilitySuspended(facilityId: string, suspended: boolean): Promise<Receipt>;
  /** Replaces the facility's GS1 company prefixes (4 to 12 digits each) on chain (as the operator). */
  setGtinPrefixes(facilityId: string, prefixes: readonly string[]): Promise<Receipt>;
  /** The facility's GS1 company prefixes as the chain holds them now. */
  getGtinPrefixes(facilityId: string): Promise<string[]>;
  /** Registers a certifier on chain (as the operator) with a signing key the service creates and keeps. */
  registerCertifier(certifierId: string): Promise<Receipt & { account: string }>;
  /**
   * Moves the certifier to a new signing key: by the operator's authority, or by the certifier's own signature
   * with its current key. What the earlier keys signed stays valid.
   */
  rotateCertifierAccount(params: {
    certifierId: string;
    by: "operator" | "certifier";
  }): Promise<Receipt & { previousAccount: string; account: string }>;
  /** The certifier's current signing account on chain, or null when it is not registered there. */
  getCertifier(certifierId: string): Promise<{ certifierKey: Hex; account: string } | null>;
  /**
   * Signs the operation with the facility's key, queues it for the next batch and resolves once the batch is
   * mined, journalled and every {@link MinedListener} has run. Rejects with an AppError (DUPLICATE_ID,
   * INSUFFICIENT_QUANTITY, NOT_FOUND, FORBIDDEN, ...) when the contract refuses it; nothing is recorded then.
   */
  record(operation: LedgerOperation): Promise<Receipt>;
  /** Anchors a certificate with the issuing certifier's EIP-712 signature (made with its key in the service). */
  anchorCertificate(params: {
    certificateId: string;
    subjectLotId: string;
    fta: string;
    digest: Hex;
    certifierId: string;
  }): Promise<Receipt>;
  /**
   * Revokes a certificate: signed by the issuing certifier (`certifierId`), or by the operator's authority
   * (`asOperator`, which needs a reason).
   */
  revokeCertificate(
    params: { certificateId: string; reasonDigest: Hex } & (
      { certifierId: string; asOperator?: false } | { asOperator: true }
    ),
  ): Promise<Receipt>;
  /**
   * Anchors version `version` of status list `listId` (ids as in services/certificates/status-lists.ts) with
   * its digest: signed by the certifier whose list it is (its key in the service), or by the operator's
   * authority (`asOperator`). Rejects with STATUS_LIST_STALE when the chain holds this version or a later one.
   */
  anchorStatusList(params: {
    listId: string;
    version: number;
    digest: Hex;
    certifierId: string;
    asOperator?: boolean;
  }): Promise<Receipt>;
  /** The latest anchored version of status list `listId`, or null when none was anchored. */
  statusListAnchor(listId: string): Promise<StatusListAnchorState | null>;
  /**
   * The version under which the chain anchored `digest` for status list `listId` (from its StatusListAnchored
   * events), or null when it never did: tells an older anchored version from a list the chain never saw.
   */
  statusListVersionOf(listId: string, digest: Hex): Promise<number | null>;
  getLot(lotId: string): Promise<LotState | null>;
  getFacility(facilityId: string): Promise<FacilityState | null>;
  getCertificate(certificateId: string): Promise<CertificateState | null>;
  /**
   * The chain's LotRecorded event of lot `lotId` (its record digest, operation and transaction), or null when
   * no such lot was recorded: the digest a verifier checks the lot's IPFS record against. Immutable once mined.
   */
  lotRecord(
    lotId: string,
  ): Promise<(Extract<LedgerEvent, { name: "LotRecorded" }> & { committedGtin?: string }) | null>;
  garmentsRoot(lotId: string): Promise<Hex | null>;
  /** The events root and committing facility (its chainKey) of an event commitment, or null when none. */
  eventCommitment(commitmentId: string): Promise<{ eventsRoot: Hex; facilityKey: Hex } | null>;
  verifyGarment(params: { lotId: string; serial: number; codeHash: Hex; proof: Hex[] }): Promise<boolean>;
  /** Every contract event in blocks [fromBlock, latest], in order (for rebuilding the read model). */
  readEvents(fromBlock: number): Promise<LedgerEvent[]>;
  /** The latest mined block number. */
  blockNumber(): Promise<number>;
  /** The block that mined transaction `txHash`, or null when the chain does not hold it (yet). */
  transactionBlockNumber(txHash: Hex): Promise<number | null>;
  onMined(listener: MinedListener): void;
  /**
   * The relayer's transactions sent again to an external node that had lost them, which the read model has not
   * re-read yet (mined again, their events sit in other blocks, at other times), in nonce order; null when none.
   * `mark` is handed back to {@link Ledger.settleResent} once they are re-read.
   */
  resentTransactions(): { mark: number; txHashes: Hex[] } | null;
  /** The contract events of transaction `txHash` where the chain now holds it, or null while it holds none. */
  transactionEvents(txHash: Hex): Promise<LedgerEvent[] | null>;
  /** Forgets the re-sent transactions of `mark` (kept when a newer re-send came since). */
  settleResent(mark: number): void;
  /** Flushes queued operations and stops; the journal stays consistent. */
  close(): Promise<void>;
}
