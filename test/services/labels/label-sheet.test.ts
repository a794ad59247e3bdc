import { Writable } from "node:stream";

import jsQR from "jsqr";
import { PDFParse } from "pdf-parse";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { buildDigitalLink } from "../../../services/garments/digital-link";
import { batchLabels, LABEL_SHEET_LAYOUT, writeLabelSheet } from "../../../services/labels/label-sheet";
import type { GarmentLabel } from "../../../services/labels/label-sheet";

const BASE = "https://trace.example.vn";
const PER_PAGE = LABEL_SHEET_LAYOUT.columns * LABEL_SHEET_LAYOUT.rows;

function* batch(count: number, description = "men's cotton T-shirt"): Generator<GarmentLabel> {
  for (let serial = 1; serial <= count; serial++) {
    yield {
      description,
      gtin: "8938505974019",
      lot: "SEW-0001",
      serial: String(serial),
      authCode: `ac${serial}x9`,
    };
  }
}

/** A writable that keeps what it gets, as an HTTP response would send it. */
function collector(): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return Object.assign(sink, { bytes: () => Buffer.concat(chunks) });
}

async function sheet(labels: Iterable<GarmentLabel> | AsyncIterable<GarmentLabel>, title?: string) {
  const out = collector();
  const result = await writeLabelSheet(labels, out, { baseUrl: BASE, title });
  return { result, pdf: out.bytes() };
}

describe("writeLabelSheet", () => {
  it("writes a valid PDF with one A4 page per 21 labels and every label's text", async () => {
    const { result, pdf } = await sheet(batch(45), "SEW-0001 men's cotton T-shirt");
    expect(result).toEqual({ labels: 45, pages: 3 });
    expect(pdf.subarray(0, 7).toString("latin1")).toBe("%PDF-1.");
    expect(pdf.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
    expect(pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(3);

    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const info = await parser.getInfo();
      expect(info.total).toBe(3);
      expect(info.info?.Title).toBe("SEW-0001 men's cotton T-shirt");
      const text = await parser.getText();
      expect(text.pages).toHaveLength(3);
      const page3 = text.pages[2]!.text;
      // The GS1 human-readable interpretation under each code: every AI in parentheses before its value.
      expect(page3).toContain("(01) 08938505974019 (10) SEW-0001 (21) 45");
      expect(page3).toContain("Code ac45x9");
      expect(page3).toContain("Quét để xác minh");
      // A plain iterable does not say how many labels it has: pages are numbered without a total.
      expect(page3).toMatch(/page 3(?! of)/);
      for (let serial = 1; serial <= 45; serial++) {
        const page = text.pages[Math.floor((serial - 1) / PER_PAGE)]!.text;
        expect(page).toMatch(new RegExp(`\\(21\\) ${serial}(?!\\d)`));
      }
    } finally {
      await parser.destroy();
    }
  });

  it("draws QR codes that decode, once rendered, to each garment's Digital Link with its code", async () => {
    const labels = [...batch(PER_PAGE)];
    const { pdf } = await sheet(labels);
    const scale = 2;
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const shot = await parser.getScreenshot({ partial: [1], scale });
      const page = PNG.sync.read(Buffer.from(shot.pages[0]!.data));
      const L = LABEL_SHEET_LAYOUT;
      const width = Math.floor(L.labelWidth * scale);
      const height = Math.floor(L.labelHeight * scale);
      labels.forEach((label, slot) => {
        const crop = new PNG({ width, height });
        const x = Math.floor((L.leftMargin + (slot % L.columns) * L.columnPitch) * scale);
        const y = Math.floor((L.topMargin + Math.floor(slot / L.columns) * L.rowPitch) * scale);
        PNG.bitblt(page, crop, x, y, width, height, 0, 0);
        const decoded = jsQR(new Uint8ClampedArray(crop.data), width, height)?.data;
        expect(decoded, `label ${slot + 1}`).toBe(buildDigitalLink(label, { baseUrl: BASE }));
      });
    } finally {
      await parser.destroy();
    }
  });

  it("sets Vietnamese descriptions in an embedded font and keeps them", async () => {
    const { pdf } = await sheet(batch(2, "Áo thun nam cổ tròn"));
    expect(pdf.toString("latin1")).toContain("NotoSans");
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      expect((await parser.getText()).text).toContain("Áo thun nam cổ tròn");
    } finally {
      await parser.destroy();
    }
  });

  it("pulls labels from an async iterable and still makes a valid one-page PDF for an empty batch", async () => {
    async function* slow() {
      for (const label of batch(3)) {
        await new Promise((resolve) => setImmediate(resolve));
        yield label;
      }
    }
    expect((await sheet(slow())).result).toEqual({ labels: 3, pages: 1 });
    const empty = await sheet([]);
    expect(empty.result).toEqual({ labels: 0, pages: 1 });
    expect(empty.pdf.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it("stops pulling labels while the destination does not take more bytes", async () => {
    // A destination that holds every write until released, fed by an endless batch: with backpressure
    // respected only about a page of labels can be pulled ahead.
    const held: (() => void)[] = [];
    let released = false;
    let written = 0;
    const slowSink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        if (released) callback();
        else held.push(() => callback());
      },
    });
    let pulled = 0;
    const total = 10 * PER_PAGE;
    function* counted() {
      for (const label of batch(total)) {
        pulled++;
        yield label;
      }
    }
    const done = writeLabelSheet(counted(), slowSink, { baseUrl: BASE });
    // Give the producer every chance to run ahead.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThanOrEqual(2 * PER_PAGE + 1);
    expect(written).toBeLessThan(64 * 1024);

    released = true;
    held.splice(0).forEach((release) => release());
    await expect(done).resolves.toEqual({ labels: total, pages: 10 });
    expect(pulled).toBe(total);
  });

  it("rejects with LABEL_SHEET_ABORTED when the destination closes early or the signal aborts", async () => {
    const out = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        setTimeout(callback, 1);
      },
    });
    const done = writeLabelSheet(batch(50 * PER_PAGE), out, { baseUrl: BASE });
    setTimeout(() => out.destroy(), 20);
    await expect(done).rejects.toMatchObject({ code: "LABEL_SHEET_ABORTED" });

    const controller = new AbortController();
    function* abortingAfter(n: number) {
      let i = 0;
      for (const label of batch(10 * PER_PAGE)) {
        if (++i === n) controller.abort();
        yield label;
      }
    }
    await expect(
      writeLabelSheet(abortingAfter(30), collector(), { baseUrl: BASE, signal: controller.signal }),
    ).rejects.toMatchObject({ code: "LABEL_SHEET_ABORTED" });
  });

  it("rejects a label with a bad GTIN or lot, naming it", async () => {
    const bad = [...batch(2)];
    bad[1] = { ...bad[1]!, gtin: "8938505974018" };
    await expect(writeLabelSheet(bad, collector(), { baseUrl: BASE })).rejects.toMatchObject({
      code: "INVALID_GTIN",
    });
    await expect(
      writeLabelSheet([{ ...bad[0]!, lot: "lot with spaces" }], collector(), { baseUrl: BASE }),
    ).rejects.toMatchObject({ code: "INVALID_DIGITAL_LINK", details: { part: "lot" } });
  });

  it("labels a batch lazily, validating it before the first byte", async () => {
    let codes = 0;
    const labels = batchLabels({
      description: "men's cotton T-shirt",
      gtin: "8938505974019",
      lot: "SEW-0001",
      count: 30,
      authCode: (serial) => {
        codes++;
        return `C${serial}`;
      },
    });
    expect(codes).toBe(1); // only the first code, to validate it
    const { result, pdf } = await sheet(labels);
    expect(result).toEqual({ labels: 30, pages: 2 });
    expect(pdf.toString("latin1")).toMatch(/%%EOF\s*$/);
    expect(codes).toBe(31);
    expect([...labels].map((l) => l.serial)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));

    const base = { description: "x", gtin: "8938505974019", lot: "SEW-0001", count: 3 };
    expect(() => batchLabels({ ...base, gtin: "8938505974010" })).toThrow(
      expect.objectContaining({ code: "INVALID_GTIN" }),
    );
    expect(() => batchLabels({ ...base, lot: "L".repeat(21) })).toThrow(
      expect.objectContaining({
        code: "INVALID_DIGITAL_LINK",
        details: expect.objectContaining({ part: "lot" }),
      }),
    );
    expect(() => batchLabels({ ...base, count: 1.5 })).toThrow(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
    expect(() => batchLabels({ ...base, authCode: () => "with space" })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ part: "authCode" }) }),
    );
  });

  it("numbers the pages of a batch as 'page N of M' and prints a long lot's HRI whole", async () => {
    const lot = "L".repeat(17) + "-20";
    const labels = batchLabels({ description: "polo", gtin: "8938505974019", lot, count: 22 });
    const { result, pdf } = await sheet(labels, "polo");
    expect(result).toEqual({ labels: 22, pages: 2 });
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const text = await parser.getText();
      expect(text.pages[0]!.text).toContain("polo · page 1 of 2");
      expect(text.pages[1]!.text).toContain("polo · page 2 of 2");
      // Wrapped onto two lines under a narrow code, the element string keeps every AI and value.
      const words = text.pages[1]!.text.replace(/\s+/g, " ");
      expect(words).toContain(`(01) 08938505974019 (10) ${lot} (21) 22`);
    } finally {
      await parser.destroy();
    }
  });

  it("draws cut marks in the margins in line with the label edges", async () => {
    const { pdf } = await sheet(batch(1));
    const scale = 2;
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    try {
      const shot = await parser.getScreenshot({ partial: [1], scale });
      const page = PNG.sync.read(Buffer.from(shot.pages[0]!.data));
      const darkness = (x: number, y: number) => {
        const i = (Math.round(y * scale) * page.width + Math.round(x * scale)) * 4;
        return 255 - Math.min(page.data[i]!, page.data[i + 1]!, page.data[i + 2]!);
      };
      const L = LABEL_SHEET_LAYOUT;
      const mm = 72 / 25.4;
      const markY = L.topMargin - 3 * mm;
      const markX = L.leftMargin - 3 * mm;
      // A mark above each label edge and beside each row edge; plain paper between them.
      for (const edge of [L.leftMargin, L.leftMargin + L.labelWidth, L.leftMargin + L.columnPitch]) {
        expect(
          Math.max(darkness(edge, markY), darkness(edge - 0.5, markY), darkness(edge + 0.5, markY)),
        ).toBeGreaterThan(60);
      }
      expect(darkness(L.leftMargin + L.labelWidth / 2, markY)).toBeLessThan(10);
      for (const edge of [L.topMargin, L.topMargin + L.rowPitch]) {
        expect(
          Math.max(darkness(markX, edge), darkness(markX, edge - 0.5), darkness(markX, edge + 0.5)),
        ).toBeGreaterThan(60);
      }
      expect(darkness(markX, L.topMargin + L.rowPitch / 2)).toBeLessThan(10);
    } finally {
      await parser.destroy();
    }
  });
});
