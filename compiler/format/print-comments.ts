// Printing the comments attached to a node (comments.ts says which). The
// printer prints all of them itself rather than leaving items' comments to
// Prettier, whose choice of a line break after a block comment depends on
// what stood before it in the source, and so could differ the second time.
import type { AstPath, Doc } from "prettier";
import { builders } from "prettier/doc";
import type { AttachedComment } from "./comments.js";
import type * as t from "./tree.js";

const { hardline, join, literalline, lineSuffix, breakParent } = builders;

/** The parts of an item whose comments stay inline: expressions, names, the `if` of an `else if`. */
const INLINE = new Set(["Literal", "Name", "EnumRef", "Call", "Unary", "Binary", "Conditional", "Interpolation", "Index", "Quantifier", "Id", "Range", "ValueSet", "EffectParam"]);

/** `printed` with the node's leading and trailing comments around it, and any Prettier left dangling. */
export function withComments(path: AstPath, printed: Doc, text: string): Doc {
  const node = path.node as t.Node;
  const comments = (node.comments ?? []) as AttachedComment[];
  if (comments.length === 0) return printed;
  const inline = node.type === "If" ? path.key === "else" : INLINE.has(node.type) && !(path.key === "members" && ["Enum", "Import"].includes((path.parent as t.Node).type));
  const leading = comments.filter((c) => c.leading).map((c) => [printComment(c), inline ? (c.type === "LineComment" ? hardline : " ") : separator(c, text)]);
  const rest = comments.filter((c) => !c.leading && !c.marker);
  return [...leading, printed, ...(inline ? rest.map((c) => afterLine(c)) : trailing(rest, text))];
}

/**
 * What follows a comment before an item: a line break when one followed it
 * in the source (and a blank line when one did), else a space.
 */
function separator(c: AttachedComment, text: string): Doc {
  const next = /^[^\S\n]*(\n([^\S\n]*\n)?)?/.exec(text.slice(c.end))!;
  if (c.type === "LineComment" || next[1]) return next[2] ? [hardline, hardline] : hardline;
  return " ";
}

/**
 * Comments after an item, as Prettier prints them: on the item's last line,
 * unless a line break or a line comment came before one, which then starts a
 * line of its own (after a blank line when the source had one).
 */
function trailing(comments: AttachedComment[], text: string): Doc[] {
  let previous: { line: boolean; suffix: boolean } | null = null;
  return comments.map((c) => {
    const line = c.type === "LineComment";
    const before = /\n([^\S\n]*\n)?[^\S\n]*$/.exec(text.slice(0, c.start));
    if ((previous?.suffix && previous.line) || before) {
      previous = { line, suffix: true };
      return lineSuffix([hardline, before?.[1] ? hardline : "", printComment(c)]);
    }
    if (line || previous?.suffix) {
      previous = { line, suffix: true };
      return [lineSuffix([" ", printComment(c)]), breakParent];
    }
    previous = { line, suffix: false };
    return [" ", printComment(c)];
  });
}

/** A comment after what comes before it on its line: a line comment ends that line. */
export function afterLine(c: AttachedComment): Doc {
  return c.type === "LineComment" ? [lineSuffix([" ", printComment(c)]), breakParent] : [" ", printComment(c)];
}

/**
 * A comment as written: a line comment without trailing spaces; a block
 * comment whose lines all start with `*` re-aligned under its `/*`, any other
 * kept line for line.
 */
export function printComment(comment: AttachedComment): Doc {
  comment.printed = true;
  if (comment.type === "LineComment") return comment.value.trimEnd();
  const lines = comment.value.split("\n");
  if (lines.length > 1 && lines.slice(1).every((l) => /^\s*\*/.test(l))) {
    return join(hardline, [lines[0].trimEnd(), ...lines.slice(1).map((l) => " " + l.trim())]);
  }
  return join(literalline, lines);
}
