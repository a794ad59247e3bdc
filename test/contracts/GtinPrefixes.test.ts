import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployFixture, garmentTree, record } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import {
  chainKey,
  cutOperation,
  DEMO_GTIN,
  DEMO_PREFIX,
  fabricLotOperation,
  gtinPrefix,
  sewOperation,
  shipOperation,
  Unit,
} from "./helpers/operations";

describe("Threadproof: GS1 company prefixes", function () {
  const tree = garmentTree("SEW-G", 10);

  /** The factory holds cut bundles CUT-G (100 pcs) to sew from. */
  async function bundlesFixture() {
    const deployment = await deployFixture();
    const { factory } = deployment.facilities;
    await record(
      deployment,
      [factory, fabricLotOperation({ lotId: chainKey("FL-G"), facilityId: factory.id, quantity: 100_000n })],
      [
        factory,
        cutOperation({
          lotId: chainKey("CUT-G"),
          facilityId: factory.id,
          quantity: 100_000n,
          inputs: [{ lotId: chainKey("FL-G"), quantity: 10_000n, unit: Unit.Metre }],
        }),
      ],
    );
    return deployment;
  }

  const sewing = (facilityId: string, gtin: bigint, lot = "SEW-G") =>
    sewOperation({
      lotId: chainKey(lot),
      facilityId,
      quantity: 10_000n,
      garmentsRoot: tree.root,
      inputs: [{ lotId: chainKey("CUT-G"), quantity: 10_000n, unit: Unit.Piece }],
      gtin,
    });

  describe("setFacilityGtinPrefixes", function () {
    it("lets the operator set a facility's prefixes, several of them, and change them", async function () {
      const { ledger, operator, facilities } = await loadFixture(deployFixture);
      const { mill } = facilities;
      const prefixes = [gtinPrefix("8938505"), gtinPrefix("4901234567"), gtinPrefix("0036000")];
      await expect(ledger.connect(operator).setFacilityGtinPrefixes(mill.id, prefixes))
        .to.emit(ledger, "FacilityGtinPrefixesChanged")
        .withArgs(mill.id, prefixes);
      expect(await ledger.gtinPrefixes(mill.id)).to.deep.equal(prefixes);
      // Bits 7 and 10: the lengths in use.
      expect((await ledger.facility(mill.id)).gtinPrefixLengths).to.equal((1n << 7n) | (1n << 10n));
      expect(await ledger.isGtinAuthorized(mill.id, DEMO_GTIN)).to.equal(true);
      expect(await ledger.isGtinAuthorized(mill.id, 4901234567894n)).to.equal(true);
      // A GTIN-12 (UPC-A 036000291452) under the U.P.C. company prefix 036000, i.e. GS1 prefix 0036000.
      expect(await ledger.isGtinAuthorized(mill.id, 36000291452n)).to.equal(true);

      await ledger.connect(operator).setFacilityGtinPrefixes(mill.id, [gtinPrefix("4901234567")]);
      expect(await ledger.gtinPrefixes(mill.id)).to.deep.equal([gtinPrefix("4901234567")]);
      expect(await ledger.isGtinAuthorized(mill.id, DEMO_GTIN)).to.equal(false);
      expect(await ledger.isGtinAuthorized(mill.id, 4901234567894n)).to.equal(true);

      await ledger.connect(operator).setFacilityGtinPrefixes(mill.id, []);
      expect(await ledger.gtinPrefixes(mill.id)).to.deep.equal([]);
      expect((await ledger.facility(mill.id)).gtinPrefixLengths).to.equal(0n);
      expect(await ledger.isGtinAuthorized(mill.id, 4901234567894n)).to.equal(false);
    });

    it("does not let anyone but the operator set prefixes, the facility included", async function () {
      const { ledger, stranger, facilities } = await loadFixture(deployFixture);
      for (const caller of [stranger, facilities.mill.signer]) {
        await expect(ledger.connect(caller).setFacilityGtinPrefixes(facilities.mill.id, [DEMO_PREFIX]))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
    });

    it("rejects an unknown facility, a badly encoded prefix and a repeated one", async function () {
      const { ledger, operator, facilities } = await loadFixture(deployFixture);
      const unknown = chainKey("nobody");
      await expect(ledger.connect(operator).setFacilityGtinPrefixes(unknown, [DEMO_PREFIX]))
        .to.be.revertedWithCustomError(ledger, "FacilityUnknown")
        .withArgs(unknown);
      const { mill } = facilities;
      // 3 digits, 13 digits, not "1" + digits, zero.
      for (const bad of [1893n, gtinPrefix("8938505974019"), 28938505n, 0n]) {
        await expect(ledger.connect(operator).setFacilityGtinPrefixes(mill.id, [bad]))
          .to.be.revertedWithCustomError(ledger, "GtinPrefixInvalid")
          .withArgs(mill.id, bad);
      }
      await expect(ledger.connect(operator).setFacilityGtinPrefixes(mill.id, [DEMO_PREFIX, DEMO_PREFIX]))
        .to.be.revertedWithCustomError(ledger, "GtinPrefixInvalid")
        .withArgs(mill.id, DEMO_PREFIX);
      // 4 and 12 digits are the limits, both allowed.
      await ledger
        .connect(operator)
        .setFacilityGtinPrefixes(mill.id, [gtinPrefix("8938"), gtinPrefix("893850597401")]);
      expect(await ledger.isGtinAuthorized(mill.id, DEMO_GTIN)).to.equal(true);
    });
  });

  describe("sewing under a GTIN", function () {
    it("records a sewing whose GTIN is under the facility's prefix, and says which GTIN", async function () {
      const deployment = await loadFixture(bundlesFixture);
      const { ledger, facilities } = deployment;
      const operation = sewing(facilities.factory.id, DEMO_GTIN);
      await expect(record(deployment, [facilities.factory, operation]))
        .to.emit(ledger, "GarmentsCommitted")
        .withArgs(operation.lotId, tree.root, DEMO_GTIN);
      // The indicator digit of a GTIN-14 is not part of the company prefix: 9 8938505 97401 6 is under it.
      const variable = sewing(facilities.factory.id, 98938505974016n, "SEW-G9");
      variable.inputs = [{ lotId: chainKey("CUT-G"), quantity: 1_000n, unit: Unit.Piece }];
      await expect(record(deployment, [facilities.factory, variable]))
        .to.emit(ledger, "GarmentsCommitted")
        .withArgs(variable.lotId, tree.root, 98938505974016n);
    });

    it("does not record a sewing under another company's GTIN", async function () {
      const deployment = await loadFixture(bundlesFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      // The factory holds 8938505 only; 4901234 is someone else's, one digit off the prefix is too, and so is
      // a GTIN-8 (96385074) whose digits merely contain it.
      for (const gtin of [4901234567894n, 8938506974018n, 96385074n, 89385059n]) {
        await expectOperationFailure(
          record(deployment, [factory, sewing(factory.id, gtin)]),
          ledger,
          0,
          "GtinNotAuthorized",
          [factory.id, gtin],
        );
      }
      // No GTIN at all, or more than 14 digits.
      for (const gtin of [0n, 100_000_000_000_000n]) {
        await expectOperationFailure(
          record(deployment, [factory, sewing(factory.id, gtin)]),
          ledger,
          0,
          "GtinNotAuthorized",
          [factory.id, gtin],
        );
      }
    });

    it("stops a facility's sewings once the operator takes its prefix away", async function () {
      const deployment = await loadFixture(bundlesFixture);
      const { ledger, operator, facilities } = deployment;
      const { factory } = facilities;
      await record(deployment, [factory, sewing(factory.id, DEMO_GTIN, "SEW-G1")]);
      await ledger.connect(operator).setFacilityGtinPrefixes(factory.id, []);
      await expectOperationFailure(
        record(deployment, [factory, sewing(factory.id, DEMO_GTIN, "SEW-G2")]),
        ledger,
        0,
        "GtinNotAuthorized",
        [factory.id, DEMO_GTIN],
      );
      // What was sewn before stays recorded.
      expect(await ledger.garmentsRoot(chainKey("SEW-G1"))).to.equal(tree.root);
    });

    it("refuses a GTIN on anything but a sewing", async function () {
      const deployment = await loadFixture(bundlesFixture);
      const { ledger, facilities } = deployment;
      const { factory } = facilities;
      const fabric = {
        ...fabricLotOperation({ lotId: chainKey("FL-X"), facilityId: factory.id, quantity: 1n }),
        gtin: DEMO_GTIN,
      };
      await expectOperationFailure(record(deployment, [factory, fabric]), ledger, 0, "OperationMalformed", [
        fabric.lotId,
        fabric.kind,
      ]);
      const cut = {
        ...cutOperation({
          lotId: chainKey("CUT-X"),
          facilityId: factory.id,
          quantity: 1_000n,
          inputs: [{ lotId: chainKey("FL-G"), quantity: 1_000n, unit: Unit.Metre }],
        }),
        gtin: DEMO_GTIN,
      };
      await expectOperationFailure(record(deployment, [factory, cut]), ledger, 0, "OperationMalformed", [
        cut.lotId,
        cut.kind,
      ]);
      await record(deployment, [factory, sewing(factory.id, DEMO_GTIN)]);
      const ship = {
        ...shipOperation({
          lotId: chainKey("SHP-X"),
          facilityId: factory.id,
          inputs: [{ lotId: chainKey("SEW-G"), quantity: 1_000n, unit: Unit.Piece }],
        }),
        gtin: DEMO_GTIN,
      };
      await expectOperationFailure(record(deployment, [factory, ship]), ledger, 0, "OperationMalformed", [
        ship.lotId,
        ship.kind,
      ]);
    });
  });
});
