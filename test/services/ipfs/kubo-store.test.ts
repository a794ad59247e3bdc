/**
 * The Kubo RPC store against a stand-in: no Kubo daemon can be installed on this machine (no Debian package,
 * and the npm `kubo` package downloads its binary at install time), so a small real HTTP server on loopback
 * speaks the few Kubo RPC endpoints the store uses (add, block/put, block/get, block/stat, cat), answering in
 * Kubo's wire format. It checks the request shape the store sends; it does not prove Kubo's own behaviour.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeliaStore, createKuboStore } from "../../../services/ipfs";
import type { DocumentStore } from "../../../services/ipfs";

interface SeenRequest {
  path: string;
  query: URLSearchParams;
}

/** Pulls the first part's bytes out of a multipart/form-data body (what the client sends for add/block/put). */
function firstMultipartPart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) throw new Error("no boundary");
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(marker) + marker.length;
  const headerEnd = body.indexOf("\r\n\r\n", start) + 4;
  const end = body.indexOf(Buffer.concat([Buffer.from("\r\n"), marker]), headerEnd);
  return body.subarray(headerEnd, end);
}

async function startKuboStandIn(): Promise<{ server: Server; url: string; seen: SeenRequest[] }> {
  const [{ CID }, { sha256 }, { importer }, { fixedSize }, { balanced }] = await Promise.all([
    import("multiformats/cid"),
    import("multiformats/hashes/sha2"),
    import("ipfs-unixfs-importer"),
    import("ipfs-unixfs-importer/chunker"),
    import("ipfs-unixfs-importer/layout"),
  ]);
  const blocks = new Map<string, Uint8Array>();
  const files = new Map<string, Uint8Array>();
  const seen: SeenRequest[] = [];
  const blockstore = {
    put: async <C extends { toString(): string }>(cid: C, bytes: Uint8Array): Promise<C> => {
      blocks.set(cid.toString(), bytes);
      return cid;
    },
  };

  function fail(response: ServerResponse, message: string): void {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://kubo");
    seen.push({ path: url.pathname, query: url.searchParams });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const arg = url.searchParams.get("arg") ?? "";
    if (request.method !== "POST") return fail(response, "method not allowed");
    switch (url.pathname) {
      case "/api/v0/add": {
        const content = firstMultipartPart(body, request.headers["content-type"] ?? "");
        // Kubo's defaults with --cid-version=1: 256 KiB chunks, balanced layout of 174 links, raw leaves.
        let root = "";
        for await (const entry of importer([{ content }], blockstore, {
          cidVersion: 1,
          rawLeaves: true,
          chunker: fixedSize({
            chunkSize: Number((url.searchParams.get("chunker") ?? "size-262144").slice(5)),
          }),
          layout: balanced({ maxChildrenPerNode: 174 }),
        })) {
          root = entry.cid.toString();
        }
        files.set(root, content);
        response.writeHead(200, { "content-type": "application/x-ndjson" });
        response.end(JSON.stringify({ Name: root, Hash: root, Size: String(content.length) }) + "\n");
        return;
      }
      case "/api/v0/block/put": {
        const content = firstMultipartPart(body, request.headers["content-type"] ?? "");
        const cid = CID.createV1(0x55, await sha256.digest(content)).toString();
        blocks.set(cid, content);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ Key: cid, Size: content.length }));
        return;
      }
      case "/api/v0/block/get": {
        const block = blocks.get(arg);
        if (!block)
          return fail(response, `block was not found locally (offline): ipld: could not find ${arg}`);
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(Buffer.from(block));
        return;
      }
      case "/api/v0/block/stat": {
        const block = blocks.get(arg);
        if (!block)
          return fail(response, `block was not found locally (offline): ipld: could not find ${arg}`);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ Key: arg, Size: block.length }));
        return;
      }
      case "/api/v0/cat": {
        const file = files.get(arg) ?? blocks.get(arg);
        if (!file)
          return fail(response, `block was not found locally (offline): ipld: could not find ${arg}`);
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(Buffer.from(file));
        return;
      }
      default:
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("404 page not found");
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => fail(response, String(error)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

describe("Kubo RPC document store (against a loopback stand-in for Kubo)", () => {
  let standIn: Awaited<ReturnType<typeof startKuboStandIn>>;
  let store: DocumentStore;

  beforeAll(async () => {
    standIn = await startKuboStandIn();
    store = await createKuboStore({ apiUrl: standIn.url, timeoutMs: 5_000 });
  });
  afterAll(async () => {
    await store.close();
    standIn.server.close();
  });

  it("adds documents with CIDv1, raw leaves, Kubo's chunker and a pin", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.4 a small document");
    const { cid, size } = await store.put(bytes);
    expect(size).toBe(bytes.length);
    const add = standIn.seen.find((request) => request.path === "/api/v0/add");
    expect(add?.query.get("cid-version")).toBe("1");
    expect(add?.query.get("raw-leaves")).toBe("true");
    expect(add?.query.get("chunker")).toBe("size-262144");
    expect(add?.query.get("pin")).toBe("true");
    expect(Buffer.from(await store.get(cid)).toString()).toBe("%PDF-1.4 a small document");
    expect(standIn.seen.at(-1)?.path).toBe("/api/v0/block/get");
  });

  it("puts records as pinned raw sha2-256 blocks and checks presence offline", async () => {
    const bytes = new TextEncoder().encode('{"type":"fabric-lot"}');
    const { cid } = await store.put(bytes, { format: "raw-block" });
    const put = standIn.seen.find((request) => request.path === "/api/v0/block/put");
    expect(put?.query.get("format")).toBe("raw");
    expect(put?.query.get("mhtype")).toBe("sha2-256");
    expect(put?.query.get("pin")).toBe("true");
    expect(cid).toBe(`${(await store.put(bytes, { format: "raw-block" })).cid}`);
    expect(await store.has(cid)).toBe(true);
    const stat = standIn.seen.findLast((request) => request.path === "/api/v0/block/stat");
    expect(stat?.query.get("offline")).toBe("true");
    expect(stat?.query.get("arg")).toBe(cid);
  });

  it("maps Kubo's not-found answers to has=false and NOT_FOUND, a dead endpoint to UNAVAILABLE", async () => {
    const absent = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    expect(await store.has(absent)).toBe(false);
    await expect(store.get(absent)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const dead = await createKuboStore({ apiUrl: "http://127.0.0.1:9", timeoutMs: 2_000 });
    await expect(dead.put(new Uint8Array([1]))).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });

  it("gives a multi-chunk document the same CID as the embedded store", async () => {
    const directory = await mkdtemp(join(tmpdir(), "tp-kubo-vs-helia-"));
    const helia = await createHeliaStore({ directory });
    try {
      const bytes = new Uint8Array(700_000).map((_, index) => (index * 13) % 256);
      const viaKubo = await store.put(bytes);
      const viaHelia = await helia.put(bytes);
      expect(viaKubo.cid).toBe(viaHelia.cid);
      const back = await store.get(viaKubo.cid);
      expect(createHash("sha256").update(back).digest("hex")).toBe(
        createHash("sha256").update(bytes).digest("hex"),
      );
    } finally {
      await helia.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
