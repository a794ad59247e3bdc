import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";
import { deployFixture, record, VN } from "./helpers/fixture";
import { expectOperationFailure } from "./helpers/errors";
import {
  chainKey,
  digestOf,
  fabricLotOperation,
  FacilityRole,
  LotKind,
  OperationKind,
  shipOperation,
  Unit,
} from "./helpers/operations";

describe("Threadproof: deployment and facilities", function () {
  describe("deployment", function () {
    it("grants the admin the admin and operator roles", async function () {
      const { ledger, admin, stranger } = await loadFixture(deployFixture);
      for (const role of [await ledger.DEFAULT_ADMIN_ROLE(), await ledger.OPERATOR_ROLE()]) {
        expect(await ledger.hasRole(role, admin.address)).to.equal(true);
        expect(await ledger.hasRole(role, stranger.address)).to.equal(false);
      }
    });

    it("exposes its constants", async function () {
      const { ledger } = await loadFixture(deployFixture);
      expect(await ledger.QUANTITY_SCALE()).to.equal(1000n);
      expect(await ledger.ROLE_FABRIC()).to.equal(1n);
      expect(await ledger.ROLE_CUTTING()).to.equal(2n);
      expect(await ledger.ROLE_SEWING()).to.equal(4n);
      expect(await ledger.ROLE_SHIPPING()).to.equal(8n);
      expect(await ledger.OPERATOR_ROLE()).to.equal(ethers.id("OPERATOR_ROLE"));
    });

    it("has the EIP-712 domain threadproof/1 bound to the chain and the contract", async function () {
      const { ledger } = await loadFixture(deployFixture);
      const domain = await ledger.eip712Domain();
      expect(domain.name).to.equal("threadproof");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await ledger.getAddress());
    });
  });

  describe("registerFacility", function () {
    it("lets the operator register a facility, with its fields readable", async function () {
      const { ledger, operator, stranger } = await loadFixture(deployFixture);
      const id = chainKey("new-mill");
      const digest = digestOf("new-mill record");
      await expect(
        ledger.connect(operator).registerFacility(id, stranger.address, VN, FacilityRole.Fabric, digest),
      )
        .to.emit(ledger, "FacilityRegistered")
        .withArgs(id, stranger.address, VN, FacilityRole.Fabric, digest);
      const facility = await ledger.facility(id);
      expect(facility.account).to.equal(stranger.address);
      expect(facility.country).to.equal(VN);
      expect(facility.roles).to.equal(FacilityRole.Fabric);
      expect(facility.suspended).to.equal(false);
      expect(facility.index).to.equal(5n); // four facilities in the fixture, numbered from 1
      expect(facility.metadataDigest).to.equal(digest);
      expect(await ledger.facilityOfAccount(stranger.address)).to.equal(id);
    });

    it("does not let anyone without the operator role register a facility", async function () {
      const { ledger, stranger, certifier } = await loadFixture(deployFixture);
      for (const caller of [stranger, certifier]) {
        await expect(
          ledger
            .connect(caller)
            .registerFacility(chainKey("rogue"), caller.address, VN, FacilityRole.Fabric, digestOf("rogue")),
        )
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
    });

    it("rejects a facility id registered already", async function () {
      const { ledger, operator, stranger, facilities } = await loadFixture(deployFixture);
      await expect(
        ledger
          .connect(operator)
          .registerFacility(facilities.mill.id, stranger.address, VN, FacilityRole.Fabric, digestOf("again")),
      )
        .to.be.revertedWithCustomError(ledger, "FacilityAlreadyRegistered")
        .withArgs(facilities.mill.id);
    });

    const invalid: [string, (f: { id: string; account: string; country: string; roles: number }) => void][] =
      [
        ["a zero id", (f) => (f.id = ZeroHash)],
        ["a zero account", (f) => (f.account = ZeroAddress)],
        ["a lower-case country", (f) => (f.country = "0x766e")],
        ["a country with a digit", (f) => (f.country = "0x5631")],
        ["no roles", (f) => (f.roles = 0)],
        ["an unknown role bit", (f) => (f.roles = 16 | FacilityRole.Fabric)],
      ];
    for (const [what, change] of invalid) {
      it(`rejects ${what}`, async function () {
        const { ledger, operator, stranger } = await loadFixture(deployFixture);
        const f = {
          id: chainKey("candidate"),
          account: stranger.address,
          country: VN,
          roles: FacilityRole.Fabric,
        };
        change(f);
        await expect(
          ledger.connect(operator).registerFacility(f.id, f.account, f.country, f.roles, digestOf("c")),
        )
          .to.be.revertedWithCustomError(ledger, "FacilityInvalid")
          .withArgs(f.id);
      });
    }

    it("rejects an account another facility uses already", async function () {
      const { ledger, operator, facilities } = await loadFixture(deployFixture);
      const id = chainKey("second-identity");
      await expect(
        ledger
          .connect(operator)
          .registerFacility(id, facilities.mill.signer.address, VN, FacilityRole.Fabric, digestOf("second")),
      )
        .to.be.revertedWithCustomError(ledger, "FacilityInvalid")
        .withArgs(id);
    });

    it("reads an unknown facility as a zero account", async function () {
      const { ledger } = await loadFixture(deployFixture);
      expect((await ledger.facility(chainKey("nobody"))).account).to.equal(ZeroAddress);
    });
  });

  describe("setFacilitySuspended", function () {
    it("lets the operator suspend and reinstate a facility", async function () {
      const { ledger, operator, facilities } = await loadFixture(deployFixture);
      await expect(ledger.connect(operator).setFacilitySuspended(facilities.mill.id, true))
        .to.emit(ledger, "FacilitySuspensionChanged")
        .withArgs(facilities.mill.id, true);
      expect((await ledger.facility(facilities.mill.id)).suspended).to.equal(true);
      await expect(ledger.connect(operator).setFacilitySuspended(facilities.mill.id, false))
        .to.emit(ledger, "FacilitySuspensionChanged")
        .withArgs(facilities.mill.id, false);
      expect((await ledger.facility(facilities.mill.id)).suspended).to.equal(false);
    });

    it("does not let anyone without the operator role suspend a facility", async function () {
      const { ledger, stranger, facilities } = await loadFixture(deployFixture);
      await expect(ledger.connect(stranger).setFacilitySuspended(facilities.mill.id, true))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ledger.OPERATOR_ROLE());
    });

    it("rejects an unknown facility", async function () {
      const { ledger, operator } = await loadFixture(deployFixture);
      const id = chainKey("nobody");
      await expect(ledger.connect(operator).setFacilitySuspended(id, true))
        .to.be.revertedWithCustomError(ledger, "FacilityUnknown")
        .withArgs(id);
    });

    it("stops a suspended facility from recording, and lets it record again once reinstated", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, operator, facilities } = deployment;
      const { mill } = facilities;
      const operation = fabricLotOperation({
        lotId: chainKey("FL-S"),
        facilityId: mill.id,
        quantity: 5_000n,
      });
      await ledger.connect(operator).setFacilitySuspended(mill.id, true);
      await expectOperationFailure(record(deployment, [mill, operation]), ledger, 0, "FacilitySuspended", [
        mill.id,
      ]);

      await ledger.connect(operator).setFacilitySuspended(mill.id, false);
      await expect(record(deployment, [mill, operation]))
        .to.emit(ledger, "LotRecorded")
        .withArgs(
          operation.lotId,
          mill.id,
          OperationKind.RegisterFabricLot,
          LotKind.Fabric,
          Unit.Metre,
          5_000n,
          operation.recordDigest,
        );
    });

    it("stops transfers to a suspended facility", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, operator, facilities } = deployment;
      const { mill, factory } = facilities;
      const fabric = fabricLotOperation({ lotId: chainKey("FL-T"), facilityId: mill.id, quantity: 5_000n });
      await record(deployment, [mill, fabric]);
      await ledger.connect(operator).setFacilitySuspended(factory.id, true);
      const transfer = shipOperation({
        lotId: chainKey("TRF-T"),
        facilityId: mill.id,
        recipientId: factory.id,
        inputs: [{ lotId: fabric.lotId, quantity: 5_000n, unit: Unit.Metre }],
      });
      await expectOperationFailure(record(deployment, [mill, transfer]), ledger, 0, "FacilitySuspended", [
        factory.id,
      ]);
    });
  });
});
