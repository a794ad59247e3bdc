import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroHash } from "ethers";
import { LOTS, record, stockedFixture, VN } from "./helpers/fixture";
import type { TestFacility } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import {
  chainKey,
  cutOperation,
  digestOf,
  fabricLotOperation,
  FacilityRole,
  LotKind,
  OperationKind,
  sewOperation,
  shipOperation,
  Unit,
} from "./helpers/operations";

describe("Threadproof: shipments", function () {
  describe("export", function () {
    it("exports garment batches: a spent shipment lot, the batches consumed", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      const operation = shipOperation({
        lotId: chainKey("SHP-1"),
        facilityId: factory.id,
        inputs: [{ lotId: LOTS.garments, quantity: 1_000_000n, unit: Unit.Piece }],
      });
      const tx = record(deployment, [factory, operation]);
      await expect(tx)
        .to.emit(ledger, "LotRecorded")
        .withArgs(
          operation.lotId,
          factory.id,
          OperationKind.Ship,
          LotKind.Shipment,
          Unit.Piece,
          1_000_000n,
          operation.recordDigest,
        );
      await expect(tx)
        .to.emit(ledger, "LotConsumed")
        .withArgs(LOTS.garments, operation.lotId, 1_000_000n, 200_000n);
      await expect(tx).to.emit(ledger, "LotShipped").withArgs(operation.lotId, factory.id, ZeroHash);
      const shipment = await ledger.lot(operation.lotId);
      expect(shipment.kind).to.equal(LotKind.Shipment);
      expect(shipment.facilityId).to.equal(factory.id);
      expect(shipment.quantity).to.equal(1_000_000n);
      expect(shipment.remaining).to.equal(0n);
    });

    it("does not let a facility without the shipping role ship", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, operator, facilities } = deployment;
      const { factory } = facilities;
      // A sewing line that holds garments but was registered without the shipping role.
      const line: TestFacility = {
        id: chainKey("sewing-line-no-shipping"),
        name: "sewing-line-no-shipping",
        signer: deployment.stranger,
        country: VN,
        roles: FacilityRole.Sewing,
        metadataDigest: digestOf("sewing line record"),
      };
      await ledger
        .connect(operator)
        .registerFacility(line.id, line.signer.address, line.country, line.roles, line.metadataDigest);
      const transfer = shipOperation({
        lotId: chainKey("TRF-C"),
        facilityId: factory.id,
        recipientId: line.id,
        inputs: [{ lotId: LOTS.garments, quantity: 10_000n, unit: Unit.Piece }],
      });
      await record(deployment, [factory, transfer]);
      const exportByLine = shipOperation({
        lotId: chainKey("SHP-C"),
        facilityId: line.id,
        inputs: [{ lotId: transfer.lotId, quantity: 10_000n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [line, exportByLine]),
        ledger,
        0,
        "FacilityMissingRole",
        [line.id, FacilityRole.Shipping],
      );
    });

    it("rejects exporting anything but garment batches", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = shipOperation({
        lotId: chainKey("SHP-F"),
        facilityId: factory.id,
        inputs: [{ lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Metre }],
      });
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotWrongKind",
        [LOTS.fabric, LotKind.GarmentBatch, LotKind.Fabric],
      );
    });

    it("rejects a declared quantity that is not the sum of the inputs", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      for (const declared of [999_999n, 1_000_001n]) {
        const operation = shipOperation({
          lotId: chainKey("SHP-Q"),
          facilityId: factory.id,
          quantity: declared,
          inputs: [
            { lotId: LOTS.garments, quantity: 600_000n, unit: Unit.Piece },
            { lotId: LOTS.garments, quantity: 400_000n, unit: Unit.Piece },
          ],
        });
        await expectOperationFailure(
          record(deployment, [factory, operation]),
          deployment.ledger,
          0,
          "ShipmentQuantityMismatch",
          [operation.lotId, declared, 1_000_000n],
        );
      }
    });

    it("rejects a shipment whose unit is not its inputs' unit", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const operation = shipOperation({
        lotId: chainKey("SHP-U"),
        facilityId: factory.id,
        unit: Unit.Kilogram,
        inputs: [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [factory, operation]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [LOTS.garments, Unit.Kilogram, Unit.Piece],
      );
      const noUnit = { ...operation, unit: Unit.None };
      await expectOperationFailure(
        record(deployment, [factory, noUnit]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [operation.lotId, Unit.Piece, Unit.None],
      );
    });

    it("rejects a zero shipment, a shipment without inputs and one with a garments root", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const lotId = chainKey("SHP-Z");
      const zero = shipOperation({
        lotId,
        facilityId: factory.id,
        inputs: [{ lotId: LOTS.garments, quantity: 0n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [factory, zero]),
        deployment.ledger,
        0,
        "LotZeroQuantity",
        [lotId],
      );
      const zeroInput = {
        ...zero,
        quantity: 5n,
        inputs: [...zero.inputs, { ...zero.inputs[0]!, quantity: 5n }],
      };
      await expectOperationFailure(
        record(deployment, [factory, zeroInput]),
        deployment.ledger,
        0,
        "LotZeroQuantity",
        [LOTS.garments],
      );
      for (const malformed of [
        { ...zero, quantity: 5n, inputs: [] },
        { ...zero, quantity: 5n, inputs: [{ ...zero.inputs[0]!, quantity: 5n }], garmentsRoot: lotId },
      ]) {
        await expectOperationFailure(
          record(deployment, [factory, malformed]),
          deployment.ledger,
          0,
          "OperationMalformed",
          [lotId, OperationKind.Ship],
        );
      }
    });

    it("leaves nothing to consume in an exported shipment", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, exporter } = deployment.facilities;
      const exported = shipOperation({
        lotId: chainKey("SHP-E"),
        facilityId: factory.id,
        inputs: [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }],
      });
      await record(deployment, [factory, exported]);
      const again = shipOperation({
        lotId: chainKey("TRF-E"),
        facilityId: factory.id,
        recipientId: exporter.id,
        inputs: [{ lotId: exported.lotId, quantity: 1n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [factory, again]),
        deployment.ledger,
        0,
        "LotInsufficientQuantity",
        [exported.lotId, 1n, 0n],
      );
    });
  });

  describe("transfer to another facility", function () {
    it("hands fabric to a cutting room, which then cuts it; the sender no longer holds it", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { mill, factory } = facilities;
      const fabric = fabricLotOperation({
        lotId: chainKey("FL-KR"),
        facilityId: mill.id,
        quantity: 2_000_000n,
      });
      const transfer = shipOperation({
        lotId: chainKey("TRF-KR"),
        facilityId: mill.id,
        recipientId: factory.id,
        inputs: [{ lotId: fabric.lotId, quantity: 1_500_000n, unit: Unit.Metre }],
      });
      await record(deployment, [mill, fabric]);
      const tx = record(deployment, [mill, transfer]);
      await expect(tx)
        .to.emit(ledger, "LotRecorded")
        .withArgs(
          transfer.lotId,
          factory.id,
          OperationKind.Ship,
          LotKind.Fabric,
          Unit.Metre,
          1_500_000n,
          transfer.recordDigest,
        );
      await expect(tx)
        .to.emit(ledger, "LotConsumed")
        .withArgs(fabric.lotId, transfer.lotId, 1_500_000n, 500_000n);
      await expect(tx).to.emit(ledger, "LotShipped").withArgs(transfer.lotId, mill.id, factory.id);
      const received = await ledger.lot(transfer.lotId);
      expect(received.kind).to.equal(LotKind.Fabric);
      expect(received.facilityId).to.equal(factory.id);
      expect(received.remaining).to.equal(1_500_000n);

      const cut = cutOperation({
        lotId: chainKey("CUT-KR"),
        facilityId: factory.id,
        quantity: 3_000_000n,
        inputs: [{ lotId: transfer.lotId, quantity: 1_500_000n, unit: Unit.Metre }],
      });
      await expect(record(deployment, [factory, cut]))
        .to.emit(ledger, "LotConsumed")
        .withArgs(transfer.lotId, cut.lotId, 1_500_000n, 0n);

      // The mill shipped its fabric away: it cannot move the received lot back.
      const back = shipOperation({
        lotId: chainKey("TRF-BACK"),
        facilityId: mill.id,
        recipientId: factory.id,
        inputs: [{ lotId: transfer.lotId, quantity: 1n, unit: Unit.Metre }],
      });
      await expectOperationFailure(record(deployment, [mill, back]), ledger, 0, "LotNotHeld", [
        transfer.lotId,
        factory.id,
        mill.id,
      ]);
    });

    it("hands garments to the exporter's warehouse, which exports them", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory, exporter } = facilities;
      const transfer = shipOperation({
        lotId: chainKey("TRF-G"),
        facilityId: factory.id,
        recipientId: exporter.id,
        inputs: [{ lotId: LOTS.garments, quantity: 1_200_000n, unit: Unit.Piece }],
      });
      await expect(record(deployment, [factory, transfer]))
        .to.emit(ledger, "LotShipped")
        .withArgs(transfer.lotId, factory.id, exporter.id);
      expect((await ledger.lot(transfer.lotId)).kind).to.equal(LotKind.GarmentBatch);
      const exported = shipOperation({
        lotId: chainKey("SHP-G"),
        facilityId: exporter.id,
        inputs: [{ lotId: transfer.lotId, quantity: 1_200_000n, unit: Unit.Piece }],
      });
      await expect(record(deployment, [exporter, exported]))
        .to.emit(ledger, "LotShipped")
        .withArgs(exported.lotId, exporter.id, ZeroHash);
      expect((await ledger.lot(transfer.lotId)).remaining).to.equal(0n);
    });

    it("rejects a transfer to an unknown facility or to the sender itself", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory } = deployment.facilities;
      const ghost = chainKey("ghost-warehouse");
      const transfer = shipOperation({
        lotId: chainKey("TRF-X"),
        facilityId: factory.id,
        recipientId: ghost,
        inputs: [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [factory, transfer]),
        deployment.ledger,
        0,
        "FacilityUnknown",
        [ghost],
      );
      const toSelf = { ...transfer, recipientId: factory.id };
      await expectOperationFailure(
        record(deployment, [factory, toSelf]),
        deployment.ledger,
        0,
        "OperationMalformed",
        [transfer.lotId, OperationKind.Ship],
      );
    });

    it("rejects a transfer mixing kinds or units", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, exporter } = deployment.facilities;
      const mixedKinds = shipOperation({
        lotId: chainKey("TRF-MK"),
        facilityId: factory.id,
        recipientId: exporter.id,
        inputs: [
          { lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece },
          { lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Metre },
        ],
      });
      await expectOperationFailure(
        record(deployment, [factory, mixedKinds]),
        deployment.ledger,
        0,
        "LotWrongKind",
        [LOTS.fabric, LotKind.GarmentBatch, LotKind.Fabric],
      );
      const rib = fabricLotOperation({
        lotId: chainKey("FL-RIB"),
        facilityId: factory.id,
        quantity: 9_000n,
        unit: Unit.Kilogram,
      });
      await record(deployment, [factory, rib]);
      const mixedUnits = shipOperation({
        lotId: chainKey("TRF-MU"),
        facilityId: factory.id,
        recipientId: exporter.id,
        unit: Unit.Metre,
        quantity: 2_000n,
        inputs: [
          { lotId: LOTS.fabric, quantity: 1_000n, unit: Unit.Metre },
          { lotId: rib.lotId, quantity: 1_000n, unit: Unit.Kilogram },
        ],
      });
      await expectOperationFailure(
        record(deployment, [factory, mixedUnits]),
        deployment.ledger,
        0,
        "LotUnitMismatch",
        [rib.lotId, Unit.Metre, Unit.Kilogram],
      );
    });

    it("adds inputs beyond the uint64 range without overflowing", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, exporter } = deployment.facilities;
      const max = 2n ** 64n - 1n;
      const lots = ["FL-MAX-1", "FL-MAX-2"].map((name) =>
        fabricLotOperation({ lotId: chainKey(name), facilityId: factory.id, quantity: max }),
      );
      await record(deployment, [factory, lots[0]!], [factory, lots[1]!]);
      const transfer = shipOperation({
        lotId: chainKey("TRF-MAX"),
        facilityId: factory.id,
        recipientId: exporter.id,
        quantity: max,
        inputs: lots.map((lot) => ({ lotId: lot.lotId, quantity: max, unit: Unit.Metre })),
      });
      await expectOperationFailure(
        record(deployment, [factory, transfer]),
        deployment.ledger,
        0,
        "ShipmentQuantityMismatch",
        [transfer.lotId, max, 2n * max],
      );
    });

    it("rejects a transfer of more than remains", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { factory, exporter } = deployment.facilities;
      const transfer = shipOperation({
        lotId: chainKey("TRF-O"),
        facilityId: factory.id,
        recipientId: exporter.id,
        inputs: [{ lotId: LOTS.garments, quantity: 1_200_001n, unit: Unit.Piece }],
      });
      await expectOperationFailure(
        record(deployment, [factory, transfer]),
        deployment.ledger,
        0,
        "LotInsufficientQuantity",
        [LOTS.garments, 1_200_001n, 1_200_000n],
      );
    });

    it("lets a sewing subcontractor receive cut bundles and sew them", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, facilities } = deployment;
      const { factory, sewer } = facilities;
      const bundles = cutOperation({
        lotId: chainKey("CUT-SUB"),
        facilityId: factory.id,
        quantity: 500_000n,
        inputs: [{ lotId: LOTS.fabric, quantity: 60_000n, unit: Unit.Metre }],
      });
      const transfer = shipOperation({
        lotId: chainKey("TRF-SUB"),
        facilityId: factory.id,
        recipientId: sewer.id,
        inputs: [{ lotId: bundles.lotId, quantity: 500_000n, unit: Unit.Piece }],
      });
      const sewing = sewOperation({
        lotId: chainKey("SEW-SUB"),
        facilityId: sewer.id,
        quantity: 250_000n,
        garmentsRoot: chainKey("root of SEW-SUB"),
        inputs: [{ lotId: transfer.lotId, quantity: 500_000n, unit: Unit.Piece }],
      });
      await expect(record(deployment, [factory, bundles], [factory, transfer], [sewer, sewing]))
        .to.emit(ledger, "GarmentsCommitted")
        .withArgs(sewing.lotId, sewing.garmentsRoot, sewing.gtin);
      expect((await ledger.lot(sewing.lotId)).facilityId).to.equal(sewer.id);
    });
  });
});
