import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { TypedDataEncoder } from "ethers";
import type { Threadproof } from "../../typechain-types";
import { deployFixture } from "./helpers/fixture";
import { expectOperationFailure, innerError } from "./helpers/errors";
import {
  chainKey,
  cutOperation,
  fabricLotOperation,
  LotKind,
  OPERATION_TYPES,
  OperationKind,
  operationDomain,
  signOperation,
  Unit,
} from "./helpers/operations";

describe("Threadproof: operation signatures", function () {
  it("hashes operations exactly as EIP-712 typed data (ethers' TypedDataEncoder)", async function () {
    const { ledger, facilities } = await loadFixture(deployFixture);
    const { factory } = facilities;
    const operation = cutOperation({
      lotId: chainKey("CUT-H"),
      facilityId: factory.id,
      quantity: 2_400_000n,
      inputs: [
        { lotId: chainKey("FL-A"), quantity: 300_000n, unit: Unit.Metre },
        { lotId: chainKey("FL-B"), quantity: 12_500n, unit: Unit.Kilogram },
      ],
    });
    const domain = await operationDomain(ledger, factory.signer);
    expect(await ledger.hashOperation(operation)).to.equal(
      TypedDataEncoder.hash(domain, OPERATION_TYPES, operation),
    );
    expect(await ledger.OPERATION_TYPEHASH()).to.equal(
      ethers.id(TypedDataEncoder.from(OPERATION_TYPES).encodeType("Operation")),
    );
    expect(await ledger.LOT_INPUT_TYPEHASH()).to.equal(
      ethers.id(TypedDataEncoder.from(OPERATION_TYPES).encodeType("LotInput")),
    );
  });

  it("accepts an operation signed by the facility's account, relayed by anyone", async function () {
    const { ledger, stranger, facilities } = await loadFixture(deployFixture);
    const { mill } = facilities;
    const operation = fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: mill.id, quantity: 1_000n });
    const signed = await signOperation(ledger, mill.signer, operation);
    await expect(ledger.connect(stranger).submit([signed]))
      .to.emit(ledger, "LotRecorded")
      .withArgs(
        operation.lotId,
        mill.id,
        OperationKind.RegisterFabricLot,
        LotKind.Fabric,
        Unit.Metre,
        1_000n,
        operation.recordDigest,
      );
  });

  it("rejects an operation signed by another key, naming the recovered signer", async function () {
    const { ledger, relayer, stranger, facilities } = await loadFixture(deployFixture);
    const { mill, factory } = facilities;
    const operation = fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: mill.id, quantity: 1_000n });
    for (const wrongSigner of [stranger, factory.signer]) {
      const signed = await signOperation(ledger, wrongSigner, operation);
      await expectOperationFailure(
        ledger.connect(relayer).submit([signed]),
        ledger,
        0,
        "OperationInvalidSignature",
        [mill.id, wrongSigner.address],
      );
    }
  });

  it("rejects an operation changed after signing", async function () {
    const { ledger, relayer, facilities } = await loadFixture(deployFixture);
    const { mill } = facilities;
    const signed = await signOperation(
      ledger,
      mill.signer,
      fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: mill.id, quantity: 1_000n }),
    );
    const tampered = { ...signed, operation: { ...signed.operation, quantity: 9_000n } };
    const recovered = ethers.recoverAddress(
      TypedDataEncoder.hash(await operationDomain(ledger, mill.signer), OPERATION_TYPES, tampered.operation),
      signed.signature,
    );
    expect(recovered).to.not.equal(mill.signer.address);
    await expectOperationFailure(
      ledger.connect(relayer).submit([tampered]),
      ledger,
      0,
      "OperationInvalidSignature",
      [mill.id, recovered],
    );
  });

  it("rejects a signature made for another deployment of the contract", async function () {
    const { ledger, admin, relayer, operator, facilities } = await loadFixture(deployFixture);
    const { mill } = facilities;
    const other = (await ethers.deployContract("Threadproof", [admin.address])) as unknown as Threadproof;
    const operation = fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: mill.id, quantity: 1_000n });
    const signedForOther = await signOperation(other, mill.signer, operation);
    await expect(ledger.connect(relayer).submit([signedForOther]))
      .to.be.revertedWithCustomError(ledger, "BatchOperationFailed")
      .withArgs(0, (reason: string) => {
        const parsed = ledger.interface.parseError(reason);
        expect(parsed?.name).to.equal("OperationInvalidSignature");
        expect(parsed?.args[0]).to.equal(mill.id);
        expect(parsed?.args[1]).to.not.equal(mill.signer.address);
        return true;
      });
    // The same facility registered on the other deployment may use it there.
    await other
      .connect(admin)
      .registerFacility(mill.id, mill.signer.address, mill.country, mill.roles, mill.metadataDigest);
    await expect(other.connect(operator).submit([signedForOther]))
      .to.emit(other, "LotRecorded")
      .withArgs(
        operation.lotId,
        mill.id,
        OperationKind.RegisterFabricLot,
        LotKind.Fabric,
        Unit.Metre,
        1_000n,
        operation.recordDigest,
      );
  });

  it("rejects a malformed signature as an invalid one from the zero address", async function () {
    const { ledger, relayer, facilities } = await loadFixture(deployFixture);
    const { mill } = facilities;
    const signed = await signOperation(
      ledger,
      mill.signer,
      fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: mill.id, quantity: 1_000n }),
    );
    await expect(ledger.connect(relayer).submit([{ ...signed, signature: signed.signature.slice(0, 130) }]))
      .to.be.revertedWithCustomError(ledger, "BatchOperationFailed")
      .withArgs(0, innerError(ledger, "OperationInvalidSignature", [mill.id, ethers.ZeroAddress]));
  });

  it("rejects an operation for an unknown facility", async function () {
    const { ledger, relayer, stranger } = await loadFixture(deployFixture);
    const ghost = chainKey("ghost-mill");
    const signed = await signOperation(
      ledger,
      stranger,
      fabricLotOperation({ lotId: chainKey("FL-1"), facilityId: ghost, quantity: 1_000n }),
    );
    await expectOperationFailure(ledger.connect(relayer).submit([signed]), ledger, 0, "FacilityUnknown", [
      ghost,
    ]);
    // The zero id is never registered either.
    const anonymous = await signOperation(
      ledger,
      stranger,
      fabricLotOperation({ lotId: chainKey("FL-2"), facilityId: ethers.ZeroHash, quantity: 1_000n }),
    );
    await expectOperationFailure(ledger.connect(relayer).submit([anonymous]), ledger, 0, "FacilityUnknown", [
      ethers.ZeroHash,
    ]);
  });
});
