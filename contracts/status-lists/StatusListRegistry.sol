// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {IThreadproof} from "../interfaces/IThreadproof.sol";
import {CertificateRegistry} from "../certificates/CertificateRegistry.sol";
import {CertificateTypedData} from "../certificates/CertificateTypedData.sol";

/// @title StatusListRegistry
/// @notice The anchors of the certifiers' Bitstring Status List credentials: for each list, the latest
/// version's digest, so that a verifier holding a list credential can tell whether it is the current one.
/// @dev The chain's certificate revocation flag stays the source of truth for a certificate; a list is a signed,
/// published view of it. A list belongs to the certifier of its first anchor. The certifier signs each version
/// (anyone relays), or the operator anchors it on its own authority. Versions only grow, which also makes a
/// replayed signature useless.
abstract contract StatusListRegistry is CertificateRegistry {
    mapping(bytes32 listId => StatusListAnchor) private _statusLists;

    /// @inheritdoc IThreadproof
    function anchorStatusList(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId,
        bytes calldata signature
    ) external {
        address account = _certifierAccount(certifierId);
        if (account == address(0)) revert CertifierUnknown(certifierId);
        address signer = _recover(
            CertificateTypedData.hashStatusList(listId, version, digest, certifierId),
            signature
        );
        if (signer != account) revert StatusListInvalidSignature(listId, certifierId, signer);
        _anchorStatusList(listId, version, digest, certifierId, false);
    }

    /// @inheritdoc IThreadproof
    function anchorStatusListAsOperator(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId
    ) external onlyRole(OPERATOR_ROLE) {
        if (_certifierAccount(certifierId) == address(0)) revert CertifierUnknown(certifierId);
        _anchorStatusList(listId, version, digest, certifierId, true);
    }

    /// @inheritdoc IThreadproof
    function statusListAnchor(bytes32 listId) external view returns (StatusListAnchor memory) {
        return _statusLists[listId];
    }

    function _anchorStatusList(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId,
        bool byOperator
    ) private {
        if (listId == bytes32(0) || digest == bytes32(0)) revert StatusListInvalid(listId, digest);
        StatusListAnchor storage anchored = _statusLists[listId];
        bytes32 issuerId = anchored.certifierId;
        if (issuerId == bytes32(0)) {
            anchored.certifierId = certifierId;
        } else if (issuerId != certifierId) {
            revert StatusListNotIssuer(listId, certifierId, issuerId);
        }
        // solhint-disable-next-line gas-strict-inequalities
        if (version <= anchored.version) revert StatusListStaleVersion(listId, version, anchored.version);
        anchored.digest = digest;
        anchored.version = version;
        // Cannot truncate: block timestamps stay below 2^40 seconds for another 34,000 years.
        anchored.anchoredAt = uint40(block.timestamp);
        emit StatusListAnchored(listId, certifierId, version, digest, byOperator);
    }
}
