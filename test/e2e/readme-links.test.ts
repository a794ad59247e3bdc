/**
 * The READMEs' cross-references, as a newcomer follows them: every relative link names a file that exists (and a
 * heading that exists, for `#…`), every repository path the top README cites in code exists, and the services
 * README, which the top README says tells what each folder holds, names every folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, links, markdownLines } from "../support/markdown";
import { PROJECT_ROOT } from "../support/service-process";

const readmes = [
  "README.md",
  ...readdirSync(join(PROJECT_ROOT, "services"))
    .map((folder) => join("services", folder, "README.md"))
    .filter((path) => existsSync(join(PROJECT_ROOT, path))),
];
const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");

/** Where a link from `from` to `target` leads, and the anchor it names; null for a link off this repository. */
function resolveLink(from: string, target: string): { path: string; anchor: string | null } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:
  const [path = "", anchor] = target.split("#");
  return {
    path: path === "" ? from : relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(from), decodeURI(path))),
    anchor: anchor ?? null,
  };
}

/** What is wrong with the links of `markdown`, the text of README `from`: one line each. */
function brokenLinks(from: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const { target, line } of links(markdown)) {
    const resolved = resolveLink(from, target);
    if (resolved === null) continue;
    if (resolved.path.startsWith("..") || !existsSync(join(PROJECT_ROOT, resolved.path))) {
      broken.push(`${from}:${line} ${target}: no file ${resolved.path}`);
      continue;
    }
    const text = resolved.path === from ? markdown : read(resolved.path);
    if (resolved.anchor !== null && !headingAnchors(text).has(resolved.anchor))
      broken.push(`${from}:${line} ${target}: no heading #${resolved.anchor} in ${resolved.path}`);
  }
  return broken;
}

describe("the READMEs' links", () => {
  it("finds the READMEs it checks", () => {
    expect(readmes).toContain("services/http/README.md");
    expect(readmes).toContain("services/origin/README.md");
  });

  it.each(readmes)("%s: every relative link points to a file and heading that exist", (readme) => {
    expect(brokenLinks(readme, read(readme))).toEqual([]);
  });

  it("catches a missing file, a missing heading and a link out of the repository, not code or web links", () => {
    const markdown = [
      "# Title",
      "## Two `words`: here",
      "[ok](#two-words-here) [ok](../../README.md#commands) [web](https://example.org/x)",
      "[gone](routes/nowhere.ts) [no heading](#nowhere) [outside](../../../x.md) `[code](nowhere.md)`",
      "```",
      "[in a block](nowhere.md)",
      "```",
    ].join("\n");
    expect(brokenLinks("services/http/README.md", markdown)).toEqual([
      "services/http/README.md:4 routes/nowhere.ts: no file services/http/routes/nowhere.ts",
      "services/http/README.md:4 #nowhere: no heading #nowhere in services/http/README.md",
      "services/http/README.md:4 ../../../x.md: no file ../x.md",
    ]);
  });
});

describe("the paths the top README cites", () => {
  it("names only repository files and folders that exist", () => {
    const cited = markdownLines(read("README.md")).flatMap((line) =>
      [...line.text.matchAll(/`((?:services|test|web|contracts|scripts|cli|bin|\.ci)\/[\w./*-]*)`/g)].map(
        (match) => ({ path: match[1]!, line: line.number }),
      ),
    );
    expect(cited.length).toBeGreaterThan(20);
    const missing = cited.filter(({ path }) => {
      if (!path.includes("*")) return !existsSync(join(PROJECT_ROOT, path));
      // A glob like services/origin/rules/*.ts: its folder holds at least one file of that shape.
      const folder = join(PROJECT_ROOT, dirname(path));
      const shape = new RegExp(`^${path.split("/").pop()!.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
      return !existsSync(folder) || !readdirSync(folder).some((name) => shape.test(name));
    });
    expect(missing).toEqual([]);
  });

  it("services/README.md, which it says tells what each folder holds, names every folder of services/", () => {
    const services = read("services/README.md");
    const folders = readdirSync(join(PROJECT_ROOT, "services")).filter((name) =>
      statSync(join(PROJECT_ROOT, "services", name)).isDirectory(),
    );
    expect(folders.filter((folder) => !services.includes(`\`${folder}/\``))).toEqual([]);
  });
});
