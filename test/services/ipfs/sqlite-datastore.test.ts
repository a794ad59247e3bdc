import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHeliaStore } from "../../../services/ipfs";
import { openSqliteDatastore } from "../../../services/ipfs/sqlite-datastore";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

async function collect<T>(source: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe("SQLite datastore", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "tp-datastore-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("keeps Helia's pins as rows, across a restart, and no longer writes a file per pin", async () => {
    const store = await createHeliaStore({ directory });
    const cids = await Promise.all(
      Array.from({ length: 20 }, (_, n) => store.put(bytes(`{"n":${n}}`), { format: "raw-block" })),
    );
    await store.close();
    expect(existsSync(join(directory, "data"))).toBe(false);
    const db = new Database(join(directory, "datastore.sqlite"), { readonly: true });
    const count = (prefix: string) =>
      (db.prepare("SELECT count(*) AS n FROM entries WHERE key LIKE ?").get(`${prefix}%`) as { n: number }).n;
    try {
      expect(count("/pin/")).toBe(20);
      expect(count("/pinned-block/")).toBe(20);
    } finally {
      db.close();
    }
    const reopened = await createHeliaStore({ directory });
    try {
      for (const { cid } of cids) expect(await reopened.has(cid)).toBe(true);
      // Putting the same record again finds it pinned: no second pin row.
      await reopened.put(bytes('{"n":0}'), { format: "raw-block" });
    } finally {
      await reopened.close();
    }
    const after = new Database(join(directory, "datastore.sqlite"), { readonly: true });
    try {
      expect(after.prepare("SELECT count(*) AS n FROM entries WHERE key LIKE '/pin/%'").get()).toEqual({
        n: 20,
      });
    } finally {
      after.close();
    }
  });

  it("commits the writes of one turn together, shows each at once, and fails them all when the database refuses", async () => {
    const [{ BaseDatastore }, { Key }] = await Promise.all([
      import("datastore-core"),
      import("interface-datastore"),
    ]);
    const path = join(directory, "datastore.sqlite");
    const datastore = openSqliteDatastore({ path, BaseDatastore, Key });
    try {
      const puts = Array.from({ length: 500 }, (_, n) => datastore.put(new Key(`/pin/${n}`), bytes(`${n}`)));
      const deleted = datastore.delete(new Key("/pin/7"));
      // Staged, not yet committed: already visible, the delete included.
      expect(await datastore.has(new Key("/pin/3"))).toBe(true);
      expect(text(await datastore.get(new Key("/pin/499")))).toBe("499");
      expect(await datastore.has(new Key("/pin/7"))).toBe(false);
      await Promise.all([...puts, deleted]);
      expect(datastore.commits()).toBe(1);
      const db = new Database(path, { readonly: true });
      try {
        expect(db.prepare("SELECT count(*) AS n FROM entries").get()).toEqual({ n: 499 });
      } finally {
        db.close();
      }
      // A write the database refuses (here a trigger aborts it) rejects every write of its transaction.
      const other = new Database(path);
      other.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.key LIKE '/big/%' BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
      other.close();
      const refused = await Promise.allSettled([
        datastore.put(new Key("/big/0"), bytes("refused")),
        datastore.put(new Key("/pin/fine"), bytes("fine")),
      ]);
      expect(refused).toMatchObject([
        { status: "rejected", reason: { code: "UNAVAILABLE" } },
        { status: "rejected", reason: { code: "UNAVAILABLE" } },
      ]);
      expect(await datastore.has(new Key("/pin/fine"))).toBe(false);
      expect(await datastore.has(new Key("/big/0"))).toBe(false);
    } finally {
      datastore.close();
    }
  });

  it("reads, lists and deletes what a datastore-fs directory of an earlier version holds", async () => {
    const [{ FsDatastore }, { BaseDatastore }, { Key }] = await Promise.all([
      import("datastore-fs"),
      import("datastore-core"),
      import("interface-datastore"),
    ]);
    const legacy = new FsDatastore(join(directory, "data"));
    await legacy.open();
    await legacy.put(new Key("/pin/old"), bytes("old pin"));
    await legacy.put(new Key("/pin/both"), bytes("legacy value"));
    await legacy.put(new Key("/other/x"), bytes("other"));
    const datastore = openSqliteDatastore({
      path: join(directory, "datastore.sqlite"),
      legacy,
      BaseDatastore,
      Key,
    });
    try {
      await datastore.put(new Key("/pin/new"), bytes("new pin"));
      await datastore.put(new Key("/pin/both"), bytes("new value"));
      expect(text(await datastore.get(new Key("/pin/old")))).toBe("old pin");
      expect(text(await datastore.get(new Key("/pin/both")))).toBe("new value");
      expect(await datastore.has(new Key("/pin/old"))).toBe(true);
      await expect(datastore.get(new Key("/pin/none"))).rejects.toMatchObject({ name: "NotFoundError" });
      expect(await datastore.has(new Key("/pin/none"))).toBe(false);

      const listed = await collect(datastore.query({ prefix: "/pin/" }));
      expect(listed.map(({ key, value }) => [key.toString(), text(value)]).sort()).toEqual([
        ["/pin/both", "new value"],
        ["/pin/new", "new pin"],
        ["/pin/old", "old pin"],
      ]);
      const keys = await collect(datastore.queryKeys({ prefix: "/other/" }));
      expect(keys.map(String)).toEqual(["/other/x"]);

      await datastore.delete(new Key("/pin/old"));
      expect(await datastore.has(new Key("/pin/old"))).toBe(false);
      expect(await legacy.has(new Key("/pin/old"))).toBe(false);

      const batch = datastore.batch();
      batch.put(new Key("/pin/batched"), bytes("b"));
      batch.delete(new Key("/pin/new"));
      await batch.commit();
      expect(await datastore.has(new Key("/pin/batched"))).toBe(true);
      expect(await datastore.has(new Key("/pin/new"))).toBe(false);
    } finally {
      datastore.close();
      await legacy.close();
    }
  });
});
