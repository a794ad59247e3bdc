import { keccak256, toUtf8Bytes } from "ethers";
import type { Hex } from "./ledger";

/** The bytes32 key a string id (lot, facility, certificate) has on chain. */
export function chainKey(id: string): Hex {
  return keccak256(toUtf8Bytes(id)) as Hex;
}
