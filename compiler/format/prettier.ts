// The Prettier plugin for Ved (`prettier --plugin vedc/prettier`): the `ved`
// parser reads a file with the compiler's own front end, and the `ved-ast`
// printer lays it out (print.ts), with its comments where they were
// (comments.ts). A file that does not parse is refused with the compiler's
// message and location; nothing is printed for it.
import type { AstPath, Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { parse } from "../1-syntax/parse.js";
import { childNodes, handleComment, type AttachedComment } from "./comments.js";
import { printComment } from "./print-comments.js";
import { print } from "./print.js";
import { formatTree, type Node } from "./tree.js";

export const languages: SupportLanguage[] = [{ name: "Ved", parsers: ["ved"], extensions: [".ved"], vscodeLanguageIds: ["ved"] }];

/** Thrown for a file that does not parse: Prettier shows `loc` as a code frame. */
export class VedSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } },
  ) {
    super(message);
  }
}

const ved: Parser<Node> = {
  astFormat: "ved-ast",
  parse(text, options) {
    const file = options.filepath ?? "input.ved";
    const { program, diagnostics } = parse(text, file);
    if (!program) {
      const d = diagnostics[0];
      throw new VedSyntaxError(`${d.message} (${d.code})`, { start: { line: d.span.start.line, column: d.span.start.col }, end: { line: d.span.end.line, column: d.span.end.col } });
    }
    return formatTree(program, text);
  },
  locStart: (node) => node.start,
  locEnd: (node) => node.end,
};

const printer: Printer<Node> & { isGap: (gap: string) => boolean } = {
  print,
  printComment: (path: AstPath) => printComment(path.node as AttachedComment),
  isBlockComment: (comment) => (comment as unknown as AttachedComment).type === "BlockComment",
  canAttachComment: (node: Node) => "type" in node && node.type !== undefined,
  getCommentChildNodes: childNodes,
  // print() places every comment itself (print-comments.ts).
  willPrintOwnComments: () => true,
  // Prettier's default also counts `(` as space between a comment and the node after it, which would move
  // `clamp /* c */(x)` onto `x`.
  isGap: (gap) => /^\s*$/.test(gap),
  handleComments: { ownLine: handleComment, endOfLine: handleComment, remaining: handleComment },
};

export const parsers = { ved };
export const printers = { "ved-ast": printer };

const plugin: Plugin<Node> = { languages, parsers, printers };
export default plugin;
