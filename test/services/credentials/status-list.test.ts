/**
 * The Bitstring Status List encoding: 131,072 bits, index 0 the left-most bit of the first byte, GZIP then
 * multibase base64url without padding, and a bounded decoder.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  STATUS_LIST_BITS,
  bitAt,
  decodeBitstring,
  emptyBitstring,
  encodeBitstring,
  statusListEntry,
  withBitSet,
} from "../../../services/credentials/status-list";

describe("the Bitstring Status List encoding", () => {
  it("is 131,072 bits, with index 0 the most significant bit of the first byte", () => {
    const bits = withBitSet(withBitSet(emptyBitstring(), 0), 9);
    expect(bits.length * 8).toBe(STATUS_LIST_BITS);
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits[1]).toBe(0b0100_0000);
    expect([bitAt(bits, 0), bitAt(bits, 1), bitAt(bits, 9), bitAt(bits, 131_071)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it("encodes as multibase base64url ('u', no padding) of the GZIP bytes, and decodes back", () => {
    const bits = withBitSet(emptyBitstring(), 131_071);
    const encoded = encodeBitstring(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(decodeBitstring(encoded).equals(bits)).toBe(true);
  });

  it("refuses a list that is not base64url multibase, and bounds what a GZIP bomb may expand to", () => {
    expect(() => decodeBitstring(`z${gzipSync(emptyBitstring()).toString("base64url")}`)).toThrow();
    const bomb = `u${gzipSync(Buffer.alloc(32 * 1024 * 1024)).toString("base64url")}`;
    expect(() => decodeBitstring(bomb)).toThrow();
  });

  it("writes the entry's index as a base-10 string", () => {
    expect(statusListEntry("https://t.example/credentials/status/c/1", 4711)).toEqual({
      id: "https://t.example/credentials/status/c/1#4711",
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: "4711",
      statusListCredential: "https://t.example/credentials/status/c/1",
    });
  });
});
