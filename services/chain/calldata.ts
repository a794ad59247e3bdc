/**
 * Hand-rolled encodings on the ingest hot path, each checked byte for byte against ethers in
 * test/services/chain/calldata.test.ts: the `submit(SignedOperation[])` calldata (ethers' generic ABI coder
 * spends ~0.7 ms per operation on it) and signed EIP-1559 transactions (ethers re-serialises a 100 kB batch
 * transaction several times while signing it).
 */
import { RLP } from "@ethereumjs/rlp";
import secp256k1 from "secp256k1";
import { keccak, type ContractOperation } from "./encoding";
import type { Hex } from "./ledger";

const WORD = 32;
/** Static words of an Operation's head: kind … recordDigest, gtin (the inputs as an offset). */
const HEAD_WORDS = 10;

function hexBytes(hex: string): Buffer {
  return Buffer.from(hex.startsWith("0x") ? hex.slice(2) : hex, "hex");
}

function writeUint(buffer: Buffer, offset: number, value: bigint | number): void {
  const hex = value.toString(16);
  buffer.write(hex.padStart(WORD * 2, "0"), offset, WORD, "hex");
}

function writeWord(buffer: Buffer, offset: number, hex: string): void {
  hexBytes(hex).copy(buffer, offset + WORD - (hex.length - 2) / 2);
}

/** Size in bytes of one encoded (Operation, bytes signature) element. */
function elementSize(operation: ContractOperation, signatureLength: number): number {
  const operationSize = HEAD_WORDS * WORD + WORD + operation.inputs.length * 3 * WORD;
  return 2 * WORD + operationSize + WORD + Math.ceil(signatureLength / WORD) * WORD;
}

/** ABI calldata of `submit(((uint8,bytes32,bytes32,(bytes32,uint64,uint8)[],uint64,uint8,bytes32,bytes32,bytes32,uint64),bytes)[])`. */
export function encodeSubmit(
  selector: Hex,
  items: readonly { operation: ContractOperation; signature: Hex }[],
): Hex {
  const signatures = items.map((item) => hexBytes(item.signature));
  const sizes = items.map((item, i) => elementSize(item.operation, signatures[i]!.length));
  const total = 4 + WORD + WORD + items.length * WORD + sizes.reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(total);
  hexBytes(selector).copy(out, 0);
  writeUint(out, 4, WORD); // offset of the array argument
  writeUint(out, 4 + WORD, items.length);
  const offsetsStart = 4 + 2 * WORD;
  let elementOffset = items.length * WORD; // relative to the start of the offsets area
  items.forEach((item, i) => {
    writeUint(out, offsetsStart + i * WORD, elementOffset);
    const start = offsetsStart + elementOffset;
    const { operation } = item;
    const operationSize = HEAD_WORDS * WORD + WORD + operation.inputs.length * 3 * WORD;
    writeUint(out, start, 2 * WORD); // offset of the operation tuple within the element
    writeUint(out, start + WORD, 2 * WORD + operationSize); // offset of the signature
    const op = start + 2 * WORD;
    writeUint(out, op, operation.kind);
    writeWord(out, op + WORD, operation.lotId);
    writeWord(out, op + 2 * WORD, operation.facilityId);
    writeUint(out, op + 3 * WORD, HEAD_WORDS * WORD); // offset of inputs within the operation
    writeUint(out, op + 4 * WORD, operation.quantity);
    writeUint(out, op + 5 * WORD, operation.unit);
    writeWord(out, op + 6 * WORD, operation.garmentsRoot);
    writeWord(out, op + 7 * WORD, operation.recipientId);
    writeWord(out, op + 8 * WORD, operation.recordDigest);
    writeUint(out, op + 9 * WORD, operation.gtin);
    writeUint(out, op + HEAD_WORDS * WORD, operation.inputs.length);
    operation.inputs.forEach((input, j) => {
      const at = op + (HEAD_WORDS + 1) * WORD + j * 3 * WORD;
      writeWord(out, at, input.lotId);
      writeUint(out, at + WORD, input.quantity);
      writeUint(out, at + 2 * WORD, input.unit);
    });
    const signatureAt = op + operationSize;
    writeUint(out, signatureAt, signatures[i]!.length);
    signatures[i]!.copy(out, signatureAt + WORD);
    elementOffset += sizes[i]!;
  });
  return `0x${out.toString("hex")}` as Hex;
}

export interface Eip1559Fields {
  chainId: number;
  nonce: number;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  gasLimit: bigint;
  to: string | null;
  data: Hex;
}

/** RLP integers are big-endian with no leading zeros; zero is the empty string. */
function rlpInt(value: bigint | number): Uint8Array {
  if (BigInt(value) === 0n) return new Uint8Array();
  const hex = value.toString(16);
  return hexBytes(hex.length % 2 === 0 ? hex : `0${hex}`);
}

/** Signs an EIP-1559 transaction; returns the raw transaction and its hash. */
export function signEip1559(fields: Eip1559Fields, privateKey: Hex): { rawTx: Hex; txHash: Hex } {
  const body = [
    rlpInt(fields.chainId),
    rlpInt(fields.nonce),
    rlpInt(fields.maxPriorityFeePerGas),
    rlpInt(fields.maxFeePerGas),
    rlpInt(fields.gasLimit),
    fields.to === null ? new Uint8Array() : hexBytes(fields.to),
    new Uint8Array(), // value
    hexBytes(fields.data),
    [], // access list
  ];
  const unsigned = Buffer.concat([Buffer.from([2]), RLP.encode(body)]);
  const { signature, recid } = secp256k1.ecdsaSign(keccak(unsigned), hexBytes(privateKey));
  const r = Buffer.from(signature.subarray(0, 32));
  const s = Buffer.from(signature.subarray(32, 64));
  const stripZeros = (bytes: Buffer) =>
    bytes.subarray(bytes.findIndex((b) => b !== 0) === -1 ? bytes.length : bytes.findIndex((b) => b !== 0));
  const signed = Buffer.concat([
    Buffer.from([2]),
    RLP.encode([...body, rlpInt(recid), stripZeros(r), stripZeros(s)]),
  ]);
  return {
    rawTx: `0x${signed.toString("hex")}` as Hex,
    txHash: `0x${keccak(signed).toString("hex")}` as Hex,
  };
}
