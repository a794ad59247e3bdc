import "./promise-with-resolvers";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Helia } from "helia";
import type { UnixFS } from "@helia/unixfs";
import type { CID } from "multiformats/cid";
import { loadMultiformats } from "../support/multiformats";
import { AppError, NotFoundError, UnavailableError } from "../errors";
import { parseCid, RAW_CODEC } from "../support/cid";
import type { DocumentStore, PutOptions, PutResult } from "./document-store";
import { UNIXFS_CHUNK_SIZE, UNIXFS_MAX_LINKS } from "./document-store";
import { openDurableBlockstore } from "./durable-blockstore";
import { openSqliteDatastore } from "./sqlite-datastore";

export interface HeliaStoreParameters {
  /**
   * Directory for the blockstore (`blocks.sqlite`, see durable-blockstore.ts) and datastore (`datastore.sqlite`,
   * see sqlite-datastore.ts); created (0700) when missing. The `blocks/` and `data/` directories left by earlier
   * versions (blockstore-fs, datastore-fs) are still read.
   */
  directory: string;
}

/**
 * An embedded IPFS node with no networking: Helia with a durable on-disk blockstore (a put resolves once its
 * blocks are fsynced) and a datastore. Everything put is pinned, so a later garbage collection keeps it.
 *
 * @example
 * const store = await createHeliaStore({ directory: join(dataDir, "ipfs") });
 * const { cid } = await store.put(new TextEncoder().encode("hello"));
 */
export async function createHeliaStore({ directory }: HeliaStoreParameters): Promise<DocumentStore> {
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
  const helia: Helia = createHeliaLight({ blockstore, datastore });
  try {
    await helia.start();
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
    if (await helia.pins.isPinned(cid)) return;
    // pins.add is an async generator: nothing is pinned unless it is iterated.
    for await (const _ of helia.pins.add(cid)) {
      // each yielded CID is one block of the DAG now pinned
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

    async probeWrite(): Promise<void> {
      await blockstore.probeWrite();
    },

    async close(): Promise<void> {
      await helia.stop();
      datastore.close();
      await blockstore.close();
    },
  };
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
