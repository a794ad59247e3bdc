/**
 * Each certifier's own Ed25519 signing key, created on its first certificate and kept encrypted at rest
 * (AES-256-GCM under a master key file, mode 0600) in `DATA_DIR/certificates/`, with the same sealed key
 * store as the chain layer's facility keys (services/keystore). The key's `did:key` is the issuer of
 * every credential the certifier signs; the DID alone verifies them.
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
  verificationMethodOf,
} from "../credentials/did-key";

export interface CertifierKey {
  did: string;
  verificationMethod: string;
  privateKey: KeyObject;
}

export interface CertifierKeyStore {
  /** The certifier's key, created (and stored) on first use. */
  keyFor(certifierId: string): Promise<CertifierKey>;
  /** The certifier's DID, or null when it never signed anything. */
  didOf(certifierId: string): Promise<string | null>;
}

const owner = (certifierId: string) => `certifier:${certifierId}`;

/**
 * The key store under `dataDir`. The SQLite file is opened for each use and closed after it (keys are needed
 * once per certificate), one use at a time.
 *
 * @example
 * const keys = createCertifierKeyStore(config.dataDir);
 * const { did, privateKey } = await keys.keyFor("vcci-hcm");
 */
export function createCertifierKeyStore(dataDir: string): CertifierKeyStore {
  const dir = join(dataDir, "certificates");
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: (store: ReturnType<typeof openSealedKeyStore>) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const store = openSealedKeyStore(dir);
      try {
        return await work(store);
      } finally {
        store.close();
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const toKey = (did: string, seedHex: Hex): CertifierKey => ({
    did,
    verificationMethod: verificationMethodOf(did),
    privateKey: privateKeyFromSeed(Buffer.from(seedHex.slice(2), "hex")),
  });

  return {
    keyFor(certifierId) {
      return exclusive(async (store) => {
        const existing = store.getKey(owner(certifierId));
        if (existing) return toKey(existing.address, existing.privateKey);
        const seed = generateEd25519Seed();
        const did = await didKeyFromPublicKey(rawPublicKey(privateKeyFromSeed(seed)));
        const seedHex: Hex = `0x${Buffer.from(seed).toString("hex")}`;
        store.putKey(owner(certifierId), did, seedHex);
        return toKey(did, seedHex);
      });
    },
    didOf(certifierId) {
      return exclusive(async (store) => store.getKey(owner(certifierId))?.address ?? null);
    },
  };
}
