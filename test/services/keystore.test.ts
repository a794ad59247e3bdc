import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSealedKeyStore } from "../../services/keystore";

describe("sealed key store", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "tp-keys-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("keeps keys across reopening, encrypted at rest under a 0600 master key", () => {
    const dir = tempDir();
    const privateKey = `0x${"ab".repeat(32)}` as const;
    const store = openSealedKeyStore(dir);
    store.putKey("facility:mill", "0xabc", privateKey);
    expect(store.getKey("facility:mill")).toEqual({ address: "0xabc", privateKey });
    expect(store.getKey("facility:other")).toBeUndefined();
    expect(() => store.putKey("facility:mill", "0xdef", privateKey)).toThrow(); // an owner is stored once
    store.close();

    const reopened = openSealedKeyStore(dir);
    expect(reopened.getKey("facility:mill")?.privateKey).toBe(privateKey);
    reopened.close();
    expect(statSync(join(dir, "master.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "keys.sqlite")).includes(Buffer.from("ab".repeat(32)))).toBe(false);
  });

  it("cannot open keys under another master key", () => {
    const dir = tempDir();
    const store = openSealedKeyStore(dir);
    store.putKey("certifier:vcci", "did:key:z6Mk", `0x${"01".repeat(32)}`);
    store.close();
    rmSync(join(dir, "master.key"));
    const other = openSealedKeyStore(dir); // a new master key is generated
    expect(() => other.getKey("certifier:vcci")).toThrow();
    other.close();
  });
});
