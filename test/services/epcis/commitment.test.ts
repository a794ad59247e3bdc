import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitCapture, digestOfEventHash, verifyEventProof } from "../../../services/epcis/commitment";
import { eventsOf } from "../../../services/epcis/document";
import { eventHash } from "../../../services/epcis/event-hash";
import { mapEpcisEvent } from "../../../services/epcis/mapping";
import { standardsPath } from "../../support/standards";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith(".jsonld")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The events of GS1's 47 example documents, with their hashes. */
const examples = filesUnder(standardsPath("epcis", "examples")).flatMap((path) => {
  const document = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  return eventsOf(document).map(({ event, index }) => ({
    path,
    event,
    index,
    context: document["@context"] as never,
    hash: eventHash({ event, context: document["@context"] as never }),
  }));
});

describe("the commitment of a capture", () => {
  const hashes = examples.map((example) => example.hash);

  it("covers the events of GS1's examples", () => expect(hashes.length).toBeGreaterThan(50));

  it("proves each event alone against one root", () => {
    const commitment = commitCapture(hashes);
    for (const hash of hashes) {
      const proof = commitment.proofOf(hash);
      expect(proof).not.toBeNull();
      expect(verifyEventProof({ root: commitment.root, eventHash: hash, proof: proof! })).toBe(true);
    }
  });

  it("is OpenZeppelin's standard tree over the digests, so MerkleProof.verify accepts its proofs", () => {
    const distinct = [...new Set(hashes)];
    const reference = StandardMerkleTree.of(
      distinct.map((hash) => [digestOfEventHash(hash)]),
      ["bytes32"],
    );
    expect(commitCapture(distinct).root).toBe(reference.root);
  });

  it("does not prove an event that is not in the capture, nor one against another capture's root", () => {
    const [first, ...rest] = [...new Set(hashes)];
    const commitment = commitCapture(rest);
    expect(commitment.proofOf(first!)).toBeNull();
    const other = commitCapture([first!]);
    expect(
      verifyEventProof({ root: other.root, eventHash: rest[0]!, proof: commitment.proofOf(rest[0]!)! }),
    ).toBe(false);
  });

  it("counts the same event twice once", () => {
    const commitment = commitCapture([hashes[0]!, hashes[0]!, hashes[1]!]);
    expect(commitment.size).toBe(new Set([hashes[0], hashes[1]]).size);
  });

  it("refuses an empty capture and a value that is no event hash", () => {
    expect(() => commitCapture([])).toThrow(RangeError);
    expect(() => commitCapture(["urn:uuid:1"])).toThrow(RangeError);
  });
});

describe("GS1's examples through the mapping", () => {
  it("keeps every event of the 47 examples as an anchored event: none claims the threadproof namespace", () => {
    const kinds = examples.map((example) => mapEpcisEvent(example).kind);
    expect(new Set(kinds)).toEqual(new Set(["anchored"]));
  });
});
