/**
 * The programme's own credential-signing key: the Ed25519 key behind the programme's did:web
 * (`/.well-known/did.json`) that signs the product passports. Created on first use and kept sealed at rest
 * (AES-256-GCM, services/keystore) in `DATA_DIR/programme/`, so it is the same key after every restart and
 * every passport signed before a restart still verifies against the DID document.
 */
import type { KeyObject } from "node:crypto";
import { join } from "node:path";
import { openSealedKeyStore } from "../keystore";
import type { Hex } from "../chain/ledger";
import {
  didKeyFromPublicKey,
  generateEd25519Seed,
  privateKeyFromSeed,
  rawPublicKey,
} from "../credentials/did-key";

export interface ProgrammeKey {
  /** The key as a `did:key` (the DID document lists it as a Multikey and under `alsoKnownAs`). */
  didKey: string;
  /** The key's multibase form (`z6Mk…`): the fragment of its verification method under the programme's DID. */
  publicKeyMultibase: string;
  privateKey: KeyObject;
}

export interface ProgrammeKeyStore {
  /** The programme's signing key, created (and stored) on first use. */
  key(): Promise<ProgrammeKey>;
}

const OWNER = "programme";

/**
 * The programme key of the data dir `dataDir`, read once and kept in memory after.
 *
 * @example
 * const { didKey } = await createProgrammeKeyStore(config.dataDir).key();
 */
export function createProgrammeKeyStore(dataDir: string): ProgrammeKeyStore {
  let loaded: Promise<ProgrammeKey> | undefined;
  const load = async (): Promise<ProgrammeKey> => {
    const store = openSealedKeyStore(join(dataDir, "programme"));
    try {
      let kept = store.getKey(OWNER);
      if (kept === undefined) {
        const seed = generateEd25519Seed();
        const didKey = await didKeyFromPublicKey(rawPublicKey(privateKeyFromSeed(seed)));
        const seedHex: Hex = `0x${Buffer.from(seed).toString("hex")}`;
        store.putKey(OWNER, didKey, seedHex);
        kept = { address: didKey, privateKey: seedHex };
      }
      return {
        didKey: kept.address,
        publicKeyMultibase: kept.address.slice("did:key:".length),
        privateKey: privateKeyFromSeed(Buffer.from(kept.privateKey.slice(2), "hex")),
      };
    } finally {
      store.close();
    }
  };
  return {
    key() {
      loaded ??= load().catch((error: unknown) => {
        loaded = undefined; // a failed read (a full disk) is tried again on the next use
        throw error;
      });
      return loaded;
    },
  };
}
