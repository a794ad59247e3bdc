/**
 * Digital Bazaar's eddsa-jcs-2022 verifier (`@digitalbazaar/vc` with `@digitalbazaar/data-integrity` and the
 * eddsa-jcs-2022 cryptosuite), run offline: the document loader knows the VC 2.0 context (from the shared
 * standards data), the DID, Multikey and Data Integrity contexts (from their packages), resolves `did:key`
 * Ed25519 keys locally, and `did:web` DIDs from the DID documents the test gives it (fetched by the test from
 * the service's HTTP routes, as an outside verifier would). Nothing else is fetched.
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { contexts as dataIntegrityContexts } from "@digitalbazaar/data-integrity-context";
import * as didKey from "@digitalbazaar/did-method-key";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { createSignCryptosuite, createVerifyCryptosuite } from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import { contexts as multikeyContexts } from "@digitalbazaar/multikey-context";
import * as vc from "@digitalbazaar/vc";
import type { VerifyCredentialResult } from "@digitalbazaar/vc";
import { contexts as didContexts } from "did-context";
import { JsonLdDocumentLoader } from "jsonld-document-loader";
import * as jsigs from "jsonld-signatures";
import { readStandardsJson } from "./standards";

export const VC_V2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2";

/** DID documents by did:web, as an outside verifier fetched them (`https://host/.../did.json`). */
export type DidWebDocuments = Record<
  string,
  { verificationMethod?: { id: string }[] } & Record<string, unknown>
>;

/** An offline document loader: static contexts, a local did:key resolver and the did:web documents given. */
export function offlineDocumentLoader(extra: Record<string, unknown> = {}, didWeb: DidWebDocuments = {}) {
  const loader = new JsonLdDocumentLoader();
  loader.addStatic(VC_V2_CONTEXT_URL, readStandardsJson("w3c", "credentials-v2.jsonld"));
  for (const map of [didContexts, multikeyContexts, dataIntegrityContexts])
    for (const [url, document] of map) loader.addStatic(url, document);
  for (const [url, document] of Object.entries(extra)) loader.addStatic(url, document);
  const resolver = didKey.driver();
  resolver.use({ multibaseMultikeyHeader: "z6Mk", fromMultibase: Ed25519Multikey.from });
  const handler = {
    async get({ url }: { url: string }) {
      if (!url.startsWith("did:web:")) return resolver.get({ url });
      const [did, fragment] = url.split("#") as [string, string | undefined];
      const document = didWeb[did];
      if (!document) throw new Error(`The did:web ${did} was not given to this offline loader`);
      if (fragment === undefined) return document;
      const method = document.verificationMethod?.find((entry) => entry.id === url);
      if (!method) throw new Error(`${did}'s DID document lists no ${url}`);
      return { "@context": "https://w3id.org/security/multikey/v1", ...method };
    },
  };
  loader.setProtocolHandler({ protocol: "did", handler });
  return loader.build();
}

/** Flattens the verifier's nested errors into their messages, for assertions and failure output. */
export function errorMessages(result: VerifyCredentialResult): string[] {
  const errors = [
    ...(result.error ? [result.error, ...(result.error.errors ?? [])] : []),
    ...(result.results ?? []).flatMap((entry) => (entry.error ? [entry.error] : [])),
  ];
  return [...new Set(errors.map((error) => error.message))];
}

/**
 * Verifies a credential with Digital Bazaar's verifier. `credentialStatus` (threadproof's on-chain anchor) is
 * outside what this verifier can check; `checkStatus` reports it as not checked here, so that the verdict is
 * the proof's and the VC data model's alone.
 */
export async function verifyWithDigitalBazaar(
  credential: unknown,
  options: { now?: Date; extraContexts?: Record<string, unknown>; didWeb?: DidWebDocuments } = {},
): Promise<VerifyCredentialResult> {
  return vc.verifyCredential({
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
    documentLoader: offlineDocumentLoader(options.extraContexts, options.didWeb),
    checkStatus: async () => ({ verified: true }),
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * Checks only the Data Integrity proof (for its `assertionMethod` purpose), not the VC data model's rules: for
 * documents, like the W3C test vector, whose issuer is not the key's controller.
 */
export async function verifyProofWithDigitalBazaar(
  document: unknown,
  options: { extraContexts?: Record<string, unknown> } = {},
): Promise<VerifyCredentialResult> {
  return jsigs.verify(structuredClone(document), {
    suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: offlineDocumentLoader(options.extraContexts),
  });
}

/** Signs a credential with Digital Bazaar's eddsa-jcs-2022 signer, from a 32-byte Ed25519 seed. */
export async function issueWithDigitalBazaar(
  credential: Record<string, unknown>,
  key: { did: string; publicKeyMultibase: string; secretKeyMultibase: string; created: Date },
): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from({
    type: "Multikey",
    id: `${key.did}#${key.publicKeyMultibase}`,
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  return vc.issue({
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({
      cryptosuite: createSignCryptosuite(),
      signer: keyPair.signer(),
      date: key.created,
    }),
    documentLoader: offlineDocumentLoader(),
  });
}

/**
 * A presentation of `credentials` by the holder `key.did`, signed with Digital Bazaar's eddsa-jcs-2022 signer
 * for the `authentication` purpose with `challenge` (and `domain`): an outside wallet's presentation.
 */
export async function presentWithDigitalBazaar(
  credentials: unknown[],
  key: { did: string; publicKeyMultibase: string; secretKeyMultibase: string; created: Date },
  options: { challenge: string; domain?: string },
): Promise<Record<string, unknown>> {
  const keyPair = await Ed25519Multikey.from({
    type: "Multikey",
    id: `${key.did}#${key.publicKeyMultibase}`,
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const presentation = vc.createPresentation({
    verifiableCredential: structuredClone(credentials),
    holder: key.did,
  });
  return vc.signPresentation({
    presentation,
    suite: new DataIntegrityProof({
      cryptosuite: createSignCryptosuite(),
      signer: keyPair.signer(),
      date: key.created,
    }),
    challenge: options.challenge,
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    documentLoader: offlineDocumentLoader(),
  });
}
