// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @title FacilityRegistry
/// @notice Facilities registered and suspended by the programme operator ({OPERATOR_ROLE}).
/// @dev Each facility gets a dense index from 1 at registration, so that a lot can name its holder in 32 bits.
abstract contract FacilityRegistry is IThreadproof, AccessControl {
    /// @notice Role of the programme operator: registers and suspends facilities.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Facility role bit: may register fabric lots.
    uint8 public constant ROLE_FABRIC = 1;
    /// @notice Facility role bit: may cut fabric into cut bundles.
    uint8 public constant ROLE_CUTTING = 2;
    /// @notice Facility role bit: may sew cut bundles into garment batches.
    uint8 public constant ROLE_SEWING = 4;
    /// @notice Facility role bit: may ship lots (export or transfer).
    uint8 public constant ROLE_SHIPPING = 8;

    uint8 private constant _ALL_ROLES = ROLE_FABRIC | ROLE_CUTTING | ROLE_SEWING | ROLE_SHIPPING;

    mapping(bytes32 facilityId => Facility) private _facilities;
    mapping(uint32 index => bytes32 facilityId) private _facilityIds;
    mapping(address account => bytes32 facilityId) private _facilityOfAccount;
    uint32 private _facilityCount;

    /// @inheritdoc IThreadproof
    function registerFacility(
        bytes32 facilityId,
        address account,
        bytes2 country,
        uint8 roles,
        bytes32 metadataDigest
    ) external onlyRole(OPERATOR_ROLE) {
        if (_facilities[facilityId].account != address(0)) revert FacilityAlreadyRegistered(facilityId);
        if (
            facilityId == bytes32(0) ||
            account == address(0) ||
            _facilityOfAccount[account] != bytes32(0) ||
            !_isCountryCode(country) ||
            roles == 0 ||
            roles & ~_ALL_ROLES != 0
        ) revert FacilityInvalid(facilityId);

        // Cannot overflow: registering 2^32 - 1 facilities would cost far more gas than any chain holds.
        uint32 index;
        unchecked {
            index = ++_facilityCount;
        }
        _facilities[facilityId] = Facility({
            account: account,
            country: country,
            roles: roles,
            suspended: false,
            index: index,
            metadataDigest: metadataDigest
        });
        _facilityIds[index] = facilityId;
        _facilityOfAccount[account] = facilityId;
        emit FacilityRegistered(facilityId, account, country, roles, metadataDigest);
    }

    /// @inheritdoc IThreadproof
    function setFacilitySuspended(bytes32 facilityId, bool suspended) external onlyRole(OPERATOR_ROLE) {
        Facility storage registered = _facilities[facilityId];
        if (registered.account == address(0)) revert FacilityUnknown(facilityId);
        registered.suspended = suspended;
        emit FacilitySuspensionChanged(facilityId, suspended);
    }

    /// @inheritdoc IThreadproof
    function facility(bytes32 facilityId) external view returns (Facility memory) {
        return _facilities[facilityId];
    }

    /// @inheritdoc IThreadproof
    function facilityOfAccount(address account) external view returns (bytes32) {
        return _facilityOfAccount[account];
    }

    /// @dev The stored facility (zero account when unknown), for reading single fields without a copy.
    function _facility(bytes32 facilityId) internal view returns (Facility storage) {
        return _facilities[facilityId];
    }

    /// @dev The id of the facility registered with `index` (zero for index 0, never assigned).
    function _facilityIdAt(uint32 index) internal view returns (bytes32) {
        return _facilityIds[index];
    }

    /// @dev Two upper-case ASCII letters, the shape of an ISO 3166-1 alpha-2 code.
    function _isCountryCode(bytes2 country) private pure returns (bool) {
        return _isUpperCaseLetter(country[0]) && _isUpperCaseLetter(country[1]);
    }

    function _isUpperCaseLetter(bytes1 char) private pure returns (bool) {
        // solhint-disable-next-line gas-strict-inequalities
        return char >= "A" && char <= "Z";
    }
}
