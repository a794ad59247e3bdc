/**
 * Who may write at all: a facility's key writes only while the chain says the facility is registered and not
 * suspended. Certifiers and the operator are not facilities; their standing is their key.
 */
import type { Ledger } from "../chain/ledger";
import { AppError, ForbiddenError } from "../errors/index";
import type { Principal } from "../service-db/api-keys";

/**
 * Refuses a write by a suspended (FACILITY_SUSPENDED) or unregistered (FORBIDDEN) facility, reading its
 * standing from the chain, not from the read model, so a suspension takes effect as soon as it is mined.
 *
 * @example
 * await refuseSuspendedWriter(ledger, { type: "facility", id: "mill-a" });
 */
export async function refuseSuspendedWriter(
  ledger: Pick<Ledger, "getFacility">,
  principal: Principal,
): Promise<void> {
  if (principal.type !== "facility") return;
  const facility = await ledger.getFacility(principal.id);
  if (!facility) throw new ForbiddenError(`Facility '${principal.id}' is not registered on chain`);
  if (facility.suspended) {
    throw new AppError("FACILITY_SUSPENDED", `Facility '${principal.id}' is suspended`, {
      details: { facilityId: principal.id },
    });
  }
}
