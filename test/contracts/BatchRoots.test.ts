import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { AbiCoder, keccak256, ZeroHash } from "ethers";
import { deployFixture, record, stockedFixture } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import {
  chainKey,
  commitEventsOperation,
  cutOperation,
  fabricLotOperation,
  sewOperation,
  Unit,
  type Operation,
} from "./helpers/operations";

/** The batch root as IThreadproof documents it, computed off chain. */
function expectedRoot(operations: Operation[]): string {
  const coder = AbiCoder.defaultAbiCoder();
  return operations.reduce(
    (root, operation) =>
      keccak256(
        coder.encode(
          ["bytes32", "bytes32", "uint8", "bytes32", "uint64"],
          [root, operation.lotId, operation.kind, operation.recordDigest, operation.gtin],
        ),
      ),
    ZeroHash,
  );
}

describe("Threadproof: batch roots", function () {
  it("stores one root per batch over its operations' records, and each lot's batch number", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { factory, mill } = facilities;
    const fabric = fabricLotOperation({ lotId: chainKey("FL-R1"), facilityId: factory.id, quantity: 5_000n });
    const cut = cutOperation({
      lotId: chainKey("CUT-R1"),
      facilityId: factory.id,
      quantity: 10_000n,
      inputs: [{ lotId: fabric.lotId, quantity: 5_000n, unit: Unit.Metre }],
    });
    const sew = sewOperation({
      lotId: chainKey("SEW-R1"),
      facilityId: factory.id,
      quantity: 10_000n,
      garmentsRoot: chainKey("garments of SEW-R1"),
      inputs: [{ lotId: cut.lotId, quantity: 10_000n, unit: Unit.Piece }],
    });
    const events = commitEventsOperation({
      lotId: chainKey("epcis-capture:R1"),
      facilityId: mill.id,
      quantity: 2n,
      eventsRoot: chainKey("events of R1"),
    });
    const first = [fabric, cut, sew, events];
    await expect(record(deployment, [factory, fabric], [factory, cut], [factory, sew], [mill, events]))
      .to.emit(ledger, "BatchRecorded")
      .withArgs(1n, expectedRoot(first));
    expect(await ledger.batchRoot(1n)).to.equal(expectedRoot(first));
    for (const operation of [fabric, cut, sew]) expect(await ledger.lotBatch(operation.lotId)).to.equal(1n);

    const second = fabricLotOperation({ lotId: chainKey("FL-R2"), facilityId: mill.id, quantity: 1_000n });
    await expect(record(deployment, [mill, second]))
      .to.emit(ledger, "BatchRecorded")
      .withArgs(2n, expectedRoot([second]));
    expect(await ledger.lotBatch(second.lotId)).to.equal(2n);
    // Consuming a lot rewrites its word, and keeps its batch number.
    expect(await ledger.lotBatch(fabric.lotId)).to.equal(1n);
  });

  it("answers zero for a lot never created and a batch never submitted", async function () {
    const { ledger } = await loadFixture(stockedFixture);
    expect(await ledger.lotBatch(chainKey("FL-NEVER"))).to.equal(0n);
    expect(await ledger.batchRoot(0n)).to.equal(ZeroHash);
    expect(await ledger.batchRoot(2n)).to.equal(ZeroHash);
  });

  it("numbers no batch that failed: the next one takes its number", async function () {
    const deployment = await loadFixture(stockedFixture);
    const { ledger, facilities } = deployment;
    const { mill } = facilities;
    const good = fabricLotOperation({ lotId: chainKey("FL-OK2"), facilityId: mill.id, quantity: 1_000n });
    const twice = fabricLotOperation({ lotId: chainKey("FL-OK2"), facilityId: mill.id, quantity: 1_000n });
    await expectOperationFailure(
      record(deployment, [mill, good], [mill, twice]),
      ledger,
      1,
      "LotAlreadyExists",
      [good.lotId],
    );
    expect(await ledger.batchRoot(2n)).to.equal(ZeroHash);
    await expect(record(deployment, [mill, good]))
      .to.emit(ledger, "BatchRecorded")
      .withArgs(2n, expectedRoot([good]));
    expect(await ledger.lotBatch(good.lotId)).to.equal(2n);
  });
});
