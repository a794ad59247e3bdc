/**
 * The few parts of Digital Bazaar's VC libraries (ESM, untyped) that the interoperability tests use.
 */
declare module "@digitalbazaar/vc" {
  type DocumentLoader = (
    url: string,
  ) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export interface VerifyCredentialResult {
    verified: boolean;
    results?: { verified: boolean; error?: Error }[];
    error?: Error & { errors?: Error[] };
  }
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: DocumentLoader;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
    now?: Date | string;
  }): Promise<VerifyCredentialResult>;
  export function createPresentation(options: {
    verifiableCredential?: unknown;
    holder?: string;
    id?: string;
  }): Record<string, unknown>;
  export function signPresentation(options: {
    presentation: unknown;
    suite: unknown;
    challenge: string;
    domain?: string;
    documentLoader: DocumentLoader;
  }): Promise<Record<string, unknown>>;
  export function issue(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: unknown; signer?: unknown; date?: Date | string });
  }
}

declare module "@digitalbazaar/eddsa-jcs-2022-cryptosuite" {
  export function createSignCryptosuite(): unknown;
  export function createVerifyCryptosuite(): unknown;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export interface Ed25519MultikeyPair {
    id: string;
    controller: string;
    publicKeyMultibase: string;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  }
  export function from(key: unknown): Promise<Ed25519MultikeyPair>;
}

declare module "@digitalbazaar/did-method-key" {
  export function driver(): {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: unknown) => Promise<unknown>;
    }): void;
    get(options: { url: string }): Promise<unknown>;
  };
}

declare module "jsonld-document-loader" {
  export class JsonLdDocumentLoader {
    addStatic(url: string, document: unknown): void;
    setProtocolHandler(options: {
      protocol: string;
      handler: { get(options: { url: string }): Promise<unknown> };
    }): void;
    build(): (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  }
}

declare module "did-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalbazaar/multikey-context" {
  export const contexts: Map<string, unknown>;
}
declare module "@digitalbazaar/data-integrity-context" {
  export const contexts: Map<string, unknown>;
}

declare module "jsonld-signatures" {
  import type { VerifyCredentialResult } from "@digitalbazaar/vc";
  export const purposes: { AssertionProofPurpose: new () => unknown };
  export function verify(
    document: unknown,
    options: { suite: unknown; purpose: unknown; documentLoader: unknown },
  ): Promise<VerifyCredentialResult>;
}
