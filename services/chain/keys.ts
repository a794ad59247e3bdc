import createKeccakHash from "keccak";
import type { Hex } from "./ledger";

/** The bytes32 key a string id (lot, facility, certificate) has on chain: keccak256 of its UTF-8 bytes. */
export function chainKey(id: string): Hex {
  return `0x${createKeccakHash("keccak256").update(Buffer.from(id, "utf8")).digest("hex")}` as Hex;
}
