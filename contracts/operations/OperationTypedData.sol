// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @title OperationTypedData
/// @notice EIP-712 struct hashes of {IThreadproof-Operation}. Enums are encoded as `uint8`.
/// @dev The typed data a facility signs, in ethers' `signTypedData` terms:
/// `Operation: kind uint8, lotId bytes32, facilityId bytes32, inputs LotInput[], quantity uint64, unit uint8,
/// garmentsRoot bytes32, recipientId bytes32, recordDigest bytes32, gtin uint64`;
/// `LotInput: lotId bytes32, quantity uint64, unit uint8`.
library OperationTypedData {
    /// @dev keccak256 of the EIP-712 type of {IThreadproof-Operation}, with the referenced `LotInput` appended.
    // The EIP-712 type strings are what they are; they are hashed at compile time.
    // solhint-disable gas-small-strings
    bytes32 internal constant OPERATION_TYPEHASH = keccak256(
        "Operation(uint8 kind,bytes32 lotId,bytes32 facilityId,LotInput[] inputs,uint64 quantity,uint8 unit,"
        "bytes32 garmentsRoot,bytes32 recipientId,bytes32 recordDigest,uint64 gtin)"
        "LotInput(bytes32 lotId,uint64 quantity,uint8 unit)"
    );

    /// @dev keccak256 of the EIP-712 type of {IThreadproof-LotInput}.
    bytes32 internal constant LOT_INPUT_TYPEHASH = keccak256(
        "LotInput(bytes32 lotId,uint64 quantity,uint8 unit)"
    );

    /// @dev The EIP-712 `hashStruct` of `operation` (to be wrapped with the domain separator).
    /// Hashes straight from calldata without allocating: a batch hashes hundreds of operations. The words are
    /// hashed as the ABI laid them out; Solidity rejects any out-of-range enum or `uint64` (dirty high bits)
    /// as soon as the contract reads that field, so a hash over such a word never leads to a recorded lot.
    function hash(IThreadproof.Operation calldata operation) internal pure returns (bytes32 result) {
        bytes32 inputsHash = _hashInputs(operation.inputs);
        bytes32 typehash = OPERATION_TYPEHASH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Scratch space above the free memory pointer, never claimed. The operation's calldata head is
            // kind, lotId, facilityId, (offset of inputs), quantity, unit, garmentsRoot, recipientId, recordDigest,
            // gtin.
            let ptr := mload(0x40)
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), operation, 0x60)
            mstore(add(ptr, 0x80), inputsHash)
            calldatacopy(add(ptr, 0xa0), add(operation, 0x80), 0xc0)
            result := keccak256(ptr, 0x160)
        }
    }

    /// @dev EIP-712 encodes an array of structs as the keccak256 of its members' struct hashes, concatenated.
    function _hashInputs(IThreadproof.LotInput[] calldata inputs) private pure returns (bytes32 result) {
        bytes32 typehash = LOT_INPUT_TYPEHASH;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Scratch space: the member hashes, then one member's encoding (type hash + 3 words).
            let hashes := mload(0x40)
            let size := shl(5, inputs.length)
            let member := add(hashes, size)
            mstore(member, typehash)
            // A LotInput is static (3 words), so the members lie back to back from `inputs.offset`; Solidity
            // checked that they fit in the calldata when it decoded `inputs`.
            for {
                let i := 0
            } lt(i, inputs.length) {
                i := add(i, 1)
            } {
                calldatacopy(add(member, 0x20), add(inputs.offset, mul(i, 0x60)), 0x60)
                mstore(add(hashes, shl(5, i)), keccak256(member, 0x80))
            }
            result := keccak256(hashes, size)
        }
    }
}
