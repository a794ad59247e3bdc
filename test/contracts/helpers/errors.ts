/**
 * Assertions on {BatchOperationFailed}: the failing operation's index and its inner custom error, decoded.
 */
import { expect } from "chai";
import type { BaseContract } from "ethers";

function normalize(values: readonly unknown[]): unknown[] {
  return values.map((value) =>
    typeof value === "number" || typeof value === "bigint"
      ? BigInt(value)
      : typeof value === "string"
        ? value.toLowerCase()
        : value,
  );
}

/** A `withArgs` predicate: the `reason` bytes decode to custom error `name` with exactly `args`. */
export function innerError(contract: BaseContract, name: string, args: readonly unknown[]) {
  return (reason: string): boolean => {
    const parsed = contract.interface.parseError(reason);
    expect(parsed, `inner error data ${reason} does not decode`).to.not.equal(null);
    expect(parsed!.name, "inner error").to.equal(name);
    expect(normalize(parsed!.args.toArray()), `arguments of ${name}`).to.deep.equal(normalize(args));
    return true;
  };
}

/** Asserts that `transaction` reverts with BatchOperationFailed(index, name(args)). */
export async function expectOperationFailure(
  transaction: Promise<unknown>,
  contract: BaseContract,
  index: number,
  name: string,
  args: readonly unknown[],
): Promise<void> {
  await expect(transaction)
    .to.be.revertedWithCustomError(contract, "BatchOperationFailed")
    .withArgs(index, innerError(contract, name, args));
}
