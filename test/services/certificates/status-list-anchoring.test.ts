/**
 * The status lists' anchoring use case with real parts (embedded chain, SQLite, Helia store, the sealed
 * certifier key store): a list published before anchors existed (an older database) is migrated and anchored
 * at start; a version a crash left unanchored is anchored by the list's next revocation, which keeps its bits;
 * and a chain that already holds later versions (a data directory restored from a backup) gets the next
 * version number.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import { createCertifierKeyStore } from "../../../services/certificates/certifier-keys";
import { healStatusLists, markRevokedInStatusList } from "../../../services/certificates/status-lists";
import type { StatusListDeps } from "../../../services/certificates/status-lists";
import { signDocument } from "../../../services/credentials/data-integrity";
import {
  bitAt,
  buildStatusListCredential,
  decodeBitstring,
  emptyBitstring,
} from "../../../services/credentials/status-list";
import { createHeliaStore, type DocumentStore } from "../../../services/ipfs";
import { openIndexDatabase, type IndexDatabase } from "../../../services/read-model/database";
import { putRecord } from "../../../services/records";
import { openServiceDatabase, type ServiceDatabase } from "../../../services/service-db/database";
import {
  claimStatusEntry,
  findPendingStatusList,
  findStatusList,
} from "../../../services/service-db/status-lists";

const BASE = "https://trace.example.vn";

describe("anchoring the status lists", () => {
  let dir: string;
  let ledger: CreatedLedger;
  let store: DocumentStore;
  let serviceDb: ServiceDatabase;
  let indexDb: IndexDatabase;
  let deps: StatusListDeps;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tp-status-anchoring-"));
    ledger = await createLedger({ dataDir: join(dir, "chain") });
    await ledger.registerCertifier("vcci-hcm");
    store = await createHeliaStore({ directory: join(dir, "ipfs") });
    serviceDb = openServiceDatabase(join(dir, "service.sqlite"));
    indexDb = openIndexDatabase(join(dir, "index.sqlite"));
    deps = {
      serviceDb,
      indexDb,
      store,
      certifierKeys: createCertifierKeyStore(dir, { publicBaseUrl: BASE }),
      publicBaseUrl: BASE,
      ledger,
    };
  });
  afterAll(async () => {
    await ledger?.close();
    await store?.close();
    serviceDb?.close();
    indexDb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bitsOf = (listId: string) =>
    decodeBitstring(
      (
        JSON.parse(findStatusList(serviceDb, listId)!.credential) as {
          credentialSubject: { encodedList: string };
        }
      ).credentialSubject.encodedList,
    );

  it("migrates a list published before anchors and anchors it at start", async () => {
    // The table as an earlier release made it, with its list: no version, never anchored.
    serviceDb.exec(`CREATE TABLE status_lists (list_id TEXT PRIMARY KEY, bits BLOB NOT NULL,
      credential TEXT NOT NULL, digest TEXT NOT NULL, updated_at TEXT NOT NULL)`);
    const key = await deps.certifierKeys.keyFor("vcci-hcm");
    const credential = await signDocument(
      buildStatusListCredential({
        listUrl: `${BASE}/credentials/status/vcci-hcm/1`,
        issuer: key.did,
        bits: emptyBitstring(),
        validFrom: new Date(),
      }),
      { privateKey: key.privateKey, verificationMethod: key.verificationMethod },
    );
    const stored = await putRecord(store, credential);
    serviceDb
      .prepare("INSERT INTO status_lists VALUES (?, ?, ?, ?, ?)")
      .run("vcci-hcm/1", emptyBitstring(), JSON.stringify(credential), stored.digest, "2026-01-01T00:00:00Z");

    expect(findStatusList(serviceDb, "vcci-hcm/1")).toMatchObject({ version: 1, anchored: false });
    expect(await ledger.statusListAnchor("vcci-hcm/1")).toBeNull();
    expect(await healStatusLists(deps)).toEqual(["vcci-hcm/1"]);
    expect(await ledger.statusListAnchor("vcci-hcm/1")).toMatchObject({ version: 1, digest: stored.digest });
    expect(findStatusList(serviceDb, "vcci-hcm/1")).toMatchObject({ version: 1, anchored: true });
    // Nothing left to heal: a second start sends nothing.
    const block = await ledger.blockNumber();
    expect(await healStatusLists(deps)).toEqual([]);
    expect(await ledger.blockNumber()).toBe(block);
  });

  it("anchors a version a crash left unanchored on the list's next revocation, keeping its bit", async () => {
    for (const [certificateId, index] of [
      ["CO-A", 11],
      ["CO-B", 22],
    ] as const)
      expect(claimStatusEntry(serviceDb, { certificateId, listId: "vcci-hcm/1", index })).toBe(true);
    const crashing: StatusListDeps = {
      ...deps,
      ledger: {
        statusListAnchor: ledger.statusListAnchor,
        anchorStatusList: () => Promise.reject(new Error("killed")),
      },
    };
    await expect(markRevokedInStatusList(crashing, "CO-A", new Date())).rejects.toThrow("killed");
    const pending = findPendingStatusList(serviceDb, "vcci-hcm/1")!;
    expect(pending.version).toBe(2);
    expect(bitAt(bitsOf("vcci-hcm/1"), 11)).toBe(false);

    expect(await markRevokedInStatusList(deps, "CO-B", new Date())).toBe(true);
    expect(findPendingStatusList(serviceDb, "vcci-hcm/1")).toBeNull();
    const bits = bitsOf("vcci-hcm/1");
    expect([bitAt(bits, 11), bitAt(bits, 22)]).toEqual([true, true]);
    const published = findStatusList(serviceDb, "vcci-hcm/1")!;
    expect(published.version).toBe(3);
    expect(await ledger.statusListAnchor("vcci-hcm/1")).toMatchObject({
      version: 3,
      digest: published.digest,
    });
    // The pending version was anchored first, under its own number, not skipped.
    expect(await ledger.statusListVersionOf("vcci-hcm/1", pending.digest as Hex)).toBe(2);
  });

  it("takes the next version number above what the chain holds after a restore from a backup", async () => {
    await ledger.anchorStatusList({
      listId: "vcci-hcm/2",
      version: 5,
      digest: `0x${"42".repeat(32)}`,
      certifierId: "vcci-hcm",
    });
    expect(claimStatusEntry(serviceDb, { certificateId: "CO-C", listId: "vcci-hcm/2", index: 7 })).toBe(true);
    expect(await markRevokedInStatusList(deps, "CO-C", new Date())).toBe(true);
    const published = findStatusList(serviceDb, "vcci-hcm/2")!;
    expect(published.version).toBe(6);
    expect(await ledger.statusListAnchor("vcci-hcm/2")).toMatchObject({
      version: 6,
      digest: published.digest,
    });
    expect(bitAt(bitsOf("vcci-hcm/2"), 7)).toBe(true);
  });
});
