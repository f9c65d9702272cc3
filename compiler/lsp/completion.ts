// Completion: what may be written where the cursor is, from the tokens before
// it (which block it is in, what the statement so far is) and the domain's
// symbols. In a domain: its members' keywords; in a state block, after `:`,
// the types (and `owned` where a field begins); in an effect's block, `done`
// and `failed`; in a step or an outcome block, the fields to assign, the
// effects to call, `if` and `let`; in an expression (a goal, an invariant, a guard, a let's or an
// assignment's value, an if's condition), the fields, params, lets, locals,
// enums and builtins (and in an outcome block the effect's arguments); after
// `Enum.`, its members. Keys: after `all z in` (or `sum(z in`) the enums, and
// in the body the key with the rest; in a per-key transition's parentheses,
// after `:`, the enums, and its keys in its guard and step; in a field's
// `map<`, the enums, then after its `,` the value types.
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver/node";
import { scan, type Token } from "../1-syntax/lexer.js";
import { PRIMITIVES } from "../ir.js";
import { BUILTINS, typeName, type Analysis, type DomainSymbols } from "../2-analysis/symbols.js";
import { analysisNear } from "./document.js";

type Block = "domain" | "enum" | "state" | "transition" | "step" | "effect" | "outcome" | "other";

const DOMAIN_MEMBERS = ["state", "param", "let", "effect", "invariant", "goal", "transition"];
/** Members that may also follow a domain's closing brace (the seed's style). */
const TRAILING_MEMBERS = ["param", "let", "effect", "invariant", "goal", "transition"];
/** Where a statement's expression begins: after one of these, names of values are what may come. */
const EXPRESSION_AFTER = new Set(["[", "goal", "invariant", "when", "if", "then", "=>", "=", "+=", "-=", "*=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*", "/", "%", "!", "(", ",", ".."]);

export function complete(text: string, file: string, offset: number): CompletionItem[] {
  const scanned = scan(text.slice(0, offset));
  // In a string or a comment nothing is completed; in an interpolation, `"at \\(`, an expression is.
  if (scanned.bad && scanned.bad.what !== "interpolation") return [];
  const lastComment = scanned.comments.at(-1);
  if (lastComment && lastComment.offset + lastComment.text.length >= offset && lastComment.type === "lineComment") return [];
  const tokens = scanned.tokens;
  // The word being typed is replaced by the completion, so it is no part of the context.
  const typing = tokens.at(-1);
  if (typing && typing.offset + typing.text.length === offset && /^[A-Za-z_]/.test(typing.text)) tokens.pop();
  const { stack, statement, locals: own, domainsSeen, effect, keys: transitionKeys } = context(tokens, lineAt(text, offset));
  const block = stack.at(-1) ?? null;
  const analysis = analysisNear(text, file, offset);
  const domain = analysis ? domainAt(analysis, offset) : undefined;
  const previous = statement.at(-1);
  // An outcome block is a step with its effect's arguments in scope.
  const inStep = block === "step" || block === "outcome";
  const args = block === "outcome" && effect ? (domain?.effects.get(effect)?.params.map((p) => p.name) ?? []) : [];
  const locals = [...args, ...own];
  // The keys in scope: the transition's, and those of the quantifiers the statement is in so far.
  const keys = [...transitionKeys, ...quantifierKeys(statement)];
  const back = (n: number) => statement.at(-1 - n)?.text;

  if (previous?.text === "." && statement.length >= 2) return enumMembers(analysis, statement.at(-2)!.text);
  // `all z in |`, `sum(z in |`: what the key ranges over, an enum.
  if (previous?.text === "in" && statement.at(-2)?.type === "ident" && (isQuantifierWord(back(2)) || (back(2) === "(" && isFoldWord(back(3))))) return enums(analysis);
  // `all z in Zone: |`: the body, with the key in scope.
  if (previous?.text === ":" && back(2) === "in" && (isQuantifierWord(back(4)) || (back(4) === "(" && isFoldWord(back(5))))) return values(analysis, domain, locals, inStep, keys);
  // `replicas: map<|`: the key enum; `map<Zone, |`: the value's type.
  if (previous?.text === "<" && back(1) === "map" && back(2) === ":") return enums(analysis);
  if (previous?.text === "," && back(2) === "<" && back(3) === "map") return types(analysis);
  // `transition add(|`, `(z: Zone, |`: a new key's name; `(z: |`: an enum; `(z: Zone) |`: when.
  const transitionHead = statement[0]?.text === "transition" && !statement.some((t) => t.text === "when");
  if (transitionHead && previous?.text === ":") return enums(analysis);
  if (transitionHead && (previous?.text === "(" || previous?.text === ",")) return [];
  if (transitionHead && previous?.text === ")") return keywords(["when"]);
  // `goal name: ...` and `invariant name: ...` name a condition; elsewhere a `:` is followed by a type.
  if (previous?.text === ":" && (statement[0].text === "goal" || statement[0].text === "invariant")) return values(analysis, domain, locals, false, keys);
  if (previous?.text === ":") return block === "state" ? [...types(analysis), ...keywords(["map"])] : types(analysis);
  if (previous && (EXPRESSION_AFTER.has(previous.text) || previous.type === "stringHead" || previous.type === "stringMiddle")) return values(analysis, domain, locals, inStep, keys);
  if (previous && statement[0].text === "let" && statement.length >= 3) return values(analysis, domain, locals, inStep, keys);
  if (previous && statement[0].text === "transition" && statement.length === 2) return keywords(["when"]);
  if (previous) return [];
  // At the start of a statement.
  switch (block) {
    case null:
      return keywords(domainsSeen > 0 ? ["domain", "enum", ...TRAILING_MEMBERS] : ["domain", "enum"]);
    case "domain":
      return keywords(DOMAIN_MEMBERS);
    case "transition":
      return keywords(["step"]);
    case "state":
      return keywords(["owned"]);
    case "effect":
      return keywords(["done", "failed"]);
    case "step":
    case "outcome":
      return [...keywords(["if", "let"]), ...assignable(domain, own), ...effects(domain)];
    default:
      return [];
  }
}

interface Context {
  /** The blocks the cursor is in, outermost first. */
  stack: Block[];
  /** The tokens of the statement the cursor is in, before it. */
  statement: Token[];
  /** Locals declared so far in the step the cursor is in. */
  locals: string[];
  domainsSeen: number;
  /** The effect whose block the cursor is in, if any. */
  effect: string | null;
  /** The keys of the per-key transition the cursor is in (its head, guard or step), if any. */
  keys: string[];
}

/** Which blocks the tokens leave open, and the statement they end in (a statement ends at a line's end, `;`, `{` or `}`). */
function context(tokens: Token[], cursorLine: number): Context {
  const stack: Block[] = [];
  let opener: Block | null = null;
  let statement: Token[] = [];
  let locals: string[] = [];
  let domainsSeen = 0;
  let effect: string | null = null;
  let keys: string[] = [];
  /** How many blocks were open where the transition holding `keys` began. */
  let keysDepth = -1;
  let line = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.line !== line) ((statement = []), (line = t.line));
    if (t.text === "{") {
      const block = opener ?? "other";
      if (block === "step" || block === "outcome") locals = [];
      // An if's or an else's block is the step's still.
      const inStep = stack.at(-1) === "step" || stack.at(-1) === "outcome";
      stack.push(block === "other" && inStep ? stack.at(-1)! : block);
      opener = null;
      statement = [];
      continue;
    }
    if (t.text === "}") {
      if (stack.pop() === "domain") domainsSeen++;
      if (stack.length <= keysDepth) ((keys = []), (keysDepth = -1));
      statement = [];
      continue;
    }
    if (t.text === ";") {
      statement = [];
      continue;
    }
    if (t.type === "transition") ((keys = transitionKeys(tokens, i)), (keysDepth = stack.length));
    if (t.type === "domain" || t.type === "enum" || t.type === "state" || t.type === "transition" || t.type === "step") opener = t.type;
    else if (t.type === "if" || t.type === "else") opener = "other";
    else if (t.type === "effect") ((opener = "effect"), (effect = tokens[i + 1]?.type === "ident" ? tokens[i + 1].text : null));
    // `done` and `failed` are names anywhere else: they open a block only in an effect's.
    else if (stack.at(-1) === "effect" && (t.text === "done" || t.text === "failed")) opener = "outcome";
    if (t.type === "let" && (stack.at(-1) === "step" || stack.at(-1) === "outcome") && tokens[i + 1]?.type === "ident") locals.push(tokens[i + 1].text);
    statement.push(t);
  }
  if (line !== cursorLine) statement = [];
  return { stack, statement, locals, domainsSeen, effect, keys };
}

const isQuantifierWord = (word: string | undefined) => word === "all" || word === "any";
const isFoldWord = (word: string | undefined) => word === "sum" || word === "count" || word === "min" || word === "max";

/** The keys `transition add(z: Zone, w: Tier)` declares, from its tokens at `at`. */
function transitionKeys(tokens: Token[], at: number): string[] {
  const keys: string[] = [];
  if (tokens[at + 2]?.text !== "(") return keys;
  for (let i = at + 3; i < tokens.length && tokens[i].text !== ")" && tokens[i].text !== "{"; i++) {
    if (tokens[i].type === "ident" && tokens[i + 1]?.text === ":" && (tokens[i - 1].text === "(" || tokens[i - 1].text === ",")) keys.push(tokens[i].text);
  }
  return keys;
}

/** The keys the quantifiers and folds before the cursor in the statement declare: `all z in`, `sum(z in`. */
function quantifierKeys(statement: Token[]): string[] {
  return statement.flatMap((t, i) => {
    const binder = statement[i + 1];
    const named = isQuantifierWord(t.text) || (isFoldWord(t.text) && binder?.text === "(");
    const name = isQuantifierWord(t.text) ? binder : statement[i + 2];
    const after = statement[isQuantifierWord(t.text) ? i + 2 : i + 3];
    return named && name?.type === "ident" && after?.text === "in" ? [name.text] : [];
  });
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/** The domain the offset is in, or the last one before it (whose trailing members it may be among). */
function domainAt(analysis: Analysis, offset: number): DomainSymbols | undefined {
  const before = analysis.domains.filter((d) => d.decl.span.start.offset <= offset);
  return before.find((d) => offset <= d.decl.span.end.offset) ?? before.at(-1) ?? analysis.domains[0];
}

function keywords(words: string[]): CompletionItem[] {
  return words.map((label) => ({ label, kind: CompletionItemKind.Keyword }));
}

function types(analysis: Analysis | null): CompletionItem[] {
  const primitives = Object.keys(PRIMITIVES).map((label) => ({ label, kind: CompletionItemKind.TypeParameter, detail: "(type)" }));
  return [...primitives, ...enums(analysis)];
}

function enums(analysis: Analysis | null): CompletionItem[] {
  return [...(analysis?.enums.values() ?? [])].map((e) => ({ label: e.name, kind: CompletionItemKind.Enum, detail: `enum ${e.name} { ${e.members.join(", ")} }` }));
}

function enumMembers(analysis: Analysis | null, name: string): CompletionItem[] {
  const e = analysis?.enums.get(name);
  return e ? e.members.map((label) => ({ label, kind: CompletionItemKind.EnumMember, detail: `(member) ${name}.${label}` })) : [];
}

function assignable(domain: DomainSymbols | undefined, locals: string[]): CompletionItem[] {
  return [...fields(domain), ...locals.map((label) => ({ label, kind: CompletionItemKind.Variable, detail: "(local)" }))];
}

function fields(domain: DomainSymbols | undefined): CompletionItem[] {
  return [...(domain?.fields.values() ?? [])].map((f) => ({ label: f.name, kind: CompletionItemKind.Field, detail: `(field) ${f.name}: ${f.key ? `map<${f.key.name}, ${typeName(f.type)}>` : typeName(f.type)}` }));
}

function effects(domain: DomainSymbols | undefined): CompletionItem[] {
  return [...(domain?.effects.values() ?? [])].map((e) => ({
    label: e.name,
    kind: CompletionItemKind.Function,
    detail: `effect ${e.name}(${e.params.map((p) => `${p.name}: ${typeName(p.type)}`).join(", ")})`,
  }));
}

/** Everything an expression may name here. */
function values(analysis: Analysis | null, domain: DomainSymbols | undefined, locals: string[], inStep: boolean, keys: string[]): CompletionItem[] {
  const params = [...(domain?.params.values() ?? [])].map((p) => ({ label: p.name, kind: CompletionItemKind.Constant, detail: `(param) ${p.name}: ${typeName(p.type)}` }));
  const lets = [...(domain?.lets.values() ?? [])].map((l) => ({ label: l.name, kind: CompletionItemKind.Variable, detail: `(let) ${l.name}${l.type ? `: ${typeName(l.type)}` : ""}` }));
  const builtins = [...BUILTINS.map((label) => ({ label, kind: CompletionItemKind.Function, detail: "(builtin)" })), { label: "now", kind: CompletionItemKind.Keyword, detail: "(builtin) now: time, the instant of the current tick" }];
  const localItems = inStep ? locals.map((label) => ({ label, kind: CompletionItemKind.Variable, detail: "(local)" })) : [];
  const keyItems = [...new Set(keys)].map((label) => ({ label, kind: CompletionItemKind.Variable, detail: "(key)" }));
  const folds = ["sum", "count"].map((label) => ({ label, kind: CompletionItemKind.Function, detail: `(builtin) ${label}(k in Enum: ...)` }));
  return [...keyItems, ...fields(domain), ...params, ...lets, ...localItems, ...enums(analysis), ...builtins, ...folds, ...keywords(["true", "false", "if", "all", "any"])];
}
