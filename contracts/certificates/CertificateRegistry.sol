// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @title CertificateRegistry
/// @notice Origin certificates anchored and revoked by certifiers ({CERTIFIER_ROLE}).
abstract contract CertificateRegistry is IThreadproof, AccessControl {
    /// @notice Role of an issuing body: anchors and revokes origin certificates.
    bytes32 public constant CERTIFIER_ROLE = keccak256("CERTIFIER_ROLE");

    mapping(bytes32 certificateId => Certificate) private _certificates;

    /// @inheritdoc IThreadproof
    function anchorCertificate(
        bytes32 certificateId,
        bytes32 subjectLotId,
        bytes32 fta,
        bytes32 digest
    ) external onlyRole(CERTIFIER_ROLE) {
        if (_certificates[certificateId].certifier != address(0))
            revert CertificateAlreadyAnchored(certificateId);
        if (!_isCertifiableSubject(subjectLotId))
            revert CertificateInvalidSubject(certificateId, subjectLotId);

        _certificates[certificateId] = Certificate({
            subjectLotId: subjectLotId,
            fta: fta,
            digest: digest,
            certifier: msg.sender,
            // Cannot truncate: block timestamps stay below 2^40 seconds for another 34,000 years.
            issuedAt: uint40(block.timestamp),
            revokedAt: 0
        });
        emit CertificateAnchored(certificateId, subjectLotId, fta, digest, msg.sender);
    }

    /// @inheritdoc IThreadproof
    function revokeCertificate(
        bytes32 certificateId,
        bytes32 reasonDigest
    ) external onlyRole(CERTIFIER_ROLE) {
        Certificate storage anchored = _certificates[certificateId];
        if (anchored.certifier == address(0)) revert CertificateUnknown(certificateId);
        if (anchored.revokedAt != 0) revert CertificateAlreadyRevoked(certificateId);
        anchored.revokedAt = uint40(block.timestamp);
        emit CertificateRevoked(certificateId, reasonDigest);
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

    /// @dev Whether a certificate may cover `lotId`: an existing garment batch or shipment.
    function _isCertifiableSubject(bytes32 lotId) internal view virtual returns (bool);
}
