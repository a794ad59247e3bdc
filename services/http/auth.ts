/**
 * Bearer API keys: `authenticate` names the principal or answers 401; the `require…` guards answer 403.
 */
import type { Request, Response } from "express";
import { ForbiddenError, UnauthenticatedError } from "../errors/index";
import type { ApiKeyRegistry, Principal } from "../service-db/api-keys";

const BEARER = /^Bearer ([A-Za-z0-9_\-.~+/=]{1,512})$/;

/** The principal behind the request's `Authorization: Bearer <key>`, or UNAUTHENTICATED. */
export function authenticate(keys: Pick<ApiKeyRegistry, "resolve">, request: Request): Principal {
  const match = BEARER.exec(request.get("authorization") ?? "");
  if (!match) throw new UnauthenticatedError();
  const principal = keys.resolve(match[1]!);
  if (!principal) throw new UnauthenticatedError("The API key is not valid");
  return principal;
}

export function requireOperator(principal: Principal): void {
  if (principal.type !== "operator") throw new ForbiddenError("Only the programme operator may do this");
}

/** The facility a facility key acts for; other principals cannot post events. */
export function requireFacility(principal: Principal): string {
  if (principal.type !== "facility") throw new ForbiddenError("Only a facility's API key may post events");
  return principal.id;
}

/** Where the authenticated principal is kept for the rest of the request. */
export function principalOf(response: Response): Principal {
  return response.locals.principal as Principal;
}
