/**
 * Where documents and event records live: an IPFS node, embedded (Helia) or remote (Kubo RPC).
 * Callers depend on this interface only and ask for the part they use (`Pick<DocumentStore, "get">`).
 */
export interface PutOptions {
  /**
   * `raw-block`: the bytes are one raw block, so the CID is CIDv1(raw, sha2-256(bytes)) whatever the size
   * (event records, whose on-chain digest is that sha-256). `file` (default): a UnixFS file chunked exactly as
   * `ipfs add --cid-version=1` does on Kubo, so the same document has the same CID on either engine.
   */
  format?: "raw-block" | "file";
}

export interface PutResult {
  /** The CID as a string (CIDv1, base32). */
  cid: string;
  /** Bytes stored (the content's length, not the DAG's). */
  size: number;
}

export interface DocumentStore {
  /** Stores and pins `bytes`; storing the same bytes again returns the same CID. */
  put(bytes: Uint8Array, options?: PutOptions): Promise<PutResult>;
  /** The content of `cid`; rejects with NOT_FOUND when the store does not hold it. */
  get(cid: string): Promise<Uint8Array>;
  /** Whether the store holds `cid` locally (never asks the network). */
  has(cid: string): Promise<boolean>;
  /**
   * Checks that the store can take a write now (a small durable write, or a round trip to a remote node);
   * rejects with UNAVAILABLE when it cannot. `/healthz` calls it (cached for a few seconds).
   */
  probeWrite?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * UnixFS import parameters shared by both engines: Kubo's defaults (256 KiB fixed chunks, balanced DAG of at
 * most 174 links, raw leaves with CIDv1). A file that fits in one chunk gets the raw CID of its bytes.
 */
export const UNIXFS_CHUNK_SIZE = 262_144;
export const UNIXFS_MAX_LINKS = 174;
