/**
 * A stand-in for Kubo's RPC API: no Kubo daemon can be installed on this machine (no Debian package, and the npm
 * `kubo` package downloads its binary at install time), so this small real HTTP server on loopback speaks the
 * few endpoints the Kubo store uses (add, block/put, block/get, block/stat, cat) in Kubo's wire format. It
 * checks the requests our client sends and answers them the way Kubo documents; it does not prove Kubo itself.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
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

export async function startKuboStandIn(): Promise<{ server: Server; url: string; seen: SeenRequest[] }> {
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
