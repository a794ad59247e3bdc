/**
 * Builders and EIP-712 signing for threadproof operations, mirroring contracts/interfaces/IThreadproof.sol.
 * Enum values follow the Solidity declaration order; quantities are integer thousandths of the unit.
 */
import { keccak256, sha256, toUtf8Bytes, ZeroHash } from "ethers";
import type { BaseContract, Signer, TypedDataDomain } from "ethers";

export const OperationKind = { RegisterFabricLot: 0, Cut: 1, Sew: 2, Ship: 3, CommitEvents: 4 } as const;
export const LotKind = { None: 0, Fabric: 1, CutBundles: 2, GarmentBatch: 3, Shipment: 4 } as const;
export const Unit = { None: 0, Metre: 1, Kilogram: 2, Piece: 3 } as const;
export const FacilityRole = { Fabric: 1, Cutting: 2, Sewing: 4, Shipping: 8 } as const;

/** Thousandths per unit on chain (1.5 m is 1500). */
export const QUANTITY_SCALE = 1000n;

export interface LotInput {
  lotId: string;
  quantity: bigint;
  unit: number;
}

export interface Operation {
  kind: number;
  lotId: string;
  facilityId: string;
  inputs: LotInput[];
  quantity: bigint;
  unit: number;
  garmentsRoot: string;
  recipientId: string;
  recordDigest: string;
  gtin: bigint;
}

export interface SignedOperation {
  operation: Operation;
  signature: string;
}

/** The EIP-712 types a facility signs (enums as uint8), in ethers' `signTypedData` form. */
export const OPERATION_TYPES = {
  Operation: [
    { name: "kind", type: "uint8" },
    { name: "lotId", type: "bytes32" },
    { name: "facilityId", type: "bytes32" },
    { name: "inputs", type: "LotInput[]" },
    { name: "quantity", type: "uint64" },
    { name: "unit", type: "uint8" },
    { name: "garmentsRoot", type: "bytes32" },
    { name: "recipientId", type: "bytes32" },
    { name: "recordDigest", type: "bytes32" },
    { name: "gtin", type: "uint64" },
  ],
  LotInput: [
    { name: "lotId", type: "bytes32" },
    { name: "quantity", type: "uint64" },
    { name: "unit", type: "uint8" },
  ],
};

/** The on-chain key of a string id: keccak256 of its UTF-8 bytes. */
export function chainKey(id: string): string {
  return keccak256(toUtf8Bytes(id));
}

/** A stand-in record digest: the sha-256 of a label (the real one is the sha-256 of the canonical record). */
export function digestOf(label: string): string {
  return sha256(toUtf8Bytes(label));
}

/** The contract's EIP-712 domain. */
export async function operationDomain(contract: BaseContract, signer: Signer): Promise<TypedDataDomain> {
  const network = await signer.provider!.getNetwork();
  return {
    name: "threadproof",
    version: "1",
    chainId: network.chainId,
    verifyingContract: await contract.getAddress(),
  };
}

/** Signs `operation` with `signer` for `contract`. */
export async function signOperation(
  contract: BaseContract,
  signer: Signer,
  operation: Operation,
): Promise<SignedOperation> {
  const signature = await signer.signTypedData(
    await operationDomain(contract, signer),
    OPERATION_TYPES,
    operation,
  );
  return { operation, signature };
}

interface OperationFields {
  lotId: string;
  facilityId: string;
  quantity: bigint;
  unit?: number;
  record?: string;
}

function base(kind: number, fields: OperationFields, unit: number): Operation {
  return {
    kind,
    lotId: fields.lotId,
    facilityId: fields.facilityId,
    inputs: [],
    quantity: fields.quantity,
    unit: fields.unit ?? unit,
    garmentsRoot: ZeroHash,
    recipientId: ZeroHash,
    recordDigest: digestOf(fields.record ?? `record of ${fields.lotId}`),
    gtin: 0n,
  };
}

/** The GTIN the fixtures' sewings use by default, under {@link DEMO_PREFIX}. */
export const DEMO_GTIN = 8938505974019n;

/**
 * A GS1 company prefix as the contract encodes it: `10**digits + value`, i.e. "1" followed by the digits
 * (`gtinPrefix("8938505")` is 18938505).
 */
export function gtinPrefix(digits: string): bigint {
  return BigInt(`1${digits}`);
}

/** The company prefix of {@link DEMO_GTIN} (a Vietnamese GS1 prefix, 893). */
export const DEMO_PREFIX = gtinPrefix("8938505");

/** A fabric lot received or made by the facility (metres unless `unit` says otherwise). */
export function fabricLotOperation(fields: OperationFields): Operation {
  return base(OperationKind.RegisterFabricLot, fields, Unit.Metre);
}

/** A cutting consuming fabric `inputs` into cut bundles (pieces). */
export function cutOperation(fields: OperationFields & { inputs: LotInput[] }): Operation {
  return { ...base(OperationKind.Cut, fields, Unit.Piece), inputs: fields.inputs };
}

/** A sewing consuming cut bundles into a garment batch committed to `garmentsRoot`. */
/** A sewing under `gtin` ({@link DEMO_GTIN} unless given). */
export function sewOperation(
  fields: OperationFields & { inputs: LotInput[]; garmentsRoot: string; gtin?: bigint },
): Operation {
  return {
    ...base(OperationKind.Sew, fields, Unit.Piece),
    inputs: fields.inputs,
    garmentsRoot: fields.garmentsRoot,
    gtin: fields.gtin ?? DEMO_GTIN,
  };
}

/** The EIP-712 types a certifier signs. */
export const CERTIFICATE_TYPES = {
  anchor: {
    CertificateAnchor: [
      { name: "certificateId", type: "bytes32" },
      { name: "subjectLotId", type: "bytes32" },
      { name: "fta", type: "bytes32" },
      { name: "digest", type: "bytes32" },
      { name: "certifierId", type: "bytes32" },
    ],
  },
  revocation: {
    CertificateRevocation: [
      { name: "certificateId", type: "bytes32" },
      { name: "reasonDigest", type: "bytes32" },
    ],
  },
  rotation: {
    CertifierAccountRotation: [
      { name: "certifierId", type: "bytes32" },
      { name: "account", type: "address" },
    ],
  },
  statusList: {
    StatusListAnchor: [
      { name: "listId", type: "bytes32" },
      { name: "version", type: "uint64" },
      { name: "digest", type: "bytes32" },
      { name: "certifierId", type: "bytes32" },
    ],
  },
};

export interface AnchorFields {
  certificateId: string;
  subjectLotId: string;
  fta: string;
  digest: string;
  certifierId: string;
}

/** `signer`'s signature of a certificate's anchor, and the arguments of `anchorCertificate`. */
export async function signAnchor(contract: BaseContract, signer: Signer, anchor: AnchorFields) {
  const signature = await signer.signTypedData(
    await operationDomain(contract, signer),
    CERTIFICATE_TYPES.anchor,
    anchor,
  );
  return [
    anchor.certificateId,
    anchor.subjectLotId,
    anchor.fta,
    anchor.digest,
    anchor.certifierId,
    signature,
  ] as const;
}

/** `signer`'s signature of a certificate's revocation. */
export async function signRevocation(
  contract: BaseContract,
  signer: Signer,
  certificateId: string,
  reasonDigest: string,
): Promise<string> {
  return signer.signTypedData(await operationDomain(contract, signer), CERTIFICATE_TYPES.revocation, {
    certificateId,
    reasonDigest,
  });
}

/** `signer`'s signature of a certifier's move to `account`. */
export async function signRotation(
  contract: BaseContract,
  signer: Signer,
  certifierId: string,
  account: string,
): Promise<string> {
  return signer.signTypedData(await operationDomain(contract, signer), CERTIFICATE_TYPES.rotation, {
    certifierId,
    account,
  });
}

export interface StatusListFields {
  listId: string;
  version: number;
  digest: string;
  certifierId: string;
}

/** `signer`'s signature of a status list version's anchor, and the arguments of `anchorStatusList`. */
export async function signStatusList(contract: BaseContract, signer: Signer, anchor: StatusListFields) {
  const signature = await signer.signTypedData(
    await operationDomain(contract, signer),
    CERTIFICATE_TYPES.statusList,
    anchor,
  );
  return [anchor.listId, anchor.version, anchor.digest, anchor.certifierId, signature] as const;
}

/** A shipment of `inputs`: an export when `recipientId` is absent, else a transfer to that facility. */
export function shipOperation(
  fields: Omit<OperationFields, "quantity"> & { inputs: LotInput[]; recipientId?: string; quantity?: bigint },
): Operation {
  const quantity = fields.quantity ?? fields.inputs.reduce((sum, input) => sum + input.quantity, 0n);
  const unit = fields.unit ?? fields.inputs[0]?.unit ?? Unit.Piece;
  return {
    ...base(OperationKind.Ship, { ...fields, quantity }, unit),
    inputs: fields.inputs,
    recipientId: fields.recipientId ?? ZeroHash,
  };
}

/** A commitment (id `lotId`) to `quantity` supply-chain events whose Merkle root is `eventsRoot`. */
export function commitEventsOperation(
  fields: Omit<OperationFields, "unit"> & { eventsRoot: string },
): Operation {
  return { ...base(OperationKind.CommitEvents, fields, Unit.None), garmentsRoot: fields.eventsRoot };
}
