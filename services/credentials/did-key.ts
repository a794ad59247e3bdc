/**
 * Ed25519 keys as `did:key` identifiers (W3C CCG did:key method): the DID is `did:key:` + multibase
 * base58btc ('z') of the multicodec `ed25519-pub` (0xed 0x01) followed by the 32-byte public key. Anyone can
 * turn the DID back into the public key, so a credential signed with the key verifies offline from the DID.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";

const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01);

type Base58 = { encode(bytes: Uint8Array): string; decode(text: string): Uint8Array };
let base58: Promise<Base58> | undefined;

/** multiformats' base58btc multibase codec (ESM-only, so loaded with a real dynamic import). */
export function loadBase58btc(): Promise<Base58> {
  base58 ??= import("multiformats/bases/base58").then(({ base58btc }) => base58btc);
  return base58;
}

/** A fresh Ed25519 key pair's 32-byte private seed. */
export function generateEd25519Seed(): Uint8Array {
  const { privateKey } = generateKeyPairSync("ed25519");
  return Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
}

/** The private key object for a 32-byte seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  // PKCS#8 prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed.
  const prefix = Buffer.from("302e020100300506032b657004220420", "hex");
  return createPrivateKey({ key: Buffer.concat([prefix, seed]), format: "der", type: "pkcs8" });
}

/** The raw 32-byte public key of an Ed25519 key. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
}

/** The public key object for 32 raw bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") },
    format: "jwk",
  });
}

/** `did:key:z6Mk…` for an Ed25519 public key. */
export async function didKeyFromPublicKey(raw: Uint8Array): Promise<string> {
  const base58btc = await loadBase58btc();
  return `did:key:${base58btc.encode(Uint8Array.from([...ED25519_PUB_MULTICODEC, ...raw]))}`;
}

/** The verification method id of a did:key: `did:key:z6Mk…#z6Mk…`. */
export function verificationMethodOf(did: string): string {
  return `${did}#${did.slice("did:key:".length)}`;
}

/**
 * The Ed25519 public key a `did:key` (or its verification method id) names; null when it names another key
 * type or is malformed.
 */
export async function publicKeyFromDidKey(didOrMethod: string): Promise<KeyObject | null> {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#(z[1-9A-HJ-NP-Za-km-z]+))?$/.exec(didOrMethod);
  if (!match || (match[2] !== undefined && match[2] !== match[1])) return null;
  const base58btc = await loadBase58btc();
  let bytes: Uint8Array;
  try {
    bytes = base58btc.decode(match[1]!);
  } catch {
    return null;
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return null;
  return publicKeyFromRaw(bytes.subarray(2));
}
