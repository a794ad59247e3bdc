/**
 * The verifier API's use case: any VC 2.0 credential checked offline (services/credentials/verifier), with
 * what this service can resolve locally — its own did:web issuers from the register of certifier keys, its
 * own Bitstring Status Lists (the list credential verified, its digest checked against the version the chain
 * anchors, then its bit read, as an outside verifier would), and its own chain anchors (the anchored digest
 * and revocation flag). Everything else stays "unverified".
 */
import type { CertificateState, Hex, Ledger } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import { verifyDocumentProof } from "../credentials/data-integrity";
import { bitAt, decodeBitstring } from "../credentials/status-list";
import { keyResolver } from "../credentials/verification-method";
import type { KeyResolver } from "../credentials/verification-method";
import { staticContexts } from "../credentials/verifier/json-ld";
import type {
  CredentialVerification,
  CredentialVerifierDeps,
  StatusAnswer,
} from "../credentials/verifier/verify-credential";
import { verifyAnyCredential } from "../credentials/verifier/verify-credential";
import type {
  PresentationVerification,
  VerifyPresentationOptions,
} from "../credentials/verifier/verify-presentation";
import { verifyPresentation } from "../credentials/verifier/verify-presentation";
import type { DocumentStore } from "../ipfs";
import { encodeRecord, getRecord, sha256Hex } from "../records";
import type { ServiceDatabase } from "../service-db/database";
import type { CertifierKeyStore } from "./certifier-keys";
import { localDidWebDocuments } from "./certifier-keys";
import { STATUS_TYPE } from "../credentials/credential";
import { listIdOf, publishedStatusList, statusListUrl } from "./status-lists";

export interface CredentialVerifierUseCaseDeps {
  ledger: Pick<
    Ledger,
    "getCertificate" | "chainId" | "contractAddress" | "statusListAnchor" | "statusListVersionOf"
  >;
  serviceDb: ServiceDatabase;
  store: Pick<DocumentStore, "get">;
  certifierKeys: Pick<CertifierKeyStore, "historyOf">;
  publicBaseUrl: string;
  /** The programme's own did:keys (its did:web document's keys), when it signs credentials. */
  programmeDidKeys?: () => Promise<readonly string[]>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** This service's list `…/credentials/status/{certifier}/{n}` named by a status entry, or null for another. */
function ownListId(publicBaseUrl: string, url: unknown): string | null {
  if (typeof url !== "string") return null;
  const match = /^\/credentials\/status\/([^/]+)\/([1-9][0-9]{0,5})$/.exec(
    url.startsWith(publicBaseUrl) ? url.slice(publicBaseUrl.length) : "",
  );
  if (!match) return null;
  const listId = listIdOf(decodeURIComponent(match[1]!), Number(match[2]));
  return statusListUrl(publicBaseUrl, listId) === url ? listId : null;
}

async function bitstringStatus(
  deps: CredentialVerifierUseCaseDeps,
  resolveKey: KeyResolver,
  entry: Record<string, unknown>,
): Promise<StatusAnswer | null> {
  const listId = ownListId(deps.publicBaseUrl, entry.statusListCredential);
  if (listId === null) return null;
  const list = publishedStatusList(deps, listId);
  if (!list)
    return {
      status: "invalid",
      detail: `the status list ${String(entry.statusListCredential)} does not exist`,
    };
  const index =
    typeof entry.statusListIndex === "string" && /^(0|[1-9][0-9]*)$/.test(entry.statusListIndex)
      ? Number(entry.statusListIndex)
      : null;
  if (index === null) return { status: "invalid", detail: "statusListIndex is not a base-10 string" };
  // As an outside verifier would: the list credential's own proof first, then its bit.
  const proof = await verifyDocumentProof(list.credential, issuerOf(list.credential), {
    acceptLegacy: false,
    resolveKey,
  });
  if (!proof.verified)
    return { status: "invalid", detail: `the status list credential does not verify: ${proof.reason}` };
  const subject = list.credential.credentialSubject as
    { statusPurpose?: unknown; encodedList?: unknown } | undefined;
  if (subject?.statusPurpose !== entry.statusPurpose)
    return { status: "invalid", detail: "the entry's statusPurpose is not its list's" };
  const bits = decodeBitstring(String(subject?.encodedList ?? ""));
  if (index >= bits.length * 8) return { status: "invalid", detail: "statusListIndex is beyond the list" };
  // The list must be the version the chain anchors, not an edited or an older one. Where the chain cannot be
  // asked, a set bit still stands on the certifier's signature (bits are only set from revocations on chain);
  // a clear one is unverified, never valid.
  const anchored = await anchoredVersion(deps, listId, digestOf(list.credential));
  if (anchored.status === "invalid") return anchored;
  if (bitAt(bits, index))
    return {
      status: "invalid",
      detail: `revoked: bit ${index} of the status list ${listId} is set${anchored.status === "valid" ? ` (${anchored.detail})` : ""}`,
    };
  return anchored.status === "valid"
    ? {
        status: "valid",
        detail: `bit ${index} of the signed status list ${listId} is clear (${anchored.detail})`,
      }
    : anchored;
}

/** Whether `digest` is the latest version of list `listId` the chain anchors. */
async function anchoredVersion(
  deps: CredentialVerifierUseCaseDeps,
  listId: string,
  digest: Hex,
): Promise<StatusAnswer> {
  try {
    const anchor = await deps.ledger.statusListAnchor(listId);
    if (anchor === null)
      return { status: "invalid", detail: `the chain anchors no version of the status list ${listId}` };
    if (anchor.digest.toLowerCase() === digest)
      return { status: "valid", detail: `its version ${anchor.version}, as anchored on chain` };
    const version = await deps.ledger.statusListVersionOf(listId, digest);
    return version === null
      ? {
          status: "invalid",
          detail: `the status list ${listId} is not a version the chain anchors (its digest ${digest} is not the anchored ${anchor.digest})`,
        }
      : {
          status: "invalid",
          detail: `the status list ${listId} is version ${version}, older than version ${anchor.version} the chain anchors`,
        };
  } catch {
    return {
      status: "unverified",
      detail: `the chain cannot be read now: whether the status list ${listId} is the anchored version is unchecked`,
    };
  }
}

const issuerOf = (credential: Record<string, unknown>): string | undefined => {
  const issuer = credential.issuer;
  return typeof issuer === "string"
    ? issuer
    : isObject(issuer) && typeof issuer.id === "string"
      ? issuer.id
      : undefined;
};

/** The digest the chain anchors: SHA-256 of the record's canonical bytes. */
const digestOf = (credential: Record<string, unknown>) =>
  sha256Hex(encodeRecord(credential)).toLowerCase() as Hex;

/**
 * Whether `credential` is the anchored document's content without its proof (a JOSE copy's payload): the
 * anchored bytes are the Data Integrity form, so the digests differ and the content is compared.
 */
async function sameContent(
  deps: CredentialVerifierUseCaseDeps,
  digest: Hex,
  credential: Record<string, unknown>,
) {
  if ("proof" in credential) return false;
  try {
    const { record } = await getRecord(deps.store, digest);
    if (!isObject(record)) return false;
    const { proof: _proof, ...content } = record;
    return digestOf(content) === digestOf(credential);
  } catch {
    return false;
  }
}

async function anchorStatus(
  deps: CredentialVerifierUseCaseDeps,
  entry: Record<string, unknown>,
  credential: Record<string, unknown>,
): Promise<StatusAnswer | null> {
  if (entry.chainId !== deps.ledger.chainId) return null;
  if (
    typeof entry.contract !== "string" ||
    entry.contract.toLowerCase() !== deps.ledger.contractAddress.toLowerCase()
  )
    return null;
  const subject = credential.credentialSubject as { certificateId?: unknown } | undefined;
  const id = subject?.certificateId;
  if (typeof id !== "string" || chainKey(id) !== entry.certificateKey)
    return { status: "invalid", detail: "the chain anchor's key is not the certificate's" };
  let anchor: CertificateState | null;
  try {
    anchor = await deps.ledger.getCertificate(id);
  } catch {
    return { status: "unverified", detail: "the chain cannot be read now" };
  }
  if (!anchor) return { status: "invalid", detail: `the chain anchors no certificate ${id}` };
  if (
    anchor.digest.toLowerCase() !== digestOf(credential) &&
    !(await sameContent(deps, anchor.digest, credential))
  )
    return { status: "invalid", detail: `this is not the document the chain anchors as ${id}` };
  return anchor.revokedAt
    ? { status: "invalid", detail: `revoked on chain ${anchor.revokedAt.toISOString()}` }
    : { status: "valid", detail: `anchored on chain as ${id}, not revoked` };
}

/** The offline verifier's parts for this service: its own keys, contexts, status lists and chain anchors. */
function verifierDeps(deps: CredentialVerifierUseCaseDeps, now: Date): CredentialVerifierDeps {
  const ownDocuments = localDidWebDocuments(deps.publicBaseUrl, deps.certifierKeys, deps.programmeDidKeys);
  const resolveKey = keyResolver(ownDocuments);
  return {
    resolveKey,
    contexts: staticContexts(deps.publicBaseUrl),
    now,
    statusOf: async (entry, credential) => {
      if (entry.type === "BitstringStatusListEntry") return bitstringStatus(deps, resolveKey, entry);
      if (entry.type === STATUS_TYPE) return anchorStatus(deps, entry, credential);
      return null;
    },
  };
}

/**
 * Verifies `input` (a credential, an enveloped credential or a compact JWS) as of `now`.
 *
 * @example
 * const { verified, checks } = await verifyCredentialHere(context.certificates, body.verifiableCredential);
 */
export async function verifyCredentialHere(
  deps: CredentialVerifierUseCaseDeps,
  input: unknown,
  now: Date = new Date(),
): Promise<CredentialVerification> {
  return verifyAnyCredential(verifierDeps(deps, now), input);
}

/**
 * Verifies the presentation `input` (its proof, if any, against `options`' challenge and domain) and each
 * credential in it, as of `now`.
 *
 * @example
 * const { verified, credentialResults } = await verifyPresentationHere(deps, presentation, { challenge });
 */
export async function verifyPresentationHere(
  deps: CredentialVerifierUseCaseDeps,
  input: unknown,
  options: VerifyPresentationOptions = {},
  now: Date = new Date(),
): Promise<PresentationVerification> {
  return verifyPresentation(verifierDeps(deps, now), input, options);
}
