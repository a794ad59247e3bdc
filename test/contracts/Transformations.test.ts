import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
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
  signOperation,
  Unit,
} from "./helpers/operations";
import type { Operation } from "./helpers/operations";

describe("Threadproof: fabric lots, cutting and sewing", function () {
  describe("RegisterFabricLot", function () {
    it("lets a fabric facility record a lot in metres or kilograms", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, facilities } = deployment;
      const { mill } = facilities;
      for (const [name, unit] of [
        ["FL-M", Unit.Metre],
        ["FL-KG", Unit.Kilogram],
      ] as const) {
        const operation = fabricLotOperation({
          lotId: chainKey(name),
          facilityId: mill.id,
          quantity: 1_200_500n,
          unit,
        });
        await expect(record(deployment, [mill, operation]))
          .to.emit(ledger, "LotRecorded")
          .withArgs(
            operation.lotId,
            mill.id,
            OperationKind.RegisterFabricLot,
            LotKind.Fabric,
            unit,
            1_200_500n,
            operation.recordDigest,
          );
        const lot = await ledger.lot(operation.lotId);
        expect(lot.kind).to.equal(LotKind.Fabric);
        expect(lot.unit).to.equal(unit);
        expect(lot.facilityId).to.equal(mill.id);
        expect(lot.createdAt).to.equal(await time.latest());
        expect(lot.quantity).to.equal(1_200_500n);
        expect(lot.remaining).to.equal(1_200_500n);
      }
    });

    it("does not let a facility without the fabric role record a fabric lot", async function () {
      const deployment = await loadFixture(deployFixture);
      const { sewer } = deployment.facilities;
      const operation = fabricLotOperation({ lotId: chainKey("FL-X"), facilityId: sewer.id, quantity: 1n });
      await expectOperationFailure(
        record(deployment, [sewer, operation]),
        deployment.ledger,
        0,
        "FacilityMissingRole",
        [sewer.id, 1],
      );
    });

    it("rejects a fabric lot in pieces", async function () {
      const deployment = await loadFixture(deployFixture);
      const { mill } = deployment.facilities;
      const operation = fabricLotOperation({
        lotId: chainKey("FL-P"),
        facilityId: mill.id,
        quantity: 5n,
        unit: Unit.Piece,
      });
      await expectOperationFailure(
        record(deployment, [mill, operation]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [operation.lotId, Unit.Metre, Unit.Piece],
      );
    });

    it("rejects a zero quantity", async function () {
      const deployment = await loadFixture(deployFixture);
      const { mill } = deployment.facilities;
      const operation = fabricLotOperation({ lotId: chainKey("FL-0"), facilityId: mill.id, quantity: 0n });
      await expectOperationFailure(
        record(deployment, [mill, operation]),
        deployment.ledger,
        0,
        "LotZeroQuantity",
        [operation.lotId],
      );
    });

    it("rejects a fabric lot with inputs, a garments root or a recipient", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, exporter } = deployment.facilities;
      const plain = fabricLotOperation({ lotId: chainKey("FL-B"), facilityId: factory.id, quantity: 1_000n });
      const malformed: Operation[] = [
        { ...plain, inputs: [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }] },
        { ...plain, garmentsRoot: chainKey("root") },
        { ...plain, recipientId: exporter.id },
      ];
      for (const operation of malformed) {
        await expectOperationFailure(
          record(deployment, [factory, operation]),
          deployment.ledger,
          0,
          "OperationMalformed",
          [operation.lotId, OperationKind.RegisterFabricLot],
        );
      }
    });

    it("rejects a duplicate lot id, so a replayed operation records nothing", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, relayer, facilities } = deployment;
      const { mill, factory } = facilities;
      const operation = fabricLotOperation({
        lotId: chainKey("FL-D"),
        facilityId: mill.id,
        quantity: 1_000n,
      });
      const signed = await signOperation(ledger, mill.signer, operation);
      await ledger.connect(relayer).submit([signed]);
      // The relayer replays the very same signed operation.
      await expectOperationFailure(ledger.connect(relayer).submit([signed]), ledger, 0, "LotAlreadyExists", [
        operation.lotId,
      ]);
      // Another facility cannot take the id either.
      const clash = fabricLotOperation({ lotId: operation.lotId, facilityId: factory.id, quantity: 7n });
      await expectOperationFailure(record(deployment, [factory, clash]), ledger, 0, "LotAlreadyExists", [
        operation.lotId,
      ]);
      expect((await ledger.lot(operation.lotId)).quantity).to.equal(1_000n);
    });

    it("reads an unknown lot as kind None", async function () {
      const { ledger } = await loadFixture(deployFixture);
      const lot = await ledger.lot(chainKey("nothing"));
      expect(lot.kind).to.equal(LotKind.None);
      expect(lot.facilityId).to.equal(ZeroHash);
    });
  });

  describe("Cut", function () {
    const cutOf = (facilityId: string, inputs: Operation["inputs"], lotId = chainKey("CUT-N")) =>
      cutOperation({ lotId, facilityId, quantity: 800_000n, inputs });

    it("consumes fabric the facility holds into cut bundles", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      const operation = cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 100_250n, unit: Unit.Metre }]);
      const tx = record(deployment, [factory, operation]);
      await expect(tx)
        .to.emit(ledger, "LotRecorded")
        .withArgs(
          operation.lotId,
          factory.id,
          OperationKind.Cut,
          LotKind.CutBundles,
          Unit.Piece,
          800_000n,
          operation.recordDigest,
        );
      await expect(tx)
        .to.emit(ledger, "LotConsumed")
        .withArgs(LOTS.fabric, operation.lotId, 100_250n, 1_200_000n - 300_000n - 100_250n);
      expect((await ledger.lot(LOTS.fabric)).remaining).to.equal(799_750n);
      // The new lot is announced before what it consumed, so an indexer meets the lot first; the batch's root
      // comes last.
      const receipt = await (await tx).wait();
      expect(receipt!.logs.map((log) => ledger.interface.parseLog(log)?.name)).to.deep.equal([
        "LotRecorded",
        "LotConsumed",
        "BatchRecorded",
      ]);
      const bundles = await ledger.lot(operation.lotId);
      expect(bundles.kind).to.equal(LotKind.CutBundles);
      expect(bundles.remaining).to.equal(800_000n);
    });

    it("consumes several fabric lots in their own units, down to exactly zero", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      const rib = fabricLotOperation({
        lotId: chainKey("FL-RIB"),
        facilityId: factory.id,
        quantity: 40_000n,
        unit: Unit.Kilogram,
      });
      await record(deployment, [factory, rib]);
      const operation = cutOf(factory.id, [
        { lotId: LOTS.fabric, quantity: 900_000n, unit: Unit.Metre },
        { lotId: rib.lotId, quantity: 40_000n, unit: Unit.Kilogram },
      ]);
      const tx = record(deployment, [factory, operation]);
      await expect(tx).to.emit(ledger, "LotConsumed").withArgs(LOTS.fabric, operation.lotId, 900_000n, 0n);
      await expect(tx).to.emit(ledger, "LotConsumed").withArgs(rib.lotId, operation.lotId, 40_000n, 0n);
      expect((await ledger.lot(LOTS.fabric)).remaining).to.equal(0n);
    });

    it("does not let a facility without the cutting role cut", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { mill } = deployment.facilities;
      const operation = cutOf(mill.id, [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [mill, operation]),
        deployment.ledger,
        0,
        "FacilityMissingRole",
        [mill.id, 2],
      );
    });

    it("rejects consuming more than remains", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 900_001n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotInsufficientQuantity",
        [LOTS.fabric, 900_001n, 900_000n],
      );
    });

    it("rejects consuming more than remains across two inputs of the same lot", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = cutOf(factory.id, [
        { lotId: LOTS.fabric, quantity: 600_000n, unit: Unit.Metre },
        { lotId: LOTS.fabric, quantity: 300_001n, unit: Unit.Metre },
      ]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotInsufficientQuantity",
        [LOTS.fabric, 300_001n, 300_000n],
      );
    });

    it("rejects consuming another facility's lot", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, mill } = deployment.facilities;
      const millFabric = fabricLotOperation({
        lotId: chainKey("FL-MILL"),
        facilityId: mill.id,
        quantity: 5_000n,
      });
      await record(deployment, [mill, millFabric]);
      const operation = cutOf(factory.id, [{ lotId: millFabric.lotId, quantity: 1_000n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotNotHeld",
        [millFabric.lotId, mill.id, factory.id],
      );
    });

    it("rejects cutting something that is not fabric", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = cutOf(factory.id, [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotWrongKind",
        [LOTS.garments, LotKind.Fabric, LotKind.GarmentBatch],
      );
    });

    it("rejects an input quantity in another unit than its lot's", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Kilogram }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [LOTS.fabric, Unit.Metre, Unit.Kilogram],
      );
    });

    it("rejects cut bundles counted in anything but pieces", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = {
        ...cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Metre }]),
        unit: Unit.Metre,
      };
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [operation.lotId, Unit.Piece, Unit.Metre],
      );
    });

    it("rejects an unknown input lot", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const ghost = chainKey("FL-GHOST");
      const operation = cutOf(factory.id, [{ lotId: ghost, quantity: 1_000n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotUnknown",
        [ghost],
      );
    });

    it("rejects a zero input quantity and a zero output quantity", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const zeroInput = cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 0n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [factory, zeroInput]),
        deployment.ledger,
        0,
        "LotZeroQuantity",
        [LOTS.fabric],
      );
      const zeroOutput = {
        ...cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }]),
        quantity: 0n,
      };
      await expectOperationFailure(
        record(deployment, [factory, zeroOutput]),
        deployment.ledger,
        0,
        "LotZeroQuantity",
        [zeroOutput.lotId],
      );
    });

    it("rejects a cutting without inputs, with a garments root, or consuming the lot it creates", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const lotId = chainKey("CUT-M");
      const malformed: Operation[] = [
        cutOf(factory.id, [], lotId),
        {
          ...cutOf(factory.id, [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }], lotId),
          garmentsRoot: lotId,
        },
        cutOf(factory.id, [{ lotId, quantity: 1n, unit: Unit.Piece }], lotId),
      ];
      for (const operation of malformed) {
        await expectOperationFailure(
          record(deployment, [factory, operation]),
          deployment.ledger,
          0,
          "OperationMalformed",
          [lotId, OperationKind.Cut],
        );
      }
    });
  });

  describe("Sew", function () {
    async function withBundles() {
      const deployment = await stockedFixture();
      const { factory } = deployment.facilities;
      const bundles = cutOperation({
        lotId: chainKey("CUT-S"),
        facilityId: factory.id,
        quantity: 1_000_000n,
        inputs: [{ lotId: LOTS.fabric, quantity: 150_000n, unit: Unit.Metre }],
      });
      await record(deployment, [factory, bundles]);
      return { ...deployment, bundles: bundles.lotId };
    }
    const sewOf = (
      facilityId: string,
      inputs: Operation["inputs"],
      garmentsRoot = chainKey("root of SEW-N"),
    ) => sewOperation({ lotId: chainKey("SEW-N"), facilityId, quantity: 500_000n, garmentsRoot, inputs });

    it("consumes cut bundles into a garment batch committed to its garments", async function () {
      const deployment = await loadFixture(withBundles);
      const { ledger, facilities, bundles } = deployment;
      const { factory } = facilities;
      const operation = sewOf(factory.id, [{ lotId: bundles, quantity: 1_000_000n, unit: Unit.Piece }]);
      const tx = record(deployment, [factory, operation]);
      await expect(tx)
        .to.emit(ledger, "LotRecorded")
        .withArgs(
          operation.lotId,
          factory.id,
          OperationKind.Sew,
          LotKind.GarmentBatch,
          Unit.Piece,
          500_000n,
          operation.recordDigest,
        );
      await expect(tx).to.emit(ledger, "LotConsumed").withArgs(bundles, operation.lotId, 1_000_000n, 0n);
      await expect(tx)
        .to.emit(ledger, "GarmentsCommitted")
        .withArgs(operation.lotId, operation.garmentsRoot, operation.gtin);
      expect(await ledger.garmentsRoot(operation.lotId)).to.equal(operation.garmentsRoot);
      expect((await ledger.lot(operation.lotId)).kind).to.equal(LotKind.GarmentBatch);
    });

    it("does not let a facility without the sewing role sew", async function () {
      const deployment = await loadFixture(withBundles);
      const { mill } = deployment.facilities;
      const operation = sewOf(mill.id, [{ lotId: deployment.bundles, quantity: 1n, unit: Unit.Piece }]);
      await expectOperationFailure(
        record(deployment, [mill, operation]),
        deployment.ledger,
        0,
        "FacilityMissingRole",
        [mill.id, 4],
      );
    });

    it("rejects sewing fabric directly", async function () {
      const deployment = await loadFixture(withBundles);
      const { factory } = deployment.facilities;
      const operation = sewOf(factory.id, [{ lotId: LOTS.fabric, quantity: 1n, unit: Unit.Metre }]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotWrongKind",
        [LOTS.fabric, LotKind.CutBundles, LotKind.Fabric],
      );
    });

    it("rejects a sewing without a garments root, without inputs or with a recipient", async function () {
      const deployment = await loadFixture(withBundles);
      const { factory, exporter } = deployment.facilities;
      const valid = sewOf(factory.id, [{ lotId: deployment.bundles, quantity: 1n, unit: Unit.Piece }]);
      for (const operation of [
        { ...valid, garmentsRoot: ZeroHash },
        { ...valid, inputs: [] },
        { ...valid, recipientId: exporter.id },
      ]) {
        await expectOperationFailure(
          record(deployment, [factory, operation]),
          deployment.ledger,
          0,
          "OperationMalformed",
          [operation.lotId, OperationKind.Sew],
        );
      }
    });

    it("rejects sewing more bundles than remain", async function () {
      const deployment = await loadFixture(withBundles);
      const { factory } = deployment.facilities;
      const operation = sewOf(factory.id, [
        { lotId: deployment.bundles, quantity: 1_000_001n, unit: Unit.Piece },
      ]);
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotInsufficientQuantity",
        [deployment.bundles, 1_000_001n, 1_000_000n],
      );
    });
  });
});
