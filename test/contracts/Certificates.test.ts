import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { LOTS, record, stockedFixture } from "./helpers/fixture";
import { chainKey, digestOf, shipOperation, Unit } from "./helpers/operations";

const EVFTA = encodeBytes32String("EVFTA");

describe("Threadproof: origin certificates", function () {
  const certificateId = chainKey("CO-2026-0001");
  const digest = digestOf("certificate CO-2026-0001");

  it("lets a certifier anchor a certificate on a garment batch, valid until revoked", async function () {
    const { ledger, certifier } = await loadFixture(stockedFixture);
    await expect(ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest))
      .to.emit(ledger, "CertificateAnchored")
      .withArgs(certificateId, LOTS.garments, EVFTA, digest, certifier.address);
    const anchored = await ledger.certificate(certificateId);
    expect(anchored.subjectLotId).to.equal(LOTS.garments);
    expect(anchored.fta).to.equal(EVFTA);
    expect(anchored.digest).to.equal(digest);
    expect(anchored.certifier).to.equal(certifier.address);
    expect(anchored.issuedAt).to.equal(await time.latest());
    expect(anchored.revokedAt).to.equal(0n);
    expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
  });

  it("lets a certifier anchor a certificate on a shipment", async function () {
    const deployment = await loadFixture(stockedFixture);
    const { ledger, certifier, facilities } = deployment;
    const shipment = shipOperation({
      lotId: chainKey("SHP-C"),
      facilityId: facilities.factory.id,
      inputs: [{ lotId: LOTS.garments, quantity: 1_000n, unit: Unit.Piece }],
    });
    await record(deployment, [facilities.factory, shipment]);
    await expect(ledger.connect(certifier).anchorCertificate(certificateId, shipment.lotId, EVFTA, digest))
      .to.emit(ledger, "CertificateAnchored")
      .withArgs(certificateId, shipment.lotId, EVFTA, digest, certifier.address);
  });

  it("does not let anyone without the certifier role anchor a certificate", async function () {
    const { ledger, stranger, operator } = await loadFixture(stockedFixture);
    for (const caller of [stranger, operator]) {
      await expect(ledger.connect(caller).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, await ledger.CERTIFIER_ROLE());
    }
  });

  it("rejects a certificate id anchored already", async function () {
    const { ledger, certifier } = await loadFixture(stockedFixture);
    await ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest);
    await expect(ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest))
      .to.be.revertedWithCustomError(ledger, "CertificateAlreadyAnchored")
      .withArgs(certificateId);
  });

  it("rejects a subject that is not a garment batch or a shipment", async function () {
    const { ledger, certifier } = await loadFixture(stockedFixture);
    for (const subject of [LOTS.fabric, LOTS.bundles, chainKey("no such lot")]) {
      await expect(ledger.connect(certifier).anchorCertificate(certificateId, subject, EVFTA, digest))
        .to.be.revertedWithCustomError(ledger, "CertificateInvalidSubject")
        .withArgs(certificateId, subject);
    }
  });

  it("lets a certifier revoke a certificate, visibly", async function () {
    const { ledger, certifier, admin } = await loadFixture(stockedFixture);
    await ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest);
    const reason = digestOf("revocation: fabric origin proof withdrawn");
    // Any certifier may revoke (here the admin, a certifier by construction).
    await expect(ledger.connect(admin).revokeCertificate(certificateId, reason))
      .to.emit(ledger, "CertificateRevoked")
      .withArgs(certificateId, reason);
    expect((await ledger.certificate(certificateId)).revokedAt).to.equal(await time.latest());
    expect(await ledger.isCertificateValid(certificateId)).to.equal(false);
  });

  it("does not let anyone without the certifier role revoke a certificate", async function () {
    const { ledger, certifier, stranger } = await loadFixture(stockedFixture);
    await ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest);
    await expect(ledger.connect(stranger).revokeCertificate(certificateId, digestOf("no")))
      .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await ledger.CERTIFIER_ROLE());
    expect(await ledger.isCertificateValid(certificateId)).to.equal(true);
  });

  it("rejects revoking an unknown certificate or one revoked already", async function () {
    const { ledger, certifier } = await loadFixture(stockedFixture);
    await expect(ledger.connect(certifier).revokeCertificate(certificateId, digestOf("why")))
      .to.be.revertedWithCustomError(ledger, "CertificateUnknown")
      .withArgs(certificateId);
    await ledger.connect(certifier).anchorCertificate(certificateId, LOTS.garments, EVFTA, digest);
    await ledger.connect(certifier).revokeCertificate(certificateId, digestOf("why"));
    await expect(ledger.connect(certifier).revokeCertificate(certificateId, digestOf("again")))
      .to.be.revertedWithCustomError(ledger, "CertificateAlreadyRevoked")
      .withArgs(certificateId);
  });

  it("reads an unknown certificate as a zero certifier, not valid", async function () {
    const { ledger } = await loadFixture(stockedFixture);
    expect((await ledger.certificate(certificateId)).certifier).to.equal(ZeroAddress);
    expect(await ledger.isCertificateValid(certificateId)).to.equal(false);
  });
});
