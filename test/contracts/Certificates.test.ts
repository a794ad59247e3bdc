import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import type { Signer } from "ethers";
import { LOTS, record, stockedFixture } from "./helpers/fixture";
import type { Deployment } from "./helpers/fixture";
import {
  chainKey,
  digestOf,
  shipOperation,
  signAnchor,
  signRevocation,
  signRotation,
  Unit,
} from "./helpers/operations";

const EVFTA = encodeBytes32String("EVFTA");

describe("Threadproof: certifiers and origin certificates", function () {
  const certificateId = chainKey("CO-2026-0001");
  const digest = digestOf("certificate CO-2026-0001");
  const reason = digestOf("revocation: fabric origin proof withdrawn");

  /** The anchor of CO-2026-0001 on SEW-0001, signed by `signer` for `certifierId`. */
  const anchorBy = (deployment: Deployment, signer: Signer, certifierId = deployment.certifierId) =>
    signAnchor(deployment.ledger, signer, {
      certificateId,
      subjectLotId: LOTS.garments,
      fta: EVFTA,
      digest,
      certifierId,
    });

  /** The fixture with CO-2026-0001 anchored by the fixture's certifier. */
  async function anchoredFixture() {
    const deployment = await stockedFixture();
    await deployment.ledger
      .connect(deployment.relayer)
      .anchorCertificate(...(await anchorBy(deployment, deployment.certifier)));
    return deployment;
  }

  /** A second certifier, `other`, registered with the stranger's account. */
  async function twoCertifiersFixture() {
    const deployment = await anchoredFixture();
    const otherId = chainKey("other-body");
    await deployment.ledger
      .connect(deployment.operator)
      .registerCertifier(otherId, deployment.stranger.address);
    return { ...deployment, otherId };
  }

  describe("registerCertifier", function () {
    it("lets the operator register a certifier with its account", async function () {
      const { ledger, operator, stranger } = await loadFixture(stockedFixture);
      const id = chainKey("new-body");
      await expect(ledger.connect(operator).registerCertifier(id, stranger.address))
        .to.emit(ledger, "CertifierRegistered")
        .withArgs(id, stranger.address);
      expect(await ledger.certifier(id)).to.equal(stranger.address);
      expect(await ledger.certifierOfAccount(stranger.address)).to.equal(id);
    });

    it("does not let anyone but the operator register a certifier", async function () {
      const { ledger, stranger, certifier } = await loadFixture(stockedFixture);
      for (const caller of [stranger, certifier]) {
        await expect(ledger.connect(caller).registerCertifier(chainKey("self-made"), caller.address))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
    });

    it("rejects a known certifier id and an account that is zero or used already", async function () {
      const { ledger, operator, stranger, certifierId, certifier, facilities } =
        await loadFixture(stockedFixture);
      await expect(ledger.connect(operator).registerCertifier(certifierId, stranger.address))
        .to.be.revertedWithCustomError(ledger, "CertifierAlreadyRegistered")
        .withArgs(certifierId);
      const id = chainKey("new-body");
      for (const account of [ZeroAddress, certifier.address, facilities.mill.signer.address]) {
        await expect(ledger.connect(operator).registerCertifier(id, account))
          .to.be.revertedWithCustomError(ledger, "CertifierInvalidAccount")
          .withArgs(id, account);
      }
    });

    it("keeps a facility from taking a certifier's account", async function () {
      const { ledger, operator, certifier } = await loadFixture(stockedFixture);
      const id = chainKey("sneaky-mill");
      await expect(
        ledger.connect(operator).registerFacility(id, certifier.address, "0x564e", 1, digestOf("sneaky")),
      )
        .to.be.revertedWithCustomError(ledger, "FacilityInvalid")
        .withArgs(id);
    });
  });

  describe("anchorCertificate", function () {
    it("anchors a certificate signed by the certifier, relayed by anyone, naming the certifier", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, certifier, certifierId, relayer } = deployment;
      await expect(ledger.connect(relayer).anchorCertificate(...(await anchorBy(deployment, certifier))))
        .to.emit(ledger, "CertificateAnchored")
        .withArgs(certificateId, LOTS.garments, EVFTA, digest, certifier.address, certifierId);
      const anchored = await ledger.certificate(certificateId);
      expect(anchored.subjectLotId).to.equal(LOTS.garments);
      expect(anchored.fta).to.equal(EVFTA);
      expect(anchored.digest).to.equal(digest);
      expect(anchored.certifier).to.equal(certifier.address);
      expect(await ledger.certifierOfAccount(anchored.certifier)).to.equal(certifierId);
      expect(anchored.issuedAt).to.equal(await time.latest());
      expect(anchored.revokedAt).to.equal(0n);
      expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
    });

    it("anchors a certificate on a shipment", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, certifier, certifierId, facilities } = deployment;
      const shipment = shipOperation({
        lotId: chainKey("SHP-C"),
        facilityId: facilities.factory.id,
        inputs: [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }],
      });
      await record(deployment, [facilities.factory, shipment]);
      const args = await signAnchor(ledger, certifier, {
        certificateId,
        subjectLotId: shipment.lotId,
        fta: EVFTA,
        digest,
        certifierId,
      });
      await expect(ledger.anchorCertificate(...args))
        .to.emit(ledger, "CertificateAnchored")
        .withArgs(certificateId, shipment.lotId, EVFTA, digest, certifier.address, certifierId);
    });

    it("does not anchor what the certifier's account did not sign", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, certifierId, stranger, operator, relayer } = deployment;
      // The operator, the relayer or a stranger cannot anchor in the certifier's name.
      for (const signer of [stranger, operator, relayer]) {
        await expect(ledger.anchorCertificate(...(await anchorBy(deployment, signer))))
          .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
          .withArgs(certificateId, certifierId, signer.address);
      }
      // A signature over another digest does not anchor this one.
      const args = [...(await anchorBy(deployment, deployment.certifier))] as const;
      const forged = [args[0], args[1], args[2], digestOf("another certificate"), args[4], args[5]] as const;
      const recovered = ethers.verifyTypedData(
        {
          name: "threadproof",
          version: "1",
          chainId: (await ethers.provider.getNetwork()).chainId,
          verifyingContract: await ledger.getAddress(),
        },
        {
          CertificateAnchor: [
            { name: "certificateId", type: "bytes32" },
            { name: "subjectLotId", type: "bytes32" },
            { name: "fta", type: "bytes32" },
            { name: "digest", type: "bytes32" },
            { name: "certifierId", type: "bytes32" },
          ],
        },
        { certificateId, subjectLotId: LOTS.garments, fta: EVFTA, digest: forged[3], certifierId },
        forged[5],
      );
      await expect(ledger.anchorCertificate(...forged))
        .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
        .withArgs(certificateId, certifierId, recovered);
      // A malformed signature recovers no one.
      await expect(ledger.anchorCertificate(args[0], args[1], args[2], args[3], args[4], "0x1234"))
        .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
        .withArgs(certificateId, certifierId, ZeroAddress);
    });

    it("rejects an unknown certifier", async function () {
      const deployment = await loadFixture(stockedFixture);
      const unknown = chainKey("no-such-body");
      await expect(
        deployment.ledger.anchorCertificate(...(await anchorBy(deployment, deployment.stranger, unknown))),
      )
        .to.be.revertedWithCustomError(deployment.ledger, "CertifierUnknown")
        .withArgs(unknown);
    });

    it("rejects a certificate id anchored already", async function () {
      const deployment = await loadFixture(anchoredFixture);
      await expect(deployment.ledger.anchorCertificate(...(await anchorBy(deployment, deployment.certifier))))
        .to.be.revertedWithCustomError(deployment.ledger, "CertificateAlreadyAnchored")
        .withArgs(certificateId);
    });

    it("rejects a subject that is not a garment batch or a shipment", async function () {
      const { ledger, certifier, certifierId } = await loadFixture(stockedFixture);
      for (const subject of [LOTS.fabric, LOTS.bundles, chainKey("no such lot")]) {
        const args = await signAnchor(ledger, certifier, {
          certificateId,
          subjectLotId: subject,
          fta: EVFTA,
          digest,
          certifierId,
        });
        await expect(ledger.anchorCertificate(...args))
          .to.be.revertedWithCustomError(ledger, "CertificateInvalidSubject")
          .withArgs(certificateId, subject);
      }
    });
  });

  describe("revokeCertificate", function () {
    it("lets the issuing certifier revoke its certificate, visibly", async function () {
      const { ledger, certifier, certifierId, relayer } = await loadFixture(anchoredFixture);
      const signature = await signRevocation(ledger, certifier, certificateId, reason);
      await expect(ledger.connect(relayer).revokeCertificate(certificateId, reason, certifierId, signature))
        .to.emit(ledger, "CertificateRevoked")
        .withArgs(certificateId, reason, certifier.address, false);
      expect((await ledger.certificate(certificateId)).revokedAt).to.equal(await time.latest());
      expect(await ledger.isCertificateValid(certificateId)).to.equal(false);
    });

    it("does not let another certifier revoke it, even with its own valid signature", async function () {
      const { ledger, stranger, otherId, certifierId } = await loadFixture(twoCertifiersFixture);
      const signature = await signRevocation(ledger, stranger, certificateId, reason);
      await expect(ledger.revokeCertificate(certificateId, reason, otherId, signature))
        .to.be.revertedWithCustomError(ledger, "CertificateNotIssuer")
        .withArgs(certificateId, otherId, certifierId);
      expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
    });

    it("does not revoke on a signature that is not the issuer's", async function () {
      const { ledger, stranger, operator, certifier, certifierId } = await loadFixture(twoCertifiersFixture);
      for (const signer of [stranger, operator]) {
        const signature = await signRevocation(ledger, signer, certificateId, reason);
        await expect(ledger.revokeCertificate(certificateId, reason, certifierId, signature))
          .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
          .withArgs(certificateId, certifierId, signer.address);
      }
      // The issuer's signature of another reason does not revoke with this one.
      const other = await signRevocation(ledger, certifier, certificateId, digestOf("another reason"));
      await expect(
        ledger.revokeCertificate(certificateId, reason, certifierId, other),
      ).to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature");
      expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
    });

    it("rejects revoking an unknown certificate or one revoked already", async function () {
      const { ledger, certifier, certifierId } = await loadFixture(anchoredFixture);
      const unknown = chainKey("CO-none");
      await expect(
        ledger.revokeCertificate(
          unknown,
          reason,
          certifierId,
          await signRevocation(ledger, certifier, unknown, reason),
        ),
      )
        .to.be.revertedWithCustomError(ledger, "CertificateUnknown")
        .withArgs(unknown);
      const signature = await signRevocation(ledger, certifier, certificateId, reason);
      await ledger.revokeCertificate(certificateId, reason, certifierId, signature);
      await expect(ledger.revokeCertificate(certificateId, reason, certifierId, signature))
        .to.be.revertedWithCustomError(ledger, "CertificateAlreadyRevoked")
        .withArgs(certificateId);
    });
  });

  describe("revokeCertificateAsOperator", function () {
    it("lets the operator revoke any certificate with a reason", async function () {
      const { ledger, operator } = await loadFixture(anchoredFixture);
      await expect(ledger.connect(operator).revokeCertificateAsOperator(certificateId, reason))
        .to.emit(ledger, "CertificateRevoked")
        .withArgs(certificateId, reason, operator.address, true);
      expect(await ledger.isCertificateValid(certificateId)).to.equal(false);
    });

    it("does not let the operator revoke without a reason", async function () {
      const { ledger, operator } = await loadFixture(anchoredFixture);
      await expect(ledger.connect(operator).revokeCertificateAsOperator(certificateId, ZeroHash))
        .to.be.revertedWithCustomError(ledger, "CertificateRevocationReasonMissing")
        .withArgs(certificateId);
      expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
    });

    it("does not let anyone but the operator use it, the certifier included", async function () {
      const { ledger, certifier, stranger } = await loadFixture(anchoredFixture);
      for (const caller of [certifier, stranger]) {
        await expect(ledger.connect(caller).revokeCertificateAsOperator(certificateId, reason))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
    });

    it("rejects an unknown or revoked certificate", async function () {
      const { ledger, operator } = await loadFixture(anchoredFixture);
      const unknown = chainKey("CO-none");
      await expect(ledger.connect(operator).revokeCertificateAsOperator(unknown, reason))
        .to.be.revertedWithCustomError(ledger, "CertificateUnknown")
        .withArgs(unknown);
      await ledger.connect(operator).revokeCertificateAsOperator(certificateId, reason);
      await expect(ledger.connect(operator).revokeCertificateAsOperator(certificateId, reason))
        .to.be.revertedWithCustomError(ledger, "CertificateAlreadyRevoked")
        .withArgs(certificateId);
    });
  });

  describe("certifier key rotation", function () {
    it("lets the operator rotate a certifier's account; earlier certificates stay valid and its own", async function () {
      const deployment = await loadFixture(anchoredFixture);
      const { ledger, operator, certifier, certifierId } = deployment;
      const next = ethers.Wallet.createRandom(ethers.provider);
      await expect(ledger.connect(operator).rotateCertifierAccount(certifierId, next.address))
        .to.emit(ledger, "CertifierAccountRotated")
        .withArgs(certifierId, certifier.address, next.address);
      expect(await ledger.certifier(certifierId)).to.equal(next.address);
      expect(await ledger.certifierOfAccount(certifier.address)).to.equal(certifierId);
      expect(await ledger.certifierOfAccount(next.address)).to.equal(certifierId);
      expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
      expect((await ledger.certificate(certificateId)).certifier).to.equal(certifier.address);

      // The new account revokes what the old one signed; the old one no longer signs anything.
      const stale = await signRevocation(ledger, certifier, certificateId, reason);
      await expect(ledger.revokeCertificate(certificateId, reason, certifierId, stale))
        .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
        .withArgs(certificateId, certifierId, certifier.address);
      const fresh = await signRevocation(ledger, next, certificateId, reason);
      await expect(ledger.revokeCertificate(certificateId, reason, certifierId, fresh))
        .to.emit(ledger, "CertificateRevoked")
        .withArgs(certificateId, reason, next.address, false);
    });

    it("does not anchor with the account rotated away from", async function () {
      const deployment = await loadFixture(stockedFixture);
      const { ledger, operator, certifier, certifierId } = deployment;
      await ledger
        .connect(operator)
        .rotateCertifierAccount(certifierId, ethers.Wallet.createRandom(ethers.provider).address);
      await expect(ledger.anchorCertificate(...(await anchorBy(deployment, certifier))))
        .to.be.revertedWithCustomError(ledger, "CertificateInvalidSignature")
        .withArgs(certificateId, certifierId, certifier.address);
    });

    it("lets the certifier rotate its own account by signature, relayed by anyone", async function () {
      const { ledger, certifier, certifierId, relayer } = await loadFixture(stockedFixture);
      const next = ethers.Wallet.createRandom(ethers.provider);
      const signature = await signRotation(ledger, certifier, certifierId, next.address);
      await expect(
        ledger.connect(relayer).rotateCertifierAccountBySignature(certifierId, next.address, signature),
      )
        .to.emit(ledger, "CertifierAccountRotated")
        .withArgs(certifierId, certifier.address, next.address);
      expect(await ledger.certifier(certifierId)).to.equal(next.address);
    });

    it("does not rotate on another account's signature, nor replay an old rotation", async function () {
      const { ledger, certifier, certifierId, stranger, operator } = await loadFixture(stockedFixture);
      const next = ethers.Wallet.createRandom(ethers.provider);
      const byStranger = await signRotation(ledger, stranger, certifierId, next.address);
      await expect(ledger.rotateCertifierAccountBySignature(certifierId, next.address, byStranger))
        .to.be.revertedWithCustomError(ledger, "CertifierInvalidSignature")
        .withArgs(certifierId, stranger.address);
      // A rotation signed by the account in use before the operator moved the certifier away is dead.
      const old = await signRotation(ledger, certifier, certifierId, next.address);
      await ledger
        .connect(operator)
        .rotateCertifierAccount(certifierId, ethers.Wallet.createRandom(ethers.provider).address);
      await expect(ledger.rotateCertifierAccountBySignature(certifierId, next.address, old))
        .to.be.revertedWithCustomError(ledger, "CertifierInvalidSignature")
        .withArgs(certifierId, certifier.address);
    });

    it("does not let anyone but the operator rotate without a signature", async function () {
      const { ledger, certifier, certifierId, stranger } = await loadFixture(stockedFixture);
      for (const caller of [certifier, stranger]) {
        await expect(ledger.connect(caller).rotateCertifierAccount(certifierId, caller.address))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, await ledger.OPERATOR_ROLE());
      }
    });

    it("rejects an unknown certifier and an account used before, the certifier's own included", async function () {
      const { ledger, operator, certifier, certifierId, facilities } = await loadFixture(stockedFixture);
      const unknown = chainKey("no-such-body");
      await expect(ledger.connect(operator).rotateCertifierAccount(unknown, operator.address))
        .to.be.revertedWithCustomError(ledger, "CertifierUnknown")
        .withArgs(unknown);
      await expect(ledger.rotateCertifierAccountBySignature(unknown, operator.address, "0x"))
        .to.be.revertedWithCustomError(ledger, "CertifierUnknown")
        .withArgs(unknown);
      for (const account of [ZeroAddress, certifier.address, facilities.mill.signer.address]) {
        await expect(ledger.connect(operator).rotateCertifierAccount(certifierId, account))
          .to.be.revertedWithCustomError(ledger, "CertifierInvalidAccount")
          .withArgs(certifierId, account);
      }
    });
  });

  it("reads an unknown certificate as a zero certifier, not valid", async function () {
    const { ledger } = await loadFixture(stockedFixture);
    expect((await ledger.certificate(certificateId)).certifier).to.equal(ZeroAddress);
    expect(await ledger.isCertificateValid(certificateId)).to.equal(false);
    expect(await ledger.certifier(chainKey("no-such-body"))).to.equal(ZeroAddress);
  });
});
