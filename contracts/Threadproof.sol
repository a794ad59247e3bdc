// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IThreadproof} from "./interfaces/IThreadproof.sol";
import {StatusListRegistry} from "./status-lists/StatusListRegistry.sol";
import {OperationTypedData} from "./operations/OperationTypedData.sol";
import {PackedLot, PackedLots} from "./lots/PackedLot.sol";

/// @title Threadproof
/// @notice The threadproof ledger: facilities, lots under mass balance, garment commitments and origin
/// certificates. See {IThreadproof}.
/// @dev Operations arrive in signed batches through {submit}. Each creates a new lot id, so a replayed
/// operation fails with {LotAlreadyExists} and no nonces are needed; the EIP-712 domain (name "threadproof",
/// version "1") binds the chain id and this contract's address. {CertificateRegistry} builds on the
/// {FacilityRegistry} (an account acts for one party only) and signs with the same domain;
/// {StatusListRegistry} adds the anchors of the certifiers' status lists.
contract Threadproof is StatusListRegistry {
    using PackedLots for PackedLot;

    /// @notice Quantities are integers in thousandths of their unit.
    uint256 public constant QUANTITY_SCALE = 1000;

    /// @notice EIP-712 type hash of {IThreadproof-Operation}.
    bytes32 public constant OPERATION_TYPEHASH = OperationTypedData.OPERATION_TYPEHASH;

    /// @notice EIP-712 type hash of {IThreadproof-LotInput}.
    bytes32 public constant LOT_INPUT_TYPEHASH = OperationTypedData.LOT_INPUT_TYPEHASH;

    /// @dev The acting facility of the current operation, kept across a batch's operations so that a run of
    /// one facility's operations reads its registration once.
    struct ActingFacility {
        bytes32 id;
        address account;
        uint8 roles;
        uint32 index;
        uint16 gtinPrefixLengths;
    }

    mapping(bytes32 lotId => PackedLot) private _lots;
    mapping(bytes32 lotId => bytes32 root) private _garmentsRoots;

    /// @dev Batches submitted so far: the number of the current or last batch.
    uint40 private _batchCount;
    mapping(uint40 batchNumber => bytes32 root) private _batchRoots;

    /// @dev An event commitment: the events' Merkle root and the facility that made it.
    struct EventCommitment {
        bytes32 eventsRoot;
        bytes32 facilityId;
    }

    mapping(bytes32 commitmentId => EventCommitment) private _eventCommitments;

    /// @param admin Receives {DEFAULT_ADMIN_ROLE} and {OPERATOR_ROLE}. Certifiers are registered identities
    /// ({registerCertifier}), not a role.
    constructor(address admin) EIP712("threadproof", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
    }

    // ------------------------------------------------------------------------------------------------------
    // Batch submission
    // ------------------------------------------------------------------------------------------------------

    /// @inheritdoc IThreadproof
    function submit(SignedOperation[] calldata operations) external {
        uint256 count = operations.length;
        if (count == 0) revert BatchEmpty();

        uint40 batchNumber;
        // Cannot overflow: 2^40 batches are more than any chain mines (one a block for 34,000 years).
        unchecked {
            batchNumber = _batchCount + 1;
        }
        _batchCount = batchNumber;
        bytes32 root = bytes32(0);
        ActingFacility memory actor;
        for (uint256 i = 0; i < count; ++i) {
            SignedOperation calldata signed = operations[i];
            Operation calldata operation = signed.operation;
            _authorize(i, operation, signed.signature, actor);
            root = _chainRoot(root, operation);

            OperationKind kind = operation.kind;
            if (kind == OperationKind.RegisterFabricLot) {
                _registerFabricLot(i, operation, actor);
            } else if (kind == OperationKind.Cut) {
                _transform(i, operation, actor, ROLE_CUTTING, LotKind.Fabric, LotKind.CutBundles);
            } else if (kind == OperationKind.Sew) {
                _transform(i, operation, actor, ROLE_SEWING, LotKind.CutBundles, LotKind.GarmentBatch);
            } else if (kind == OperationKind.Ship) {
                _ship(i, operation, actor);
            } else {
                _commitEvents(i, operation, actor);
            }
        }
        _batchRoots[batchNumber] = root;
        emit BatchRecorded(batchNumber, root);
    }

    /// @dev The next link of a batch root (see {batchRoot}): keccak256(abi.encode(root, lotId, kind,
    /// recordDigest, gtin)), hashed in scratch memory past the free pointer, which it leaves where it is, so
    /// that a batch of hundreds of operations does not grow memory by a word list each.
    function _chainRoot(bytes32 root, Operation calldata operation) private pure returns (bytes32 next) {
        bytes32 lotId = operation.lotId;
        OperationKind kind = operation.kind;
        bytes32 recordDigest = operation.recordDigest;
        uint64 gtin = operation.gtin;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let at := mload(0x40)
            mstore(at, root)
            mstore(add(at, 0x20), lotId)
            mstore(add(at, 0x40), kind)
            mstore(add(at, 0x60), recordDigest)
            mstore(add(at, 0x80), gtin)
            next := keccak256(at, 0xa0)
        }
    }

    /// @dev Loads the acting facility (unless it acted in the previous operation too) and checks that it is
    /// registered, not suspended, and that its account signed the operation.
    function _authorize(
        uint256 index,
        Operation calldata operation,
        bytes calldata signature,
        ActingFacility memory actor
    ) private view {
        bytes32 facilityId = operation.facilityId;
        // Suspension and accounts cannot change during a batch, so a cached facility stays valid.
        if (facilityId != actor.id || actor.account == address(0)) {
            Facility storage registered = _facility(facilityId);
            address account = registered.account;
            if (account == address(0)) {
                _fail(index, abi.encodeWithSelector(FacilityUnknown.selector, facilityId));
            }
            if (registered.suspended) {
                _fail(index, abi.encodeWithSelector(FacilitySuspended.selector, facilityId));
            }
            actor.id = facilityId;
            actor.account = account;
            actor.roles = registered.roles;
            actor.index = registered.index;
            actor.gtinPrefixLengths = registered.gtinPrefixLengths;
        }

        (address signer, , ) = ECDSA.tryRecoverCalldata(
            _hashTypedDataV4(OperationTypedData.hash(operation)),
            signature
        );
        if (signer != actor.account) {
            _fail(index, abi.encodeWithSelector(OperationInvalidSignature.selector, facilityId, signer));
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Operations
    // ------------------------------------------------------------------------------------------------------

    /// @dev A fabric lot: no inputs, metres or kilograms.
    function _registerFabricLot(
        uint256 index,
        Operation calldata operation,
        ActingFacility memory actor
    ) private {
        bytes32 lotId = operation.lotId;
        _requireRole(index, actor, ROLE_FABRIC);
        if (
            operation.inputs.length != 0 ||
            operation.garmentsRoot != bytes32(0) ||
            operation.recipientId != bytes32(0) ||
            operation.gtin != 0
        ) {
            _fail(index, abi.encodeWithSelector(OperationMalformed.selector, lotId, operation.kind));
        }
        Unit unit = operation.unit;
        if (unit != Unit.Metre && unit != Unit.Kilogram) {
            _fail(index, abi.encodeWithSelector(LotUnitMismatch.selector, lotId, Unit.Metre, unit));
        }
        _createLot(index, operation, LotKind.Fabric, actor.id, actor.index, operation.quantity);
    }

    /// @dev A cutting (fabric -> cut bundles) or a sewing (cut bundles -> garment batch with its garments root,
    /// under a GTIN of the facility's own GS1 company prefixes).
    function _transform(
        uint256 index,
        Operation calldata operation,
        ActingFacility memory actor,
        uint8 role,
        LotKind inputKind,
        LotKind outputKind
    ) private {
        bytes32 lotId = operation.lotId;
        _requireRole(index, actor, role);
        bool isSewing = outputKind == LotKind.GarmentBatch;
        if (
            operation.inputs.length == 0 ||
            operation.recipientId != bytes32(0) ||
            (operation.garmentsRoot == bytes32(0)) == isSewing ||
            (!isSewing && operation.gtin != 0)
        ) {
            _fail(index, abi.encodeWithSelector(OperationMalformed.selector, lotId, operation.kind));
        }
        if (operation.unit != Unit.Piece) {
            _fail(index, abi.encodeWithSelector(LotUnitMismatch.selector, lotId, Unit.Piece, operation.unit));
        }
        if (isSewing && !_isGtinAuthorized(actor.id, actor.gtinPrefixLengths, operation.gtin)) {
            _fail(index, abi.encodeWithSelector(GtinNotAuthorized.selector, actor.id, operation.gtin));
        }

        _createLot(index, operation, outputKind, actor.id, actor.index, operation.quantity);
        _consumeInputs(index, operation, actor, inputKind, false);
        if (isSewing) {
            _garmentsRoots[lotId] = operation.garmentsRoot;
            emit GarmentsCommitted(lotId, operation.garmentsRoot, operation.gtin);
        }
    }

    /// @dev A shipment: an export (no recipient) turns garment batches into a spent shipment lot; a transfer
    /// hands lots of one kind to the recipient as a new lot of that kind, whole.
    function _ship(uint256 index, Operation calldata operation, ActingFacility memory actor) private {
        bytes32 lotId = operation.lotId;
        _requireRole(index, actor, ROLE_SHIPPING);
        bytes32 recipientId = operation.recipientId;
        if (
            operation.inputs.length == 0 ||
            operation.garmentsRoot != bytes32(0) ||
            operation.gtin != 0 ||
            recipientId == actor.id
        ) {
            _fail(index, abi.encodeWithSelector(OperationMalformed.selector, lotId, operation.kind));
        }
        if (operation.unit == Unit.None) {
            _fail(
                index,
                abi.encodeWithSelector(LotUnitMismatch.selector, lotId, operation.inputs[0].unit, Unit.None)
            );
        }

        if (recipientId == bytes32(0)) {
            // Export: the garments leave the chain of custody; nothing remains to consume.
            _createLot(index, operation, LotKind.Shipment, actor.id, actor.index, 0);
            _consumeInputs(index, operation, actor, LotKind.GarmentBatch, true);
        } else {
            Facility storage recipient = _facility(recipientId);
            uint32 recipientIndex = recipient.index; // zero for an unknown facility: indexes start at 1
            if (recipientIndex == 0) {
                _fail(index, abi.encodeWithSelector(FacilityUnknown.selector, recipientId));
            }
            if (recipient.suspended) {
                _fail(index, abi.encodeWithSelector(FacilitySuspended.selector, recipientId));
            }
            // A transfer keeps the kind of what it moves; the first input decides it, the others must match.
            // (An unknown first input gives `None`, and consuming it then fails with {LotUnknown}.)
            LotKind kind = _lots[operation.inputs[0].lotId].kind();
            _createLot(index, operation, kind, recipientId, recipientIndex, operation.quantity);
            _consumeInputs(index, operation, actor, kind, true);
        }
        emit LotShipped(lotId, actor.id, recipientId);
    }

    /// @dev A commitment to supply-chain events that move no lot (an inspection, a dyeing): their Merkle root,
    /// under a new commitment id. Any registered facility may commit its own events.
    function _commitEvents(uint256 index, Operation calldata operation, ActingFacility memory actor) private {
        bytes32 commitmentId = operation.lotId;
        bytes32 root = operation.garmentsRoot;
        if (
            root == bytes32(0) ||
            operation.quantity == 0 ||
            operation.unit != Unit.None ||
            operation.inputs.length != 0 ||
            operation.recipientId != bytes32(0) ||
            operation.gtin != 0
        ) {
            _fail(index, abi.encodeWithSelector(OperationMalformed.selector, commitmentId, operation.kind));
        }
        EventCommitment storage commitment = _eventCommitments[commitmentId];
        if (commitment.eventsRoot != bytes32(0)) {
            _fail(index, abi.encodeWithSelector(EventCommitmentExists.selector, commitmentId));
        }
        commitment.eventsRoot = root;
        commitment.facilityId = actor.id;
        emit EventsCommitted(commitmentId, actor.id, root, operation.quantity, operation.recordDigest);
    }

    /// @dev Stores a new lot and emits {LotRecorded}; `holderId` holds it (the recipient of a transfer).
    function _createLot(
        uint256 index,
        Operation calldata operation,
        LotKind kind,
        bytes32 holderId,
        uint32 holderIndex,
        uint64 remaining
    ) private {
        bytes32 lotId = operation.lotId;
        uint64 quantity = operation.quantity;
        if (_lots[lotId].kind() != LotKind.None) {
            _fail(index, abi.encodeWithSelector(LotAlreadyExists.selector, lotId));
        }
        if (quantity == 0) _fail(index, abi.encodeWithSelector(LotZeroQuantity.selector, lotId));

        Unit unit = operation.unit;
        // Cannot truncate: block timestamps stay below 2^40 seconds for another 34,000 years.
        _lots[lotId] = PackedLots.pack(
            kind,
            unit,
            holderIndex,
            uint40(block.timestamp),
            quantity,
            remaining,
            _batchCount
        );
        emit LotRecorded(lotId, holderId, operation.kind, kind, unit, quantity, operation.recordDigest);
    }

    /// @dev Consumes every input of `operation` from lots of `inputKind` held by the actor. For a shipment
    /// (`isShipment`), every input must be in the shipment's unit and the inputs must add up to its quantity.
    function _consumeInputs(
        uint256 index,
        Operation calldata operation,
        ActingFacility memory actor,
        LotKind inputKind,
        bool isShipment
    ) private {
        LotInput[] calldata inputs = operation.inputs;
        Unit requiredUnit = isShipment ? operation.unit : Unit.None;
        uint256 total = 0;
        for (uint256 j = 0; j < inputs.length; ++j) {
            if (inputs[j].lotId == operation.lotId) {
                _fail(
                    index,
                    abi.encodeWithSelector(OperationMalformed.selector, operation.lotId, operation.kind)
                );
            }
            // Cannot overflow: at most `inputs.length` values below 2^64 are added, far below 2^256.
            unchecked {
                total += _consume(index, operation.lotId, inputs[j], actor, inputKind, requiredUnit);
            }
        }
        if (isShipment && total != operation.quantity) {
            _fail(
                index,
                abi.encodeWithSelector(
                    ShipmentQuantityMismatch.selector,
                    operation.lotId,
                    operation.quantity,
                    total
                )
            );
        }
    }

    /// @dev Consumes one input into `intoLotId`, emits {LotConsumed} and returns the quantity consumed.
    /// `requiredUnit` is the unit every input must be in, or `None` for any.
    function _consume(
        uint256 index,
        bytes32 intoLotId,
        LotInput calldata input,
        ActingFacility memory actor,
        LotKind inputKind,
        Unit requiredUnit
    ) private returns (uint64 quantity) {
        bytes32 inputId = input.lotId;
        PackedLot stored = _lots[inputId];
        LotKind kind = stored.kind();
        if (kind == LotKind.None) _fail(index, abi.encodeWithSelector(LotUnknown.selector, inputId));
        if (stored.facilityIndex() != actor.index) {
            bytes32 holderId = _facilityIdAt(stored.facilityIndex());
            _fail(index, abi.encodeWithSelector(LotNotHeld.selector, inputId, holderId, actor.id));
        }
        if (kind != inputKind) {
            _fail(index, abi.encodeWithSelector(LotWrongKind.selector, inputId, inputKind, kind));
        }
        Unit unit = stored.unit();
        if (input.unit != unit) {
            _fail(index, abi.encodeWithSelector(LotUnitMismatch.selector, inputId, unit, input.unit));
        }
        if (requiredUnit != Unit.None && unit != requiredUnit) {
            _fail(index, abi.encodeWithSelector(LotUnitMismatch.selector, inputId, requiredUnit, unit));
        }
        quantity = input.quantity;
        if (quantity == 0) _fail(index, abi.encodeWithSelector(LotZeroQuantity.selector, inputId));
        uint64 available = stored.remaining();
        if (quantity > available) {
            _fail(
                index,
                abi.encodeWithSelector(LotInsufficientQuantity.selector, inputId, quantity, available)
            );
        }

        uint64 left;
        // Cannot underflow: `quantity <= available` was checked just above.
        unchecked {
            left = available - quantity;
        }
        _lots[inputId] = stored.withRemaining(left);
        emit LotConsumed(inputId, intoLotId, quantity, left);
    }

    function _requireRole(uint256 index, ActingFacility memory actor, uint8 role) private pure {
        if (actor.roles & role == 0) {
            _fail(index, abi.encodeWithSelector(FacilityMissingRole.selector, actor.id, role));
        }
    }

    /// @dev Reverts the batch with the failing operation's index and its own custom error.
    function _fail(uint256 index, bytes memory reason) private pure {
        revert BatchOperationFailed(index, reason);
    }

    // ------------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------------

    /// @inheritdoc IThreadproof
    function lot(bytes32 lotId) external view returns (Lot memory) {
        PackedLot stored = _lots[lotId];
        return
            Lot({
                kind: stored.kind(),
                unit: stored.unit(),
                facilityId: _facilityIdAt(stored.facilityIndex()),
                createdAt: stored.createdAt(),
                quantity: stored.quantity(),
                remaining: stored.remaining()
            });
    }

    /// @inheritdoc IThreadproof
    function lotBatch(bytes32 lotId) external view returns (uint40) {
        return _lots[lotId].batchNumber();
    }

    /// @inheritdoc IThreadproof
    function batchRoot(uint40 batchNumber) external view returns (bytes32) {
        return _batchRoots[batchNumber];
    }

    /// @inheritdoc IThreadproof
    function garmentsRoot(bytes32 lotId) external view returns (bytes32) {
        return _garmentsRoots[lotId];
    }

    /// @inheritdoc IThreadproof
    function eventCommitment(
        bytes32 commitmentId
    ) external view returns (bytes32 eventsRoot, bytes32 facilityId) {
        EventCommitment storage commitment = _eventCommitments[commitmentId];
        return (commitment.eventsRoot, commitment.facilityId);
    }

    /// @inheritdoc IThreadproof
    function verifyGarment(
        bytes32 lotId,
        uint256 serial,
        bytes32 codeHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _garmentsRoots[lotId];
        if (root == bytes32(0)) return false;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(serial, codeHash))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IThreadproof
    function hashOperation(Operation calldata operation) external view returns (bytes32) {
        return _hashTypedDataV4(OperationTypedData.hash(operation));
    }

    /// @dev See {CertificateRegistry-_isCertifiableSubject}.
    function _isCertifiableSubject(bytes32 lotId) internal view override returns (bool) {
        LotKind kind = _lots[lotId].kind();
        return kind == LotKind.GarmentBatch || kind == LotKind.Shipment;
    }
}
