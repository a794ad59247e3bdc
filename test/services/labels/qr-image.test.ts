import fc from "fast-check";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { AppError } from "../../../services/errors/index";
import { buildDigitalLink } from "../../../services/garments/digital-link";
import { QR_QUIET_ZONE, qrMatrix, qrPng, qrRuns, qrSvg } from "../../../services/labels/qr-image";
import { launchChromium } from "../../support/page-audit";

const URI = buildDigitalLink(
  { gtin: "08938505974019", lot: "SEW-0001", serial: "1187", authCode: "Zq8f3kT1bW9xYp2m" },
  { baseUrl: "https://trace.example.vn" },
);

function decodePng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe("qrPng", () => {
  it("encodes the Digital Link so that a QR reader gets it back", async () => {
    const png = await qrPng(URI);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(decodePng(png)).toBe(URI);
  });

  it("draws a 4-module quiet zone at the requested scale", async () => {
    const { size } = qrMatrix(URI);
    const image = PNG.sync.read(await qrPng(URI, { scale: 3 }));
    expect(image.width).toBe((size + 2 * QR_QUIET_ZONE) * 3);
    // The whole quiet zone is white: check the first 4 modules' rows.
    const quiet = image.data.subarray(0, image.width * 4 * QR_QUIET_ZONE * 3);
    expect(quiet.every((byte) => byte === 255)).toBe(true);
  });

  it("rejects empty or oversized text with QR_DATA_INVALID", async () => {
    await expect(qrPng("")).rejects.toMatchObject({ code: "QR_DATA_INVALID" });
    await expect(qrPng("x".repeat(3000))).rejects.toMatchObject({ code: "QR_DATA_INVALID" });
    await expect(qrPng(URI, { scale: 0 })).rejects.toBeInstanceOf(AppError);
  });
});

describe("qrSvg", () => {
  it("returns a scalable SVG with the quiet zone in its view box and the dark modules as one path", async () => {
    const svg = await qrSvg(URI);
    const { size } = qrMatrix(URI);
    const side = size + 2 * QR_QUIET_ZONE;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    expect(svg).toContain('stroke="#000000"');
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("decodes to the URI once a browser draws it", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 300, height: 300 } });
      await page.setContent(
        `<body style="margin:0"><div style="width:300px">${await qrSvg(URI)}</div></body>`,
      );
      expect(decodePng(await page.screenshot())).toBe(URI);
    } finally {
      await browser.close();
    }
  });
});

describe("qrMatrix and qrRuns", () => {
  it("runs cover exactly the dark modules", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (text) => {
        const matrix = qrMatrix(text);
        const covered = new Uint8Array(matrix.size * matrix.size);
        for (const run of qrRuns(matrix)) {
          expect(run.length).toBeGreaterThan(0);
          for (let c = run.col; c < run.col + run.length; c++) covered[run.row * matrix.size + c]! += 1;
        }
        expect(covered).toEqual(matrix.dark);
      }),
      { numRuns: 50 },
    );
  });

  it("the runs the PDF draws decode back to the URI", () => {
    // Rasterise the runs exactly as the label sheet draws them, then read the code.
    const matrix = qrMatrix(URI);
    const scale = 4;
    const side = (matrix.size + 2 * QR_QUIET_ZONE) * scale;
    const image = new PNG({ width: side, height: side });
    image.data.fill(255);
    for (const run of qrRuns(matrix)) {
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < run.length * scale; x++) {
          const px = (QR_QUIET_ZONE + run.col) * scale + x;
          const py = (QR_QUIET_ZONE + run.row) * scale + y;
          image.data.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
        }
      }
    }
    expect(decodePng(PNG.sync.write(image))).toBe(URI);
  });
});
