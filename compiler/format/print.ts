// The printer: the formatter's tree as a Prettier document. The layout is
// fixed: one member, field or statement per line (a `;` between two on one
// line is dropped), every block broken over lines but an enum's while it
// fits, members written after a domain's braces moved inside them, at most
// one blank line kept where the user left one, and expressions, effect
// parameters and call arguments broken only when a line would pass the print
// width. Parentheses are kept where the user wrote them (once, for `((x))`).
import type { AstPath, Doc, ParserOptions } from "prettier";
import { builders, utils as docUtils } from "prettier/doc";
import { regionKey, type AttachedComment, type Spot } from "./comments.js";
import { afterLine, printComment, withComments } from "./print-comments.js";
import type * as t from "./tree.js";

const { group, indent, join, line, softline, hardline, ifBreak } = builders;
const { removeLines } = docUtils;

type Print = (selector?: string | number | (string | number)[] | AstPath) => Doc;
// Untyped: the helpers below reach children by key names they are given.
type Path = AstPath;

const PRECEDENCE: Record<string, number> = {
  "=>": 0, "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
  "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};

export function print(path: Path, options: ParserOptions<t.Node>, print: Print): Doc {
  const node = path.node as t.Node;
  const printed = printNode(path, options, print);
  return withComments(path, "parens" in node && node.parens ? ["(", printed, ")"] : printed, options.originalText);
}

function printNode(path: Path, options: ParserOptions<t.Node>, print: Print): Doc {
  const node = path.node as t.Node;
  switch (node.type) {
    case "Program":
      return [list(path, options, print, "body", (item) => (item.type === "Domain" ? Math.max(item.end, ...item.members.map((m) => m.end)) : item.end)), hardline];
    case "Import": {
      // A line comment after the `}` keeps `from` on the next line, as before an `else`.
      const close = kept(path, "body", "close");
      const beforeFrom = close.sameLine === "" ? " " : [close.sameLine, ...close.ownLines.map((c) => [hardline, printComment(c)]), hardline];
      return ["import ", enumBody(path, options, print), beforeFrom, "from ", print("from")];
    }
    case "Enum":
      return ["enum ", print("name"), " ", enumBody(path, options, print)];
    case "Domain":
      return ["domain ", print("name"), " ", block(path, options, print, "members", "body")];
    case "State":
      return ["state ", block(path, options, print, "fields", "body")];
    case "Field": {
      // A map's value type and region stand inside its brackets, the initial value after them.
      const value = [print("fieldType"), node.range ? [" ", print("range")] : ""];
      return [node.owned ? "owned " : "", print("name"), ": ", node.key ? ["map<", print("key"), ", ", value, ">"] : value, node.init ? [" = ", print("init")] : ""];
    }
    case "Range":
      return ["in ", print("min"), "..", print("max"), node.step ? [" by ", print("step")] : ""];
    case "ValueSet":
      return ["in {", join(", ", path.map(print, "values")), "}"];
    case "Param":
      return ["param ", print("name"), ": ", print("paramType"), node.init ? [" = ", print("init")] : ""];
    case "Let":
      return ["let ", print("name"), " = ", print("value")];
    case "Effect":
      return ["effect ", print("name"), commaList(path, print, "params"), node.outcomes ? [" ", block(path, options, print, "outcomes", "body")] : ""];
    case "Outcome":
      return [print("keyword"), " ", block(path, options, print, "body", "body")];
    case "EffectParam":
      return [print("name"), ": ", print("paramType")];
    case "Goal":
    case "Invariant":
      return [node.type === "Goal" ? "goal " : "invariant ", node.label ? [print("label"), ": "] : "", print("expr")];
    case "Transition": {
      // Comments after the transition's `{` stay there; the step's own go in the step.
      const open = kept(path, "body", "open");
      return [
        "transition ",
        print("name"),
        node.keys.length > 0 ? commaList(path, print, "keys") : "",
        node.guard ? [" when ", print("guard")] : "",
        " {",
        open.sameLine,
        indent([hardline, "step ", block(path, options, print, "body", "body", { sameLine: "", ownLines: open.ownLines })]),
        hardline,
        "}",
      ];
    }
    case "Assign":
      return [print("target"), node.key ? ["[", print("key"), "]"] : "", " ", node.op, " ", print("value")];
    case "CallStmt":
      return print("call");
    case "If": {
      if (node.else === null) return ["if ", print("cond"), " ", block(path, options, print, "then", "then")];
      // A line comment after the `}` before `else` keeps `else` on the next line.
      const close = kept(path, "then", "close");
      const beforeElse = close.sameLine === "" ? " " : [close.sameLine, ...close.ownLines.map((c) => [hardline, printComment(c)]), hardline];
      return ["if ", print("cond"), " ", block(path, options, print, "then", "then"), beforeElse, "else ", Array.isArray(node.else) ? block(path, options, print, "else", "else") : print("else")];
    }
    case "Literal":
      return node.raw;
    case "Name":
      return node.name;
    case "Id":
      return node.name;
    case "EnumRef":
      return [print("enumName"), ".", print("member")];
    case "Call":
      return [print("callee"), commaList(path, print, "args")];
    case "Unary":
      return [node.op, print("operand")];
    case "Binary":
      return binary(path, print);
    case "Interpolation":
      // A string stays on its line: the expressions in it are never broken.
      return node.texts.map((text, i) => [text, i < node.holes.length ? removeLines(print(["holes", i])) : ""]);
    case "Conditional":
      // Broken before `then` and `else` only when it does not fit on the line.
      return group(["if ", print("cond"), indent([line, "then ", print("then"), line, "else ", print("else")])]);
    case "Index":
      return [print("target"), "[", print("key"), "]"];
    case "Quantifier": {
      // Broken after the `:` only when it does not fit on the line (a fold's `)` then on a line of its own):
      // the head `all z in Zone:`, `sum(z in Zone:` stays on one line, as editors' grammars read it.
      const head = [print("binder"), " in ", print("over"), ":"];
      if (node.op === "all" || node.op === "any") return group([print("keyword"), " ", head, indent([line, print("body")])]);
      return group([print("keyword"), "(", head, indent([line, print("body")]), softline, ")"]);
    }
  }
}

/**
 * `{ ... }` around the items under `key`, one per line, with the comments
 * the block keeps (comments.ts): those kept after its `{` (`open`, by
 * default the block's own), and those kept inside it, on their own lines
 * before its items.
 */
function block(path: Path, options: ParserOptions<t.Node>, print: Print, key: string, region: string, open = kept(path, region, "open")): Doc {
  const items = (path.node as unknown as Record<string, t.Node[]>)[key];
  const own = [...open.ownLines, ...dangling(path, regionKey(region, "inside"))].map((c) => printComment(c));
  if (items.length === 0 && own.length === 0) return ["{", open.sameLine, open.sameLine === "" ? "" : hardline, "}"];
  const body = [join(hardline, own), own.length > 0 && items.length > 0 ? hardline : "", items.length > 0 ? list(path, options, print, key, (n) => n.end) : ""];
  return ["{", open.sameLine, indent([hardline, body]), hardline, "}"];
}

/**
 * The comments a block keeps after its `{` or `}`: the block comments and
 * the first line comment stay on that line (block comments first: a line
 * comment before one would end the line inside it); any other line comment
 * goes on a line of its own.
 */
function kept(path: Path, region: string, spot: Spot): { sameLine: Doc; ownLines: AttachedComment[] } {
  const comments = dangling(path, regionKey(region, spot));
  const lines = comments.filter((c) => c.type === "LineComment");
  const sameLine = [...comments.filter((c) => c.type === "BlockComment"), ...lines.slice(0, 1)];
  return { sameLine: sameLine.length === 0 ? "" : sameLine.map((c) => afterLine(c)), ownLines: lines.slice(1) };
}

/** Items one per line, keeping one blank line where the source had at least one. */
function list(path: Path, options: ParserOptions<t.Node>, print: Print, key: string, end: (n: t.Node) => number): Doc {
  const parts: Doc[] = [];
  path.each((child, i, all) => {
    parts.push(print());
    if (i < all.length - 1) parts.push(hardline, isNextLineEmpty(options.originalText, end(child.node as t.Node)) ? hardline : "");
  }, key);
  return parts;
}

/**
 * `enum E { a, b }` on one line when it fits, else a member per line; also a
 * member per line when a comment stands on a line of its own before a member
 * (it would not be on its own line the next time).
 */
function enumBody(path: Path, options: ParserOptions<t.Node>, print: Print): Doc {
  const node = path.node as t.Enum | t.Import;
  if (node.members.length === 0) return block(path, options, print, "members", "body");
  const open = kept(path, "body", "open");
  const own = [...open.ownLines, ...dangling(path, regionKey("body", "inside"))].map((c) => [printComment(c), hardline]);
  const members = join([",", line], path.map(() => print(), "members"));
  const ownLine = node.members.slice(1).some((m) => (m.comments as AttachedComment[] | undefined)?.some((c) => c.leading));
  return group(["{", open.sameLine, indent([line, ...own, members, ifBreak(",")]), line, "}"], { shouldBreak: own.length > 0 || ownLine });
}

/** `(a, b)`: effect parameters, call arguments. */
function commaList(path: Path, print: Print, key: string): Doc {
  const items = path.map(() => print(), key);
  if (items.length === 0) return "()";
  return group(["(", indent([softline, join([",", line], items)]), softline, ")"]);
}

/**
 * A chain of operators of one precedence, `a + b - c`, breaks after each
 * operator, continuation lines indented; a tighter operand is its own group.
 */
function binary(path: Path, print: Print): Doc {
  const parts: Doc[] = [];
  const chain = (p: Path): void => {
    const node = p.node as t.Binary;
    const left = node.left;
    // Flattened only when no comment hangs on the inner node, which print() would place.
    if (left.type === "Binary" && !left.parens && !left.comments?.length && PRECEDENCE[left.op] === PRECEDENCE[node.op]) p.call(chain, "left");
    else parts.push(p.call(print, "left"));
    parts.push([" ", node.op, line, p.call(print, "right")]);
  };
  chain(path);
  return group([parts[0], indent(parts.slice(1))]);
}

function dangling(path: Path, marker: string): AttachedComment[] {
  return ((path.node.comments ?? []) as AttachedComment[]).filter((c) => c.marker === marker);
}

/**
 * True when a blank line follows the line `offset` is on, past `;` and the
 * comments that start on that line (as Prettier's own helper, which stops at
 * a block comment spanning lines: the comment stays on this line when
 * printed, so the blank line after it must count).
 */
function isNextLineEmpty(text: string, offset: number): boolean {
  let i = offset;
  for (;;) {
    while (i < text.length && /[ \t\r;]/.test(text[i])) i++;
    if (!text.startsWith("/*", i)) break;
    i = text.indexOf("*/", i + 2) + 2;
  }
  if (text.startsWith("//", i)) while (i < text.length && text[i] !== "\n") i++;
  if (text[i] !== "\n") return false;
  i++;
  while (i < text.length && /[ \t\r]/.test(text[i])) i++;
  return text[i] === "\n";
}
