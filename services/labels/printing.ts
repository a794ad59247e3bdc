/**
 * Who may print a batch's codes now: a suspended facility's labels and QR codes would carry valid codes for
 * garments the programme no longer vouches for, so printing stops with the suspension. The chain says whether
 * the facility is suspended (the read model is only a cache of it).
 */
import type { Ledger } from "../chain/ledger";
import { AppError, ForbiddenError } from "../errors/index";

/**
 * Refuses (FACILITY_SUSPENDED, 403) when the chain has facility `facilityId` suspended; FORBIDDEN when the chain
 * does not know it.
 *
 * @example
 * await requireActivePrinter(context.ledger, principal.id);
 */
export async function requireActivePrinter(
  ledger: Pick<Ledger, "getFacility">,
  facilityId: string,
): Promise<void> {
  const facility = await ledger.getFacility(facilityId);
  if (facility === null) throw new ForbiddenError(`Facility '${facilityId}' is not registered on chain`);
  if (facility.suspended) {
    throw new AppError(
      "FACILITY_SUSPENDED",
      `Facility '${facilityId}' is suspended: it may not print labels or QR codes`,
      { details: { facilityId } },
    );
  }
}
