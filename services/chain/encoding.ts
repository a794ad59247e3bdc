/**
 * Mapping between the service's operations and the contract's structs: enum orders, quantity scaling and the
 * EIP-712 typed data a facility signs. Enum orders mirror contracts/interfaces/IThreadproof.sol exactly.
 */
import createKeccakHash from "keccak";
import { keccak256, toUtf8Bytes } from "ethers";
import { ValidationError } from "../errors";
import { chainKey } from "./keys";
import type { FacilityRole, Hex, LedgerOperation, LotKind, OperationKind, Quantity, Unit } from "./ledger";
import { isChainAmount, QUANTITY_SCALE } from "../records/amounts";

// The amount rule is the record formats' (services/records/amounts.ts): schemas and encoding judge alike.
export { isChainAmount, QUANTITY_SCALE } from "../records/amounts";

export const LOT_KINDS = ["none", "fabric", "cut-bundles", "garment-batch", "shipment"] as const;
export const UNITS = ["none", "m", "kg", "pcs"] as const;
export const OPERATION_KINDS: readonly OperationKind[] = ["fabric-lot", "cutting", "sewing", "shipment"];
/** The contract's `OperationKind.CommitEvents`: an operation that creates no lot. */
export const EVENT_COMMITMENT_KIND = 4;
export const FACILITY_ROLE_BITS: Record<FacilityRole, number> = {
  fabric: 1,
  cutting: 2,
  sewing: 4,
  shipping: 8,
};

export const ZERO_HASH = `0x${"00".repeat(32)}` as Hex;

/** Scales a decimal amount to the contract's integer thousandths; see {@link isChainAmount}. */
export function toChainAmount(amount: number, field = "quantity.amount"): bigint {
  const scaled = Math.round(amount * QUANTITY_SCALE);
  if (!isChainAmount(amount)) {
    throw new ValidationError([{ path: field, message: "must be at least 0.001 with at most 3 decimals" }]);
  }
  if (scaled > Number.MAX_SAFE_INTEGER) {
    throw new ValidationError([{ path: field, message: "is too large" }]);
  }
  return BigInt(scaled);
}

export function fromChainAmount(value: bigint | number): number {
  return Number(value) / QUANTITY_SCALE;
}

export function unitIndex(unit: Unit): number {
  return UNITS.indexOf(unit);
}

export function unitFromIndex(index: number | bigint): Unit {
  const unit = UNITS[Number(index)];
  if (unit === undefined || unit === "none") throw new Error(`Unknown unit index ${index}`);
  return unit;
}

export function lotKindFromIndex(index: number | bigint): LotKind | null {
  const kind = LOT_KINDS[Number(index)];
  return kind === undefined || kind === "none" ? null : kind;
}

export function operationKindFromIndex(index: number | bigint): OperationKind {
  const kind = OPERATION_KINDS[Number(index)];
  if (kind === undefined) throw new Error(`Unknown operation kind ${index}`);
  return kind;
}

export function rolesToBits(roles: readonly FacilityRole[]): number {
  return roles.reduce((bits, role) => bits | FACILITY_ROLE_BITS[role], 0);
}

export function rolesFromBits(bits: number | bigint): FacilityRole[] {
  const value = Number(bits);
  return (Object.keys(FACILITY_ROLE_BITS) as FacilityRole[]).filter(
    (role) => value & FACILITY_ROLE_BITS[role],
  );
}

/** ISO 3166-1 alpha-2 as the contract's bytes2. */
export function countryToBytes2(country: string): Hex {
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new ValidationError([{ path: "country", message: "must be an ISO 3166-1 alpha-2 code" }]);
  }
  return `0x${Buffer.from(country, "ascii").toString("hex")}` as Hex;
}

export function countryFromBytes2(value: string): string {
  return Buffer.from(value.slice(2), "hex").toString("ascii");
}

/** A short ASCII code (an FTA such as "EVFTA") as a right-padded bytes32. */
export function codeToBytes32(code: string): Hex {
  const bytes = Buffer.from(code, "ascii");
  if (bytes.length === 0 || bytes.length > 32) throw new Error("code must be 1 to 32 ASCII characters");
  return `0x${Buffer.concat([bytes, Buffer.alloc(32 - bytes.length)]).toString("hex")}` as Hex;
}

export function codeFromBytes32(value: string): string {
  return Buffer.from(value.slice(2), "hex").toString("ascii").replace(/\0+$/, "");
}

/** The contract's Operation struct, as ethers encodes it. */
export interface ContractOperation {
  kind: number;
  lotId: Hex;
  facilityId: Hex;
  inputs: { lotId: Hex; quantity: bigint; unit: number }[];
  quantity: bigint;
  unit: number;
  garmentsRoot: Hex;
  recipientId: Hex;
  recordDigest: Hex;
  /** Sewing only: the GTIN-14 as a number; zero otherwise. */
  gtin: bigint;
}

function sumInputs(inputs: { quantity: bigint }[]): bigint {
  return inputs.reduce((total, input) => total + input.quantity, 0n);
}

/** Converts a service operation to the contract struct (string ids hashed, amounts scaled). */
export function toContractOperation(operation: LedgerOperation): ContractOperation {
  if (operation.kind === "event-commitment") {
    return {
      kind: EVENT_COMMITMENT_KIND,
      lotId: chainKey(operation.lotId),
      facilityId: chainKey(operation.facilityId),
      inputs: [],
      quantity: BigInt(operation.eventCount),
      unit: 0,
      garmentsRoot: operation.eventsRoot,
      recipientId: ZERO_HASH,
      recordDigest: operation.recordDigest,
      gtin: 0n,
    };
  }
  const inputs =
    operation.kind === "fabric-lot"
      ? []
      : operation.inputs.map((input, index) => ({
          lotId: chainKey(input.lotId),
          quantity: toChainAmount(input.quantity.amount, `inputs.${index}.quantity.amount`),
          unit: unitIndex(input.quantity.unit),
        }));
  let quantity: Quantity;
  if (operation.kind === "shipment") {
    const units = new Set(operation.inputs.map((input) => input.quantity.unit));
    const unit = operation.inputs[0]?.quantity.unit ?? "pcs";
    if (units.size > 1) {
      throw new ValidationError([
        { path: "inputs", message: "every input of a shipment must be in the same unit" },
      ]);
    }
    quantity = { amount: fromChainAmount(sumInputs(inputs)), unit };
  } else {
    quantity = operation.quantity;
  }
  return {
    kind: OPERATION_KINDS.indexOf(operation.kind),
    lotId: chainKey(operation.lotId),
    facilityId: chainKey(operation.facilityId),
    inputs,
    quantity: operation.kind === "shipment" ? sumInputs(inputs) : toChainAmount(quantity.amount),
    unit: unitIndex(quantity.unit),
    garmentsRoot: operation.kind === "sewing" ? operation.garmentsRoot : ZERO_HASH,
    recipientId:
      operation.kind === "shipment" && operation.recipientFacilityId !== undefined
        ? chainKey(operation.recipientFacilityId)
        : ZERO_HASH,
    recordDigest: operation.recordDigest,
    gtin: operation.kind === "sewing" ? gtinToChain(operation.gtin) : 0n,
  };
}

/** A GTIN (8, 12, 13 or 14 digits, its check digit already checked by the record schema) as the contract's uint64. */
export function gtinToChain(gtin: string): bigint {
  if (!/^\d{8}$|^\d{12,14}$/.test(gtin)) {
    throw new ValidationError([{ path: "product.gtin", message: "must be a GTIN-8, -12, -13 or -14" }]);
  }
  return BigInt(gtin);
}

/** A GTIN as the contract holds it, back to its GTIN-14 form. */
export function gtinFromChain(value: bigint | number): string {
  return value.toString().padStart(14, "0");
}

/**
 * A GS1 company prefix (4 to 12 digits) as the contract encodes it: `10**n + digits`, i.e. "1" then the digits,
 * so that "0036000" and "36000" stay apart.
 */
export function gtinPrefixToChain(prefix: string): bigint {
  if (!/^\d{4,12}$/.test(prefix)) {
    throw new ValidationError([{ path: "gtinPrefixes", message: "a GS1 company prefix has 4 to 12 digits" }]);
  }
  return BigInt(`1${prefix}`);
}

export function gtinPrefixFromChain(value: bigint | number): string {
  return value.toString().slice(1);
}

// ---------------------------------------------------------------------------------------------------------
// EIP-712: the typed data each facility signs. Hashing is done here by hand (it is on the ingest hot path and
// ethers' generic TypedDataEncoder costs ~0.25 ms per operation); a test checks it against ethers and the
// contract's own hashOperation().
// ---------------------------------------------------------------------------------------------------------

export const EIP712_DOMAIN_NAME = "threadproof";
export const EIP712_DOMAIN_VERSION = "1";

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
} as const;

const LOT_INPUT_TYPEHASH = keccak256(toUtf8Bytes("LotInput(bytes32 lotId,uint64 quantity,uint8 unit)"));
const OPERATION_TYPEHASH = keccak256(
  toUtf8Bytes(
    "Operation(uint8 kind,bytes32 lotId,bytes32 facilityId,LotInput[] inputs,uint64 quantity,uint8 unit," +
      "bytes32 garmentsRoot,bytes32 recipientId,bytes32 recordDigest,uint64 gtin)" +
      "LotInput(bytes32 lotId,uint64 quantity,uint8 unit)",
  ),
);
const DOMAIN_TYPEHASH = keccak256(
  toUtf8Bytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);

/** keccak256 with the native binding: the typed-data hashes below run for every operation ingested. */
export function keccak(data: Buffer): Buffer {
  return createKeccakHash("keccak256").update(data).digest();
}

const word = (hex: string): Buffer => Buffer.from(hex.slice(2).padStart(64, "0"), "hex");
const uintWord = (value: bigint | number): Buffer => word(`0x${value.toString(16)}`);

export function domainSeparator(chainId: number, verifyingContract: string): Hex {
  const separator = keccak(
    Buffer.concat([
      word(DOMAIN_TYPEHASH),
      keccak(Buffer.from(EIP712_DOMAIN_NAME)),
      keccak(Buffer.from(EIP712_DOMAIN_VERSION)),
      uintWord(chainId),
      word(verifyingContract.toLowerCase()),
    ]),
  );
  return `0x${separator.toString("hex")}` as Hex;
}

const LOT_INPUT_TYPEHASH_WORD = word(LOT_INPUT_TYPEHASH);
const OPERATION_TYPEHASH_WORD = word(OPERATION_TYPEHASH);

/** EIP-712 hashStruct(Operation): every member is a static 32-byte word, the inputs array hashed as a list. */
function hashOperationStruct(operation: ContractOperation): Buffer {
  const inputHashes = operation.inputs.map((input) =>
    keccak(
      Buffer.concat([
        LOT_INPUT_TYPEHASH_WORD,
        word(input.lotId),
        uintWord(input.quantity),
        uintWord(input.unit),
      ]),
    ),
  );
  return keccak(
    Buffer.concat([
      OPERATION_TYPEHASH_WORD,
      uintWord(operation.kind),
      word(operation.lotId),
      word(operation.facilityId),
      keccak(Buffer.concat(inputHashes)),
      uintWord(operation.quantity),
      uintWord(operation.unit),
      word(operation.garmentsRoot),
      word(operation.recipientId),
      word(operation.recordDigest),
      uintWord(operation.gtin),
    ]),
  );
}

/** The EIP-712 digest of an operation under a domain separator. */
export function operationDigest(domain: Hex, operation: ContractOperation): Hex {
  const digest = keccak(
    Buffer.concat([Buffer.from([0x19, 0x01]), word(domain), hashOperationStruct(operation)]),
  );
  return `0x${digest.toString("hex")}` as Hex;
}

// ---------------------------------------------------------------------------------------------------------
// EIP-712: what a certifier signs (contracts/certificates/CertificateTypedData.sol).
// ---------------------------------------------------------------------------------------------------------

export const CERTIFICATE_TYPES = {
  CertificateAnchor: [
    { name: "certificateId", type: "bytes32" },
    { name: "subjectLotId", type: "bytes32" },
    { name: "fta", type: "bytes32" },
    { name: "digest", type: "bytes32" },
    { name: "certifierId", type: "bytes32" },
  ],
  CertificateRevocation: [
    { name: "certificateId", type: "bytes32" },
    { name: "reasonDigest", type: "bytes32" },
  ],
  CertifierAccountRotation: [
    { name: "certifierId", type: "bytes32" },
    { name: "account", type: "address" },
  ],
  StatusListAnchor: [
    { name: "listId", type: "bytes32" },
    { name: "version", type: "uint64" },
    { name: "digest", type: "bytes32" },
    { name: "certifierId", type: "bytes32" },
  ],
} as const;

const ANCHOR_TYPEHASH_WORD = word(
  keccak256(
    toUtf8Bytes(
      "CertificateAnchor(bytes32 certificateId,bytes32 subjectLotId,bytes32 fta,bytes32 digest,bytes32 certifierId)",
    ),
  ),
);
const REVOCATION_TYPEHASH_WORD = word(
  keccak256(toUtf8Bytes("CertificateRevocation(bytes32 certificateId,bytes32 reasonDigest)")),
);
const ROTATION_TYPEHASH_WORD = word(
  keccak256(toUtf8Bytes("CertifierAccountRotation(bytes32 certifierId,address account)")),
);

const STATUS_LIST_TYPEHASH_WORD = word(
  keccak256(
    toUtf8Bytes("StatusListAnchor(bytes32 listId,uint64 version,bytes32 digest,bytes32 certifierId)"),
  ),
);

function typedDataDigest(domain: Hex, structHash: Buffer): Hex {
  const digest = keccak(Buffer.concat([Buffer.from([0x19, 0x01]), word(domain), structHash]));
  return `0x${digest.toString("hex")}` as Hex;
}

/** The EIP-712 digest a certifier signs to anchor a certificate (all arguments bytes32 words). */
export function anchorDigest(
  domain: Hex,
  anchor: { certificateId: Hex; subjectLotId: Hex; fta: Hex; digest: Hex; certifierId: Hex },
): Hex {
  return typedDataDigest(
    domain,
    keccak(
      Buffer.concat([
        ANCHOR_TYPEHASH_WORD,
        word(anchor.certificateId),
        word(anchor.subjectLotId),
        word(anchor.fta),
        word(anchor.digest),
        word(anchor.certifierId),
      ]),
    ),
  );
}

/** The EIP-712 digest a certifier signs to revoke a certificate. */
export function revocationDigest(domain: Hex, certificateId: Hex, reasonDigest: Hex): Hex {
  return typedDataDigest(
    domain,
    keccak(Buffer.concat([REVOCATION_TYPEHASH_WORD, word(certificateId), word(reasonDigest)])),
  );
}

/** The EIP-712 digest a certifier's current account signs to move the certifier to `account`. */
export function rotationDigest(domain: Hex, certifierId: Hex, account: string): Hex {
  return typedDataDigest(
    domain,
    keccak(Buffer.concat([ROTATION_TYPEHASH_WORD, word(certifierId), word(account.toLowerCase())])),
  );
}

/** The EIP-712 digest a certifier signs to anchor version `version` of its status list `listId`. */
export function statusListDigest(
  domain: Hex,
  anchor: { listId: Hex; version: number; digest: Hex; certifierId: Hex },
): Hex {
  const version = Buffer.alloc(32);
  version.writeBigUInt64BE(BigInt(anchor.version), 24);
  return typedDataDigest(
    domain,
    keccak(
      Buffer.concat([
        STATUS_LIST_TYPEHASH_WORD,
        word(anchor.listId),
        version,
        word(anchor.digest),
        word(anchor.certifierId),
      ]),
    ),
  );
}
