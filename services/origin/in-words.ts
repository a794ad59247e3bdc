/** Checks in the words a customs officer reads: a material by its description and HS code, not its index. */

export interface MaterialLike {
  description?: string;
  hsCode?: string;
}

const formatHs = (hs: string) => (hs.length > 4 ? `${hs.slice(0, 4)}.${hs.slice(4)}` : hs);

/**
 * A check's words with every `materials[N]` replaced by the material's description and HS code: "materials[0]
 * (cotton single jersey, HS 6006.21): ..." reads "cotton single jersey (HS 6006.21): ...".
 */
export function inWords(text: string, materials: readonly MaterialLike[]): string {
  return text.replace(
    /materials\[(\d+)\](\.[\w.]+)?(?: \(([^()]*)\))?/g,
    (_match, index: string, path, own) => {
      const material = materials[Number(index)];
      const name = own
        ? own.replace(/, HS ([\d.]+)$/, " (HS $1)")
        : material?.description
          ? `${material.description}${material.hsCode ? ` (HS ${formatHs(material.hsCode.replace(".", ""))})` : ""}`
          : "a material";
      return path ? `${name}, ${String(path).slice(1).replace(/\./g, " ")}` : name;
    },
  );
}
