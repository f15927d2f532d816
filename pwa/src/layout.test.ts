// The source's layout, held by a test: a screen never imports another
// screen. What two screens share lives outside screens/ (ui/ for
// components, data/, scoring/, remote/ and i18n/ for the rest), so it can be
// found; and outside screens/ only the registry (registry.ts) reaches into
// one, to load it.
//
// The imports are read by a small scanner of TypeScript and TSX (comments,
// strings, template literals and regular expressions skipped) rather than
// by the bundler, which never sees type-only imports. JSX text is read as
// code: a quote in it opens no string, and words in it that read as an
// import() would count (a loud, harmless false alarm).

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";

interface ImportRef {
  specifier: string;
  line: number;
  kind: "import" | "export from" | "import()";
}

type Token = { t: "id" | "str" | "punct" | "other"; v: string; line: number };

/** Tokens after which a slash starts a regular expression rather than a division. */
const BEFORE_REGEX_PUNCT = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const BEFORE_REGEX_WORDS = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await"]);

function tokens(src: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  /** For each open brace: whether it opened a template literal's ${…}. */
  const braces: boolean[] = [];
  const prev = () => out[out.length - 1];
  const countLines = (a: number, b: number) => {
    for (let k = a; k < b; k++) if (src[k] === "\n") line++;
  };
  /** Scans template text from i (just past ` or }) to its end or to a ${; returns whether a ${ opened. */
  const template = (): boolean => {
    const start = i;
    while (i < src.length && src[i] !== "`") {
      if (src[i] === "\\") i++;
      else if (src[i] === "$" && src[i + 1] === "{") {
        countLines(start, i);
        i += 2;
        braces.push(true);
        return true;
      }
      i++;
    }
    countLines(start, i);
    i++; // the closing backquote
    return false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (src.startsWith("//", i)) {
      const end = src.indexOf("\n", i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      countLines(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      // A quote in JSX text (Don't) opens no string: a string ends on its line.
      let k = i + 1;
      while (k < src.length && src[k] !== c && src[k] !== "\n") k += src[k] === "\\" ? 2 : 1;
      if (src[k] === c) {
        out.push({ t: "str", v: src.slice(i + 1, k), line });
        i = k + 1;
      } else {
        out.push({ t: "punct", v: c, line });
        i++;
      }
    } else if (c === "`") {
      const at = line;
      const start = i;
      i++;
      const opened = template();
      out.push({ t: opened ? "other" : "str", v: opened ? "`" : src.slice(start + 1, i - 1), line: at });
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      let k = i + 1;
      while (k < src.length && /[\w$\u0080-\uffff]/.test(src[k]!)) k++;
      out.push({ t: "id", v: src.slice(i, k), line });
      i = k;
    } else if (/[0-9]/.test(c)) {
      let k = i + 1;
      while (k < src.length && /[\w.]/.test(src[k]!)) k++;
      out.push({ t: "other", v: src.slice(i, k), line });
      i = k;
    } else if (c === "/") {
      const p = prev();
      const regexHere =
        !p ||
        (p.t === "punct" && BEFORE_REGEX_PUNCT.has(p.v) && !(p.v === "<" && src[i - 1] === "<")) ||
        (p.t === "id" && BEFORE_REGEX_WORDS.has(p.v));
      let k = i + 1;
      let inClass = false;
      if (regexHere) {
        while (k < src.length && src[k] !== "\n" && (src[k] !== "/" || inClass)) {
          if (src[k] === "\\") k++;
          else if (src[k] === "[") inClass = true;
          else if (src[k] === "]") inClass = false;
          k++;
        }
      }
      if (regexHere && src[k] === "/") {
        k++;
        while (k < src.length && /[a-z]/.test(src[k]!)) k++;
        out.push({ t: "other", v: src.slice(i, k), line });
        i = k;
      } else {
        out.push({ t: "punct", v: "/", line });
        i++;
      }
    } else if (c === "{") {
      braces.push(false);
      out.push({ t: "punct", v: c, line });
      i++;
    } else if (c === "}") {
      if (braces.pop() === true) {
        i++;
        template(); // the rest of the template literal
        out.push({ t: "other", v: "`", line });
      } else {
        out.push({ t: "punct", v: c, line });
        i++;
      }
    } else {
      out.push({ t: "punct", v: c, line });
      i++;
    }
  }
  return out;
}

/** The module specifiers a TypeScript or TSX source names: imports (type-only ones too), export … from, import(). */
function importsOf(src: string): ImportRef[] {
  const toks = tokens(src);
  const refs: ImportRef[] = [];
  const at = (k: number): Token | undefined => toks[k];
  const is = (k: number, t: Token["t"], v?: string) => at(k)?.t === t && (v === undefined || at(k)?.v === v);
  /** From k, the specifier after `from`, when the tokens up to it are an import or export clause. */
  const fromClause = (k: number): Token | null => {
    for (; k < toks.length; k++) {
      const tok = toks[k]!;
      if (tok.t === "id" && tok.v === "from" && is(k + 1, "str")) return toks[k + 1]!;
      const clause = tok.t === "id" || tok.t === "str" || (tok.t === "punct" && "{},*".includes(tok.v));
      if (!clause) return null;
    }
    return null;
  };
  toks.forEach((tok, k) => {
    if (tok.t !== "id" || is(k - 1, "punct", ".")) return;
    if (tok.v === "import") {
      if (is(k + 1, "punct", "(") && is(k + 2, "str")) refs.push({ specifier: toks[k + 2]!.v, line: toks[k + 2]!.line, kind: "import()" });
      else if (is(k + 1, "str")) refs.push({ specifier: toks[k + 1]!.v, line: toks[k + 1]!.line, kind: "import" });
      else if (!is(k + 1, "punct", "(") && !is(k + 1, "punct", ".")) {
        const spec = fromClause(k + 1);
        if (spec) refs.push({ specifier: spec.v, line: spec.line, kind: "import" });
      }
    } else if (tok.v === "export") {
      let j = k + 1;
      if (is(j, "id", "type")) j++;
      if (!is(j, "punct", "*") && !is(j, "punct", "{")) return;
      const spec = fromClause(j);
      if (spec) refs.push({ specifier: spec.v, line: spec.line, kind: "export from" });
    }
  });
  return refs;
}

const SRC = resolve("src"); // npm test runs in pwa/
const SCREENS = join(SRC, "screens");

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f))
    .sort();
}

/** The screen a path is in (its folder under screens/), or null outside screens/. */
function screenOf(path: string): string | null {
  const rel = relative(SCREENS, path);
  return rel.startsWith("..") || rel === "" ? null : rel.split(sep)[0]!;
}

interface Found {
  file: string;
  ref: ImportRef;
  target: string;
}

/** Every relative import of the files, with the path it names. */
function relativeImports(files: readonly string[]): Found[] {
  return files.flatMap((file) =>
    importsOf(readFileSync(file, "utf8"))
      .filter((ref) => ref.specifier.startsWith("."))
      .map((ref) => ({ file, ref, target: resolve(dirname(file), ref.specifier) })),
  );
}

const describe = ({ file, ref }: Found) => `${relative(SRC, file)}:${ref.line} ${ref.kind} "${ref.specifier}"`;

test("the scanner finds every kind of import and nothing in comments, strings or JSX text", () => {
  const src = `
import a from "./a";
import type { B } from "../b";
import c, { d, type E } from "./c";
import * as f from "./f";
import "./g.css";
import {
  h,
  i,
} from "./h";
export * from "./i";
export * as j from "./j";
export { k } from "./k";
export type { L } from "./l";
export const m = 1;
export type N = { from: string };
export { n };
// import x from "./comment";
/* import y from "./block"; */
const s = 'import z from "./string"';
const re = /import "\\.\\/regex"/;
const tpl = \`import w from "./template" \${f.x + "}"} import("./template2")\`;
const lazy = () => import("./lazy");
type T = typeof import("./typeof");
function View() {
  return <p>Don't import("./jsx-text") it</p>;
}
const late = import("./after-jsx");
const meta = import.meta.url;
obj.import("./member");
`;
  assert.deepEqual(
    importsOf(src).map((r) => `${r.kind} ${r.specifier}`),
    [
      "import ./a",
      "import ../b",
      "import ./c",
      "import ./f",
      "import ./g.css",
      "import ./h",
      "export from ./i",
      "export from ./j",
      "export from ./k",
      "export from ./l",
      "import() ./lazy",
      "import() ./typeof",
      "import() ./jsx-text",
      "import() ./after-jsx",
    ],
  );
  assert.equal(importsOf(src).find((r) => r.specifier === "./h")?.line, 10, "the line of the specifier");
});

test("no screen imports another screen", () => {
  assert.ok(existsSync(SCREENS), `no ${SCREENS}: npm test runs in pwa/`);
  const files = sources(SCREENS);
  const found = relativeImports(files);
  // A scanner that found nothing would pass: the screens import a lot.
  assert.ok(files.length > 100 && found.length > 500, `only ${found.length} imports in ${files.length} files`);
  const crossing = found.filter((f) => {
    const to = screenOf(f.target);
    return to !== null && to !== screenOf(f.file);
  });
  assert.deepEqual(
    crossing.map((f) => `${describe(f)} reaches into screens/${screenOf(f.target)}`),
    [],
    "move what two screens share to ui/ (components) or beside data/ (the rest)",
  );
});

test("outside screens/, only the registry imports a screen (tests aside)", () => {
  const registry = join(SRC, "registry.ts");
  assert.ok(existsSync(registry), "registry.ts lists the screens");
  const files = sources(SRC).filter((f) => screenOf(f) === null && !f.endsWith(".test.ts") && f !== registry);
  const into = relativeImports(files).filter((f) => screenOf(f.target) !== null);
  assert.deepEqual(into.map(describe), [], "screens are reached through registry.ts");
});
