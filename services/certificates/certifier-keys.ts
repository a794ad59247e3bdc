/**
 * Each certifier's own Ed25519 credential-signing keys, created on its first certificate and kept encrypted at
 * rest (AES-256-GCM under a master key file, mode 0600) in `DATA_DIR/certificates/`, with the same sealed key
 * store as the chain layer's facility keys (services/keystore). The key's `did:key` is the issuer of every
 * credential the certifier signs; the DID alone verifies them.
 *
 * Given the service's public base URL, the issuer is the certifier's `did:web` instead
 * (`did:web:<host>:certifiers:<id>`), whose DID document lists every key as a Multikey, and a proof names the
 * key as `<did:web>#<multibase key>`; credentials issued under the `did:key` keep verifying from that DID.
 *
 * Keys rotate: {@link CertifierKeyStore.rotate} makes a new key the one that signs from now on, and keeps every
 * earlier one with the time it was retired. A `did:key` carries its public key, so credentials signed before a
 * rotation still verify; the kept keys let the service recognise them as the certifier's own (to revoke them)
 * and list the certifier's rotations. Generations are stored under `certifier:<id>` (the first, as before
 * rotation existed) and `certifier:<id>@<n>`; the retirement of generation n is the label of
 * `certifier:<id>@<n>:retired`.
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
import { certifierDidWeb, didDocument, didWebUnder } from "../credentials/did-web";
import type { LocalDidWebDocuments } from "../credentials/verification-method";

export interface CertifierKey {
  /** The issuer: the certifier's did:web (with a public base URL), else the key's did:key. */
  did: string;
  /** The key as a verification method of `did`. */
  verificationMethod: string;
  /** The key's own did:key (what earlier credentials name as their issuer). */
  didKey: string;
  privateKey: KeyObject;
}

/** One of a certifier's credential-signing keys, current or retired. */
export interface CertifierDid {
  did: string;
  generation: number;
  /** When a rotation retired it; null for the current key. */
  retiredAt: string | null;
}

export interface CertifierKeyStore {
  /** The certifier's current key, created (and stored) on first use. */
  keyFor(certifierId: string): Promise<CertifierKey>;
  /** The did:key of the certifier's current key, or null when it never signed anything. */
  didOf(certifierId: string): Promise<string | null>;
  /** Every DID the certifier signs or signed with: its did:keys oldest first, then its did:web (if any). */
  didsOf(certifierId: string): Promise<string[]>;
  /** The certifier's keys, oldest first, with when each was retired. */
  historyOf(certifierId: string): Promise<CertifierDid[]>;
  /** Retires the current key (creating the first one if there is none) and makes a new one current. */
  rotate(certifierId: string, now?: Date): Promise<{ previous: CertifierDid; current: CertifierDid }>;
}

const owner = (certifierId: string, generation: number) =>
  generation === 1 ? `certifier:${certifierId}` : `certifier:${certifierId}@${generation}`;
const retiredOwner = (certifierId: string, generation: number) => `${owner(certifierId, generation)}:retired`;

type Store = ReturnType<typeof openSealedKeyStore>;

/**
 * The key store under `dataDir`. The SQLite file is opened for each use and closed after it (keys are needed
 * once per certificate), one use at a time.
 *
 * @example
 * const keys = createCertifierKeyStore(config.dataDir);
 * const { did, privateKey } = await keys.keyFor("vcci-hcm");
 */
export function createCertifierKeyStore(
  dataDir: string,
  options: { publicBaseUrl?: string } = {},
): CertifierKeyStore {
  const didWebOf = (certifierId: string) =>
    options.publicBaseUrl === undefined ? null : certifierDidWeb(options.publicBaseUrl, certifierId);
  const dir = join(dataDir, "certificates");
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: (store: Store) => Promise<T>): Promise<T> => {
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

  const toKey = (certifierId: string, didKey: string, seedHex: Hex): CertifierKey => {
    const didWeb = didWebOf(certifierId);
    return {
      did: didWeb ?? didKey,
      verificationMethod: didWeb
        ? `${didWeb}#${didKey.slice("did:key:".length)}`
        : verificationMethodOf(didKey),
      didKey,
      privateKey: privateKeyFromSeed(Buffer.from(seedHex.slice(2), "hex")),
    };
  };

  function generations(store: Store, certifierId: string) {
    const found: { did: string; seed: Hex; generation: number; retiredAt: string | null }[] = [];
    for (let generation = 1; ; generation++) {
      const key = store.getKey(owner(certifierId, generation));
      if (key === undefined) return found;
      const retired = store.getKey(retiredOwner(certifierId, generation));
      found.push({ did: key.address, seed: key.privateKey, generation, retiredAt: retired?.address ?? null });
    }
  }

  async function create(store: Store, certifierId: string, generation: number) {
    const seed = generateEd25519Seed();
    const did = await didKeyFromPublicKey(rawPublicKey(privateKeyFromSeed(seed)));
    const seedHex: Hex = `0x${Buffer.from(seed).toString("hex")}`;
    store.putKey(owner(certifierId, generation), did, seedHex);
    return { did, seed: seedHex, generation, retiredAt: null };
  }

  const describe = (key: { did: string; generation: number; retiredAt: string | null }): CertifierDid => ({
    did: key.did,
    generation: key.generation,
    retiredAt: key.retiredAt,
  });

  return {
    keyFor(certifierId) {
      return exclusive(async (store) => {
        const current = generations(store, certifierId).at(-1) ?? (await create(store, certifierId, 1));
        return toKey(certifierId, current.did, current.seed);
      });
    },
    didOf(certifierId) {
      return exclusive(async (store) => generations(store, certifierId).at(-1)?.did ?? null);
    },
    didsOf(certifierId) {
      return exclusive(async (store) => {
        const didKeys = generations(store, certifierId).map((key) => key.did);
        const didWeb = didWebOf(certifierId);
        return didWeb && didKeys.length > 0 ? [...didKeys, didWeb] : didKeys;
      });
    },
    historyOf(certifierId) {
      return exclusive(async (store) => generations(store, certifierId).map(describe));
    },
    rotate(certifierId, now = new Date()) {
      return exclusive(async (store) => {
        const previous = generations(store, certifierId).at(-1) ?? (await create(store, certifierId, 1));
        // The retirement is written first: a crash before the new key exists leaves the old one retired and
        // the next keyFor() still signing with it until a rotation is asked again (which then only adds a key).
        if (store.getKey(retiredOwner(certifierId, previous.generation)) === undefined) {
          store.putKey(retiredOwner(certifierId, previous.generation), now.toISOString(), "0x");
        }
        const current = await create(store, certifierId, previous.generation + 1);
        return {
          previous: describe({ ...previous, retiredAt: now.toISOString() }),
          current: describe(current),
        };
      });
    },
  };
}

/**
 * The service's own did:web documents, from its register of certifier keys (no network): the programme's (no
 * keys), each certifier's (every key it signs or signed with), `null` for an unknown certifier or path of this
 * host, `undefined` for another host.
 */
export function localDidWebDocuments(
  publicBaseUrl: string,
  certifierKeys: Pick<CertifierKeyStore, "historyOf">,
  programmeDidKeys?: () => Promise<readonly string[]>,
): LocalDidWebDocuments {
  return async (did) => {
    const named = didWebUnder(publicBaseUrl, did);
    if (named === undefined || named === null) return named;
    if (named.kind === "programme") return didDocument(did, programmeDidKeys ? await programmeDidKeys() : []);
    const keys = await certifierKeys.historyOf(named.certifierId);
    return keys.length === 0
      ? null
      : didDocument(
          did,
          keys.map((key) => key.did),
        );
  };
}
