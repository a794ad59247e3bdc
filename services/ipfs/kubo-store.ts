import { NotFoundError, UnavailableError } from "../errors";
import { parseCid, RAW_CODEC } from "../support/cid";
import type { DocumentStore, PutOptions, PutResult } from "./document-store";
import { UNIXFS_CHUNK_SIZE } from "./document-store";

export interface KuboStoreParameters {
  /** Kubo's RPC API, e.g. `http://127.0.0.1:5001` (may carry credentials: never logged). */
  apiUrl: string;
  /** Per-request timeout; a Kubo that does not answer in time is UNAVAILABLE. */
  timeoutMs?: number;
}

/**
 * A Kubo node (or cluster proxy) through its RPC API. Documents go through `add` with the same chunking as the
 * embedded store (Kubo's defaults, made explicit) so both engines give the same CID; records go through
 * `block/put` as raw blocks. Everything is pinned.
 *
 * @example
 * const store = await createKuboStore({ apiUrl: "http://127.0.0.1:5001" });
 */
export async function createKuboStore({
  apiUrl,
  timeoutMs = 30_000,
}: KuboStoreParameters): Promise<DocumentStore> {
  // kubo-rpc-client is ESM-only.
  const { create } = await import("kubo-rpc-client");
  const kubo = create({ url: apiUrl, timeout: timeoutMs });

  async function call<T>(what: string, cid: string | null, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (cid !== null && /not found/i.test(message)) throw new NotFoundError("IPFS object", cid);
      // The message comes from Kubo, never from our URL, so it carries no credentials.
      throw new UnavailableError(`IPFS (Kubo) ${what} failed`, {
        details: { reason: message.slice(0, 200) },
      });
    }
  }

  return {
    async put(bytes: Uint8Array, options: PutOptions = {}): Promise<PutResult> {
      if (options.format === "raw-block") {
        const cid = await call("block/put", null, () =>
          kubo.block.put(bytes, { format: "raw", mhtype: "sha2-256", pin: true }),
        );
        return { cid: cid.toString(), size: bytes.byteLength };
      }
      const added = await call("add", null, () =>
        kubo.add(bytes, {
          cidVersion: 1,
          rawLeaves: true,
          chunker: `size-${UNIXFS_CHUNK_SIZE}`,
          pin: true,
        }),
      );
      return { cid: added.cid.toString(), size: bytes.byteLength };
    },

    async get(cidString: string): Promise<Uint8Array> {
      const cid = await parseCid(cidString);
      if (cid.code === RAW_CODEC) {
        // The client only calls toString() on its CID argument; passing the string avoids a second multiformats copy.
        return call("block/get", cidString, () => kubo.block.get(cidString as never));
      }
      return call("cat", cidString, async () => {
        const chunks: Uint8Array[] = [];
        for await (const chunk of kubo.cat(cidString)) chunks.push(chunk);
        return Buffer.concat(chunks);
      });
    },

    async has(cidString: string): Promise<boolean> {
      await parseCid(cidString);
      try {
        // offline: answer from the local repo, never wait for the network to find it.
        await kubo.block.stat(cidString as never, { searchParams: { offline: "true" } } as never);
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/not found/i.test(message)) return false;
        throw new UnavailableError("IPFS (Kubo) block/stat failed", {
          details: { reason: message.slice(0, 200) },
        });
      }
    },

    async close(): Promise<void> {
      // The client keeps no connection open.
    },
  };
}
