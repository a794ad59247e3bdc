import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { TypedDataEncoder } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLedger,
  chainKey,
  type CreatedLedger,
  type Hex,
  type LedgerEvent,
} from "../../../services/chain";
import {
  domainSeparator,
  OPERATION_TYPES,
  operationDigest,
  toContractOperation,
  ZERO_HASH,
} from "../../../services/chain/encoding";
import { AppError } from "../../../services/errors";
import { openChainStore } from "../../../services/chain/chain-store";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;
const root = `0x${"ab".repeat(32)}` as Hex;

async function expectCode(promise: Promise<unknown>, code: string, details?: object): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (details !== undefined) expect((error as AppError).details).toMatchObject(details);
  return error as AppError;
}

describe("embedded ledger", () => {
  let dataDir: string;
  let ledger: CreatedLedger;
  const mined: LedgerEvent[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "threadproof-ledger-"));
    ledger = await createLedger({ dataDir });
    ledger.onMined((events) => {
      mined.push(...events);
    });
    await ledger.registerFacility({
      facilityId: "mill",
      country: "VN",
      roles: ["fabric", "shipping"],
      metadataDigest: digest("mill"),
    });
    await ledger.registerFacility({
      facilityId: "cutter",
      country: "VN",
      roles: ["fabric", "cutting", "shipping"],
      metadataDigest: digest("cutter"),
    });
    await ledger.registerFacility({
      facilityId: "sewer",
      country: "VN",
      roles: ["sewing", "shipping"],
      metadataDigest: digest("sewer"),
    });
    await ledger.setGtinPrefixes("sewer", ["8938505"]);
    await ledger.registerCertifier("vcci-hcm");
    await ledger.registerCertifier("other-body");
  });

  afterAll(async () => {
    await ledger?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs exactly the typed data the contract and ethers hash", async () => {
    const operation = toContractOperation({
      kind: "cutting",
      lotId: "CUT-X",
      facilityId: "cutter",
      inputs: [{ lotId: "FL-X", quantity: { amount: 12.5, unit: "m" } }],
      quantity: { amount: 40, unit: "pcs" },
      recordDigest: digest("cut"),
    });
    const ours = operationDigest(domainSeparator(ledger.chainId, ledger.contractAddress), operation);
    const ethersDigest = TypedDataEncoder.hash(
      {
        name: "threadproof",
        version: "1",
        chainId: ledger.chainId,
        verifyingContract: ledger.contractAddress,
      },
      { Operation: [...OPERATION_TYPES.Operation], LotInput: [...OPERATION_TYPES.LotInput] },
      operation,
    );
    expect(ours).toBe(ethersDigest);
    // The contract recomputes the digest and recovers the facility from the signature: an accepted
    // operation shows it hashes the same typed data.
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-X",
      facilityId: "cutter",
      quantity: { amount: 12.5, unit: "m" },
      recordDigest: digest("FL-X"),
    });
    expect(await ledger.getLot("FL-X")).toMatchObject({ quantity: 12.5 });
  });

  it("records a garment's life and reads it back, with events for the read model", async () => {
    const firstEvent = mined.length;
    const fabric = await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-1",
      facilityId: "cutter",
      quantity: { amount: 1200.5, unit: "m" },
      recordDigest: digest("FL-1"),
    });
    expect(fabric.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    await ledger.record({
      kind: "cutting",
      lotId: "CUT-1",
      facilityId: "cutter",
      inputs: [{ lotId: "FL-1", quantity: { amount: 300.25, unit: "m" } }],
      quantity: { amount: 2400, unit: "pcs" },
      recordDigest: digest("CUT-1"),
    });
    await ledger.record({
      kind: "shipment",
      lotId: "TR-1",
      facilityId: "cutter",
      inputs: [{ lotId: "CUT-1", quantity: { amount: 2400, unit: "pcs" } }],
      recipientFacilityId: "sewer",
      recordDigest: digest("TR-1"),
    });
    await ledger.record({
      kind: "sewing",
      lotId: "SEW-1",
      facilityId: "sewer",
      inputs: [{ lotId: "TR-1", quantity: { amount: 2400, unit: "pcs" } }],
      quantity: { amount: 1200, unit: "pcs" },
      garmentsRoot: root,
      gtin: "08938505974019",
      recordDigest: digest("SEW-1"),
    });
    await ledger.record({
      kind: "shipment",
      lotId: "SHP-1",
      facilityId: "sewer",
      inputs: [{ lotId: "SEW-1", quantity: { amount: 1000, unit: "pcs" } }],
      recordDigest: digest("SHP-1"),
    });

    expect(await ledger.getLot("FL-1")).toMatchObject({
      kind: "fabric",
      unit: "m",
      quantity: 1200.5,
      remaining: 900.25,
      facilityKey: chainKey("cutter"),
    });
    expect(await ledger.getLot("TR-1")).toMatchObject({
      kind: "cut-bundles",
      quantity: 2400,
      remaining: 0,
      facilityKey: chainKey("sewer"),
    });
    expect(await ledger.getLot("SEW-1")).toMatchObject({
      kind: "garment-batch",
      quantity: 1200,
      remaining: 200,
    });
    expect(await ledger.getLot("SHP-1")).toMatchObject({ kind: "shipment", quantity: 1000 });
    expect(await ledger.getLot("nope")).toBeNull();
    expect(await ledger.garmentsRoot("SEW-1")).toBe(root);

    const recorded = mined
      .slice(firstEvent)
      .filter((e) => e.name === "LotRecorded")
      .map((e) => e.name === "LotRecorded" && e.lotKey);
    expect(recorded).toEqual(["FL-1", "CUT-1", "TR-1", "SEW-1", "SHP-1"].map(chainKey));
    const consumed = mined.find((e) => e.name === "LotConsumed" && e.lotKey === chainKey("FL-1"));
    expect(consumed).toMatchObject({ quantity: 300.25, remaining: 900.25, intoLotKey: chainKey("CUT-1") });
    expect(await ledger.readEvents(0)).toEqual(mined);
  });

  it("maps the contract's refusals to service errors naming the lot and amounts", async () => {
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-2",
      facilityId: "cutter",
      quantity: { amount: 100, unit: "m" },
      recordDigest: digest("FL-2"),
    });
    await expectCode(
      ledger.record({
        kind: "cutting",
        lotId: "CUT-2",
        facilityId: "cutter",
        inputs: [{ lotId: "FL-2", quantity: { amount: 150, unit: "m" } }],
        quantity: { amount: 10, unit: "pcs" },
        recordDigest: digest("CUT-2"),
      }),
      "INSUFFICIENT_QUANTITY",
      { lotId: "FL-2", requested: 150, available: 100, unit: "m" },
    );
    await expectCode(
      ledger.record({
        kind: "fabric-lot",
        lotId: "FL-2",
        facilityId: "cutter",
        quantity: { amount: 1, unit: "m" },
        recordDigest: digest("again"),
      }),
      "DUPLICATE_ID",
      { id: "FL-2" },
    );
    await expectCode(
      ledger.record({
        kind: "cutting",
        lotId: "CUT-3",
        facilityId: "cutter",
        inputs: [{ lotId: "ghost", quantity: { amount: 1, unit: "m" } }],
        quantity: { amount: 1, unit: "pcs" },
        recordDigest: digest("CUT-3"),
      }),
      "NOT_FOUND",
      { id: "ghost" },
    );
    await expectCode(
      ledger.record({
        kind: "cutting",
        lotId: "CUT-4",
        facilityId: "sewer",
        inputs: [{ lotId: "FL-2", quantity: { amount: 1, unit: "m" } }],
        quantity: { amount: 1, unit: "pcs" },
        recordDigest: digest("CUT-4"),
      }),
      "FACILITY_ROLE_MISSING",
    );
    await expectCode(
      ledger.record({
        kind: "fabric-lot",
        lotId: "FL-3",
        facilityId: "stranger",
        quantity: { amount: 1, unit: "m" },
        recordDigest: digest("FL-3"),
      }),
      "FORBIDDEN",
    );
    await expectCode(
      ledger.registerFacility({
        facilityId: "mill",
        country: "VN",
        roles: ["fabric"],
        metadataDigest: digest("x"),
      }),
      "DUPLICATE_ID",
      { id: "mill" },
    );
    // Nothing of the refused operations was recorded.
    expect(await ledger.getLot("FL-2")).toMatchObject({ remaining: 100 });
    expect(await ledger.getLot("CUT-2")).toBeNull();
  });

  it("batches concurrent operations and rejects only the failing one", async () => {
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-B",
      facilityId: "cutter",
      quantity: { amount: 50, unit: "m" },
      recordDigest: digest("FL-B"),
    });
    const operations = Array.from({ length: 60 }, (_, i) =>
      ledger.record({
        kind: "cutting",
        lotId: `CUT-B${i}`,
        facilityId: "cutter",
        inputs: [{ lotId: "FL-B", quantity: { amount: 1, unit: "m" } }],
        quantity: { amount: 5, unit: "pcs" },
        recordDigest: digest(`B${i}`),
      }),
    );
    const results = await Promise.allSettled(operations);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r) => r.status === "rejected");
    // 50 m of fabric feed exactly 50 cuttings of 1 m; the other ten are refused for lack of fabric.
    expect(ok).toHaveLength(50);
    expect(failed).toHaveLength(10);
    for (const f of failed) expect((f as PromiseRejectedResult).reason.code).toBe("INSUFFICIENT_QUANTITY");
    const txs = new Set(ok.map((r) => (r as PromiseFulfilledResult<{ txHash: string }>).value.txHash));
    expect(txs.size).toBeLessThan(10); // batched, not one transaction each
    expect(await ledger.getLot("FL-B")).toMatchObject({ remaining: 0 });
  });

  it("anchors and revokes certificates, signed by the issuing certifier's own key", async () => {
    await ledger.anchorCertificate({
      certificateId: "CERT-1",
      subjectLotId: "SEW-1",
      fta: "EVFTA",
      digest: digest("cert"),
      certifierId: "vcci-hcm",
    });
    const issuer = await ledger.getCertifier("vcci-hcm");
    expect(issuer).not.toBeNull();
    expect(await ledger.getCertificate("CERT-1")).toMatchObject({
      fta: "EVFTA",
      digest: digest("cert"),
      revokedAt: null,
      subjectLotKey: chainKey("SEW-1"),
      // The chain names the certifier's own account, not the relayer's.
      certifier: issuer!.account,
      certifierKey: chainKey("vcci-hcm"),
    });
    expect(mined.at(-1)).toMatchObject({
      name: "CertificateAnchored",
      certifier: issuer!.account,
      certifierKey: chainKey("vcci-hcm"),
    });
    // Another certifier may not revoke it.
    await expectCode(
      ledger.revokeCertificate({
        certificateId: "CERT-1",
        reasonDigest: digest("no"),
        certifierId: "other-body",
      }),
      "FORBIDDEN",
    );
    await ledger.revokeCertificate({
      certificateId: "CERT-1",
      reasonDigest: digest("reason"),
      certifierId: "vcci-hcm",
    });
    expect((await ledger.getCertificate("CERT-1"))?.revokedAt).toBeInstanceOf(Date);
    expect(mined.at(-1)).toMatchObject({
      name: "CertificateRevoked",
      revokedBy: issuer!.account,
      byOperator: false,
    });
    await expectCode(
      ledger.revokeCertificate({
        certificateId: "CERT-1",
        reasonDigest: digest("again"),
        certifierId: "vcci-hcm",
      }),
      "CERTIFICATE_REVOKED",
    );
    await expectCode(
      ledger.anchorCertificate({
        certificateId: "CERT-2",
        subjectLotId: "FL-1",
        fta: "EVFTA",
        digest: digest("c2"),
        certifierId: "vcci-hcm",
      }),
      "INVALID_CERTIFICATE_SUBJECT",
    );
    // Only registered certifiers anchor.
    await expectCode(
      ledger.anchorCertificate({
        certificateId: "CERT-3",
        subjectLotId: "SEW-1",
        fta: "EVFTA",
        digest: digest("c3"),
        certifierId: "nobody",
      }),
      "NOT_FOUND",
    );
  });

  it("lets the operator revoke any certificate, with a reason only", async () => {
    await ledger.anchorCertificate({
      certificateId: "CERT-OP",
      subjectLotId: "SEW-1",
      fta: "EVFTA",
      digest: digest("cert-op"),
      certifierId: "other-body",
    });
    await expectCode(
      ledger.revokeCertificate({ certificateId: "CERT-OP", reasonDigest: ZERO_HASH, asOperator: true }),
      "VALIDATION_FAILED",
    );
    await ledger.revokeCertificate({
      certificateId: "CERT-OP",
      reasonDigest: digest("key leak"),
      asOperator: true,
    });
    expect((await ledger.getCertificate("CERT-OP"))?.revokedAt).toBeInstanceOf(Date);
    expect(mined.at(-1)).toMatchObject({ name: "CertificateRevoked", byOperator: true });
  });

  it("rotates a certifier's key without invalidating what the old key anchored", async () => {
    await ledger.registerCertifier("rotating-body");
    await ledger.anchorCertificate({
      certificateId: "CERT-R1",
      subjectLotId: "SEW-1",
      fta: "EVFTA",
      digest: digest("r1"),
      certifierId: "rotating-body",
    });
    const before = (await ledger.getCertifier("rotating-body"))!.account;
    const byOperator = await ledger.rotateCertifierAccount({ certifierId: "rotating-body", by: "operator" });
    expect(byOperator.previousAccount).toBe(before);
    expect((await ledger.getCertifier("rotating-body"))!.account).toBe(byOperator.account);
    const bySelf = await ledger.rotateCertifierAccount({ certifierId: "rotating-body", by: "certifier" });
    expect(bySelf.previousAccount).toBe(byOperator.account);
    expect(mined.at(-1)).toMatchObject({
      name: "CertifierAccountRotated",
      previousAccount: byOperator.account,
      account: bySelf.account,
    });
    // The certificate signed with the first key stays anchored, valid and the certifier's own.
    expect(await ledger.getCertificate("CERT-R1")).toMatchObject({
      certifier: before,
      certifierKey: chainKey("rotating-body"),
      revokedAt: null,
    });
    // The newest key anchors and revokes, the old one included.
    await ledger.anchorCertificate({
      certificateId: "CERT-R2",
      subjectLotId: "SEW-1",
      fta: "EVFTA",
      digest: digest("r2"),
      certifierId: "rotating-body",
    });
    expect((await ledger.getCertificate("CERT-R2"))?.certifier).toBe(bySelf.account);
    await ledger.revokeCertificate({
      certificateId: "CERT-R1",
      reasonDigest: digest("r1 withdrawn"),
      certifierId: "rotating-body",
    });
    expect((await ledger.getCertificate("CERT-R1"))?.revokedAt).toBeInstanceOf(Date);
  });

  it("sets GS1 company prefixes and refuses a sewing under a GTIN outside them", async () => {
    expect(await ledger.getGtinPrefixes("sewer")).toEqual(["8938505"]);
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-G",
      facilityId: "cutter",
      quantity: { amount: 10, unit: "m" },
      recordDigest: digest("FL-G"),
    });
    await ledger.record({
      kind: "cutting",
      lotId: "CUT-G",
      facilityId: "cutter",
      inputs: [{ lotId: "FL-G", quantity: { amount: 10, unit: "m" } }],
      quantity: { amount: 10, unit: "pcs" },
      recordDigest: digest("CUT-G"),
    });
    await ledger.record({
      kind: "shipment",
      lotId: "TR-G",
      facilityId: "cutter",
      inputs: [{ lotId: "CUT-G", quantity: { amount: 10, unit: "pcs" } }],
      recipientFacilityId: "sewer",
      recordDigest: digest("TR-G"),
    });
    const sewing = (gtin: string, lotId: string) =>
      ledger.record({
        kind: "sewing",
        lotId,
        facilityId: "sewer",
        inputs: [{ lotId: "TR-G", quantity: { amount: 1, unit: "pcs" } }],
        quantity: { amount: 1, unit: "pcs" },
        garmentsRoot: root,
        gtin,
        recordDigest: digest(lotId),
      });
    await expectCode(sewing("4006381333931", "SEW-G1"), "GTIN_NOT_AUTHORIZED");
    await ledger.setGtinPrefixes("sewer", ["8938505", "4006381"]);
    expect(await ledger.getGtinPrefixes("sewer")).toEqual(["8938505", "4006381"]);
    await expect(sewing("4006381333931", "SEW-G2")).resolves.toMatchObject({ txHash: expect.any(String) });
    expect(mined.at(-1)).toMatchObject({ name: "GarmentsCommitted", gtin: "04006381333931" });
    await expectCode(ledger.setGtinPrefixes("sewer", ["893"]), "VALIDATION_FAILED");
  });

  it("suspends a facility so that it records nothing until reinstated", async () => {
    await ledger.setFacilitySuspended("mill", true);
    await expectCode(
      ledger.record({
        kind: "fabric-lot",
        lotId: "FL-S",
        facilityId: "mill",
        quantity: { amount: 1, unit: "kg" },
        recordDigest: digest("FL-S"),
      }),
      "FACILITY_SUSPENDED",
    );
    await ledger.setFacilitySuspended("mill", false);
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-S",
      facilityId: "mill",
      quantity: { amount: 1, unit: "kg" },
      recordDigest: digest("FL-S"),
    });
    expect((await ledger.getFacility("mill"))?.suspended).toBe(false);
  });

  it("restores the same chain from the journal after a restart", async () => {
    const before = await ledger.readEvents(0);
    const lotBefore = await ledger.getLot("SEW-1");
    const address = ledger.contractAddress;
    await ledger.close();
    ledger = await createLedger({ dataDir });
    expect(ledger.restoredTransactions).toBeGreaterThan(10);
    expect(ledger.contractAddress).toBe(address);
    expect(await ledger.readEvents(0)).toEqual(before);
    expect(await ledger.getLot("SEW-1")).toEqual(lotBefore);
    // The restored chain keeps working where it left off.
    await ledger.record({
      kind: "fabric-lot",
      lotId: `FL-${randomBytes(4).toString("hex")}`,
      facilityId: "cutter",
      quantity: { amount: 3, unit: "kg" },
      recordDigest: digest("after"),
    });
  });

  it("refuses a data dir whose chain was deployed with another version of the contract", async () => {
    await ledger.close();
    // As a data dir from before this contract version: its journal replays the old code.
    const store = openChainStore(join(dataDir, "chain"));
    const ours = store.getSetting("contract-code:31337");
    store.setSetting("contract-code:31337", `0x${"00".repeat(32)}`);
    store.close();
    await expect(createLedger({ dataDir })).rejects.toThrow(/another version of the Threadproof contract/);
    const restore = openChainStore(join(dataDir, "chain"));
    restore.setSetting("contract-code:31337", ours!);
    restore.close();
    ledger = await createLedger({ dataDir });
    expect(await ledger.getCertifier("vcci-hcm")).not.toBeNull();
  });
});
