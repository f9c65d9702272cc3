// Where each comment goes. A Ved file is a list of items (domains, enums,
// members, fields, enum members, statements), some holding blocks of items
// of their own; a comment is either between the items of a block or inside
// one item. Every comment gets a place that reads back to the same place,
// so that formatting twice changes nothing:
//   - between items, on a line of its own: before the next item, or after
//     the last one; in an empty block, inside it;
//   - between items, at the end of a line: after the item that ends that
//     line, or, when the line ends with the block's `{`, after that `{`;
//   - between items on one line: before the next item when nothing but space
//     separates them, else after the item before;
//   - inside an item, a line comment ends the item's line: it goes after
//     the `}` of a block it follows (`} // why` before an `else`), or after
//     the `{` of the block it precedes (`transition t when ready // why`),
//     or after the item when it has no block;
//   - inside an item, a block comment stays where it is, between the same
//     two tokens (Prettier picks the node; print.ts prints it inline).
// A comment a block keeps itself is "dangling", marked with the block's key
// and where in the block it goes (see `regionKey`).
import type { Braces, Comment, Node, Program } from "./tree.js";

type Placement = "ownLine" | "endOfLine" | "remaining";

/** A comment once attached (by Prettier or by `attach` below), and once printed. */
export interface AttachedComment extends Comment {
  leading?: boolean;
  trailing?: boolean;
  printed?: boolean;
  /** For a dangling comment: which block keeps it, and where (see `regionKey`). */
  marker?: string;
}

/** A block of items: its key in its owner (`body`, `then`, `else`), its braces and its items. */
interface Region extends Braces {
  owner: Node;
  key: string;
  items: Node[];
}

/** The blocks of a node, in order; an `else if` counts as the blocks of the `if` it holds. */
function regions(node: Node): Region[] {
  const of = (key: string, braces: Braces, items: Node[]): Region => ({ owner: node, key, open: braces.open, close: braces.close, items });
  switch (node.type) {
    case "Domain":
      return [of("body", node, node.members.filter((m) => m.start < node.close))];
    case "Enum":
    case "Import":
      return [of("body", node, node.members)];
    case "State":
      return [of("body", node, node.fields)];
    case "Transition":
      return [of("body", node, node.body)];
    case "Effect":
      return node.outcomes && node.braces ? [of("body", node.braces, node.outcomes)] : [];
    case "Outcome":
      return [of("body", node, node.body)];
    case "If":
      if (Array.isArray(node.else)) return [of("then", node.thenBraces, node.then), of("else", node.elseBraces!, node.else)];
      return [of("then", node.thenBraces, node.then), ...(node.else ? regions(node.else) : [])];
    default:
      return [];
  }
}

/** Where a block keeps a comment: on its own line inside it, after its `{`, or after its `}`. */
export type Spot = "inside" | "open" | "close";

/** The marker of a dangling comment kept by block `key` at `spot`. */
export function regionKey(key: string, spot: Spot): string {
  return `${key}:${spot}`;
}

/**
 * The printer's `handleComments` hook, for every placement: returns false to
 * leave a comment to Prettier (a block comment inside an item; a comment
 * between top-level items, where there are no braces to stay inside).
 */
export function handleComment(comment: AttachedComment, text: string, _options: unknown, ast: Node): boolean {
  const program = ast as Program;
  const { region, item } = locate(program, comment);
  if (item) {
    if (comment.type === "BlockComment") return false;
    const blocks = regions(item);
    const before = blocks.filter((r) => r.close < comment.start).at(-1);
    const after = blocks.find((r) => r.open >= comment.end);
    if (before) attach(before.owner, comment, regionKey(before.key, "close"));
    else if (after) attach(after.owner, comment, regionKey(after.key, "open"));
    else attach(item, comment, "trailing");
    return true;
  }
  if (!region) return false;
  const placement = placementOf(comment, text, program.commentList);
  const previous = region.items.filter((i) => i.end <= comment.start).at(-1);
  const next = region.items.find((i) => i.start >= comment.end);
  const touchesNext = next !== undefined && /^\s*$/.test(text.slice(comment.end, next.start));
  if (next && (placement === "ownLine" || (placement === "remaining" && (touchesNext || !previous)))) attach(next, comment, "leading");
  else if (previous) attach(previous, comment, "trailing");
  else attach(region.owner, comment, regionKey(region.key, placement === "endOfLine" ? "open" : "inside"));
  return true;
}

/**
 * Where a comment sits on its line, looking past the other comments on it:
 * Prettier looks past them only in some cases, and then two comments on one
 * line could be read as on different lines the second time round.
 */
function placementOf(comment: Comment, text: string, all: Comment[]): Placement {
  const i = indexOf(all, comment);
  let before = comment.start;
  for (let k = i - 1; k >= 0 && spaceOnly(text, all[k].end, before); k--) before = all[k].start;
  let after = comment.end;
  for (let k = i + 1; k < all.length && spaceOnly(text, after, all[k].start); k++) after = all[k].end;
  let b = before;
  while (b > 0 && (text[b - 1] === " " || text[b - 1] === "\t" || text[b - 1] === "\r")) b--;
  let a = after;
  while (a < text.length && (text[a] === " " || text[a] === "\t" || text[a] === "\r")) a++;
  if (b === 0 || text[b - 1] === "\n") return "ownLine";
  return a === text.length || text[a] === "\n" ? "endOfLine" : "remaining";
}

function spaceOnly(text: string, from: number, to: number): boolean {
  return /^[^\S\n]*$/.test(text.slice(from, to));
}

/** The index of a comment in the list of them all, which is in source order. */
function indexOf(all: Comment[], comment: Comment): number {
  let lo = 0;
  let hi = all.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].start < comment.start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The innermost block holding a comment (null: the file itself), and the item of it the comment is inside, if any. */
function locate(program: Program, comment: Comment): { region: Region | null; item: Node | null } {
  let region: Region | null = null;
  let items = childNodes(program);
  for (;;) {
    const item = items.find((i) => i.start <= comment.start && comment.end <= i.end);
    if (!item) return { region, item: null };
    const inner = regions(item).find((r) => r.open < comment.start && comment.end <= r.close);
    if (!inner) return { region, item };
    region = inner;
    items = inner.items;
  }
}

/** As Prettier's own addLeadingComment and friends, which it does not export. */
function attach(node: Node, comment: AttachedComment, how: "leading" | "trailing" | string): void {
  comment.leading = how === "leading";
  comment.trailing = how === "trailing";
  if (!comment.leading && !comment.trailing) comment.marker = how;
  (node.comments ??= []).push(comment);
}

/** The nodes a comment can attach to inside `node`, for Prettier's search. */
export function childNodes(node: Node): Node[] {
  switch (node.type) {
    case "Program":
      // Members after a domain's braces are found where they are written.
      return [...node.body, ...node.body.flatMap((item) => (item.type === "Domain" ? item.members.filter((m) => m.start > item.close) : []))];
    case "Domain":
      return [node.name, ...regions(node)[0].items];
    case "Enum":
      return [node.name, ...node.members];
    case "Import":
      return [...node.members, node.from];
    case "State":
      return node.fields;
    case "Field":
      // In source order: a map's key enum stands before its value's type.
      return present([node.name, node.key, node.fieldType, node.range, node.init]);
    case "Range":
      return present([node.min, node.max, node.step]);
    case "ValueSet":
      return node.values;
    case "Param":
      return present([node.name, node.paramType, node.init]);
    case "Let":
      return [node.name, node.value];
    case "Effect":
      return [node.name, ...node.params, ...(node.outcomes ?? [])];
    case "Outcome":
      return [node.keyword, ...node.body];
    case "EffectParam":
      return [node.name, node.paramType];
    case "Goal":
    case "Invariant":
      return present([node.label, node.expr]);
    case "Transition":
      return present([node.name, ...node.keys, node.guard, ...node.body]);
    case "Assign":
      return present([node.target, node.key, node.value]);
    case "CallStmt":
      return [node.call];
    case "If":
      return [node.cond, ...node.then, ...(node.else === null ? [] : Array.isArray(node.else) ? node.else : [node.else])];
    case "EnumRef":
      return [node.enumName, node.member];
    case "Call":
      return [node.callee, ...node.args];
    case "Unary":
      return [node.operand];
    case "Binary":
      return [node.left, node.right];
    case "Conditional":
      return [node.cond, node.then, node.else];
    case "Interpolation":
      return node.holes;
    case "Index":
      return [node.target, node.key];
    case "Quantifier":
      return [node.keyword, node.binder, node.over, node.body];
    case "Literal":
    case "Name":
    case "Id":
      return [];
  }
}

function present(list: (Node | null)[]): Node[] {
  return list.filter((n): n is Node => n !== null);
}
