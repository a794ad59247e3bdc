// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.27;

/// @title IThreadproof
/// @notice The public surface of the threadproof ledger: facilities registered by a programme operator, lots of
/// fabric, cut bundles, garment batches and shipments linked by transformations under mass balance, garments
/// committed per batch by a Merkle root, and origin certificates that can be revoked.
/// @dev Every production operation is EIP-712 signed by the acting facility's registered account, so that a
/// relayer may submit many facilities' operations in one transaction without the chain losing who did what.
/// Ids are `keccak256` of the off-chain string ids. Quantities are integers in thousandths of the unit
/// (`1.5 m` is `1500`), see {Threadproof-QUANTITY_SCALE}.
///
/// EIP-712 domain: name `"threadproof"`, version `"1"`, the chain id and the contract's address. Typed data
/// (enums as `uint8`):
/// `Operation(uint8 kind,bytes32 lotId,bytes32 facilityId,LotInput[] inputs,uint64 quantity,uint8 unit,`
/// `bytes32 garmentsRoot,bytes32 recipientId,bytes32 recordDigest,uint64 gtin)`
/// `LotInput(bytes32 lotId,uint64 quantity,uint8 unit)`.
/// Every operation creates a new lot id, so a replayed operation fails with {LotAlreadyExists}: no nonces.
///
/// Certifiers are identities of their own, registered by the operator with an account whose EIP-712 signatures
/// anchor and revoke their certificates (anyone may relay them):
/// `CertificateAnchor(bytes32 certificateId,bytes32 subjectLotId,bytes32 fta,bytes32 digest,bytes32 certifierId)`,
/// `CertificateRevocation(bytes32 certificateId,bytes32 reasonDigest)` and
/// `CertifierAccountRotation(bytes32 certifierId,address account)`. An account is never used twice (by any
/// certifier or facility), so no signature can be replayed after a rotation and no nonces are needed.
///
/// Each certifier publishes its revocations as W3C Bitstring Status List credentials off chain; every published
/// version's digest is anchored here, signed by the certifier
/// (`StatusListAnchor(bytes32 listId,uint64 version,bytes32 digest,bytes32 certifierId)`) or sent by the
/// operator, so that a verifier can tell the current list from an edited or an older one. Versions only grow:
/// a replayed signature of a version already anchored (or older) is refused.
///
/// GS1 company prefixes: the operator registers each facility's prefixes; a sewing names its product's GTIN
/// and the contract refuses one that is not under a prefix of the sewing facility. A prefix of `n` digits
/// (4 to 12) `d` is encoded as the number `10**n + d`, whose decimal form is "1" followed by the digits
/// (`"8938505"` is `18938505`). It is matched against the 12 digits of the GTIN-14 between its indicator digit
/// and its check digit (a GTIN-13's first 12 digits; a GTIN-12's, after a leading zero).
interface IThreadproof {
    // ------------------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------------------

    /// @notice What a lot holds. `None` marks an unknown lot.
    enum LotKind {
        None,
        Fabric,
        CutBundles,
        GarmentBatch,
        Shipment
    }

    /// @notice The unit of a lot's quantity. `None` is never valid in an operation.
    enum Unit {
        None,
        Metre,
        Kilogram,
        Piece
    }

    /// @notice The four production operations, and the anchor of a facility's other supply-chain events.
    enum OperationKind {
        RegisterFabricLot,
        Cut,
        Sew,
        Ship,
        CommitEvents
    }

    // Packed already: account, country, roles, suspended, index and prefix lengths share one slot, the digest
    // takes another.
    // solhint-disable gas-struct-packing
    /// @notice A registered facility.
    /// @param account The account whose EIP-712 signatures act for the facility.
    /// @param country ISO 3166-1 alpha-2 code, e.g. `"VN"`; set by the operator, never by the facility.
    /// @param roles Bit set of `ROLE_FABRIC` (1), `ROLE_CUTTING` (2), `ROLE_SEWING` (4), `ROLE_SHIPPING` (8).
    /// @param suspended A suspended facility cannot record anything.
    /// @param index Dense number given at registration from 1, used to pack lots.
    /// @param gtinPrefixLengths Bit `n` is set when the facility holds a GS1 company prefix of `n` digits, so
    /// that a sewing looks up only the lengths the facility uses (see {gtinPrefixes}).
    /// @param metadataDigest sha-256 digest of the facility's canonical JSON record in IPFS.
    struct Facility {
        address account;
        bytes2 country;
        uint8 roles;
        bool suspended;
        uint32 index;
        uint16 gtinPrefixLengths;
        bytes32 metadataDigest;
    }
    // solhint-enable gas-struct-packing

    /// @notice A lot as stored. The digest of its event record is in the {LotRecorded} event.
    /// @param kind What the lot holds; `None` for an unknown id.
    /// @param unit Unit of `quantity` and `remaining`.
    /// @param facilityId The facility that holds the lot.
    /// @param createdAt Block timestamp of the operation that created it.
    /// @param quantity What the lot was created with, in thousandths of the unit.
    /// @param remaining What has not been consumed yet, in thousandths of the unit.
    struct Lot {
        LotKind kind;
        Unit unit;
        bytes32 facilityId;
        uint40 createdAt;
        uint64 quantity;
        uint64 remaining;
    }

    /// @notice One lot consumed by an operation.
    /// @param lotId The consumed lot; the acting facility must hold it.
    /// @param quantity How much is consumed, in thousandths of `unit`; not zero.
    /// @param unit Must be the consumed lot's unit.
    struct LotInput {
        bytes32 lotId;
        uint64 quantity;
        Unit unit;
    }

    // Calldata only, never stored: its layout is the ABI's, one word per field.
    // solhint-disable gas-struct-packing
    /// @notice One production operation, signed by the acting facility's account.
    /// @dev Per kind: `RegisterFabricLot` needs role fabric, no inputs, unit metre or kilogram; `Cut` needs role
    /// cutting, fabric inputs, unit piece, creates `CutBundles`; `Sew` needs role sewing, cut-bundle inputs,
    /// unit piece and a non-zero `garmentsRoot`, creates a `GarmentBatch`; `Ship` needs role shipping, inputs
    /// all in `unit` adding up to `quantity`: with a zero `recipientId` (export) the inputs are garment batches
    /// and the new lot is a `Shipment` with nothing remaining; with a registered, non-suspended recipient
    /// (transfer) the inputs are of one kind and the new lot is of that kind, held whole by the recipient.
    /// `garmentsRoot` and `gtin` must be zero except on a sewing, `recipientId` zero except on a shipment.
    /// `CommitEvents` (any role) moves no lot: `lotId` names the commitment (new), `garmentsRoot` carries the
    /// Merkle root over the committed events' hashes (non-zero), `quantity` their number (non-zero), `unit` is
    /// `None`, no inputs, zero `recipientId` and `gtin`; it emits {EventsCommitted}.
    /// @param kind Which step this is.
    /// @param lotId The lot the operation creates (must be new).
    /// @param facilityId The acting facility; it must hold every input.
    /// @param inputs Lots consumed: none for a fabric lot; fabric for a cutting; cut bundles for a sewing;
    /// garment batches for an export shipment, lots of any one kind for a transfer.
    /// @param quantity Quantity of the created lot; for a shipment, the sum of the inputs.
    /// @param unit Unit of the created lot; for a shipment, the inputs' unit.
    /// @param garmentsRoot Sewing: Merkle root over the batch's garments (see {verifyGarment}); `CommitEvents`:
    /// Merkle root over the events' hashes (see {eventCommitment}).
    /// @param recipientId Shipment only: the receiving facility, or zero for an export leaving custody.
    /// @param recordDigest sha-256 digest of the canonical JSON event record stored in IPFS.
    /// @param gtin Sewing only: the batch's GTIN as a number (a GTIN-14's 14 digits); it must lie under one of
    /// the sewing facility's GS1 company prefixes. The event record states the same GTIN.
    struct Operation {
        OperationKind kind;
        bytes32 lotId;
        bytes32 facilityId;
        LotInput[] inputs;
        uint64 quantity;
        Unit unit;
        bytes32 garmentsRoot;
        bytes32 recipientId;
        bytes32 recordDigest;
        uint64 gtin;
    }
    // solhint-enable gas-struct-packing

    /// @notice An operation with its facility's EIP-712 signature (65 bytes, r‖s‖v).
    struct SignedOperation {
        Operation operation;
        bytes signature;
    }

    /// @notice An origin certificate's anchor.
    /// @param subjectLotId The garment batch or shipment the certificate covers.
    /// @param fta The agreement's code, e.g. `"EVFTA"`, as a right-padded bytes32 string.
    /// @param digest sha-256 digest of the certificate's canonical JSON.
    /// @param certifier The issuing certifier's account that signed the anchor ({certifierOfAccount} names the
    /// certifier, also after it rotated to another account).
    /// @param issuedAt Block timestamp of anchoring.
    /// @param revokedAt Block timestamp of revocation, zero while valid.
    struct Certificate {
        bytes32 subjectLotId;
        bytes32 fta;
        bytes32 digest;
        address certifier;
        uint40 issuedAt;
        uint40 revokedAt;
    }

    /// @notice The latest anchored version of a certifier's status list.
    /// @param certifierId The certifier whose list it is, bound by the list's first anchor (zero when unknown).
    /// @param digest sha-256 digest of that version's signed list credential as canonical JSON.
    /// @param version The list's version number, growing with each anchor (not necessarily by one).
    /// @param anchoredAt Block timestamp of the anchor.
    struct StatusListAnchor {
        bytes32 certifierId;
        bytes32 digest;
        uint64 version;
        uint40 anchoredAt;
    }

    // ------------------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------------------

    /// @notice The facility id is already registered.
    error FacilityAlreadyRegistered(bytes32 facilityId);
    /// @notice No facility is registered under this id.
    error FacilityUnknown(bytes32 facilityId);
    /// @notice The facility is suspended and cannot record anything.
    error FacilitySuspended(bytes32 facilityId);
    /// @notice The facility lacks the role the operation needs.
    error FacilityMissingRole(bytes32 facilityId, uint8 role);
    /// @notice A facility field is invalid (zero id or account, account in use, country not two upper-case
    /// letters, roles empty or with unknown bits).
    error FacilityInvalid(bytes32 facilityId);
    /// @notice The signature does not come from the facility's registered account; `signer` is the account
    /// recovered from it (zero for a malformed signature).
    error OperationInvalidSignature(bytes32 facilityId, address signer);
    /// @notice Operation `index` of a batch failed; `reason` is the inner custom error.
    error BatchOperationFailed(uint256 index, bytes reason);
    /// @notice The batch holds no operation.
    error BatchEmpty();
    /// @notice A lot with this id exists already.
    error LotAlreadyExists(bytes32 lotId);
    /// @notice No lot exists with this id.
    error LotUnknown(bytes32 lotId);
    /// @notice The lot is held by `holderId`, not by the acting facility `facilityId`.
    error LotNotHeld(bytes32 lotId, bytes32 holderId, bytes32 facilityId);
    /// @notice The lot is not of the kind this step consumes.
    error LotWrongKind(bytes32 lotId, LotKind expected, LotKind actual);
    /// @notice The quantity's unit is not the lot's unit (or not allowed for this step: `expected` is then
    /// `Piece` for a cutting or sewing, `Metre` for a fabric lot, the shipment's unit for a shipment's input,
    /// and the first input's unit for a shipment declared in unit `None`).
    error LotUnitMismatch(bytes32 lotId, Unit expected, Unit actual);
    /// @notice A quantity is zero: the created lot's (`lotId` is the new lot) or an input's (the input lot).
    error LotZeroQuantity(bytes32 lotId);
    /// @notice Consuming `requested` from a lot that has only `available` left.
    error LotInsufficientQuantity(bytes32 lotId, uint256 requested, uint256 available);
    /// @notice A shipment's quantity is not the sum of its inputs.
    error ShipmentQuantityMismatch(bytes32 lotId, uint256 declared, uint256 inputs);
    /// @notice The operation's shape is invalid for its kind (e.g. inputs on a fabric lot, no root on a sewing,
    /// a root on anything else, a recipient on anything but a shipment, a transfer to the acting facility
    /// itself, an operation consuming the lot it creates).
    error OperationMalformed(bytes32 lotId, OperationKind kind);
    /// @notice A certificate with this id is anchored already.
    error CertificateAlreadyAnchored(bytes32 certificateId);
    /// @notice No certificate is anchored under this id.
    error CertificateUnknown(bytes32 certificateId);
    /// @notice The certificate was revoked already.
    error CertificateAlreadyRevoked(bytes32 certificateId);
    /// @notice The certificate's subject must be a garment batch or a shipment.
    error CertificateInvalidSubject(bytes32 certificateId, bytes32 subjectLotId);
    /// @notice The anchor or revocation is not signed by the certifier's current account; `signer` is the account
    /// recovered from the signature (zero for a malformed one).
    error CertificateInvalidSignature(bytes32 certificateId, bytes32 certifierId, address signer);
    /// @notice Only the issuing certifier (`issuerId`) may revoke the certificate, not `certifierId`.
    error CertificateNotIssuer(bytes32 certificateId, bytes32 certifierId, bytes32 issuerId);
    /// @notice The operator revokes only with a reason: `reasonDigest` must not be zero.
    error CertificateRevocationReasonMissing(bytes32 certificateId);
    /// @notice The certifier id is already registered.
    error CertifierAlreadyRegistered(bytes32 certifierId);
    /// @notice No certifier is registered under this id.
    error CertifierUnknown(bytes32 certifierId);
    /// @notice The account cannot act for the certifier: zero, or used before by a certifier or a facility.
    error CertifierInvalidAccount(bytes32 certifierId, address account);
    /// @notice The key rotation is not signed by the certifier's current account; `signer` is the one recovered.
    error CertifierInvalidSignature(bytes32 certifierId, address signer);
    /// @notice A GS1 company prefix is not 4 to 12 digits encoded as `10**n + digits`, or is listed twice.
    error GtinPrefixInvalid(bytes32 facilityId, uint64 prefix);
    /// @notice The sewing's GTIN is not under any GS1 company prefix of the facility (zero or more than 14 digits
    /// counts as under none).
    error GtinNotAuthorized(bytes32 facilityId, uint64 gtin);
    /// @notice An event commitment with this id was made before.
    error EventCommitmentExists(bytes32 commitmentId);
    /// @notice The status list's anchor must name a version above the anchored one (`anchoredVersion`, zero for a
    /// list never anchored).
    error StatusListStaleVersion(bytes32 listId, uint64 version, uint64 anchoredVersion);
    /// @notice The status list belongs to `issuerId` (its first anchor's certifier), not to `certifierId`.
    error StatusListNotIssuer(bytes32 listId, bytes32 certifierId, bytes32 issuerId);
    /// @notice The status list's anchor is not signed by the certifier's current account; `signer` is the one
    /// recovered (zero for a malformed signature).
    error StatusListInvalidSignature(bytes32 listId, bytes32 certifierId, address signer);
    /// @notice A status list anchor needs a non-zero list id and digest.
    error StatusListInvalid(bytes32 listId, bytes32 digest);

    // ------------------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------------------

    // Ids are indexed; amounts, flags and digests are read with the event, never searched by.
    // solhint-disable gas-indexed-events

    /// @notice A facility was registered by the operator.
    event FacilityRegistered(
        bytes32 indexed facilityId,
        address indexed account,
        bytes2 country,
        uint8 roles,
        bytes32 metadataDigest
    );
    /// @notice A facility was suspended (`suspended`) or reinstated.
    event FacilitySuspensionChanged(bytes32 indexed facilityId, bool suspended);
    /// @notice Batch `batchNumber` (one {submit} call, numbered from 1) was recorded; `root` commits to every
    /// operation's record in it (see {batchRoot}). Emitted once per batch, after its operations' events.
    event BatchRecorded(uint40 indexed batchNumber, bytes32 root);
    /// @notice A lot was created by an operation. `recordDigest` binds it to its IPFS event record.
    /// @dev `facilityId` is the facility that holds the new lot, as {lot} reports it: the acting facility, or
    /// the recipient of a transfer (whose sender is {LotShipped}'s `fromFacilityId`). Emitted before the
    /// {LotConsumed} events of the operation's inputs.
    event LotRecorded(
        bytes32 indexed lotId,
        bytes32 indexed facilityId,
        OperationKind indexed operation,
        LotKind kind,
        Unit unit,
        uint64 quantity,
        bytes32 recordDigest
    );
    /// @notice `quantity` of `lotId` was consumed to make `intoLotId`.
    event LotConsumed(bytes32 indexed lotId, bytes32 indexed intoLotId, uint64 quantity, uint64 remaining);
    /// @notice A garment batch committed to its garments, under GTIN `gtin` (see {IThreadproof-Operation}).
    event GarmentsCommitted(bytes32 indexed lotId, bytes32 garmentsRoot, uint64 gtin);
    /// @notice A facility committed to `eventCount` supply-chain events by their Merkle root; `recordDigest` binds
    /// the commitment to its IPFS record, which lists the events (see {IThreadproof-Operation}).
    event EventsCommitted(
        bytes32 indexed commitmentId,
        bytes32 indexed facilityId,
        bytes32 eventsRoot,
        uint64 eventCount,
        bytes32 recordDigest
    );
    /// @notice The operator set the facility's GS1 company prefixes (the full list, replacing the earlier one).
    event FacilityGtinPrefixesChanged(bytes32 indexed facilityId, uint64[] prefixes);
    /// @notice A shipment handed its quantity to another facility (`recipientId`), or exported it (zero).
    event LotShipped(bytes32 indexed lotId, bytes32 indexed fromFacilityId, bytes32 indexed recipientId);
    /// @notice An origin certificate was anchored, signed by `certifier`, the account of `certifierId`.
    event CertificateAnchored(
        bytes32 indexed certificateId,
        bytes32 indexed subjectLotId,
        bytes32 fta,
        bytes32 digest,
        address certifier,
        bytes32 indexed certifierId
    );
    /// @notice An origin certificate was revoked by its issuing certifier (`revokedBy` its signing account) or,
    /// when `byOperator`, by the operator (`revokedBy` the operator's account).
    event CertificateRevoked(
        bytes32 indexed certificateId,
        bytes32 reasonDigest,
        address revokedBy,
        bool byOperator
    );
    /// @notice The operator registered a certifier with its signing account.
    event CertifierRegistered(bytes32 indexed certifierId, address indexed account);
    /// @notice A certifier's signing account changed; what `previousAccount` signed stays valid.
    event CertifierAccountRotated(
        bytes32 indexed certifierId,
        address indexed previousAccount,
        address indexed account
    );
    /// @notice Version `version` of certifier `certifierId`'s status list `listId` was anchored with its digest,
    /// signed by the certifier or, when `byOperator`, sent by the operator.
    event StatusListAnchored(
        bytes32 indexed listId,
        bytes32 indexed certifierId,
        uint64 version,
        bytes32 digest,
        bool byOperator
    );
    // solhint-enable gas-indexed-events

    // ------------------------------------------------------------------------------------------------------
    // Functions
    // ------------------------------------------------------------------------------------------------------

    /// @notice Registers a facility. Only the operator.
    /// @dev Reverts with {FacilityAlreadyRegistered} for a known id, {FacilityInvalid} for a zero id or account,
    /// an account another facility uses, a country that is not two upper-case letters, or roles that are
    /// empty or hold unknown bits.
    function registerFacility(
        bytes32 facilityId,
        address account,
        bytes2 country,
        uint8 roles,
        bytes32 metadataDigest
    ) external;

    /// @notice Suspends or reinstates a facility. Only the operator.
    function setFacilitySuspended(bytes32 facilityId, bool suspended) external;

    /// @notice Records many signed operations in one transaction, all or nothing. Anyone may relay.
    /// @dev A failing operation reverts the whole batch with {BatchOperationFailed} naming its index and
    /// carrying the operation's own error, so that a relayer can drop it and resubmit the rest. Calldata no
    /// ABI encoder produces (an enum value out of range, a `uint64` with high bits set) is refused earlier by
    /// Solidity's decoder, without revert data. Reverts with {BatchEmpty} for an empty batch.
    function submit(SignedOperation[] calldata operations) external;

    /// @notice Replaces the GS1 company prefixes of a facility with `prefixes` (encoded `10**n + digits`, see
    /// above; an empty list removes them all). Only the operator.
    /// @dev Reverts with {FacilityUnknown} or {GtinPrefixInvalid}. Batches sewn earlier stay as recorded.
    function setFacilityGtinPrefixes(bytes32 facilityId, uint64[] calldata prefixes) external;

    /// @notice Registers a certifier (an issuing body) with the account whose signatures act for it. Only the
    /// operator.
    /// @dev Reverts with {CertifierAlreadyRegistered} or {CertifierInvalidAccount}.
    function registerCertifier(bytes32 certifierId, address account) external;

    /// @notice Moves a certifier to a new signing account. Only the operator (e.g. after a key compromise).
    /// @dev Certificates signed by earlier accounts stay anchored and valid, and still name their certifier.
    function rotateCertifierAccount(bytes32 certifierId, address account) external;

    /// @notice Moves a certifier to a new signing account on the certifier's own request: `signature` is its
    /// current account's EIP-712 signature of `CertifierAccountRotation(certifierId, account)`. Anyone may relay.
    function rotateCertifierAccountBySignature(
        bytes32 certifierId,
        address account,
        bytes calldata signature
    ) external;

    /// @notice Anchors an origin certificate issued by `certifierId`: `signature` is the certifier's current
    /// account's EIP-712 signature of the `CertificateAnchor`. Anyone may relay.
    /// @dev The subject must be an existing garment batch or shipment ({CertificateInvalidSubject}); reverts with
    /// {CertifierUnknown}, {CertificateInvalidSignature} or {CertificateAlreadyAnchored}.
    function anchorCertificate(
        bytes32 certificateId,
        bytes32 subjectLotId,
        bytes32 fta,
        bytes32 digest,
        bytes32 certifierId,
        bytes calldata signature
    ) external;

    /// @notice Revokes a certificate on its issuing certifier's request: `signature` is that certifier's current
    /// account's EIP-712 signature of the `CertificateRevocation`. Anyone may relay.
    /// @dev Reverts with {CertificateUnknown}, {CertificateAlreadyRevoked}, {CertificateNotIssuer} (another
    /// certifier) or {CertificateInvalidSignature}.
    function revokeCertificate(
        bytes32 certificateId,
        bytes32 reasonDigest,
        bytes32 certifierId,
        bytes calldata signature
    ) external;

    /// @notice Revokes any certificate, e.g. one whose certifier's key was compromised. Only the operator, and
    /// only with a reason ({CertificateRevocationReasonMissing} for a zero `reasonDigest`).
    function revokeCertificateAsOperator(bytes32 certificateId, bytes32 reasonDigest) external;

    /// @notice Anchors version `version` of status list `listId` of certifier `certifierId`: `signature` is the
    /// certifier's current account's EIP-712 signature of the `StatusListAnchor`. Anyone may relay.
    /// @dev The first anchor binds the list to the certifier. Reverts with {StatusListInvalid} (a zero id or
    /// digest), {CertifierUnknown}, {StatusListNotIssuer} (another certifier's list),
    /// {StatusListInvalidSignature} or {StatusListStaleVersion} (a version not above the anchored one).
    function anchorStatusList(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId,
        bytes calldata signature
    ) external;

    /// @notice Anchors a version of a certifier's status list by the operator's authority (e.g. while the
    /// certifier's key is being replaced). Only the operator; otherwise as {anchorStatusList}.
    function anchorStatusListAsOperator(
        bytes32 listId,
        uint64 version,
        bytes32 digest,
        bytes32 certifierId
    ) external;

    /// @notice The latest anchored version of status list `listId` (all zero when never anchored). Earlier
    /// versions are in the {StatusListAnchored} events.
    function statusListAnchor(bytes32 listId) external view returns (StatusListAnchor memory);

    /// @notice The facility registered under `facilityId` (zero account when unknown).
    function facility(bytes32 facilityId) external view returns (Facility memory);

    /// @notice The id of the facility registered with `account` (zero when none).
    function facilityOfAccount(address account) external view returns (bytes32);

    /// @notice The lot stored under `lotId` (kind `None` when unknown).
    function lot(bytes32 lotId) external view returns (Lot memory);

    /// @notice The batch that created lot `lotId` (zero when unknown): look its root up with {batchRoot}.
    function lotBatch(bytes32 lotId) external view returns (uint40);

    /// @notice The root over the records of batch `batchNumber`'s operations (zero when no such batch), so that
    /// a copy of the batch's events kept off chain can be checked against state after the node pruned its logs.
    /// @dev A chain over the operations in submission order: starting from zero,
    /// `root = keccak256(abi.encode(root, lotId, kind, recordDigest, gtin))` for each operation (`lotId` is the
    /// commitment id of an event commitment; `gtin` is zero but for a sewing).
    function batchRoot(uint40 batchNumber) external view returns (bytes32);

    /// @notice The Merkle root a garment batch committed to (zero when none).
    function garmentsRoot(bytes32 lotId) external view returns (bytes32);

    /// @notice The events root and committing facility of event commitment `commitmentId` (zeros when none).
    /// @dev Leaf = keccak256(bytes.concat(keccak256(abi.encode(digest)))) of each event's sha-256 hash digest,
    /// as OpenZeppelin's standard Merkle tree builds it.
    function eventCommitment(
        bytes32 commitmentId
    ) external view returns (bytes32 eventsRoot, bytes32 facilityId);

    /// @notice Whether garment `serial` with authentication code hash `codeHash` belongs to batch `lotId`.
    /// @dev Leaf = keccak256(bytes.concat(keccak256(abi.encode(serial, codeHash)))), as OpenZeppelin's
    /// StandardMerkleTree with leaf encoding ["uint256", "bytes32"].
    function verifyGarment(
        bytes32 lotId,
        uint256 serial,
        bytes32 codeHash,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The certificate anchored under `certificateId` (zero certifier when unknown).
    function certificate(bytes32 certificateId) external view returns (Certificate memory);

    /// @notice Whether a certificate is anchored under `certificateId` and not revoked.
    function isCertificateValid(bytes32 certificateId) external view returns (bool);

    /// @notice The EIP-712 digest the facility signs for `operation`.
    function hashOperation(Operation calldata operation) external view returns (bytes32);

    /// @notice The GS1 company prefixes of a facility (encoded `10**n + digits`), in the order the operator set.
    function gtinPrefixes(bytes32 facilityId) external view returns (uint64[] memory);

    /// @notice Whether `gtin` lies under one of the facility's GS1 company prefixes now.
    function isGtinAuthorized(bytes32 facilityId, uint64 gtin) external view returns (bool);

    /// @notice The current signing account of a certifier (zero when unknown).
    function certifier(bytes32 certifierId) external view returns (address);

    /// @notice The certifier an account acts or acted for (zero when none): rotated accounts keep their certifier.
    function certifierOfAccount(address account) external view returns (bytes32);
}
