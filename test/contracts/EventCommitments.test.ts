import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { ethers } from "hardhat";
import { ZeroHash } from "ethers";
import { deployFixture, LOTS, record, stockedFixture } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import { chainKey, commitEventsOperation, OperationKind, Unit } from "./helpers/operations";

/** Three event-hash digests (sha-256 of a CBV 2.0 pre-hash, here of a label) in a standard tree. */
function eventsTree() {
  const digests = ["inspection", "dyeing", "certification"].map((label) => [
    ethers.sha256(ethers.toUtf8Bytes(label)),
  ]);
  return StandardMerkleTree.of(digests, ["bytes32"]);
}

describe("Threadproof: event commitments", function () {
  it("stores a facility's events root under a new id and emits EventsCommitted", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { mill } = facilities;
    const tree = eventsTree();
    const operation = commitEventsOperation({
      lotId: chainKey("epcis-capture:1"),
      facilityId: mill.id,
      quantity: 3n,
      eventsRoot: tree.root,
    });
    await expect(record(deployment, [mill, operation]))
      .to.emit(ledger, "EventsCommitted")
      .withArgs(operation.lotId, mill.id, tree.root, 3n, operation.recordDigest);
    const [root, facilityId] = await ledger.eventCommitment(operation.lotId);
    expect(root).to.equal(tree.root);
    expect(facilityId).to.equal(mill.id);
    // The commitment moves no lot: nothing was created under its id.
    expect((await ledger.lot(operation.lotId)).kind).to.equal(0n);
  });

  it("answers zeros for an id never committed", async function () {
    const { ledger } = await loadFixture(deployFixture);
    const [root, facilityId] = await ledger.eventCommitment(chainKey("never"));
    expect(root).to.equal(ZeroHash);
    expect(facilityId).to.equal(ZeroHash);
  });

  it("refuses a second commitment under the same id, so a replay cannot move its root", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { mill, factory } = facilities;
    const first = commitEventsOperation({
      lotId: chainKey("epcis-capture:2"),
      facilityId: mill.id,
      quantity: 3n,
      eventsRoot: eventsTree().root,
    });
    await record(deployment, [mill, first]);
    const again = { ...first, garmentsRoot: ethers.sha256(ethers.toUtf8Bytes("other root")) };
    await expectOperationFailure(record(deployment, [mill, again]), ledger, 0, "EventCommitmentExists", [
      first.lotId,
    ]);
    // Another facility cannot take the id over either.
    const byOther = { ...first, facilityId: factory.id };
    await expectOperationFailure(record(deployment, [factory, byOther]), ledger, 0, "EventCommitmentExists", [
      first.lotId,
    ]);
    expect((await ledger.eventCommitment(first.lotId))[1]).to.equal(mill.id);
  });

  it("is signed by the committing facility: another facility's key is refused", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { mill, factory } = facilities;
    const operation = commitEventsOperation({
      lotId: chainKey("epcis-capture:3"),
      facilityId: mill.id,
      quantity: 1n,
      eventsRoot: eventsTree().root,
    });
    await expect(record(deployment, [factory, operation])).to.be.revertedWithCustomError(
      ledger,
      "BatchOperationFailed",
    );
    expect((await ledger.eventCommitment(operation.lotId))[0]).to.equal(ZeroHash);
  });

  const malformed: [string, (operation: ReturnType<typeof commitEventsOperation>) => object][] = [
    ["a zero root", (operation) => ({ ...operation, garmentsRoot: ZeroHash })],
    ["no events", (operation) => ({ ...operation, quantity: 0n })],
    ["a unit", (operation) => ({ ...operation, unit: Unit.Piece })],
    [
      "inputs",
      (operation) => ({ ...operation, inputs: [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }] }),
    ],
    ["a recipient", (operation) => ({ ...operation, recipientId: chainKey("hanoi-export-wh") })],
    ["a GTIN", (operation) => ({ ...operation, gtin: 8938505974019n })],
  ];
  for (const [what, change] of malformed) {
    it(`refuses a commitment with ${what} (OperationMalformed)`, async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      const operation = commitEventsOperation({
        lotId: chainKey(`epcis-capture:${what}`),
        facilityId: factory.id,
        quantity: 3n,
        eventsRoot: eventsTree().root,
      });
      await expectOperationFailure(
        record(deployment, [factory, change(operation) as typeof operation]),
        ledger,
        0,
        "OperationMalformed",
        [operation.lotId, OperationKind.CommitEvents],
      );
    });
  }

  it("each event of a commitment is provable alone against the stored root", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { mill } = facilities;
    const tree = eventsTree();
    const operation = commitEventsOperation({
      lotId: chainKey("epcis-capture:4"),
      facilityId: mill.id,
      quantity: 3n,
      eventsRoot: tree.root,
    });
    await record(deployment, [mill, operation]);
    const [root] = await ledger.eventCommitment(operation.lotId);
    for (const [index, value] of tree.entries()) {
      expect(StandardMerkleTree.verify(root, ["bytes32"], value, tree.getProof(index))).to.equal(true);
    }
    const forged = [ethers.sha256(ethers.toUtf8Bytes("forged"))];
    expect(StandardMerkleTree.verify(root, ["bytes32"], forged, tree.getProof(0))).to.equal(false);
  });
});
