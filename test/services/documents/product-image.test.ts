/**
 * Product photos (document type `product-image`): JPEG, PNG or WebP only, the bytes' magic number matching the
 * declared type, at most 2 MiB (exactly 2 MiB passes, one byte more does not), and an event may cite as a
 * product photo only an image uploaded as one — each refusal naming the field, through the real API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PRODUCT_IMAGE_MAX_BYTES,
  checkMediaType,
  checkProductImage,
} from "../../../services/documents/documents";
import { productPhotoPng } from "../../../services/demo/product-photo";
import {
  OPERATOR_KEY,
  cutting,
  fabricLot,
  fileForm,
  samplePdf,
  sewing,
  startTestService,
} from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const png = () => new Uint8Array(productPhotoPng("t-shirt", [31, 45, 90]));
const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
/** The start of a WebP file: RIFF, its length, WEBP, a VP8L chunk header. */
const webp = () =>
  new Uint8Array([...Buffer.from("RIFF"), 0x1a, 0, 0, 0, ...Buffer.from("WEBPVP8L"), 0x0d, 0, 0, 0]);
/** `size` bytes that start as a PNG. */
const pngOfSize = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(png().subarray(0, 8));
  return bytes;
};

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe("what a product photo may be", () => {
  it.each([
    ["image/png", png],
    ["image/jpeg", jpeg],
    ["image/webp", webp],
  ] as const)("accepts %s whose bytes say so", (declared, bytes) => {
    const mediaType = checkMediaType(declared, bytes());
    expect(mediaType).toBe(declared);
    expect(() => checkProductImage(mediaType, bytes().length)).not.toThrow();
  });

  it.each([
    ["image/webp", png],
    ["image/png", jpeg],
    ["image/jpeg", webp],
    ["image/png", () => samplePdf()],
  ] as const)("refuses %s whose magic number is another type's", (declared, bytes) => {
    expect(codeOf(() => checkMediaType(declared, bytes()))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses a PDF or text as a product photo", () => {
    expect(codeOf(() => checkProductImage("application/pdf", 100))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(codeOf(() => checkProductImage("text/plain", 100))).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("takes exactly 2 MiB and refuses one byte more, naming the file field", () => {
    expect(PRODUCT_IMAGE_MAX_BYTES).toBe(2 * 1024 * 1024);
    expect(() => checkProductImage("image/png", PRODUCT_IMAGE_MAX_BYTES)).not.toThrow();
    try {
      checkProductImage("image/png", PRODUCT_IMAGE_MAX_BYTES + 1);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: string }).code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify((error as { details: unknown }).details)).toContain('"path":"file"');
    }
  });
});

describe("uploading and citing a product photo through the API", () => {
  let t: TestService;
  let factory: string;

  beforeAll(async () => {
    t = await startTestService();
    const answer = await t.call("POST", "/api/v1/facilities", {
      key: OPERATOR_KEY,
      body: {
        id: "photo-factory",
        name: "Photo Factory",
        country: "VN",
        roles: ["fabric", "cutting", "sewing"],
        gtinPrefixes: ["8938505"],
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    factory = answer.body.apiKey;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const upload = (bytes: Uint8Array, mediaType: string, type = "product-image") =>
    t.call("POST", "/api/v1/documents", { key: factory, rawBody: fileForm(bytes, mediaType, { type }) });

  it("stores a PNG product photo", async () => {
    const answer = await upload(png(), "image/png");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: "image/png", type: "product-image" });
  });

  it("refuses a PDF sent as a product photo (415) and one over 2 MiB (400, naming the file)", async () => {
    const pdf = await upload(samplePdf(), "application/pdf");
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const big = await upload(pngOfSize(PRODUCT_IMAGE_MAX_BYTES + 1), "image/png");
    expect(big.status).toBe(400);
    expect(big.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(["file"]);
    // The same bytes as another document type are no product photo and keep the general limit.
    expect((await upload(pngOfSize(PRODUCT_IMAGE_MAX_BYTES + 1), "image/png", "photo")).status).toBe(201);
  });

  it("lets an event cite as a product photo only an image uploaded here, naming the field", async () => {
    const pdf = await upload(samplePdf("not a photo"), "application/pdf", "test-report");
    expect(pdf.status).toBe(201);
    const photo = await upload(png(), "image/png");
    for (const [path, body] of [
      ["fabric-lots", fabricLot("FL-PH")],
      ["cuttings", cutting("CUT-PH", "FL-PH")],
    ] as const) {
      const answer = await t.call("POST", `/api/v1/events/${path}`, { key: factory, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const refused = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: { ...sewing("SEW-PH", "CUT-PH"), documents: [{ type: "product-image", cid: pdf.body.cid }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      "documents.0.cid",
    ]);
    const accepted = await t.call("POST", "/api/v1/events/sewings", {
      key: factory,
      body: { ...sewing("SEW-PH", "CUT-PH"), documents: [{ type: "product-image", cid: photo.body.cid }] },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });
});
