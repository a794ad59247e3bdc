/**
 * The ledger's status list anchors on the embedded chain: the certifier-signed anchor (its EIP-712 digest the
 * one ethers computes), the operator's, the latest version read back, earlier versions found by digest, the
 * decoded event, and the contract's refusals mapped to AppErrors naming the list.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { TypedDataEncoder } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLedger,
  chainKey,
  type CreatedLedger,
  type Hex,
  type LedgerEvent,
} from "../../../services/chain";
import { CERTIFICATE_TYPES, statusListDigest } from "../../../services/chain/encoding";
import { AppError } from "../../../services/errors";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("status list anchors through the ledger", () => {
  let dataDir: string;
  let ledger: CreatedLedger;
  const mined: LedgerEvent[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "threadproof-status-anchors-"));
    ledger = await createLedger({ dataDir });
    ledger.onMined((events) => {
      mined.push(...events);
    });
    await ledger.registerCertifier("vcci-hcm");
    await ledger.registerCertifier("other-body");
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs the StatusListAnchor typed data as ethers encodes it", () => {
    const domain = {
      name: "threadproof",
      version: "1",
      chainId: 31337,
      verifyingContract: ledger.contractAddress,
    };
    const anchor = {
      listId: chainKey("vcci-hcm/1"),
      version: 7,
      digest: digest("v7"),
      certifierId: chainKey("x"),
    };
    const StatusListAnchor = [...CERTIFICATE_TYPES.StatusListAnchor];
    expect(statusListDigest(TypedDataEncoder.hashDomain(domain) as Hex, anchor)).toBe(
      TypedDataEncoder.hash(domain, { StatusListAnchor }, anchor),
    );
  });

  it("anchors versions signed by the certifier and by the operator, and reads the latest and earlier ones", async () => {
    expect(await ledger.statusListAnchor("vcci-hcm/1")).toBeNull();
    await ledger.anchorStatusList({
      listId: "vcci-hcm/1",
      version: 1,
      digest: digest("v1"),
      certifierId: "vcci-hcm",
    });
    const receipt = await ledger.anchorStatusList({
      listId: "vcci-hcm/1",
      version: 2,
      digest: digest("v2"),
      certifierId: "vcci-hcm",
      asOperator: true,
    });
    expect(await ledger.statusListAnchor("vcci-hcm/1")).toMatchObject({
      listKey: chainKey("vcci-hcm/1"),
      certifierKey: chainKey("vcci-hcm"),
      version: 2,
      digest: digest("v2"),
    });
    expect(await ledger.statusListVersionOf("vcci-hcm/1", digest("v1"))).toBe(1);
    expect(await ledger.statusListVersionOf("vcci-hcm/1", digest("v2"))).toBe(2);
    expect(await ledger.statusListVersionOf("vcci-hcm/1", digest("never"))).toBeNull();
    expect(await ledger.statusListVersionOf("vcci-hcm/2", digest("v1"))).toBeNull();
    const events = mined.filter((event) => event.name === "StatusListAnchored");
    expect(
      events.map((event) => event.name === "StatusListAnchored" && [event.version, event.byOperator]),
    ).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(events[1]).toMatchObject({
      txHash: receipt.txHash,
      listKey: chainKey("vcci-hcm/1"),
      digest: digest("v2"),
    });
  });

  it("refuses a stale version, another certifier's list and an unknown certifier, naming the list", async () => {
    const stale = await rejection(
      ledger.anchorStatusList({
        listId: "vcci-hcm/1",
        version: 2,
        digest: digest("x"),
        certifierId: "vcci-hcm",
      }),
    );
    expect(stale.code).toBe("STATUS_LIST_STALE");
    expect(stale.details).toEqual({ listId: "vcci-hcm/1", version: 2, anchoredVersion: 2 });
    const other = await rejection(
      ledger.anchorStatusList({
        listId: "vcci-hcm/1",
        version: 3,
        digest: digest("x"),
        certifierId: "other-body",
      }),
    );
    expect(other.code).toBe("STATUS_LIST_NOT_ISSUER");
    expect(other.details).toMatchObject({ listId: "vcci-hcm/1", certifierId: "other-body" });
    const unknown = await rejection(
      ledger.anchorStatusList({
        listId: "nobody/1",
        version: 1,
        digest: digest("x"),
        certifierId: "nobody",
        asOperator: true,
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    // Nothing refused reached the chain.
    expect((await ledger.statusListAnchor("vcci-hcm/1"))?.version).toBe(2);
    expect(await ledger.statusListAnchor("nobody/1")).toBeNull();
  });
});
