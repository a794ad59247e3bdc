// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @dev A lot in one storage word, so that creating a lot costs one new slot and consuming one costs one
/// rewrite. Layout from the low bits:
/// `kind` (8) | `unit` (8) | `facilityIndex` (32) | `createdAt` (40) | `quantity` (64) | `remaining` (64) |
/// `batchNumber` (40), 256 bits in all. A zero word is an unknown lot (its kind is `None`).
type PackedLot is uint256;

/// @title PackedLots
/// @notice Packs and reads {PackedLot} words.
library PackedLots {
    uint256 private constant _UNIT_SHIFT = 8;
    uint256 private constant _FACILITY_SHIFT = 16;
    uint256 private constant _CREATED_AT_SHIFT = 48;
    uint256 private constant _QUANTITY_SHIFT = 88;
    uint256 private constant _REMAINING_SHIFT = 152;
    uint256 private constant _BATCH_SHIFT = 216;

    uint256 private constant _MASK_8 = 0xff;
    uint256 private constant _MASK_32 = 0xffffffff;
    uint256 private constant _MASK_40 = 0xffffffffff;
    uint256 private constant _MASK_64 = 0xffffffffffffffff;

    /// @dev Packs the fields of a lot. Each argument's type bounds it to its field's width.
    function pack(
        IThreadproof.LotKind kind_,
        IThreadproof.Unit unit_,
        uint32 facilityIndex_,
        uint40 createdAt_,
        uint64 quantity_,
        uint64 remaining_,
        uint40 batchNumber_
    ) internal pure returns (PackedLot) {
        return
            PackedLot.wrap(
                uint256(kind_) |
                    (uint256(unit_) << _UNIT_SHIFT) |
                    (uint256(facilityIndex_) << _FACILITY_SHIFT) |
                    (uint256(createdAt_) << _CREATED_AT_SHIFT) |
                    (uint256(quantity_) << _QUANTITY_SHIFT) |
                    (uint256(remaining_) << _REMAINING_SHIFT) |
                    (uint256(batchNumber_) << _BATCH_SHIFT)
            );
    }

    /// @dev The lot's kind; `None` for an unknown lot.
    function kind(PackedLot lot) internal pure returns (IThreadproof.LotKind) {
        return IThreadproof.LotKind(PackedLot.unwrap(lot) & _MASK_8);
    }

    /// @dev The unit of the lot's quantities.
    function unit(PackedLot lot) internal pure returns (IThreadproof.Unit) {
        return IThreadproof.Unit((PackedLot.unwrap(lot) >> _UNIT_SHIFT) & _MASK_8);
    }

    /// @dev The registration index of the holding facility.
    function facilityIndex(PackedLot lot) internal pure returns (uint32) {
        return uint32((PackedLot.unwrap(lot) >> _FACILITY_SHIFT) & _MASK_32);
    }

    /// @dev Block timestamp of the operation that created the lot.
    function createdAt(PackedLot lot) internal pure returns (uint40) {
        return uint40((PackedLot.unwrap(lot) >> _CREATED_AT_SHIFT) & _MASK_40);
    }

    /// @dev The quantity the lot was created with.
    function quantity(PackedLot lot) internal pure returns (uint64) {
        return uint64((PackedLot.unwrap(lot) >> _QUANTITY_SHIFT) & _MASK_64);
    }

    /// @dev The quantity not consumed yet.
    function remaining(PackedLot lot) internal pure returns (uint64) {
        return uint64((PackedLot.unwrap(lot) >> _REMAINING_SHIFT) & _MASK_64);
    }

    /// @dev The batch ({IThreadproof-submit} call) that created the lot.
    function batchNumber(PackedLot lot) internal pure returns (uint40) {
        return uint40(PackedLot.unwrap(lot) >> _BATCH_SHIFT);
    }

    /// @dev The same lot with `remaining_` left.
    function withRemaining(PackedLot lot, uint64 remaining_) internal pure returns (PackedLot) {
        uint256 others = PackedLot.unwrap(lot) & ~(_MASK_64 << _REMAINING_SHIFT);
        return PackedLot.wrap(others | (uint256(remaining_) << _REMAINING_SHIFT));
    }
}
