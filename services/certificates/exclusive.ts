/**
 * One at a time per key: the certificate use cases run the check "is there a valid certificate already?" and
 * the anchoring that follows it as one step per subject, agreement and certifier, so two requests at once
 * cannot both find none and both anchor.
 */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `work` after every earlier call with the same `owner` and `key` has settled.
 *
 * @example
 * await exclusive(indexDb, `SHP-1\nEVFTA\nvcci-hcm`, () => issueOnce());
 */
export async function exclusive<T>(owner: object, key: string, work: () => Promise<T>): Promise<T> {
  let byKey = queues.get(owner);
  if (!byKey) {
    byKey = new Map();
    queues.set(owner, byKey);
  }
  const before = byKey.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  byKey.set(key, settled);
  try {
    return await run;
  } finally {
    if (byKey.get(key) === settled) byKey.delete(key);
  }
}
