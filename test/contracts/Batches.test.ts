import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroHash } from "ethers";
import { deployFixture, LOTS, record, stockedFixture } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import {
  chainKey,
  cutOperation,
  fabricLotOperation,
  LotKind,
  OperationKind,
  sewOperation,
  shipOperation,
  signOperation,
  Unit,
} from "./helpers/operations";

describe("Threadproof: batch submission", function () {
  it("records many facilities' operations in one transaction, later ones consuming earlier ones", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, facilities } = deployment;
    const { mill, factory, exporter } = facilities;
    const fabric = fabricLotOperation({
      lotId: chainKey("FL-B1"),
      facilityId: mill.id,
      quantity: 1_000_000n,
    });
    const transfer = shipOperation({
      lotId: chainKey("TRF-B1"),
      facilityId: mill.id,
      recipientId: factory.id,
      inputs: [{ lotId: fabric.lotId, quantity: 1_000_000n, unit: Unit.Metre }],
    });
    const cut = cutOperation({
      lotId: chainKey("CUT-B1"),
      facilityId: factory.id,
      quantity: 2_000_000n,
      inputs: [{ lotId: transfer.lotId, quantity: 1_000_000n, unit: Unit.Metre }],
    });
    const sew = sewOperation({
      lotId: chainKey("SEW-B1"),
      facilityId: factory.id,
      quantity: 1_000_000n,
      garmentsRoot: chainKey("root of SEW-B1"),
      inputs: [{ lotId: cut.lotId, quantity: 2_000_000n, unit: Unit.Piece }],
    });
    const handOver = shipOperation({
      lotId: chainKey("TRF-B2"),
      facilityId: factory.id,
      recipientId: exporter.id,
      inputs: [{ lotId: sew.lotId, quantity: 1_000_000n, unit: Unit.Piece }],
    });
    const exported = shipOperation({
      lotId: chainKey("SHP-B1"),
      facilityId: exporter.id,
      inputs: [{ lotId: handOver.lotId, quantity: 1_000_000n, unit: Unit.Piece }],
    });
    const tx = record(
      deployment,
      [mill, fabric],
      [mill, transfer],
      [factory, cut],
      [factory, sew],
      [factory, handOver],
      [exporter, exported],
    );
    await expect(tx).to.emit(ledger, "LotShipped").withArgs(exported.lotId, exporter.id, ZeroHash);
    for (const operation of [fabric, transfer, cut, sew, handOver]) {
      expect((await ledger.lot(operation.lotId)).remaining, "consumed whole").to.equal(0n);
    }
    expect((await ledger.lot(exported.lotId)).kind).to.equal(LotKind.Shipment);
  });

  it("records nothing when one operation fails, naming the failing index", async function () {
    const deployment = await loadFixture(stockedFixture);
    const { ledger, facilities } = deployment;
    const { factory, mill } = facilities;
    const good = fabricLotOperation({ lotId: chainKey("FL-OK"), facilityId: mill.id, quantity: 1_000n });
    const cut = cutOperation({
      lotId: chainKey("CUT-OK"),
      facilityId: factory.id,
      quantity: 1_000n,
      inputs: [{ lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Metre }],
    });
    const bad = cutOperation({
      lotId: chainKey("CUT-BAD"),
      facilityId: factory.id,
      quantity: 1_000n,
      inputs: [{ lotId: LOTS.fabric, quantity: 899_001n, unit: Unit.Metre }],
    });
    await expectOperationFailure(
      record(deployment, [mill, good], [factory, cut], [factory, bad]),
      ledger,
      2,
      "LotInsufficientQuantity",
      [LOTS.fabric, 899_001n, 899_000n],
    );
    expect((await ledger.lot(good.lotId)).kind).to.equal(LotKind.None);
    expect((await ledger.lot(cut.lotId)).kind).to.equal(LotKind.None);
    expect((await ledger.lot(LOTS.fabric)).remaining).to.equal(900_000n);

    // Without the failing operation, the relayer's retry records the rest.
    const retry = record(deployment, [mill, good], [factory, cut]);
    await expect(retry)
      .to.emit(ledger, "LotRecorded")
      .withArgs(
        good.lotId,
        mill.id,
        OperationKind.RegisterFabricLot,
        LotKind.Fabric,
        Unit.Metre,
        1_000n,
        good.recordDigest,
      );
    await expect(retry).to.emit(ledger, "LotConsumed").withArgs(LOTS.fabric, cut.lotId, 1_000n, 899_000n);
    expect((await ledger.lot(LOTS.fabric)).remaining).to.equal(899_000n);
  });

  it("names the index of a duplicate id inside the same batch", async function () {
    const deployment = await loadFixture(deployFixture);
    const { mill } = deployment.facilities;
    const first = fabricLotOperation({ lotId: chainKey("FL-TWICE"), facilityId: mill.id, quantity: 1n });
    const second = { ...first, quantity: 2n };
    await expectOperationFailure(
      record(deployment, [mill, first], [mill, second]),
      deployment.ledger,
      1,
      "LotAlreadyExists",
      [first.lotId],
    );
  });

  it("checks every operation's signature against its own facility, also after a run of another one's", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, relayer, facilities } = deployment;
    const { mill, factory } = facilities;
    const first = fabricLotOperation({ lotId: chainKey("FL-C1"), facilityId: mill.id, quantity: 1n });
    const second = fabricLotOperation({ lotId: chainKey("FL-C2"), facilityId: mill.id, quantity: 1n });
    const posing = fabricLotOperation({ lotId: chainKey("FL-C3"), facilityId: factory.id, quantity: 1n });
    // The mill's key signs an operation claiming to be the factory's, right after two genuine mill operations.
    const signed = await Promise.all(
      [first, second, posing].map((op) => signOperation(ledger, mill.signer, op)),
    );
    await expectOperationFailure(
      ledger.connect(relayer).submit(signed),
      ledger,
      2,
      "OperationInvalidSignature",
      [factory.id, mill.signer.address],
    );
    // And a stranger's signature in the middle of a run of the mill's own operations.
    const forged = await signOperation(ledger, deployment.stranger, second);
    await expectOperationFailure(
      ledger.connect(relayer).submit([signed[0]!, forged]),
      ledger,
      1,
      "OperationInvalidSignature",
      [mill.id, deployment.stranger.address],
    );
  });

  it("leaves out-of-range enum values to the ABI decoder, which reverts without data", async function () {
    const deployment = await loadFixture(deployFixture);
    const { ledger, relayer, facilities } = deployment;
    const { mill } = facilities;
    // No client that encodes the interface's enums produces this; the relayer must not either.
    const operation = {
      ...fabricLotOperation({ lotId: chainKey("FL-E"), facilityId: mill.id, quantity: 1n }),
      kind: 9,
    };
    const signed = await signOperation(ledger, mill.signer, operation);
    await expect(ledger.connect(relayer).submit([signed])).to.be.revertedWithoutReason();
  });

  it("rejects an empty batch", async function () {
    const { ledger, relayer } = await loadFixture(deployFixture);
    await expect(ledger.connect(relayer).submit([]))
      .to.be.revertedWithCustomError(ledger, "BatchEmpty")
      .withArgs();
  });
});
