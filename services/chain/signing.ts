/** Facility signatures over EIP-712 digests, with the native secp256k1 binding (~20x faster than pure JS). */
import secp256k1 from "secp256k1";
import type { Hex } from "./ledger";

/** Signs a 32-byte digest; returns r‖s‖v (65 bytes, v = 27 or 28) as the contract's ECDSA.recover expects. */
export function signDigest(digest: Hex, privateKey: Hex): Hex {
  const { signature, recid } = secp256k1.ecdsaSign(
    Buffer.from(digest.slice(2), "hex"),
    Buffer.from(privateKey.slice(2), "hex"),
  );
  return `0x${Buffer.from(signature).toString("hex")}${(27 + recid).toString(16)}` as Hex;
}
