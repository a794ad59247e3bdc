import { join } from "node:path";
import type { DocumentStore } from "./document-store";
import { createHeliaStore } from "./helia-store";
import { createKuboStore } from "./kubo-store";
import type { HeliaNetworkParameters } from "./helia-network";

export type { DocumentStore, PutOptions, PutResult } from "./document-store";
export { createHeliaStore } from "./helia-store";
export type { HeliaStore } from "./helia-store";
export type { HeliaNetworkParameters, NetworkStatus } from "./helia-network";
export { createKuboStore } from "./kubo-store";
export { parseCid, InvalidCidError, RAW_CODEC } from "../support/cid";

/**
 * The configured store: Kubo when `ipfsApiUrl` is set, otherwise an embedded Helia node under
 * `dataDir/ipfs`, networked when `ipfsNetwork` is given.
 */
export async function createDocumentStore(params: {
  dataDir: string;
  ipfsApiUrl?: string;
  ipfsNetwork?: HeliaNetworkParameters;
}): Promise<DocumentStore> {
  if (params.ipfsApiUrl) return createKuboStore({ apiUrl: params.ipfsApiUrl });
  return createHeliaStore({
    directory: join(params.dataDir, "ipfs"),
    ...(params.ipfsNetwork ? { network: params.ipfsNetwork } : {}),
  });
}
