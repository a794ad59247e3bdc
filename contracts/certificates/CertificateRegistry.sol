// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IThreadproof} from "../interfaces/IThreadproof.sol";
import {FacilityRegistry} from "../facilities/FacilityRegistry.sol";
import {CertificateTypedData} from "./CertificateTypedData.sol";

/// @title CertificateRegistry
/// @notice Certifiers registered by the operator, each with its own signing account, and the origin
/// certificates they anchor and revoke by EIP-712 signature (so that the chain names the issuing certifier even
/// when a relayer sends the transaction).
/// @dev Only the issuing certifier revokes its certificate, or the operator with a reason (e.g. after a key
/// compromise). A certifier's account can be rotated; every account it ever used keeps naming it, so its
/// earlier certificates stay valid and revocable by it. No account is used twice (see {_isAccountReserved}).
abstract contract CertificateRegistry is FacilityRegistry, EIP712 {
    mapping(bytes32 certificateId => Certificate) private _certificates;
    mapping(bytes32 certifierId => address account) private _certifierAccounts;
    mapping(address account => bytes32 certifierId) private _certifierOfAccount;

    /// @inheritdoc IThreadproof
    function registerCertifier(bytes32 certifierId, address account) external onlyRole(OPERATOR_ROLE) {
        if (certifierId == bytes32(0) || _certifierAccounts[certifierId] != address(0))
            revert CertifierAlreadyRegistered(certifierId);
        _claimAccount(certifierId, account);
        _certifierAccounts[certifierId] = account;
        emit CertifierRegistered(certifierId, account);
    }

    /// @inheritdoc IThreadproof
    function rotateCertifierAccount(bytes32 certifierId, address account) external onlyRole(OPERATOR_ROLE) {
        _rotate(certifierId, account);
    }

    /// @inheritdoc IThreadproof
    function rotateCertifierAccountBySignature(
        bytes32 certifierId,
        address account,
        bytes calldata signature
    ) external {
        address current = _certifierAccounts[certifierId];
        if (current == address(0)) revert CertifierUnknown(certifierId);
        address signer = _recover(CertificateTypedData.hashRotation(certifierId, account), signature);
        if (signer != current) revert CertifierInvalidSignature(certifierId, signer);
        _rotate(certifierId, account);
    }

    /// @inheritdoc IThreadproof
    function anchorCertificate(
        bytes32 certificateId,
        bytes32 subjectLotId,
        bytes32 fta,
        bytes32 digest,
        bytes32 certifierId,
        bytes calldata signature
    ) external {
        address account = _certifierAccounts[certifierId];
        if (account == address(0)) revert CertifierUnknown(certifierId);
        address signer = _recover(
            CertificateTypedData.hashAnchor(certificateId, subjectLotId, fta, digest, certifierId),
            signature
        );
        if (signer != account) revert CertificateInvalidSignature(certificateId, certifierId, signer);
        if (_certificates[certificateId].certifier != address(0))
            revert CertificateAlreadyAnchored(certificateId);
        if (!_isCertifiableSubject(subjectLotId))
            revert CertificateInvalidSubject(certificateId, subjectLotId);

        _certificates[certificateId] = Certificate({
            subjectLotId: subjectLotId,
            fta: fta,
            digest: digest,
            certifier: account,
            // Cannot truncate: block timestamps stay below 2^40 seconds for another 34,000 years.
            issuedAt: uint40(block.timestamp),
            revokedAt: 0
        });
        emit CertificateAnchored(certificateId, subjectLotId, fta, digest, account, certifierId);
    }

    /// @inheritdoc IThreadproof
    function revokeCertificate(
        bytes32 certificateId,
        bytes32 reasonDigest,
        bytes32 certifierId,
        bytes calldata signature
    ) external {
        Certificate storage anchored = _revocable(certificateId);
        bytes32 issuerId = _certifierOfAccount[anchored.certifier];
        if (certifierId != issuerId) revert CertificateNotIssuer(certificateId, certifierId, issuerId);
        address current = _certifierAccounts[issuerId];
        address signer = _recover(
            CertificateTypedData.hashRevocation(certificateId, reasonDigest),
            signature
        );
        if (signer != current) revert CertificateInvalidSignature(certificateId, certifierId, signer);
        anchored.revokedAt = uint40(block.timestamp);
        emit CertificateRevoked(certificateId, reasonDigest, signer, false);
    }

    /// @inheritdoc IThreadproof
    function revokeCertificateAsOperator(
        bytes32 certificateId,
        bytes32 reasonDigest
    ) external onlyRole(OPERATOR_ROLE) {
        Certificate storage anchored = _revocable(certificateId);
        if (reasonDigest == bytes32(0)) revert CertificateRevocationReasonMissing(certificateId);
        anchored.revokedAt = uint40(block.timestamp);
        emit CertificateRevoked(certificateId, reasonDigest, msg.sender, true);
    }

    /// @inheritdoc IThreadproof
    function certificate(bytes32 certificateId) external view returns (Certificate memory) {
        return _certificates[certificateId];
    }

    /// @inheritdoc IThreadproof
    function isCertificateValid(bytes32 certificateId) external view returns (bool) {
        Certificate storage anchored = _certificates[certificateId];
        return anchored.certifier != address(0) && anchored.revokedAt == 0;
    }

    /// @inheritdoc IThreadproof
    function certifier(bytes32 certifierId) external view returns (address) {
        return _certifierAccounts[certifierId];
    }

    /// @inheritdoc IThreadproof
    function certifierOfAccount(address account) external view returns (bytes32) {
        return _certifierOfAccount[account];
    }

    /// @dev Whether a certificate may cover `lotId`: an existing garment batch or shipment.
    function _isCertifiableSubject(bytes32 lotId) internal view virtual returns (bool);

    /// @dev See {FacilityRegistry-_isAccountReserved}: an account a certifier uses or used.
    function _isAccountReserved(address account) internal view override returns (bool) {
        return _certifierOfAccount[account] != bytes32(0);
    }

    /// @dev An anchored certificate not revoked yet, or a revert naming why not.
    function _revocable(bytes32 certificateId) private view returns (Certificate storage anchored) {
        anchored = _certificates[certificateId];
        if (anchored.certifier == address(0)) revert CertificateUnknown(certificateId);
        if (anchored.revokedAt != 0) revert CertificateAlreadyRevoked(certificateId);
    }

    function _rotate(bytes32 certifierId, address account) private {
        address previous = _certifierAccounts[certifierId];
        if (previous == address(0)) revert CertifierUnknown(certifierId);
        _claimAccount(certifierId, account);
        _certifierAccounts[certifierId] = account;
        emit CertifierAccountRotated(certifierId, previous, account);
    }

    /// @dev Gives `account` to the certifier for good, unless it is zero or was ever used by anyone.
    function _claimAccount(bytes32 certifierId, address account) private {
        if (
            account == address(0) ||
            _certifierOfAccount[account] != bytes32(0) ||
            _facilityIdOfAccount(account) != bytes32(0)
        ) revert CertifierInvalidAccount(certifierId, account);
        _certifierOfAccount[account] = certifierId;
    }

    /// @dev The certifier's current signing account (zero when unknown).
    function _certifierAccount(bytes32 certifierId) internal view returns (address) {
        return _certifierAccounts[certifierId];
    }

    /// @dev The account that signed the EIP-712 struct hash `structHash` (zero for a malformed signature).
    function _recover(bytes32 structHash, bytes calldata signature) internal view returns (address signer) {
        (signer, , ) = ECDSA.tryRecoverCalldata(_hashTypedDataV4(structHash), signature);
    }
}
