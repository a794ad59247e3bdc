/**
 * Applies contract events to the read model. The chain is the only input: each event is joined with the IPFS
 * record its digest names (facility metadata, event records), and nothing from request bodies is used, so a
 * second index built from the same chain is identical.
 */
import type { Hex, Ledger, LedgerEvent, OperationKind } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { DocumentStore } from "../ipfs/index";
import type { Logger } from "../logging/index";
import {
  cidFromDigest,
  FacilityRecordReader,
  getRecord,
  readEventRecord,
  readRecord,
} from "../records/index";
import type { EventRecordRead, FacilityRecord, Lenient } from "../records/index";
import { UnavailableError } from "../errors/index";
import type { IndexDatabase } from "./database";
import { INDEX_TABLES } from "./database";

type FacilityRead = Lenient<FacilityRecord>;

export interface Indexer {
  /**
   * Applies events in chain order. Idempotent: events at or before the last applied (block, log index) are
   * skipped, so replays and overlaps are harmless. Concurrent calls run one after the other.
   */
  apply(events: readonly LedgerEvent[]): Promise<void>;
  /** Applies every event the ledger has after the last applied one, then {@link Indexer.repairRecords}. */
  catchUp(ledger: Pick<Ledger, "readEvents">): Promise<void>;
  /**
   * Retries the records IPFS could not give when their events were applied (a Kubo node down for a moment)
   * and fills in what they say; returns how many were repaired.
   */
  repairRecords(limit?: number): Promise<number>;
  /**
   * Re-reads the transactions the chain layer sent again to a node that had lost them (see
   * {@link Ledger.resentTransactions}) and moves their rows to the blocks and times the node now holds. Runs
   * first in every {@link Indexer.apply} and {@link Indexer.catchUp}; a no-op when nothing was re-sent.
   */
  followResent(): Promise<void>;
  /** The last applied position, or null before the first event. */
  progress(): { blockNumber: number; logIndex: number } | null;
}

/** The records fetched for a batch of events, by the facility's or lot's chain key. */
interface Records {
  facilities: Map<Hex, FacilityRead | null>;
  lots: Map<Hex, EventRecordRead | null>;
}

export interface CreateIndexerParameters {
  db: IndexDatabase;
  store: Pick<DocumentStore, "get">;
  /** Where re-sent transactions are learnt of (an external node that lost some); none: nothing is re-sent. */
  resent?: Pick<Ledger, "resentTransactions" | "transactionEvents" | "settleResent">;
  logger?: Pick<Logger, "warn">;
}

/** How many re-sent transactions' receipts are asked for at once. */
const RESENT_READS_AT_ONCE = 32;

/** A field the reader did not give, as SQL has it. */
const orNull = <T>(value: T | undefined): T | null => value ?? null;

/** The lots an event record consumes, with their material roles (only a cutting states roles). */
function inputsOf(read: EventRecordRead | null): { lotId?: string; role?: string }[] {
  if (read === null) return [];
  switch (read.operation) {
    case "fabric-lot":
      return [];
    case "cutting":
      return (read.record.inputs ?? []).map((input) => ({ lotId: input?.lotId, role: input?.role }));
    case "sewing":
    case "shipment":
      return (read.record.inputs ?? []).map((input) => ({ lotId: input?.lotId }));
  }
}

/** The garment commitment a sewing record carries. */
function garmentsOf(read: EventRecordRead | null) {
  return read?.operation === "sewing" ? read.record.garments : undefined;
}

/** What the lots table shows as a lot's description: the fabric's, or the garment's. */
function descriptionOf(read: EventRecordRead): string | null {
  if (read.operation === "fabric-lot") return orNull(read.record.description);
  if (read.operation === "sewing") return orNull(read.record.product?.description);
  return null;
}

/**
 * The indexer over `db`, reading records from `store`.
 *
 * @example
 * const indexer = createIndexer({ db, store, logger });
 * await indexer.catchUp(ledger);
 * ledger.onMined((events) => indexer.apply(events));
 */
export function createIndexer({ db, store, logger, resent }: CreateIndexerParameters): Indexer {
  const statements = prepare(db);
  let queue: Promise<void> = Promise.resolve();

  function progress(): { blockNumber: number; logIndex: number } | null {
    const row = statements.progress.get() as { block_number: number; log_index: number } | undefined;
    return row ? { blockNumber: row.block_number, logIndex: row.log_index } : null;
  }

  /**
   * The record a digest names, verified against it and read with `read`; null (with a warning) when IPFS
   * cannot give it, it is not a record, or it names another id than its event.
   */
  async function fetchRecord<T>(
    digest: Hex,
    expectedKey: Hex,
    read: (value: unknown) => T | null,
    idOf: (record: T) => string | undefined,
  ): Promise<T | null> {
    try {
      const { record: stored } = await getRecord<unknown>(store, digest);
      const record = read(stored);
      const id = record === null ? undefined : idOf(record);
      if (record === null || id === undefined || chainKey(id) !== expectedKey) {
        logger?.warn({ digest }, "a record does not name the id its event carries; indexed without it");
        return null;
      }
      return record;
    } catch (error) {
      logger?.warn({ digest, err: error }, "a record could not be read from IPFS; indexed without it");
      return null;
    }
  }

  const facilityRecord = (digest: Hex, facilityKey: Hex) =>
    fetchRecord(
      digest,
      facilityKey,
      (value) => readRecord(FacilityRecordReader, value),
      (record) => record.id,
    );
  const lotRecord = (digest: Hex, lotKey: Hex, operation: OperationKind) =>
    fetchRecord(
      digest,
      lotKey,
      (value) => readEventRecord(operation, value),
      (read) => read.record.id,
    );

  /**
   * Moves the rows of re-sent transactions to where the node mined them again, in one SQLite transaction, and
   * sets the progress so that what was not applied yet is applied next: the position of the last re-sent
   * transaction the read model holds rows of (journal order is chain order, and the indexer applies in it).
   * Transactions without rows (a suspension, a status-list anchor) after it are applied again, which changes
   * nothing. Idempotent: a crash before the mark is settled redoes it.
   */
  async function followResentNow(): Promise<void> {
    const pending = resent?.resentTransactions();
    if (!resent || !pending) return;
    // Read a few at a time: one receipt and one block per transaction, each a round trip to the node.
    const read: (LedgerEvent[] | null)[] = [];
    for (let start = 0; start < pending.txHashes.length; start += RESENT_READS_AT_ONCE) {
      const slice = pending.txHashes.slice(start, start + RESENT_READS_AT_ONCE);
      read.push(...(await Promise.all(slice.map((txHash) => resent.transactionEvents(txHash)))));
    }
    const mined: LedgerEvent[][] = [];
    let missing = 0;
    for (const events of read) {
      if (events === null) {
        missing += 1;
        continue;
      }
      // Missing ones before one the node mined never will be: the node took their nonces for others.
      if (missing > 0)
        logger?.warn({ missing }, "re-sent transactions the chain will not mine are passed over");
      missing = 0;
      mined.push(events);
    }
    if (missing > 0) {
      throw new UnavailableError(
        "The chain has not mined the re-sent transactions again yet; the read model waits for them",
      );
    }
    const last = progress();
    db.transaction(() => {
      let lastTraced: LedgerEvent | undefined;
      let firstBlock = Infinity;
      for (const events of mined) {
        let held = false;
        for (const event of events) {
          firstBlock = Math.min(firstBlock, event.blockNumber);
          if (moveOne(event)) held = true;
        }
        if (held) lastTraced = events.at(-1);
      }
      if (lastTraced !== undefined) statements.setProgress.run(lastTraced.blockNumber, lastTraced.logIndex);
      else if (last !== null && firstBlock < Infinity && firstBlock <= last.blockNumber) {
        // Nothing re-sent was applied: the next apply starts with the first of them, wherever it now is.
        statements.setProgress.run(firstBlock, -1);
      }
    })();
    resent.settleResent(pending.mark);
    logger?.warn({ transactions: mined.length }, "the read model followed re-sent transactions");
  }

  /**
   * Moves the row `event` wrote to the block, log index and time the chain now gives it; false when the read
   * model holds no such row (the event was not applied yet, or leaves none).
   */
  function moveOne(event: LedgerEvent): boolean {
    const s = statements;
    const block = { tx_hash: event.txHash, block_number: event.blockNumber };
    const at = { ...block, log_index: event.logIndex };
    const time = event.blockTimestamp.toISOString();
    const moved = (() => {
      switch (event.name) {
        case "FacilityRegistered":
          return s.moveFacility.run({ ...block, facility_key: event.facilityKey });
        case "LotRecorded":
          return s.moveLot.run({ ...at, lot_key: event.lotKey, block_time: time });
        case "LotConsumed":
          return s.moveConsumption.run({ ...at, into_lot_key: event.intoLotKey, lot_key: event.lotKey });
        case "GarmentsCommitted":
          return s.moveGarments.run({ ...block, lot_key: event.lotKey });
        case "CertificateAnchored":
          return s.moveCertificate.run({ ...block, certificate_key: event.certificateKey, issued_at: time });
        case "CertificateRevoked":
          return s.moveRevocation.run({
            tx_hash: event.txHash,
            certificate_key: event.certificateKey,
            revoked_at: time,
          });
        default:
          // The other events leave no position or time in the read model.
          return null;
      }
    })();
    // SQLite counts a row its WHERE matched even when the values were already these: a second run says true too.
    return moved !== null && moved.changes > 0;
  }

  async function applyNow(events: readonly LedgerEvent[]): Promise<void> {
    await followResentNow();
    const last = progress();
    const fresh = events.filter(
      (event) =>
        last === null ||
        event.blockNumber > last.blockNumber ||
        (event.blockNumber === last.blockNumber && event.logIndex > last.logIndex),
    );
    if (fresh.length === 0) return;

    // IPFS reads happen before the SQLite transaction, which must stay synchronous.
    // Fetched concurrently: a batch of a few hundred records would otherwise wait on them one by one.
    const records: Records = { facilities: new Map(), lots: new Map() };
    const cids = new Map<Hex, string>();
    await Promise.all(
      fresh.map(async (event) => {
        if (event.name === "FacilityRegistered") {
          records.facilities.set(
            event.facilityKey,
            await facilityRecord(event.metadataDigest, event.facilityKey),
          );
          cids.set(event.metadataDigest, await cidFromDigest(event.metadataDigest));
        } else if (event.name === "LotRecorded") {
          records.lots.set(event.lotKey, await lotRecord(event.recordDigest, event.lotKey, event.operation));
          cids.set(event.recordDigest, await cidFromDigest(event.recordDigest));
        }
      }),
    );

    db.transaction(() => {
      for (const event of fresh) applyOne(event, records, cids);
      const final = fresh[fresh.length - 1]!;
      statements.setProgress.run(final.blockNumber, final.logIndex);
    })();
  }

  function applyOne(event: LedgerEvent, records: Records, cids: Map<Hex, string>): void {
    const s = statements;
    switch (event.name) {
      case "FacilityRegistered": {
        const record = records.facilities.get(event.facilityKey) ?? null;
        s.insertFacility.run({
          facility_key: event.facilityKey,
          id: orNull(record?.id),
          name: orNull(record?.name),
          country: event.country,
          roles: JSON.stringify(event.roles),
          account: event.account,
          metadata_digest: event.metadataDigest,
          metadata_cid: cids.get(event.metadataDigest)!,
          tx_hash: event.txHash,
          block_number: event.blockNumber,
        });
        return;
      }
      case "FacilitySuspensionChanged":
        s.setSuspended.run(event.suspended ? 1 : 0, event.facilityKey);
        return;
      case "LotRecorded": {
        const read = records.lots.get(event.lotKey) ?? null;
        s.insertLot.run({
          lot_key: event.lotKey,
          id: orNull(read?.record.id),
          kind: event.kind,
          operation: event.operation,
          facility_key: event.facilityKey,
          recorded_by_key: event.facilityKey,
          quantity: event.quantity,
          // An export ships everything: the chain records nothing left to consume.
          remaining: event.operation === "shipment" && event.kind === "shipment" ? 0 : event.quantity,
          unit: event.unit,
          record_digest: event.recordDigest,
          record_cid: cids.get(event.recordDigest)!,
          record_available: read ? 1 : 0,
          tx_hash: event.txHash,
          block_number: event.blockNumber,
          log_index: event.logIndex,
          block_time: event.blockTimestamp.toISOString(),
          occurred_at: orNull(read?.record.occurredAt),
          description: read ? descriptionOf(read) : null,
        });
        if (read) applyRecordDetails(event.lotKey, read);
        return;
      }
      case "LotConsumed": {
        const input = inputsOf(records.lots.get(event.intoLotKey) ?? null).find(
          (candidate) => candidate.lotId !== undefined && chainKey(candidate.lotId) === event.lotKey,
        );
        s.insertConsumption.run({
          into_lot_key: event.intoLotKey,
          lot_key: event.lotKey,
          quantity: event.quantity,
          remaining_after: event.remaining,
          role: orNull(input?.role),
          tx_hash: event.txHash,
          block_number: event.blockNumber,
          log_index: event.logIndex,
        });
        s.setRemaining.run(event.remaining, event.lotKey);
        return;
      }
      case "GarmentsCommitted": {
        const garments = garmentsOf(records.lots.get(event.lotKey) ?? null);
        s.insertGarments.run({
          lot_key: event.lotKey,
          garments_root: event.garmentsRoot,
          manifest_cid: orNull(garments?.manifestCid),
          manifest_digest: orNull(garments?.manifestDigest),
          tx_hash: event.txHash,
          block_number: event.blockNumber,
        });
        return;
      }
      case "LotShipped":
        s.upsertShipmentParties.run({
          lot_key: event.lotKey,
          from_facility_key: event.fromFacilityKey,
          recipient_facility_key: event.recipientKey,
        });
        s.setRecordedBy.run(event.fromFacilityKey, event.lotKey);
        return;
      case "CertificateAnchored":
        s.insertCertificate.run({
          certificate_key: event.certificateKey,
          subject_lot_key: event.subjectLotKey,
          fta: event.fta,
          digest: event.digest,
          certifier: event.certifier,
          tx_hash: event.txHash,
          block_number: event.blockNumber,
          issued_at: event.blockTimestamp.toISOString(),
        });
        return;
      case "CertificateRevoked":
        s.revokeCertificate.run({
          certificate_key: event.certificateKey,
          revoked_at: event.blockTimestamp.toISOString(),
          reason: event.reasonDigest,
          tx_hash: event.txHash,
        });
        return;
    }
  }

  /** The line and equipment a cutting or sewing names, when it names one (a lenient read: ids or nothing). */
  function insertRanOn(lotKey: Hex, record: { lineId?: unknown; equipmentId?: unknown }): void {
    const id = (value: unknown) => (typeof value === "string" ? value : null);
    const line = id(record.lineId);
    const equipment = id(record.equipmentId);
    if (line === null && equipment === null) return;
    statements.insertRanOn.run({ lot_key: lotKey, line_id: line, equipment_id: equipment });
  }

  function applyRecordDetails(lotKey: Hex, read: EventRecordRead): void {
    const s = statements;
    (read.record.documents ?? []).forEach((document, position) => {
      if (document?.type === undefined || document.cid === undefined) return;
      s.insertDocument.run({
        lot_key: lotKey,
        position,
        type: document.type,
        cid: document.cid,
        sha256: orNull(document.sha256),
        media_type: orNull(document.mediaType),
      });
    });
    switch (read.operation) {
      case "fabric-lot": {
        const record = read.record;
        s.insertFabric.run({
          lot_key: lotKey,
          hs_code: orNull(record.hsCode),
          composition: JSON.stringify(record.composition ?? []),
          weight_kg: orNull(record.weightKg),
          value_amount: orNull(record.value?.amount),
          value_currency: orNull(record.value?.currency),
          supplier_name: orNull(record.supplier?.name),
          supplier_country: orNull(record.supplier?.country),
          stages: JSON.stringify(record.stages ?? []),
          originating: JSON.stringify(record.originating ?? []),
        });
        return;
      }
      case "cutting":
        s.insertCutting.run({ lot_key: lotKey, style: orNull(read.record.output?.style) });
        insertRanOn(lotKey, read.record);
        return;
      case "sewing": {
        const { product, garments, trims } = read.record;
        insertRanOn(lotKey, read.record);
        s.insertSewing.run({
          lot_key: lotKey,
          gtin: orNull(product?.gtin),
          hs_code: orNull(product?.hsCode),
          description: orNull(product?.description),
          construction: orNull(product?.construction),
          ex_works_amount: orNull(product?.exWorksPrice?.amount),
          ex_works_currency: orNull(product?.exWorksPrice?.currency),
          garment_count: orNull(garments?.count),
        });
        (trims ?? []).forEach((trim, position) => {
          s.insertTrim.run({
            lot_key: lotKey,
            position,
            description: trim?.description ?? "",
            hs_code: orNull(trim?.hsCode),
            role: orNull(trim?.role),
            origin_country: orNull(trim?.originCountry),
            weight_kg: orNull(trim?.weightKg),
            value_amount: orNull(trim?.value?.amount),
            value_currency: orNull(trim?.value?.currency),
            stages: Array.isArray(trim?.stages) ? JSON.stringify(trim.stages) : null,
          });
        });
        return;
      }
      case "shipment": {
        const record = read.record;
        s.upsertShipmentRecord.run({
          lot_key: lotKey,
          from_facility_key: record.facilityId === undefined ? lotKey : chainKey(record.facilityId),
          buyer_name: orNull(record.buyer?.name),
          buyer_country: orNull(record.buyer?.country),
          destination_country: orNull(record.destinationCountry),
          invoice_number: orNull(record.invoiceNumber),
        });
        return;
      }
    }
  }

  return {
    progress,
    apply(events) {
      const run = queue.then(() => applyNow(events));
      queue = run.catch(() => undefined);
      return run;
    },
    followResent() {
      const run = queue.then(() => followResentNow());
      queue = run.catch(() => undefined);
      return run;
    },
    async catchUp(ledger) {
      // First: the progress of a read model that followed re-sent transactions says where to read from.
      await this.followResent();
      const last = progress();
      await this.apply(await ledger.readEvents(last === null ? 0 : last.blockNumber));
      await this.repairRecords();
    },
    repairRecords(limit?: number) {
      const run = queue.then(() => repairNow(limit));
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };

  /** Repairs up to `limit` facilities and as many lots (all when unset) whose records IPFS could not give. */
  async function repairNow(limit = -1): Promise<number> {
    const facilities = db
      .prepare("SELECT facility_key, metadata_digest FROM facilities WHERE id IS NULL LIMIT ?")
      .all(limit) as { facility_key: Hex; metadata_digest: Hex }[];
    const lots = db
      .prepare("SELECT lot_key, operation, record_digest FROM lots WHERE record_available = 0 LIMIT ?")
      .all(limit) as { lot_key: Hex; operation: OperationKind; record_digest: Hex }[];
    let repaired = 0;
    for (const facility of facilities) {
      const record = await facilityRecord(facility.metadata_digest, facility.facility_key);
      if (!record) continue;
      statements.repairFacility.run(orNull(record.id), orNull(record.name), facility.facility_key);
      repaired += 1;
    }
    for (const lot of lots) {
      const read = await lotRecord(lot.record_digest, lot.lot_key, lot.operation);
      if (!read) continue;
      db.transaction(() => {
        statements.repairLot.run({
          lot_key: lot.lot_key,
          id: orNull(read.record.id),
          occurred_at: orNull(read.record.occurredAt),
          description: descriptionOf(read),
        });
        applyRecordDetails(lot.lot_key, read);
        // What the live indexer took from this record while applying later events of the same transaction.
        for (const input of inputsOf(read)) {
          if (input.lotId !== undefined)
            statements.repairRole.run(orNull(input.role), lot.lot_key, chainKey(input.lotId));
        }
        const garments = garmentsOf(read);
        statements.repairManifest.run(
          orNull(garments?.manifestCid),
          orNull(garments?.manifestDigest),
          lot.lot_key,
        );
      })();
      repaired += 1;
    }
    return repaired;
  }
}

/**
 * Builds the read model in `db` from block 0: clears it, then applies every event the ledger holds.
 *
 * @example
 * await rebuildIndex({ ledger, store, db: openIndexDatabase(":memory:") });
 */
export async function rebuildIndex(params: {
  ledger: Pick<Ledger, "readEvents">;
  store: Pick<DocumentStore, "get">;
  db: IndexDatabase;
  logger?: Pick<Logger, "warn">;
}): Promise<Indexer> {
  const { db } = params;
  db.transaction(() => {
    for (const table of INDEX_TABLES) {
      db.prepare(`DELETE FROM ${table}`).run();
    }
  })();
  const indexer = createIndexer(params);
  await indexer.apply(await params.ledger.readEvents(0));
  return indexer;
}

function prepare(db: IndexDatabase) {
  return {
    progress: db.prepare("SELECT block_number, log_index FROM index_progress WHERE id = 1"),
    setProgress: db.prepare(
      `INSERT INTO index_progress (id, block_number, log_index) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, log_index = excluded.log_index`,
    ),
    insertFacility: db.prepare(
      `INSERT INTO facilities (facility_key, id, name, country, roles, account, suspended, metadata_digest,
         metadata_cid, tx_hash, block_number)
       VALUES (@facility_key, @id, @name, @country, @roles, @account, 0, @metadata_digest, @metadata_cid,
         @tx_hash, @block_number)`,
    ),
    moveFacility: db.prepare(
      `UPDATE facilities SET block_number = @block_number WHERE facility_key = @facility_key AND tx_hash = @tx_hash`,
    ),
    moveLot: db.prepare(
      `UPDATE lots SET block_number = @block_number, log_index = @log_index, block_time = @block_time
       WHERE lot_key = @lot_key AND tx_hash = @tx_hash`,
    ),
    moveConsumption: db.prepare(
      `UPDATE consumptions SET block_number = @block_number, log_index = @log_index
       WHERE into_lot_key = @into_lot_key AND lot_key = @lot_key AND tx_hash = @tx_hash`,
    ),
    moveGarments: db.prepare(
      `UPDATE garment_commitments SET block_number = @block_number WHERE lot_key = @lot_key AND tx_hash = @tx_hash`,
    ),
    moveCertificate: db.prepare(
      `UPDATE certificates SET block_number = @block_number, issued_at = @issued_at
       WHERE certificate_key = @certificate_key AND tx_hash = @tx_hash`,
    ),
    moveRevocation: db.prepare(
      `UPDATE certificates SET revoked_at = @revoked_at
       WHERE certificate_key = @certificate_key AND revocation_tx_hash = @tx_hash`,
    ),
    setSuspended: db.prepare("UPDATE facilities SET suspended = ? WHERE facility_key = ?"),
    insertLot: db.prepare(
      `INSERT INTO lots (lot_key, id, kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
         record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time, occurred_at,
         description)
       VALUES (@lot_key, @id, @kind, @operation, @facility_key, @recorded_by_key, @quantity, @remaining, @unit,
         @record_digest, @record_cid, @record_available, @tx_hash, @block_number, @log_index, @block_time,
         @occurred_at, @description)`,
    ),
    setRemaining: db.prepare("UPDATE lots SET remaining = ? WHERE lot_key = ?"),
    repairFacility: db.prepare("UPDATE facilities SET id = ?, name = ? WHERE facility_key = ?"),
    repairLot: db.prepare(
      `UPDATE lots SET id = @id, occurred_at = @occurred_at, description = @description, record_available = 1
       WHERE lot_key = @lot_key`,
    ),
    repairRole: db.prepare("UPDATE consumptions SET role = ? WHERE into_lot_key = ? AND lot_key = ?"),
    repairManifest: db.prepare(
      "UPDATE garment_commitments SET manifest_cid = ?, manifest_digest = ? WHERE lot_key = ?",
    ),
    setRecordedBy: db.prepare("UPDATE lots SET recorded_by_key = ? WHERE lot_key = ?"),
    insertConsumption: db.prepare(
      `INSERT INTO consumptions (into_lot_key, lot_key, quantity, remaining_after, role, tx_hash, block_number,
         log_index)
       VALUES (@into_lot_key, @lot_key, @quantity, @remaining_after, @role, @tx_hash, @block_number, @log_index)`,
    ),
    insertDocument: db.prepare(
      `INSERT INTO lot_documents (lot_key, position, type, cid, sha256, media_type)
       VALUES (@lot_key, @position, @type, @cid, @sha256, @media_type)`,
    ),
    insertFabric: db.prepare(
      `INSERT INTO fabric_details (lot_key, hs_code, composition, weight_kg, value_amount, value_currency,
         supplier_name, supplier_country, stages, originating)
       VALUES (@lot_key, @hs_code, @composition, @weight_kg, @value_amount, @value_currency, @supplier_name,
         @supplier_country, @stages, @originating)`,
    ),
    insertCutting: db.prepare("INSERT INTO cutting_details (lot_key, style) VALUES (@lot_key, @style)"),
    insertRanOn: db.prepare(
      `INSERT OR REPLACE INTO lot_equipment (lot_key, line_id, equipment_id)
       VALUES (@lot_key, @line_id, @equipment_id)`,
    ),
    insertSewing: db.prepare(
      `INSERT INTO sewing_details (lot_key, gtin, hs_code, description, construction, ex_works_amount,
         ex_works_currency, garment_count)
       VALUES (@lot_key, @gtin, @hs_code, @description, @construction, @ex_works_amount, @ex_works_currency,
         @garment_count)`,
    ),
    insertTrim: db.prepare(
      `INSERT INTO trims (lot_key, position, description, hs_code, role, origin_country, weight_kg, value_amount,
         value_currency, stages)
       VALUES (@lot_key, @position, @description, @hs_code, @role, @origin_country, @weight_kg, @value_amount,
         @value_currency, @stages)`,
    ),
    upsertShipmentRecord: db.prepare(
      `INSERT INTO shipment_details (lot_key, from_facility_key, buyer_name, buyer_country, destination_country,
         invoice_number)
       VALUES (@lot_key, @from_facility_key, @buyer_name, @buyer_country, @destination_country, @invoice_number)
       ON CONFLICT (lot_key) DO UPDATE SET buyer_name = excluded.buyer_name, buyer_country = excluded.buyer_country,
         destination_country = excluded.destination_country, invoice_number = excluded.invoice_number`,
    ),
    upsertShipmentParties: db.prepare(
      `INSERT INTO shipment_details (lot_key, from_facility_key, recipient_facility_key)
       VALUES (@lot_key, @from_facility_key, @recipient_facility_key)
       ON CONFLICT (lot_key) DO UPDATE SET from_facility_key = excluded.from_facility_key,
         recipient_facility_key = excluded.recipient_facility_key`,
    ),
    insertGarments: db.prepare(
      `INSERT INTO garment_commitments (lot_key, garments_root, manifest_cid, manifest_digest, tx_hash, block_number)
       VALUES (@lot_key, @garments_root, @manifest_cid, @manifest_digest, @tx_hash, @block_number)`,
    ),
    insertCertificate: db.prepare(
      `INSERT INTO certificates (certificate_key, subject_lot_key, fta, digest, certifier, tx_hash, block_number,
         issued_at)
       VALUES (@certificate_key, @subject_lot_key, @fta, @digest, @certifier, @tx_hash, @block_number, @issued_at)`,
    ),
    revokeCertificate: db.prepare(
      `UPDATE certificates SET revoked_at = @revoked_at, revocation_reason_digest = @reason,
         revocation_tx_hash = @tx_hash WHERE certificate_key = @certificate_key`,
    ),
  };
}
