// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @title FacilityRegistry
/// @notice Facilities registered and suspended by the programme operator ({OPERATOR_ROLE}).
/// @dev Each facility gets a dense index from 1 at registration, so that a lot can name its holder in 32 bits.
/// GS1 company prefixes are kept twice: as the list the operator set (to read them back) and as a set keyed by
/// facility and prefix (to check a sewing's GTIN with one lookup per prefix length the facility uses).
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

    /// @dev GS1 company prefixes have 4 to 12 digits.
    uint256 private constant _MIN_PREFIX_DIGITS = 4;
    uint256 private constant _MAX_PREFIX_DIGITS = 12;
    /// @dev A GTIN-14 has 14 digits: below 10**14.
    uint256 private constant _GTIN_LIMIT = 1e14;
    /// @dev The 12 digits between a GTIN-14's indicator and check digits: `(gtin / 10) % 10**12`.
    uint256 private constant _GTIN_BODY_LIMIT = 1e12;

    mapping(bytes32 facilityId => Facility) private _facilities;
    mapping(uint32 index => bytes32 facilityId) private _facilityIds;
    mapping(address account => bytes32 facilityId) private _facilityOfAccount;
    uint32 private _facilityCount;
    mapping(bytes32 facilityId => uint64[] prefixes) private _gtinPrefixList;
    mapping(bytes32 facilityId => mapping(uint64 prefix => bool)) private _hasGtinPrefix;

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
            _isAccountReserved(account) ||
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
            gtinPrefixLengths: 0,
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
    function setFacilityGtinPrefixes(
        bytes32 facilityId,
        uint64[] calldata prefixes
    ) external onlyRole(OPERATOR_ROLE) {
        Facility storage registered = _facilities[facilityId];
        if (registered.account == address(0)) revert FacilityUnknown(facilityId);

        mapping(uint64 prefix => bool) storage held = _hasGtinPrefix[facilityId];
        uint64[] storage list = _gtinPrefixList[facilityId];
        for (uint256 i = 0; i < list.length; ++i) delete held[list[i]];
        delete _gtinPrefixList[facilityId];

        uint16 lengths = 0;
        for (uint256 i = 0; i < prefixes.length; ++i) {
            uint64 prefix = prefixes[i];
            uint256 digits = _prefixDigits(prefix);
            if (digits == 0 || held[prefix]) revert GtinPrefixInvalid(facilityId, prefix);
            held[prefix] = true;
            list.push(prefix);
            lengths |= uint16(1 << digits);
        }
        registered.gtinPrefixLengths = lengths;
        emit FacilityGtinPrefixesChanged(facilityId, prefixes);
    }

    /// @inheritdoc IThreadproof
    function gtinPrefixes(bytes32 facilityId) external view returns (uint64[] memory) {
        return _gtinPrefixList[facilityId];
    }

    /// @inheritdoc IThreadproof
    function isGtinAuthorized(bytes32 facilityId, uint64 gtin) external view returns (bool) {
        return _isGtinAuthorized(facilityId, _facilities[facilityId].gtinPrefixLengths, gtin);
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

    /// @dev The id of the facility registered with `account` (zero when none).
    function _facilityIdOfAccount(address account) internal view returns (bytes32) {
        return _facilityOfAccount[account];
    }

    /// @dev Whether an account is taken by something other than a facility (a certifier's), so that one account
    /// never acts for two parties.
    function _isAccountReserved(address account) internal view virtual returns (bool);

    /// @dev Whether `gtin` lies under a prefix of the facility, looking only at the prefix lengths in `lengths`
    /// (the facility's {Facility-gtinPrefixLengths}, which the caller has loaded already).
    function _isGtinAuthorized(bytes32 facilityId, uint16 lengths, uint64 gtin) internal view returns (bool) {
        // solhint-disable-next-line gas-strict-inequalities
        if (gtin == 0 || gtin >= _GTIN_LIMIT || lengths == 0) return false;
        uint256 body = (uint256(gtin) / 10) % _GTIN_BODY_LIMIT;
        mapping(uint64 prefix => bool) storage held = _hasGtinPrefix[facilityId];
        uint256 scale = 1e8; // 10**(12 - digits) for digits = 4
        uint256 unit = 1e4; // 10**digits
        // solhint-disable-next-line gas-strict-inequalities
        for (uint256 digits = _MIN_PREFIX_DIGITS; digits <= _MAX_PREFIX_DIGITS; ++digits) {
            // Cannot truncate: the encoded prefix is below 2 * 10**12, far below 2**64.
            if (lengths & (1 << digits) != 0 && held[uint64(unit + body / scale)]) return true;
            scale /= 10;
            unit *= 10;
        }
        return false;
    }

    /// @dev The number of digits of an encoded prefix `10**n + d` (0 <= d < 10**n), or 0 when it is not one with
    /// 4 <= n <= 12.
    function _prefixDigits(uint64 prefix) private pure returns (uint256) {
        uint256 unit = 1e4;
        // solhint-disable-next-line gas-strict-inequalities
        for (uint256 digits = _MIN_PREFIX_DIGITS; digits <= _MAX_PREFIX_DIGITS; ++digits) {
            // solhint-disable-next-line gas-strict-inequalities
            if (prefix >= unit && prefix < 2 * unit) return digits;
            unit *= 10;
        }
        return 0;
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
