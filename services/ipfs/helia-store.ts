import "./promise-with-resolvers";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Helia } from "helia";
import type { UnixFS } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import type { Libp2p } from "@libp2p/interface";
import { loadMultiformats } from "../support/multiformats";
import { AppError, NotFoundError, UnavailableError } from "../errors";
import { parseCid, RAW_CODEC } from "../support/cid";
import type { DocumentStore, PutOptions, PutResult } from "./document-store";
import { UNIXFS_CHUNK_SIZE, UNIXFS_MAX_LINKS } from "./document-store";
import { openDurableBlockstore } from "./durable-blockstore";
import { openSqliteDatastore } from "./sqlite-datastore";
import type { HeliaNetworkParameters, NetworkStatus } from "./helia-network";
import { keepPeersConnected, libp2pOptions, networkStatus, parsePeers } from "./helia-network";

export interface HeliaStoreParameters {
  /**
   * Directory for the blockstore (`blocks.sqlite`, see durable-blockstore.ts) and datastore (`datastore.sqlite`,
   * see sqlite-datastore.ts); created (0700) when missing. The `blocks/` and `data/` directories left by earlier
   * versions (blockstore-fs, datastore-fs) are still read.
   */
  directory: string;
  /**
   * Networking (see helia-network.ts): absent, the node has none at all and a `get` of what it does not hold
   * answers NOT_FOUND at once. Present, it listens and dials as told and fetches what it lacks over bitswap.
   */
  network?: HeliaNetworkParameters;
}

export interface HeliaStore extends DocumentStore {
  /** The node's peer id and addresses; null when it has no networking. */
  network(): NetworkStatus | null;
}

/**
 * An embedded IPFS node: Helia with a durable on-disk blockstore (a put resolves once its blocks are fsynced)
 * and a datastore. Everything put is pinned, so a later garbage collection keeps it. With `network`, it also
 * serves its blocks to connected peers and fetches what it lacks from them: each fetched block is checked
 * against its CID, stored in the same durable blockstore and the document pinned, so it survives a restart
 * and is served on in turn. Its peer id is kept in the datastore, so a restart keeps its address.
 *
 * @example
 * const store = await createHeliaStore({ directory: join(dataDir, "ipfs") });
 * const { cid } = await store.put(new TextEncoder().encode("hello"));
 */
export async function createHeliaStore({ directory, network }: HeliaStoreParameters): Promise<HeliaStore> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  // Helia and its helpers are ESM-only; a real dynamic import keeps this CommonJS module loading them.
  const [
    { createHeliaLight },
    { unixfs },
    { FsBlockstore },
    { FsDatastore },
    { fixedSize },
    { balanced },
    ,
    { BaseDatastore },
    { Key },
  ] = await Promise.all([
    import("helia"),
    import("@helia/unixfs"),
    import("blockstore-fs"),
    import("datastore-fs"),
    import("ipfs-unixfs-importer/chunker"),
    import("ipfs-unixfs-importer/layout"),
    import("ipfs-unixfs-exporter"),
    import("datastore-core"),
    import("interface-datastore"),
  ]);
  const multiformats = await loadMultiformats();
  const legacyBlocks = join(directory, "blocks");
  const blockstore = openDurableBlockstore({
    path: join(directory, "blocks.sqlite"),
    ...(existsSync(legacyBlocks) ? { legacy: new FsBlockstore(legacyBlocks) } : {}),
    decodeCid: (bytes) => multiformats.CID.decode(bytes),
  });
  const legacyData = join(directory, "data");
  const datastore = openSqliteDatastore({
    path: join(directory, "datastore.sqlite"),
    ...(existsSync(legacyData) ? { legacy: new FsDatastore(legacyData) } : {}),
    BaseDatastore,
    Key,
  });
  let helia: Helia;
  let libp2p: Libp2p | null = null;
  let peers: ReturnType<typeof keepPeersConnected> | null = null;
  try {
    if (network) {
      const configuredPeers = await parsePeers(network.peers);
      const { createHelia } = await import("helia");
      const networked = createHelia({
        blockstore,
        datastore,
        libp2p: await libp2pOptions(network),
        // No delegated routers and no public gateways: blocks come from connected peers over bitswap only.
        http: { delegatedRouters: [], recursiveGateways: [] },
      });
      helia = networked;
      await helia.start();
      libp2p = networked.libp2p;
      peers = keepPeersConnected(libp2p, configuredPeers, network.maxRedialIntervalMs);
    } else {
      helia = createHeliaLight({ blockstore, datastore });
      await helia.start();
    }
  } catch (error) {
    datastore.close();
    await blockstore.close();
    throw error;
  }
  const fs: UnixFS = unixfs(helia);
  const importerOptions = {
    cidVersion: 1 as const,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: UNIXFS_CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: UNIXFS_MAX_LINKS }),
  };

  async function pin(cid: CID): Promise<void> {
    // No isPinned() first: pins.add refuses a pinned root before doing anything, and each look-up costs a
    // base36 encoding of the CID, the largest part of pinning a small record.
    try {
      // pins.add is an async generator: nothing is pinned unless it is iterated.
      for await (const _ of helia.pins.add(cid)) {
        // each yielded CID is one block of the DAG now pinned
      }
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== "AlreadyPinnedError") throw error;
    }
  }

  return {
    async put(bytes: Uint8Array, options: PutOptions = {}): Promise<PutResult> {
      let cid: CID;
      try {
        if (options.format === "raw-block") {
          cid = multiformats.CID.createV1(RAW_CODEC, await multiformats.sha256Digest(bytes));
          await helia.blockstore.put(cid, bytes);
        } else {
          cid = await fs.addBytes(bytes, importerOptions);
        }
        await pin(cid);
      } catch (error) {
        throw asWriteFailure(error);
      }
      return { cid: cid.toString(), size: bytes.byteLength };
    },

    async get(cidString: string): Promise<Uint8Array> {
      const cid = await parseCid(cidString);
      if (await helia.blockstore.has(cid)) {
        try {
          return await read(cid, { offline: true });
        } catch (error) {
          // A document whose root is here but not every block (a fetch cut short): fetch the rest.
          if (!libp2p || !isMissingOffline(error)) throw error;
        }
      }
      if (!libp2p || !network) throw new NotFoundError("IPFS object", cidString);
      return fetchFromPeers(cid, cidString, libp2p, network.fetchTimeoutMs);
    },

    async has(cidString: string): Promise<boolean> {
      return helia.blockstore.has(await parseCid(cidString));
    },

    async probeWrite(): Promise<void> {
      await blockstore.probeWrite();
    },

    network(): NetworkStatus | null {
      return libp2p ? networkStatus(libp2p) : null;
    },

    async close(): Promise<void> {
      peers?.stop();
      await helia.stop();
      datastore.close();
      await blockstore.close();
    },
  };

  async function read(cid: CID, options: { offline?: boolean; signal?: AbortSignal }): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    const source = cid.code === RAW_CODEC ? helia.blockstore.get(cid, options) : fs.cat(cid, options);
    for await (const chunk of source) chunks.push(chunk);
    return concat(chunks);
  }

  /**
   * Asks the connected peers for `cid`, all of it within `timeoutMs`; dials the configured peers first when
   * none is connected. UNAVAILABLE when no peer can be reached, NOT_FOUND when the peers did not give it in
   * time. What arrives is verified block by block (bitswap and Helia hash each one against its CID) and written
   * to the durable blockstore; the whole document is then pinned, like one put here.
   */
  async function fetchFromPeers(
    cid: CID,
    cidString: string,
    node: Libp2p,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(timeoutMs);
    if (node.getConnections().length === 0) await peers?.connectNow(signal);
    if (node.getConnections().length === 0) {
      throw new UnavailableError("No IPFS peer can be reached to fetch the object", {
        details: { store: "ipfs", cid: cidString },
      });
    }
    let bytes: Uint8Array;
    try {
      bytes = await read(cid, { signal });
    } catch (error) {
      if (signal.aborted || isFetchFailure(error)) throw new NotFoundError("IPFS object", cidString);
      throw error;
    }
    try {
      await pin(cid);
    } catch (error) {
      throw asWriteFailure(error);
    }
    return bytes;
  }
}

/** Helia's error for a block not held here when asked not to use the network. */
function isMissingOffline(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "BlockNotFoundWhileOfflineError";
}

/** Errors of a fetch that ended without the block: aborted at the deadline, or no retriever gave it. */
function isFetchFailure(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? "";
  return /^(AbortError|TimeoutError|LoadBlockFailedError)$/.test(name);
}

/**
 * A write the disk refused (the blockstore's own UNAVAILABLE, or the pin datastore's ENOSPC/EROFS/EIO) is
 * UNAVAILABLE: nothing the caller can fix, try later. Other errors pass as they are.
 */
function asWriteFailure(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? "";
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOSPC|EROFS|EIO|EDQUOT/.test(code) || /ENOSPC|EROFS|EDQUOT|no space left/i.test(text)) {
    return new UnavailableError("The IPFS store cannot store documents now (disk)", {
      details: { store: "ipfs" },
      cause: error,
    });
  }
  return error;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks);
}
