// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {IThreadproof} from "../interfaces/IThreadproof.sol";

/// @title OperationTypedData
/// @notice EIP-712 struct hashes of {IThreadproof-Operation}. Enums are encoded as `uint8`.
/// @dev The typed data a facility signs, in ethers' `signTypedData` terms:
/// `Operation: kind uint8, lotId bytes32, facilityId bytes32, inputs LotInput[], quantity uint64, unit uint8,
/// garmentsRoot bytes32, recipientId bytes32, recordDigest bytes32`;
/// `LotInput: lotId bytes32, quantity uint64, unit uint8`.
library OperationTypedData {
    /// @dev keccak256 of the EIP-712 type of {IThreadproof-Operation}, with the referenced `LotInput` appended.
    bytes32 internal constant OPERATION_TYPEHASH = keccak256(
        "Operation(uint8 kind,bytes32 lotId,bytes32 facilityId,LotInput[] inputs,uint64 quantity,uint8 unit,"
        "bytes32 garmentsRoot,bytes32 recipientId,bytes32 recordDigest)"
        "LotInput(bytes32 lotId,uint64 quantity,uint8 unit)"
    );

    /// @dev keccak256 of the EIP-712 type of {IThreadproof-LotInput}.
    bytes32 internal constant LOT_INPUT_TYPEHASH = keccak256(
        "LotInput(bytes32 lotId,uint64 quantity,uint8 unit)"
    );

    /// @dev The EIP-712 `hashStruct` of `operation` (to be wrapped with the domain separator).
    function hash(IThreadproof.Operation calldata operation) internal pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    OPERATION_TYPEHASH,
                    operation.kind,
                    operation.lotId,
                    operation.facilityId,
                    _hashInputs(operation.inputs),
                    operation.quantity,
                    operation.unit,
                    operation.garmentsRoot,
                    operation.recipientId,
                    operation.recordDigest
                )
            );
    }

    /// @dev EIP-712 encodes an array of structs as the keccak256 of its members' struct hashes, concatenated.
    function _hashInputs(IThreadproof.LotInput[] calldata inputs) private pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](inputs.length);
        for (uint256 i = 0; i < inputs.length; ++i) {
            IThreadproof.LotInput calldata input = inputs[i];
            hashes[i] = keccak256(abi.encode(LOT_INPUT_TYPEHASH, input.lotId, input.quantity, input.unit));
        }
        return keccak256(abi.encodePacked(hashes));
    }
}
