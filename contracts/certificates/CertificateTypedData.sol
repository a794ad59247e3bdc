// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

/// @title CertificateTypedData
/// @notice EIP-712 struct hashes of what a certifier signs: a certificate's anchor, its revocation, the
/// rotation of the certifier's own signing account, and the anchor of a version of its status list.
/// @dev In ethers' `signTypedData` terms:
/// `CertificateAnchor: certificateId bytes32, subjectLotId bytes32, fta bytes32, digest bytes32, certifierId bytes32`;
/// `CertificateRevocation: certificateId bytes32, reasonDigest bytes32`;
/// `CertifierAccountRotation: certifierId bytes32, account address`;
/// `StatusListAnchor: listId bytes32, version uint64, digest bytes32, certifierId bytes32`.
library CertificateTypedData {
    // The EIP-712 type strings are what they are; they are hashed at compile time.
    // solhint-disable gas-small-strings
    /// @dev keccak256 of the EIP-712 type of a certificate's anchor.
    bytes32 internal constant ANCHOR_TYPEHASH = keccak256(
        "CertificateAnchor(bytes32 certificateId,bytes32 subjectLotId,bytes32 fta,bytes32 digest,bytes32 certifierId)"
    );

    /// @dev keccak256 of the EIP-712 type of a certificate's revocation.
    bytes32 internal constant REVOCATION_TYPEHASH = keccak256(
        "CertificateRevocation(bytes32 certificateId,bytes32 reasonDigest)"
    );

    /// @dev keccak256 of the EIP-712 type of a certifier's account rotation.
    bytes32 internal constant ROTATION_TYPEHASH = keccak256(
        "CertifierAccountRotation(bytes32 certifierId,address account)"
    );

    /// @dev keccak256 of the EIP-712 type of a status list version's anchor.
    bytes32 internal constant STATUS_LIST_TYPEHASH = keccak256(
        "StatusListAnchor(bytes32 listId,uint64 version,bytes32 digest,bytes32 certifierId)"
    );
    // solhint-enable gas-small-strings

    /// @dev hashStruct(CertificateAnchor).
    function hashAnchor(
        bytes32 certificateId,
        bytes32 subjectLotId,
        bytes32 fta,
        bytes32 digest,
        bytes32 certifierId
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(ANCHOR_TYPEHASH, certificateId, subjectLotId, fta, digest, certifierId));
    }

    /// @dev hashStruct(CertificateRevocation).
    function hashRevocation(bytes32 certificateId, bytes32 reasonDigest) internal pure returns (bytes32) {
        return keccak256(abi.encode(REVOCATION_TYPEHASH, certificateId, reasonDigest));
    }

    /// @dev hashStruct(CertifierAccountRotation).
    function hashRotation(bytes32 certifierId, address account) internal pure returns (bytes32) {
        return keccak256(abi.encode(ROTATION_TYPEHASH, certifierId, account));
    }

    /// @dev hashStruct(StatusListAnchor).
    function hashStatusList(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(STATUS_LIST_TYPEHASH, listId, version, digest, certifierId));
    }
}
