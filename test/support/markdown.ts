/**
 * Just enough Markdown for the tests that hold the READMEs to what they say: headings (as GitHub anchors them),
 * sections, fenced code blocks and links. Fence-aware, so a `# comment` in a bash block is not a heading.
 */

export interface MarkdownLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  /** The line is inside a fenced code block (or is one of its fences). */
  inCode: boolean;
}

export interface FencedBlock {
  /** The info string's first word (`bash`, `sh`, … or ""). */
  language: string;
  code: string;
  /** Line number of the opening fence. */
  line: number;
}

export function markdownLines(markdown: string): MarkdownLine[] {
  let fence: string | null = null;
  return markdown.split("\n").map((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence === null && marker) {
      fence = marker;
      return { number: index + 1, text, inCode: true };
    }
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker)
        fence = null;
      return { number: index + 1, text, inCode: true };
    }
    return { number: index + 1, text, inCode: false };
  });
}

const headingOf = (line: MarkdownLine) => (line.inCode ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line.text));

/** The lines under heading `title` (any level), up to the next heading of the same or a higher level. */
export function sectionLines(markdown: string, title: string): MarkdownLine[] {
  const lines = markdownLines(markdown);
  const start = lines.findIndex((line) => headingOf(line)?.[2] === title);
  if (start < 0) throw new Error(`no heading '${title}'`);
  const level = headingOf(lines[start]!)![1]!.length;
  const end = lines.findIndex((line, index) => {
    const heading = index > start ? headingOf(line) : null;
    return heading !== null && heading[1]!.length <= level;
  });
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The fenced code blocks among `lines`, in order. */
export function fencedBlocks(lines: readonly MarkdownLine[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { language: string; line: number; code: string[] } | null = null;
  for (const line of lines) {
    if (!line.inCode) continue;
    const fence = /^ {0,3}(?:`{3,}|~{3,})\s*(\S*)/.exec(line.text);
    if (open === null && fence) open = { language: fence[1] ?? "", line: line.number, code: [] };
    else if (open !== null && fence && line.text.trim().replace(/[`~]/g, "") === "") {
      blocks.push({ language: open.language, code: `${open.code.join("\n")}\n`, line: open.line });
      open = null;
    } else open?.code.push(line.text);
  }
  return blocks;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every heading's anchor, with GitHub's `-1`, `-2`… for repeated ones. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of markdownLines(markdown)) {
    const heading = headingOf(line);
    if (!heading) continue;
    const anchor = headingAnchor(heading[2]!);
    const count = seen.get(anchor) ?? 0;
    anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
    seen.set(anchor, count + 1);
  }
  return anchors;
}

/** The targets of `[text](target)` links outside code, with their line numbers. */
export function links(markdown: string): { target: string; line: number }[] {
  return markdownLines(markdown)
    .filter((line) => !line.inCode)
    .flatMap((line) =>
      [...line.text.replace(/`[^`]*`/g, "").matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
        (match) => ({ target: match[1]!, line: line.number }),
      ),
    );
}
