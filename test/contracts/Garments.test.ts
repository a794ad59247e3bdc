import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { garmentTree, LOTS, stockedFixture } from "./helpers/fixture";
import { chainKey } from "./helpers/operations";

describe("Threadproof: garments in a batch", function () {
  it("commits the batch's Merkle root", async function () {
    const { ledger, tree } = await loadFixture(stockedFixture);
    expect(await ledger.garmentsRoot(LOTS.garments)).to.equal(tree.root);
  });

  it("proves a garment of the batch with its serial and code hash", async function () {
    const { ledger, tree } = await loadFixture(stockedFixture);
    for (const index of [0, 1, 599, 1_199]) {
      const [serial, codeHash] = tree.at(index)!;
      expect(await ledger.verifyGarment(LOTS.garments, serial, codeHash, tree.getProof(index))).to.equal(
        true,
      );
    }
  });

  it("does not prove a garment with a wrong serial or a wrong code", async function () {
    const { ledger, tree } = await loadFixture(stockedFixture);
    const [serial, codeHash] = tree.at(41)!;
    const proof = tree.getProof(41);
    expect(await ledger.verifyGarment(LOTS.garments, serial + 1n, codeHash, proof)).to.equal(false);
    expect(await ledger.verifyGarment(LOTS.garments, serial, ethers.id("forged code"), proof)).to.equal(
      false,
    );
    // Another garment's (valid) proof does not fit this garment.
    expect(await ledger.verifyGarment(LOTS.garments, serial, codeHash, tree.getProof(42))).to.equal(false);
  });

  it("does not prove a garment against another batch or a lot without garments", async function () {
    const { ledger } = await loadFixture(stockedFixture);
    const other = garmentTree("another batch", 8);
    const [serial, codeHash] = other.at(3)!;
    const proof = other.getProof(3);
    expect(await ledger.verifyGarment(LOTS.garments, serial, codeHash, proof)).to.equal(false);
    expect(await ledger.verifyGarment(LOTS.fabric, serial, codeHash, proof)).to.equal(false);
    expect(await ledger.verifyGarment(chainKey("unknown batch"), serial, codeHash, proof)).to.equal(false);
  });
});
