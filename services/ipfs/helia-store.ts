import "./promise-with-resolvers";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Helia } from "helia";
import type { UnixFS } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import { loadMultiformats } from "../support/multiformats";
import { NotFoundError } from "../errors";
import { parseCid, RAW_CODEC } from "../support/cid";
import type { DocumentStore, PutOptions, PutResult } from "./document-store";
import { UNIXFS_CHUNK_SIZE, UNIXFS_MAX_LINKS } from "./document-store";

export interface HeliaStoreParameters {
  /** Directory for the blockstore (`blocks/`) and datastore (`data/`); created when missing. */
  directory: string;
}

/**
 * An embedded IPFS node with no networking: Helia with an on-disk blockstore and datastore. Everything put is
 * pinned, so a later garbage collection keeps it.
 *
 * @example
 * const store = await createHeliaStore({ directory: join(dataDir, "ipfs") });
 * const { cid } = await store.put(new TextEncoder().encode("hello"));
 */
export async function createHeliaStore({ directory }: HeliaStoreParameters): Promise<DocumentStore> {
  await mkdir(directory, { recursive: true });
  // Helia and its helpers are ESM-only; a real dynamic import keeps this CommonJS module loading them.
  const [{ createHeliaLight }, { unixfs }, { FsBlockstore }, { FsDatastore }, { fixedSize }, { balanced }] =
    await Promise.all([
      import("helia"),
      import("@helia/unixfs"),
      import("blockstore-fs"),
      import("datastore-fs"),
      import("ipfs-unixfs-importer/chunker"),
      import("ipfs-unixfs-importer/layout"),
      import("ipfs-unixfs-exporter"),
    ]);
  const multiformats = await loadMultiformats();
  const blockstore = new FsBlockstore(join(directory, "blocks"));
  const datastore = new FsDatastore(join(directory, "data"));
  const helia: Helia = createHeliaLight({ blockstore, datastore });
  await helia.start();
  const fs: UnixFS = unixfs(helia);
  const importerOptions = {
    cidVersion: 1 as const,
    rawLeaves: true,
    chunker: fixedSize({ chunkSize: UNIXFS_CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: UNIXFS_MAX_LINKS }),
  };

  async function pin(cid: CID): Promise<void> {
    if (await helia.pins.isPinned(cid)) return;
    // pins.add is an async generator: nothing is pinned unless it is iterated.
    for await (const _ of helia.pins.add(cid)) {
      // each yielded CID is one block of the DAG now pinned
    }
  }

  return {
    async put(bytes: Uint8Array, options: PutOptions = {}): Promise<PutResult> {
      let cid: CID;
      if (options.format === "raw-block") {
        cid = multiformats.CID.createV1(RAW_CODEC, await multiformats.sha256Digest(bytes));
        await helia.blockstore.put(cid, bytes);
      } else {
        cid = await fs.addBytes(bytes, importerOptions);
      }
      await pin(cid);
      return { cid: cid.toString(), size: bytes.byteLength };
    },

    async get(cidString: string): Promise<Uint8Array> {
      const cid = await parseCid(cidString);
      if (!(await helia.blockstore.has(cid))) throw new NotFoundError("IPFS object", cidString);
      if (cid.code === RAW_CODEC) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of helia.blockstore.get(cid, { offline: true })) chunks.push(chunk);
        return concat(chunks);
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of fs.cat(cid, { offline: true })) chunks.push(chunk);
      return concat(chunks);
    },

    async has(cidString: string): Promise<boolean> {
      return helia.blockstore.has(await parseCid(cidString));
    },

    async close(): Promise<void> {
      await helia.stop();
    },
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks);
}
