import type { CID as CIDClass } from "multiformats/cid";
import type { MultihashDigest } from "multiformats/hashes/interface";

/**
 * multiformats publishes only an `import` export condition, so `require()` (what this CommonJS project's
 * static imports become) cannot load it; it is loaded once with a real dynamic import instead.
 */
export interface Multiformats {
  CID: typeof CIDClass;
  sha256Digest(bytes: Uint8Array): Promise<MultihashDigest<0x12>>;
  /** A multihash digest from its code and raw digest bytes. */
  createDigest(code: number, digest: Uint8Array): MultihashDigest;
}

let loading: Promise<Multiformats> | undefined;

export function loadMultiformats(): Promise<Multiformats> {
  loading ??= (async () => {
    const [{ CID }, { sha256 }, { create }] = await Promise.all([
      import("multiformats/cid"),
      import("multiformats/hashes/sha2"),
      import("multiformats/hashes/digest"),
    ]);
    return { CID, sha256Digest: async (bytes: Uint8Array) => sha256.digest(bytes), createDigest: create };
  })();
  return loading;
}
