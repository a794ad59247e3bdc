/**
 * Turns the contract's custom errors into the service's AppErrors, naming lots and facilities by their string
 * ids and amounts in their units, so that a factory sees `INSUFFICIENT_QUANTITY` for `FL-0001` with 300 m
 * requested and 120 m available rather than a revert blob.
 */
import type { ErrorDescription, Interface } from "ethers";
import {
  AppError,
  ConflictError,
  DuplicateIdError,
  ForbiddenError,
  InsufficientQuantityError,
  NotFoundError,
  ValidationError,
} from "../errors";
import {
  fromChainAmount,
  gtinFromChain,
  gtinPrefixFromChain,
  LOT_KINDS,
  OPERATION_KINDS,
  UNITS,
} from "./encoding";
import type { Hex } from "./ledger";

/** Maps chain keys back to the string ids of the request being answered. */
export type KeyNames = ReadonlyMap<string, string>;

function nameOf(names: KeyNames, key: string): string {
  return names.get(key.toLowerCase()) ?? key;
}

/** Decodes revert data; for a batch failure also the inner error and the failing operation's index. */
export function decodeRevert(
  iface: Interface,
  data: Hex | undefined,
): { index: number | null; error: ErrorDescription } | null {
  if (data === undefined || data === "0x") return null;
  const outer = iface.parseError(data);
  if (outer === null) return null;
  if (outer.name === "BatchOperationFailed") {
    const inner = iface.parseError(outer.args.reason as string);
    return inner === null ? null : { index: Number(outer.args.index), error: inner };
  }
  return { index: null, error: outer };
}

export function toAppError(error: ErrorDescription, names: KeyNames): AppError {
  const a = error.args;
  switch (error.name) {
    case "LotAlreadyExists":
      return new DuplicateIdError("Lot", nameOf(names, a.lotId));
    case "EventCommitmentExists":
      return new DuplicateIdError("Event commitment", nameOf(names, a.commitmentId));
    case "LotUnknown":
      return new NotFoundError("Lot", nameOf(names, a.lotId));
    case "LotNotHeld":
      return new ForbiddenError(`Lot '${nameOf(names, a.lotId)}' is not held by this facility`, {
        lotId: nameOf(names, a.lotId),
      });
    case "LotWrongKind":
      return new ConflictError(
        "WRONG_LOT_KIND",
        `Lot '${nameOf(names, a.lotId)}' cannot be consumed by this step`,
        {
          lotId: nameOf(names, a.lotId),
          expected: LOT_KINDS[Number(a.expected)],
          actual: LOT_KINDS[Number(a.actual)],
        },
      );
    case "LotUnitMismatch":
      return new ConflictError(
        "UNIT_MISMATCH",
        `Lot '${nameOf(names, a.lotId)}' is counted in another unit`,
        {
          lotId: nameOf(names, a.lotId),
          expected: UNITS[Number(a.expected)],
          actual: UNITS[Number(a.actual)],
        },
      );
    case "LotInsufficientQuantity":
      return new InsufficientQuantityError(
        nameOf(names, a.lotId),
        fromChainAmount(a.requested),
        fromChainAmount(a.available),
        names.get(`unit:${String(a.lotId).toLowerCase()}`) ?? "",
      );
    case "LotZeroQuantity":
      return new ValidationError([
        { path: "quantity", message: `must be greater than zero (${nameOf(names, a.lotId)})` },
      ]);
    case "ShipmentQuantityMismatch":
      return new ValidationError([
        { path: "inputs", message: "the shipment's quantity must be the sum of its inputs" },
      ]);
    case "OperationMalformed":
      return new ValidationError([
        { path: "", message: `this ${OPERATION_KINDS[Number(a.kind)]} operation is malformed for its kind` },
      ]);
    case "FacilityUnknown":
      return new NotFoundError("Facility", nameOf(names, a.facilityId));
    case "FacilityAlreadyRegistered":
      return new DuplicateIdError("Facility", nameOf(names, a.facilityId));
    case "FacilitySuspended":
      return new AppError("FACILITY_SUSPENDED", `Facility '${nameOf(names, a.facilityId)}' is suspended`);
    case "FacilityMissingRole":
      return new AppError(
        "FACILITY_ROLE_MISSING",
        `Facility '${nameOf(names, a.facilityId)}' is not registered for this step`,
        { details: { facilityId: nameOf(names, a.facilityId), role: Number(a.role) } },
      );
    case "FacilityInvalid":
      return new ValidationError([{ path: "", message: "the facility's account or country is invalid" }]);
    case "OperationInvalidSignature":
      return new AppError(
        "INVALID_SIGNATURE",
        "The operation is not signed by the facility's registered key",
      );
    case "CertificateAlreadyAnchored":
      return new DuplicateIdError("Certificate", nameOf(names, a.certificateId));
    case "CertificateUnknown":
      return new NotFoundError("Certificate", nameOf(names, a.certificateId));
    case "CertificateAlreadyRevoked":
      return new ConflictError(
        "CERTIFICATE_REVOKED",
        `Certificate '${nameOf(names, a.certificateId)}' is revoked already`,
      );
    case "CertificateInvalidSubject":
      return new ConflictError(
        "INVALID_CERTIFICATE_SUBJECT",
        "A certificate's subject must be a garment batch or shipment",
      );
    case "GtinNotAuthorized":
      return new AppError(
        "GTIN_NOT_AUTHORIZED",
        `GTIN ${gtinFromChain(a.gtin)} is not under a GS1 company prefix of facility '${nameOf(names, a.facilityId)}'`,
        { details: { facilityId: nameOf(names, a.facilityId), gtin: gtinFromChain(a.gtin) } },
      );
    case "GtinPrefixInvalid":
      return new ValidationError([
        {
          path: "gtinPrefixes",
          message: `${gtinPrefixFromChain(a.prefix)} is not a GS1 company prefix of 4 to 12 digits, or is listed twice`,
        },
      ]);
    case "CertifierAlreadyRegistered":
      return new DuplicateIdError("Certifier", nameOf(names, a.certifierId));
    case "CertifierUnknown":
      return new NotFoundError("Certifier", nameOf(names, a.certifierId));
    case "CertifierInvalidAccount":
      return new ConflictError(
        "DUPLICATE_ID",
        "That account cannot act for the certifier: it is or was in use",
        {
          certifierId: nameOf(names, a.certifierId),
          account: a.account,
        },
      );
    case "StatusListStaleVersion":
      return new ConflictError(
        "STATUS_LIST_STALE",
        `The chain anchors version ${String(a.anchoredVersion)} of status list '${nameOf(names, a.listId)}' already`,
        {
          listId: nameOf(names, a.listId),
          version: Number(a.version),
          anchoredVersion: Number(a.anchoredVersion),
        },
      );
    case "StatusListNotIssuer":
      return new ConflictError(
        "STATUS_LIST_NOT_ISSUER",
        `Status list '${nameOf(names, a.listId)}' belongs to another certifier on chain`,
        { listId: nameOf(names, a.listId), certifierId: nameOf(names, a.certifierId) },
      );
    case "StatusListInvalid":
      return new ValidationError([
        { path: "digest", message: "a status list anchor needs a list id and a digest" },
      ]);
    case "CertifierInvalidSignature":
    case "StatusListInvalidSignature":
    case "CertificateInvalidSignature":
      return new AppError("INVALID_SIGNATURE", "The certifier's current key did not sign this", {
        details: { certifierId: nameOf(names, a.certifierId), signer: a.signer },
      });
    case "CertificateNotIssuer":
      return new ForbiddenError("Only the issuing certifier may revoke a certificate", {
        id: nameOf(names, a.certificateId),
      });
    case "CertificateRevocationReasonMissing":
      return new ValidationError([{ path: "reason", message: "the operator revokes only with a reason" }]);
    case "AccessControlUnauthorizedAccount":
      return new ForbiddenError("The service's chain account lacks the role for this action");
    default:
      return new AppError("CHAIN_REJECTED", `The chain refused the operation (${error.name})`, {
        details: { error: error.name },
      });
  }
}
