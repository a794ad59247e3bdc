import type { CID } from "multiformats/cid";
import { AppError } from "../errors";
import { loadMultiformats } from "./multiformats";

/** The multicodec code of raw blocks. */
export const RAW_CODEC = 0x55;
/** The multihash code of sha2-256. */
export const SHA2_256 = 0x12;

/** INVALID_CID: a string that should be a CID is not one. */
export class InvalidCidError extends AppError {
  constructor(value: string, cause?: unknown) {
    super("INVALID_CID", "The value is not a valid CID", {
      details: { value: value.slice(0, 100) },
      cause,
    });
  }
}

/** Parses a CID string; garbage is an {@link InvalidCidError}. */
export async function parseCid(value: string): Promise<CID> {
  const { CID } = await loadMultiformats();
  try {
    return CID.parse(value);
  } catch (cause) {
    throw new InvalidCidError(value, cause);
  }
}
