/**
 * The read model's query functions on a throw-away database: statements are prepared once per database,
 * not per call or per lot, and the certificate and cited-content reads answer from the tables.
 */
import { describe, expect, it, vi } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import {
  certificatesOfSubject,
  certificatesOfSubjects,
  findCertificate,
  findCitedContent,
  findLot,
  findUpstreamGraph,
  isChainNamedRecord,
  openIndexDatabase,
} from "../../../services/read-model";
import type { IndexDatabase } from "../../../services/read-model";

const hex = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

function lot(db: IndexDatabase, id: string, operation: string, block: number) {
  db.prepare(
    `INSERT INTO lots (lot_key, id, kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
       record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time)
     VALUES (?, ?, 'fabric', ?, ?, ?, 10, 10, 'm', ?, ?, 1, ?, ?, 0, '2026-03-01T00:00:00Z')`,
  ).run(chainKey(id), id, operation, hex(1), hex(1), hex(block), `cid-of-${id}`, hex(100 + block), block);
}

function certificate(db: IndexDatabase, id: string, subject: string, block: number) {
  db.prepare(
    `INSERT INTO certificates (certificate_key, subject_lot_key, fta, digest, certifier, tx_hash, block_number, issued_at)
     VALUES (?, ?, 'EVFTA', ?, '0xc', ?, ?, '2026-03-01T00:00:00Z')`,
  ).run(chainKey(id), chainKey(subject), hex(200 + block), hex(300 + block), block);
}

describe("read-model queries", () => {
  it("prepares each statement once per database, however many lots it reads", () => {
    const db = openIndexDatabase(":memory:");
    lot(db, "FL-1", "fabric-lot", 1);
    lot(db, "CUT-1", "cutting", 2);
    db.prepare(
      `INSERT INTO consumptions (into_lot_key, lot_key, quantity, remaining_after, tx_hash, block_number, log_index)
       VALUES (?, ?, 5, 5, ?, 2, 1)`,
    ).run(chainKey("CUT-1"), chainKey("FL-1"), hex(102));
    const prepare = vi.spyOn(db, "prepare");
    const graph = findUpstreamGraph(db, "CUT-1")!;
    expect(graph.nodes.map((node) => node.id)).toEqual(["CUT-1", "FL-1"]);
    expect(graph.nodes[0]!.inputs).toEqual([{ lotId: "FL-1", quantity: 5, unit: "m", role: null }]);
    expect(graph.nodes[1]!.consumedBy).toEqual([{ lotId: "CUT-1", quantity: 5 }]);
    const prepared = prepare.mock.calls.length;
    expect(prepared).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      findUpstreamGraph(db, "CUT-1");
      findLot(db, "FL-1");
    }
    expect(prepare.mock.calls.length).toBe(prepared);
    // Another database gets its own statements.
    const other = openIndexDatabase(":memory:");
    const otherPrepare = vi.spyOn(other, "prepare");
    expect(findLot(other, "FL-1")).toBeNull();
    expect(otherPrepare.mock.calls.length).toBeGreaterThan(0);
    db.close();
    other.close();
  });

  it("lists certificates by subject (newest first) and over many subjects with one statement", () => {
    const db = openIndexDatabase(":memory:");
    certificate(db, "CO-1", "SHP-1", 5);
    certificate(db, "CO-2", "SHP-1", 9);
    certificate(db, "CO-3", "SEW-1", 7);
    certificate(db, "CO-4", "SHP-9", 8);
    expect(certificatesOfSubject(db, "SHP-1").map((c) => c.blockNumber)).toEqual([9, 5]);
    const prepare = vi.spyOn(db, "prepare");
    const many = certificatesOfSubjects(db, [chainKey("SHP-1"), chainKey("SEW-1")]);
    expect(many.map((c) => c.certificateKey)).toEqual([chainKey("CO-1"), chainKey("CO-3"), chainKey("CO-2")]);
    expect(certificatesOfSubjects(db, [chainKey("SHP-9")]).map((c) => c.certificateKey)).toEqual([
      chainKey("CO-4"),
    ]);
    expect(certificatesOfSubjects(db, [])).toEqual([]);
    expect(prepare).toHaveBeenCalledTimes(0);
    expect(findCertificate(db, "CO-3")).toMatchObject({
      subjectLotKey: chainKey("SEW-1"),
      fta: "EVFTA",
      txHash: hex(307),
      revokedAt: null,
    });
    expect(findCertificate(db, "CO-NONE")).toBeNull();
    db.close();
  });

  it("knows which IPFS objects it cites, and by which hash", () => {
    const db = openIndexDatabase(":memory:");
    lot(db, "SEW-1", "sewing", 3);
    db.prepare(
      "INSERT INTO lot_documents (lot_key, position, type, cid, sha256, media_type) VALUES (?, 0, 'invoice', 'cid-doc', 'ab', 'image/svg+xml')",
    ).run(chainKey("SEW-1"));
    db.prepare(
      "INSERT INTO garment_commitments (lot_key, garments_root, manifest_cid, manifest_digest, tx_hash, block_number) VALUES (?, ?, 'cid-manifest', '0xcd', ?, 3)",
    ).run(chainKey("SEW-1"), hex(9), hex(103));
    expect(findCitedContent(db, "cid-of-SEW-1")).toEqual({
      kind: "record",
      sha256: hex(3),
      mediaType: "application/json",
    });
    expect(findCitedContent(db, "cid-doc")).toEqual({
      kind: "document",
      sha256: "ab",
      mediaType: "image/svg+xml",
    });
    expect(findCitedContent(db, "cid-manifest")).toEqual({
      kind: "manifest",
      sha256: "0xcd",
      mediaType: null,
    });
    expect(findCitedContent(db, "cid-unknown")).toBeNull();
    expect(isChainNamedRecord(db, "cid-of-SEW-1")).toBe(true);
    expect(isChainNamedRecord(db, "cid-doc")).toBe(false);
    db.close();
  });
});
