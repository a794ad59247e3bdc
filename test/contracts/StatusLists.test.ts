import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ZeroHash } from "ethers";
import { deployFixture } from "./helpers/fixture";
import type { Deployment } from "./helpers/fixture";
import { chainKey, digestOf, signRotation, signStatusList } from "./helpers/operations";

describe("Threadproof: status list anchors", function () {
  const listId = chainKey("vcci-hcm/1");
  const first = digestOf("status list vcci-hcm/1 version 1");
  const second = digestOf("status list vcci-hcm/1 version 2");

  /** Version `version` of the fixture's list with `digest`, signed by the fixture's certifier. */
  const signedBy = (deployment: Deployment, version: number, digest: string, signer = deployment.certifier) =>
    signStatusList(deployment.ledger, signer, {
      listId,
      version,
      digest,
      certifierId: deployment.certifierId,
    });

  /** The fixture with version 1 of the list anchored by its certifier. */
  async function anchoredFixture() {
    const deployment = await deployFixture();
    await deployment.ledger
      .connect(deployment.relayer)
      .anchorStatusList(...(await signedBy(deployment, 1, first)));
    return deployment;
  }

  describe("anchorStatusList", function () {
    it("anchors a version the certifier signed, relayed by anyone, and reads it back", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, relayer, certifierId } = deployment;
      expect((await ledger.statusListAnchor(listId)).version).to.equal(0n);
      const tx = ledger.connect(relayer).anchorStatusList(...(await signedBy(deployment, 1, first)));
      await expect(tx).to.emit(ledger, "StatusListAnchored").withArgs(listId, certifierId, 1n, first, false);
      const anchor = await ledger.statusListAnchor(listId);
      expect(anchor.certifierId).to.equal(certifierId);
      expect(anchor.digest).to.equal(first);
      expect(anchor.version).to.equal(1n);
      expect(anchor.anchoredAt).to.equal(BigInt(await time.latest()));
    });

    it("moves to a higher version, not necessarily the next one", async function () {
      const deployment = await loadFixture(anchoredFixture);
      await expect(
        deployment.ledger
          .connect(deployment.stranger)
          .anchorStatusList(...(await signedBy(deployment, 5, second))),
      )
        .to.emit(deployment.ledger, "StatusListAnchored")
        .withArgs(listId, deployment.certifierId, 5n, second, false);
      const anchor = await deployment.ledger.statusListAnchor(listId);
      expect([anchor.version, anchor.digest]).to.deep.equal([5n, second]);
    });

    it("refuses the same or an older version, so a replayed signature changes nothing", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, relayer } = deployment;
      await ledger.connect(relayer).anchorStatusList(...(await signedBy(deployment, 2, second)));
      for (const [version, digest] of [
        [1, first],
        [2, second],
        [2, first],
      ] as const) {
        await expect(
          ledger.connect(relayer).anchorStatusList(...(await signedBy(deployment, version, digest))),
        )
          .to.be.revertedWithCustomError(ledger, "StatusListStaleVersion")
          .withArgs(listId, version, 2n);
      }
      expect((await ledger.statusListAnchor(listId)).digest).to.equal(second);
    });

    it("refuses a signature by anyone but the certifier's current account", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, relayer, stranger, certifier, certifierId } = deployment;
      await expect(
        ledger.connect(relayer).anchorStatusList(...(await signedBy(deployment, 2, second, stranger))),
      )
        .to.be.revertedWithCustomError(ledger, "StatusListInvalidSignature")
        .withArgs(listId, certifierId, stranger.address);
      // A signature over other values (here: another digest) recovers another account.
      const [id, version, , certifierKey, signature] = await signedBy(deployment, 2, second);
      await expect(ledger.connect(relayer).anchorStatusList(id, version, first, certifierKey, signature))
        .to.be.revertedWithCustomError(ledger, "StatusListInvalidSignature")
        .withArgs(listId, certifierId, (address: string) => address !== certifier.address);
      // After a rotation, the earlier account no longer signs for the certifier.
      const next = ethers.Wallet.createRandom(ethers.provider);
      await ledger
        .connect(relayer)
        .rotateCertifierAccountBySignature(
          certifierId,
          next.address,
          await signRotation(ledger, certifier, certifierId, next.address),
        );
      await expect(ledger.connect(relayer).anchorStatusList(...(await signedBy(deployment, 3, second))))
        .to.be.revertedWithCustomError(ledger, "StatusListInvalidSignature")
        .withArgs(listId, certifierId, certifier.address);
    });

    it("keeps a list to the certifier of its first anchor", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, operator, relayer, stranger, certifierId } = deployment;
      const otherId = chainKey("other-body");
      await ledger.connect(operator).registerCertifier(otherId, stranger.address);
      const signed = await signStatusList(ledger, stranger, {
        listId,
        version: 2,
        digest: second,
        certifierId: otherId,
      });
      await expect(ledger.connect(relayer).anchorStatusList(...signed))
        .to.be.revertedWithCustomError(ledger, "StatusListNotIssuer")
        .withArgs(listId, otherId, certifierId);
      await expect(ledger.connect(operator).anchorStatusListAsOperator(listId, 2, second, otherId))
        .to.be.revertedWithCustomError(ledger, "StatusListNotIssuer")
        .withArgs(listId, otherId, certifierId);
    });

    it("refuses an unknown certifier, a zero list id and a zero digest", async function () {
      const deployment = await loadFixture(deployFixture);
      const { ledger, relayer, certifier, certifierId } = deployment;
      const unknown = chainKey("nobody");
      await expect(
        ledger.connect(relayer).anchorStatusList(
          ...(await signStatusList(ledger, certifier, {
            listId,
            version: 1,
            digest: first,
            certifierId: unknown,
          })),
        ),
      )
        .to.be.revertedWithCustomError(ledger, "CertifierUnknown")
        .withArgs(unknown);
      for (const [id, digest] of [
        [ZeroHash, first],
        [listId, ZeroHash],
      ] as const) {
        const signed = await signStatusList(ledger, certifier, {
          listId: id,
          version: 1,
          digest,
          certifierId,
        });
        await expect(ledger.connect(relayer).anchorStatusList(...signed))
          .to.be.revertedWithCustomError(ledger, "StatusListInvalid")
          .withArgs(id, digest);
      }
    });
  });

  describe("anchorStatusListAsOperator", function () {
    it("lets the operator anchor a certifier's list on its own authority", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, operator, certifierId } = deployment;
      await expect(ledger.connect(operator).anchorStatusListAsOperator(listId, 2, second, certifierId))
        .to.emit(ledger, "StatusListAnchored")
        .withArgs(listId, certifierId, 2n, second, true);
      expect((await ledger.statusListAnchor(listId)).digest).to.equal(second);
      await expect(ledger.connect(operator).anchorStatusListAsOperator(listId, 2, first, certifierId))
        .to.be.revertedWithCustomError(ledger, "StatusListStaleVersion")
        .withArgs(listId, 2n, 2n);
      const unknown = chainKey("nobody");
      await expect(ledger.connect(operator).anchorStatusListAsOperator(chainKey("x/1"), 1, first, unknown))
        .to.be.revertedWithCustomError(ledger, "CertifierUnknown")
        .withArgs(unknown);
    });

    it("does not let anyone but the operator use it, the certifier included", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, stranger, certifier, relayer, certifierId } = deployment;
      for (const caller of [stranger, certifier, relayer]) {
        await expect(ledger.connect(caller).anchorStatusListAsOperator(listId, 2, second, certifierId))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
      expect((await ledger.statusListAnchor(listId)).version).to.equal(1n);
    });
  });
});
