// Every diagnostic vedc can report, as data: its code, severity, the message
// and hint it prints (templates with named holes, `{name}`), the one-line
// description and short example docs/diagnostics.md shows, and a program that
// makes the compiler report it. docs/diagnostics.md is generated from this
// table (`npm run docs:diagnostics`); tests check the page is fresh and that
// every program reports exactly its code.
//
// One code is one mistake. When the same mistake is worded differently for
// different constructs, the entry has `forms`, and the caller names the form.
// A hole is a lowercase word in braces; other braces (`enum P { a, b }`) are text.
// A hint hole may be given `undefined` (a suggestion there is none of): the
// diagnostic then has no hint. A message hole may not.
//
// A new code: add its entry here under the next free number of its group (a
// retired number is never reused), with a program that reports exactly it;
// report it with report("VEDxxxx", file, span, { ...holes }); then run
// `npm run docs:diagnostics` and commit the page it rewrites.
import type { Severity } from "./diagnostic.js";

export interface MessageForm {
  readonly message: string;
  readonly hint?: string;
}

export interface MessageEntry extends Partial<MessageForm> {
  readonly severity: Severity;
  /** What the mistake is, in a line (Markdown); docs' "what" column. */
  readonly what: string;
  /** A short example of the mistake (Markdown); docs' "example" column. */
  readonly example: string;
  /**
   * A whole program that reports exactly this code (in its own file; a code
   * only an imported file reports, as a cycle is reported where it closes,
   * there); docs show it, and the docs test compiles it.
   */
  readonly program?: string;
  /** Files `program` imports, by path relative to it (`shared.ved`); docs show them before it. */
  readonly files?: Readonly<Record<string, string>>;
  /** The wordings of one mistake, when it has more than one; then `message` and `hint` are absent. */
  readonly forms?: Readonly<Record<string, MessageForm>>;
}

const duplicate = { message: "{what} '{name}' is declared twice", hint: "rename one of them or remove the second" } as const;
const condition = {
  number: { message: "{what} must be a bool, but this is {type}", hint: "compare it with something, e.g. `workers == 5`" },
  time: { message: "{what} must be a bool, but this is {type}", hint: "compare it with something, e.g. `now - last_scaled >= 60s`" },
  other: { message: "{what} must be a bool, but this is {type}" },
} as const;
const INT_IS_NOT_A_DURATION = "an int is not a duration: write the unit, e.g. `30s`, `500ms` or `5m`";
const TIME_ONLY = "a time can only be compared, or have a duration added or taken away: `now - t >= 60s`";

export const MESSAGES = {
  // 00xx: the source could not be read as Ved
  VED0001: {
    severity: "error",
    what: "a character that is not part of Ved",
    example: "`goal workers == 5 $`",
    message: "unexpected character {character}",
    program: "domain D {\n  state {\n    workers: int\n  }\n  goal workers == 5 $\n}",
  },
  VED0002: {
    severity: "error",
    what: "a comment that is never closed",
    example: "`/* no end`",
    message: "this comment is never closed",
    hint: "end it with `*/`",
    program: "domain D {\n  state {\n    workers: int\n  }\n}\n/* no end",
  },
  VED0003: {
    severity: "error",
    what: "an unexpected token; says what was expected, and the block a missing `}` should close",
    example: "`goal workers = 5` (hint: write `==`)",
    forms: {
      unexpected: { message: "unexpected {token}: expected {expected}" },
      comparison: { message: "unexpected {token}: expected {expected}", hint: "to compare, write `==`" },
      keyword: { message: "unexpected {token}: expected {expected}", hint: "'{keyword}' is a keyword and cannot be used as a name" },
      unclosed: { message: "expected '}' to close the {block} opened at {line}:{col}", hint: "add '}' before this {keyword}" },
      unclosedInner: { message: "the {block} opened here is never closed", hint: "the '}' at {closeline}:{closecol}, indented as the block around it, closes this {block} instead: add the {block}'s own '}' before it" },
      conditional: { message: "unexpected {token}: expected {expected}", hint: "an `if ... then ... else` that is an operand needs parentheses: `1 + (if c then a else b)`" },
      word: { message: "unexpected {token}: expected {expected}", hint: "Ved writes '{word}' as `{op}`: {example}" },
      rangeAfterValue: { message: "a field's range goes before its initial value", hint: "write `{suggested}`" },
    },
    program: "domain D {\n  state {\n    workers: int\n  }\n  goal workers = 5\n}",
  },
  VED0004: {
    severity: "error",
    what: "the file ends in the middle of something; names the block left open and where it opened",
    example: "a transition without its last `}`",
    forms: {
      unclosed: { message: "the file ends before the {block} opened at {line}:{col} is closed", hint: "add '}' to close the {block}" },
      unclosedInner: { message: "the {block} opened here is never closed", hint: "the '}' at {closeline}:{closecol}, indented as the block around it, closes this {block} instead: add the {block}'s own '}' before it" },
      early: { message: "the file ends too early: expected {expected}" },
    },
    program: "domain D {\n  state {\n    workers: int\n  }\n  transition grow {\n    step {\n      workers += 1\n    }\n",
  },
  VED0005: {
    severity: "error",
    what: "two statements on one line without `;`",
    example: "`workers = 1 spare = 2`",
    forms: {
      items: { message: "two items on one line need a `;` between them", hint: "put this on a new line, or add `;` before it" },
      members: { message: "two enum members on one line need a `,` between them", hint: "add `,` before it" },
    },
    program: "domain D {\n  state {\n    workers: int\n    spare: int\n  }\n  transition t {\n    step {\n      workers = 1 spare = 2\n    }\n  }\n}",
  },
  VED0006: {
    severity: "error",
    what: "a goal or transition before any domain",
    example: "`goal x == 1` on the first line",
    message: "this {member} comes before any domain",
    hint: "put it inside a domain's braces, or after them",
    program: "goal x == 1\ndomain D {\n  state {\n    x: int\n  }\n}",
  },
  VED0007: {
    severity: "error",
    what: "nesting deeper than 256 levels (parentheses, braces, `!` and `-` chains, operator chains, `else if` chains, lets each reading the next)",
    example: "5,000 `(`, 300 `else if`s in a row",
    forms: {
      elseIf: { message: "this `else if` chain nests deeper than {max} levels", hint: "split it into separate `if`s, or move part of it into another transition" },
      nesting: { message: "nesting is deeper than {max} levels", hint: "split the expression or the block into smaller parts" },
      expression: { message: "this expression nests deeper than {max} levels", hint: "split it with `let`, or into smaller parts" },
      lets: { message: "let '{name}' starts a chain of more than {max} lets, each reading the next", hint: "compute part of the chain in a step, or shorten it" },
    },
  },
  VED0008: {
    severity: "error",
    what: "a file with no domain",
    example: "an empty file",
    message: "this file has no domain",
    hint: "a Ved program starts with `domain Name { state { ... } }`",
    program: "// nothing here yet",
  },
  VED0009: {
    severity: "error",
    what: "a file that is not text (NUL bytes, invalid UTF-8)",
    example: "a PNG renamed to `.ved`",
    message: "this file is not Ved source text: it contains binary data",
    hint: "check the path: vedc reads UTF-8 text files",
  },
  VED0010: {
    severity: "error",
    what: "an unknown escape in a string, a `\\u{...}` that is not a Unicode scalar value, or `\\u{0}` (Ved strings hold no NUL)",
    example: '`"\\q"`, `"\\u{0}"`',
    forms: {
      unicode: { message: "a \\u escape needs a Unicode scalar value in braces", hint: "write it as \\u{1F600}" },
      nul: { message: "a string cannot hold NUL (\\u{0})", hint: "Ved strings are Unicode text without NUL, which every store can keep; leave it out" },
      unknown: { message: "unknown escape '\\{escape}' in a string", hint: 'the escapes are \\" \\\\ \\n \\t \\r and \\u{...}, and \\( opens an interpolation: "at \\(workers)"' },
    },
    program: 'domain D {\n  state {\n    name: string = "\\q"\n  }\n}',
  },
  VED0011: {
    severity: "error",
    what: "a string that is never closed on its line",
    example: '`"abc`',
    message: "this string is never closed",
    hint: 'end it with `"` on the same line; write \\n for a newline',
    program: 'domain D {\n  state {\n    name: string = "abc\n  }\n}',
  },
  VED0012: {
    severity: "error",
    what: "a file that cannot be read (only in `vedc check --format json`; otherwise a one-line error)",
    example: "a missing file",
    message: "{reason}",
  },
  VED0013: {
    severity: "error",
    what: "a file longer than 8 MiB (8,388,608 characters), the most the compiler accepts: it would run out of memory well before it failed otherwise",
    example: "a 20 MB generated file",
    message: "this file is longer than the {max} characters (8 MiB) the compiler accepts",
    hint: "split it into several files",
  },
  VED0020: {
    severity: "error",
    what: "an interpolation `\\(` in a string that is not closed by `)` on its line",
    example: '`"disk at \\(used"`',
    message: "this interpolation is never closed",
    hint: 'close it with `)` before the string goes on: "disk at \\(used)%"',
    program: 'domain D {\n  state {\n    used: int\n    label: string\n  }\n  goal label == "disk at \\(used"\n}',
  },

  // 01xx: names
  VED0100: {
    severity: "error",
    what: "an unknown name, enum or enum member; suggests the closest one",
    example: "`goal wrkers == 5`, `Phase.idel`",
    forms: {
      name: { message: "unknown name '{name}' in domain '{domain}'", hint: "{suggestion}" },
      enum: { message: "unknown enum '{name}'", hint: "{suggestion}" },
      member: { message: "enum '{name}' has no member '{member}'", hint: "{suggestion}" },
      enumMember: { message: "unknown name '{name}' in domain '{domain}'", hint: "'{name}' is a member of enum {enum}: write {enum}.{name}" },
      otherDomain: { message: "'{name}' is a domain, and a domain cannot read another domain's fields", hint: "give '{domain}' what it needs as a param of its own (`param {member}: ...`, set when an instance is created), or observe it into a field of '{domain}'" },
    },
    program: "domain D {\n  state {\n    workers: int\n  }\n  invariant wrkers == 5\n}",
  },
  VED0101: {
    severity: "error",
    what: "a name declared twice in one domain: fields, params and lets share one namespace; goal names and invariant names each have their own",
    example: "`x: int` twice",
    ...duplicate,
    program: "domain D {\n  state {\n    x: int\n    x: int\n  }\n}",
  },
  VED0102: {
    severity: "error",
    what: "a transition declared twice",
    example: "two `transition scale`",
    ...duplicate,
    program: "domain D {\n  state {\n    x: int\n  }\n  transition scale {\n    step {\n      x += 1\n    }\n  }\n  transition scale {\n    step {\n      x -= 1\n    }\n  }\n}",
  },
  VED0103: {
    severity: "error",
    what: "a domain or enum declared twice (they share one namespace)",
    example: "two `domain Pool`",
    ...duplicate,
    program: "domain Pool {\n  state {\n    x: int\n  }\n}\ndomain Pool {\n  state {\n    y: int\n  }\n}",
  },
  VED0104: {
    severity: "error",
    what: "an unknown type",
    example: "`workers: integer`",
    message: "unknown type '{name}'",
    hint: "{suggestion}",
    program: "domain D {\n  state {\n    workers: integer\n  }\n}",
  },
  VED0105: {
    severity: "error",
    what: "a name the compiler refuses: `__proto__`, or a built-in type's name for an enum",
    example: "`__proto__: int`",
    forms: {
      reserved: { message: "'{name}' cannot be the name of a {what}", hint: "choose another name: this one has a special meaning in JavaScript objects" },
      domain: { message: "'{name}' cannot be the name of a domain: every bundle exports the runtime's {name} under that name", hint: "choose another name" },
      builtinType: { message: "'{name}' is a built-in type and cannot name an enum" },
    },
    program: "domain D {\n  state {\n    __proto__: int\n  }\n}",
  },
  VED0106: {
    severity: "error",
    what: "more than one state block in a domain",
    example: "`state { } state { }`",
    message: "domain '{domain}' has more than one state block",
    hint: "declare all fields in one `state { ... }`",
    program: "domain D {\n  state {\n    x: int\n  }\n  state {\n    y: int\n  }\n}",
  },
  VED0108: {
    severity: "error",
    what: "an effect declared twice",
    example: "two `effect boot(...)`",
    ...duplicate,
    program: "domain D {\n  state {\n    x: int\n  }\n  effect boot(n: int)\n  effect boot(n: int)\n}",
  },
  VED0109: {
    severity: "error",
    what: "an enum member declared twice",
    example: "`enum P { a, a }`",
    ...duplicate,
    program: "enum P { a, a }\ndomain D {\n  state {\n    p: P\n  }\n}",
  },
  VED0110: {
    severity: "error",
    what: "an enum with no members",
    example: "`enum P { }`",
    message: "enum '{name}' has no members",
    hint: "list them: enum {name} { a, b }",
    program: "enum P { }\ndomain D {\n  state {\n    x: int\n  }\n}",
  },
  VED0111: {
    severity: "error",
    what: "a param without a default value",
    example: "`param target: int`",
    message: "param '{name}' needs a default value",
    hint: "write 'param {name}: {type} = ...'; an instance can override it",
    program: "domain D {\n  state {\n    x: int\n  }\n  param target: int\n  invariant x == target\n}",
  },
  VED0112: {
    severity: "error",
    what: "an assignment to a param, a let or a local",
    example: "`target = 3`",
    forms: {
      param: { message: "'{name}' is a param, not a state field", hint: "params are read-only; an instance sets them when it is created" },
      let: { message: "'{name}' is a let, not a state field", hint: "a domain let is derived from state; assign to the fields it reads" },
      arg: { message: "'{name}' is an effect argument, not a state field", hint: "an effect's arguments are what it was called with; assign to a field" },
      local: { message: "'{name}' is a local, not a state field", hint: "locals are read-only; declare another with `let`" },
      key: { message: "'{name}' is a key, not a state field", hint: "a key names each member in turn and is read-only; assign to a field" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  param target: int = 1\n  goal x == target\n  transition t {\n    step {\n      target = 3\n    }\n  }\n}",
  },
  VED0113: {
    severity: "error",
    what: "an unknown function or effect, an effect used as a value, or a function used as a statement",
    example: "`boot(1) + 1`, `min(a, b)` alone",
    forms: {
      unknownFunction: { message: "unknown function '{name}'", hint: "{suggestion}" },
      unknownEffect: { message: "unknown effect '{name}' in domain '{domain}'", hint: "{suggestion}" },
      effectAsValue: { message: "effect '{name}' is a statement and has no value", hint: "call it on a line of its own in a step: {name}(...)" },
      functionAsStatement: { message: "{name}(...) computes a value, and a statement cannot use it", hint: "assign it: x = {name}(...)" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  invariant x == minimum(1, 2)\n}",
  },
  VED0114: {
    severity: "error",
    what: "a call with the wrong number of arguments",
    example: "`clamp(x, 1)`",
    forms: {
      effect: { message: "effect '{name}' takes {wanted}, but this call passes {given}", hint: "it is declared as {declaration}" },
      builtin: { message: "{name} takes {wanted}, but this call passes {given}" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  invariant clamp(x, 1) == 1\n}",
  },
  VED0116: {
    severity: "error",
    what: "a let that depends on itself",
    example: "`let a = b + 1` with `let b = a`",
    message: "let '{name}' depends on itself",
    hint: "a derived value must be computable from state and params",
    program: "domain D {\n  state {\n    x: int\n  }\n  let a = b + 1\n  let b = a\n  invariant x == a\n}",
  },
  VED0117: {
    severity: "error",
    what: "a step local that reuses a name already in scope",
    example: "`let workers = 1`",
    message: "'{name}' is already {what} here",
    hint: "give the local another name",
    program: "domain D {\n  state {\n    workers: int\n  }\n  transition t {\n    step {\n      let workers = 1\n      workers = workers\n    }\n  }\n}",
  },
  VED0118: {
    severity: "error",
    what: "an argument of an effect with outcome blocks that has the name of a field, param or let (its outcome blocks could not tell them apart)",
    example: "`effect boot(pending: int) { done { pending -= pending } }`",
    message: "argument '{name}' of effect '{effect}' has the name of a field, param or let, which its outcome blocks could not tell apart",
    hint: "rename the argument, e.g. '{name}_arg'",
    program: "domain D {\n  state {\n    pending: int\n  }\n  effect boot(pending: int) {\n    done {\n      pending -= pending\n    }\n  }\n}",
  },
  VED0119: {
    severity: "error",
    what: "an effect outcome (`done` or `failed`) declared twice",
    example: "`effect boot(n: int) { done { } done { } }`",
    ...duplicate,
    program: "domain D {\n  state {\n    x: int\n  }\n  effect boot(n: int) {\n    done {\n      x += n\n    }\n    done {\n      x -= n\n    }\n  }\n}",
  },

  VED0120: {
    severity: "error",
    what: "an import whose file cannot be read, or whose path is not a relative path to a `.ved` file",
    example: '`import { Zone } from "./shraed.ved"`',
    forms: {
      missing: { message: "cannot import from '{path}': there is no file {resolved}", hint: "{suggestion}" },
      unreadable: { message: "cannot import from '{path}': {resolved}: {reason}" },
      path: { message: "cannot import from '{path}': the path must start with ./ or ../ and end with .ved", hint: 'write it relative to this file, e.g. "./{example}"' },
    },
    program: 'import { Zone } from "./missing.ved"\ndomain D {\n  state {\n    zone: Zone\n  }\n}',
  },
  VED0121: {
    severity: "error",
    what: "an imported name the file does not declare as an enum (only enums are imported; an enum is imported from the file that declares it)",
    example: '`import { Zonne } from "./shared.ved"`',
    forms: {
      unknown: { message: "'{path}' declares no enum '{name}'", hint: "{suggestion}" },
      domain: { message: "'{name}' in '{path}' is a domain: only enums can be imported", hint: "a domain is compiled from its own file; import the enums it shares" },
      reexport: { message: "'{path}' imports '{name}' but does not declare it", hint: 'import it from "{origin}", where it is declared' },
    },
    program: 'import { Zonne } from "./shared.ved"\ndomain D {\n  state {\n    zone: Zonne\n  }\n}',
    files: { "shared.ved": "enum Zone { eu, us }" },
  },
  VED0122: {
    severity: "error",
    what: "files that import each other, directly or through others",
    example: "`a.ved` imports `b.ved`, which imports `a.ved`",
    message: "this import closes a cycle: {chain}",
    hint: "move the enums both files need into a third file that both import",
    program: 'import { Tier } from "./tiers.ved"\nenum Zone { eu, us }\ndomain D {\n  state {\n    zone: Zone\n    tier: Tier\n  }\n}',
    files: { "tiers.ved": 'import { Zone } from "./VED0122.ved"\nenum Tier { free, paid }' },
  },
  VED0123: {
    severity: "error",
    what: "an imported name that is imported twice, or that the file also declares",
    example: '`import { Zone } from "./shared.ved"` and `enum Zone { ... }`',
    forms: {
      twice: { message: "'{name}' is imported twice", hint: "remove the second" },
      local: { message: "'{name}' is imported, and this file declares {what} of that name too", hint: "rename one of them, or remove the import" },
    },
    program: 'import { Zone } from "./shared.ved"\nenum Zone { eu, us }\ndomain D {\n  state {\n    zone: Zone\n  }\n}',
    files: { "shared.ved": "enum Zone { eu, us }" },
  },
  VED0124: {
    severity: "error",
    what: "an import of a file that has errors of its own (they are reported in that file)",
    example: "`shared.ved` with a syntax error",
    message: "'{path}' has {count} {errors}; the first: {first}",
    hint: "fix {resolved} first",
    program: 'import { Zone } from "./broken.ved"\ndomain D {\n  state {\n    zone: Zone\n  }\n}',
    files: { "broken.ved": "enum Zone { eu, us,, }" },
  },
  // 02xx: types
  VED0125: {
    severity: "error",
    what: "a map, a per-key transition or a quantifier over something that is not an enum",
    example: "`replicas: map<int, int>`",
    forms: {
      map: { message: "a map's keys must be an enum's members, but '{type}' is not an enum", hint: "declare the keys, `enum Zone { a, b, c }`, and write `map<Zone, ...>`" },
      transition: { message: "key '{name}' of transition '{transition}' must be over an enum, but '{type}' is not one", hint: "a per-key transition is tried once per member of an enum: `transition {transition}({name}: Zone)`" },
      quantifier: { message: "`{op}` must range over an enum, but '{type}' is not one", hint: "write the enum whose members it reads: `{op} z in Zone: ...`" },
    },
    program: "domain D {\n  state {\n    replicas: map<int, int>\n  }\n}",
  },
  VED0126: {
    severity: "error",
    what: "a key (of a quantifier or a per-key transition) that reuses a name already in scope",
    example: "`all replicas in Zone: ...` in a domain with a field `replicas`",
    message: "'{name}' is already {what} here",
    hint: "give the key another name, e.g. `z`",
    program: "enum Zone { a, b }\ndomain D {\n  state {\n    replicas: map<Zone, int>\n  }\n  invariant all replicas in Zone: replicas[Zone.a] == 1\n}",
  },
  VED0127: {
    severity: "error",
    what: "quantifiers and per-key transitions nested so that their body would be written out more than 4,096 times",
    example: "three `all` nested over a 20-member enum",
    message: "this {what} reads its body {count} times, over the {max} vedc writes out",
    hint: "quantify over fewer members, or split the condition",
    program: "enum E { a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q }\ndomain D {\n  state {\n    x: int\n  }\n  invariant all u in E: all v in E: all w in E: u != v || v != w || x >= 0\n}",
  },
  VED0200: {
    severity: "error",
    what: "an operator applied to the wrong types",
    example: '`workers + ready`, `"a" + 1`',
    forms: {
      not: { message: "'!' needs a bool, but this is {type}" },
      negate: { message: "'-' needs a number, but this is {type}" },
      compare: { message: "'{op}' compares {left} with {right}", hint: "both sides must have the same type" },
      logical: { message: "'{op}' needs a bool on both sides, but this is {type}" },
      implication: { message: "'=>' needs a bool on both sides, but this is {type}", hint: "`=>` is implication (`a => b`: whenever a holds, b holds); to compare, write `>=`" },
      arithmetic: { message: "'{op}' needs a number on both sides, but this is {type}" },
      joinOrAdd: { message: "'{op}' needs a number on both sides, but this is {type}", hint: "`+` joins two strings, or adds two numbers" },
    },
    program: "domain D {\n  state {\n    workers: int\n    ready: bool\n  }\n  invariant workers + ready == 1\n}",
  },
  VED0201: {
    severity: "error",
    what: "a goal or invariant that is not a bool",
    example: "`goal workers + 5`",
    forms: condition,
    program: "domain D {\n  state {\n    workers: int\n  }\n  goal workers + 5\n  transition grow {\n    step {\n      workers += 1\n    }\n  }\n}",
  },
  VED0202: {
    severity: "error",
    what: "an if condition or `when` guard that is not a bool",
    example: "`if workers { }`",
    forms: condition,
    program: "domain D {\n  state {\n    workers: int\n  }\n  transition t when workers {\n    step {\n      workers += 1\n    }\n  }\n}",
  },
  VED0203: {
    severity: "error",
    what: "a value of the wrong type assigned to a field (a float never silently becomes an int)",
    example: "`workers = true`, `workers = 1.5`",
    forms: {
      assign: { message: "'{name}' is {expected}, but this value is {actual}", hint: "{hint}" },
      floatToInt: { message: "'{name}' is {expected}, but this value is {actual}", hint: "a float never silently becomes an int" },
      compound: { message: "'{name} {op}' needs {expected}, but this value is {actual}" },
    },
    program: "domain D {\n  state {\n    workers: int\n  }\n  transition t {\n    step {\n      workers = true\n    }\n  }\n}",
  },
  VED0204: {
    severity: "error",
    what: "`+=`, `-=` or `*=` on a field that is not a number (`+=` also appends to a string)",
    example: "`ready += 1`",
    forms: {
      string: { message: "'{op}' needs a number field, but '{name}' is {type}", hint: 'append a string: `name += "..."`' },
      other: { message: "'{op}' needs a number field, but '{name}' is {type}", hint: "write '{name} = ...' instead" },
    },
    program: "domain D {\n  state {\n    ready: bool\n  }\n  transition t {\n    step {\n      ready += 1\n    }\n  }\n}",
  },
  VED0205: {
    severity: "error",
    what: "a number literal outside its type's range",
    example: "`99999999999999999999`, `1e999`",
    forms: {
      int: { message: "{literal} is outside the range of an int", hint: "ints are safe integers, between -{max} and {max}" },
      float: { message: "{literal} is outside the range of a float" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  invariant x == 99999999999999999999\n}",
  },
  VED0206: {
    severity: "error",
    what: "an initial value or param default of the wrong type",
    example: "`ready: bool = 3`",
    message: "{what} is {expected}, but its initial value is {actual}",
    hint: "{hint}",
    program: "domain D {\n  state {\n    ready: bool = 3\n  }\n}",
  },
  VED0208: {
    severity: "error",
    what: "an argument of the wrong type",
    example: "`boot(true)` for `effect boot(count: int)`",
    forms: {
      effect: { message: "argument '{name}' of '{effect}' is {expected}, but this is {actual}" },
      builtin: { message: "{name} needs numbers, but this is {actual}", hint: "{hint}" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  effect boot(count: int)\n  transition t {\n    step {\n      boot(true)\n      x += 1\n    }\n  }\n}",
  },
  VED0209: {
    severity: "error",
    what: "a range whose low end is above its high end",
    example: "`workers: int in 10..0`",
    message: "the range {min}..{max} of '{name}' is empty: {min} is above {max}",
    hint: "write {max}..{min}",
    program: "domain D {\n  state {\n    workers: int in 10..0\n  }\n}",
  },
  VED0210: {
    severity: "error",
    what: "a range on a field that is neither an int nor a float, or a set of values on one that is not an int, float or string",
    example: "`ready: bool in 0..1`, `phase: Phase in {1}`",
    forms: {
      range: { message: "a range needs an int or float field, but '{name}' is {type}", hint: "{hint}" },
      set: { message: "a set of values needs an int, float or string field, but '{name}' is {type}", hint: "{type} field takes every value already: drop the set" },
    },
    program: "domain D {\n  state {\n    ready: bool in 0..1\n  }\n}",
  },
  VED0211: {
    severity: "error",
    what: "a field whose initial value, given or its type's zero, is outside its range or set of values",
    example: "`workers: int in 1..10` (starts at 0), `holder: string in {\"a\"}` (starts at `\"\"`)",
    forms: {
      given: { message: "'{name}' starts at {start}, outside {region}", hint: "give it an initial value inside: {name}: {type} {declared} = {first}" },
      default: { message: "'{name}' starts at {start}, the default of {described}, outside {region}", hint: "give it an initial value inside: {name}: {type} {declared} = {first}" },
    },
    program: "domain D {\n  state {\n    workers: int in 1..10\n  }\n}",
  },

  VED0212: {
    severity: "error",
    what: "a duration literal outside the range of a duration (a safe integer of milliseconds)",
    example: "`999999999999999999d`",
    message: "{literal} is outside the range of a duration",
    hint: "a duration is a safe integer of milliseconds, at most {max}ms (about 285,616 years)",
    program: "domain D {\n  state {\n    forever: duration = 999999999999999999d\n  }\n}",
  },
  VED0213: {
    severity: "error",
    what: "an operator or assignment that mixes times, durations and numbers in a way that has no meaning: only `time - time`, `time ± duration`, `duration ± duration`, `duration * int`, `duration / int`, and comparisons within one type",
    example: "`now + last_scaled`, `now - last_scaled >= 60`, `cooldown * 1.5`, `now % 2 == 0`",
    forms: {
      addTimes: { message: "'+' adds two times, which has no meaning", hint: "subtract them for the duration between (`a - b`), or add a duration to a time (`t + 30s`)" },
      subtractTime: { message: "'-' subtracts a time from a duration, which has no meaning", hint: "subtract the duration from the time instead: `t - d`" },
      timeOnly: { message: "'{op}' {verb} a time, which has no meaning", hint: TIME_ONLY },
      intNotDuration: { message: "'{op}' {verb} {left} and {right}", hint: INT_IS_NOT_A_DURATION },
      add: { message: "'+' adds {left} and {right}", hint: "add a duration to a time or to a duration" },
      subtract: { message: "'-' subtracts {left} and {right}", hint: "subtract a time or a duration from a time, or a duration from a duration" },
      multiply: { message: "'*' multiplies {left} and {right}", hint: "a duration is whole milliseconds: multiply it by an int, e.g. `cooldown * 2`" },
      divide: { message: "'/' divides {left} and {right}", hint: "divide a duration by an int, e.g. `cooldown / 2` (it truncates to whole milliseconds)" },
      remainder: { message: "'%' takes the remainder of {left} and {right}, which Ved does not define", hint: "only ints have a remainder" },
      compare: { message: "'{op}' compares {left} with {right}", hint: "compare a time with a time, a duration with a duration: `now - t >= 60s`" },
      compareInt: { message: "'{op}' compares {left} with {right}", hint: `compare like with like; ${INT_IS_NOT_A_DURATION}` },
      compoundTime: { message: "'{name} {op}' needs {expected}, but this value is {actual}", hint: "a time field takes `+=` and `-=` with a duration: `deadline += 30s`" },
      compoundDuration: { message: "'{name} {op}' needs {expected}, but this value is {actual}", hint: "a duration field takes `+=` and `-=` with a duration, `*=` with an int" },
      compoundNumber: { message: "'{name} {op}' needs {expected}, but this value is {actual}", hint: "a time or a duration is not a number" },
    },
    program: "domain D {\n  state {\n    last_scaled: time\n  }\n  invariant last_scaled > 60\n}",
  },
  VED0214: {
    severity: "error",
    what: "`now` read in a way from which the compiler cannot derive when the answer changes as time passes, so it could not know when to wake (`now % 2 == 0` and `now * 2` are VED0213)",
    example: "`(now - t) * 2 >= d`, `(now - a) + (now - b) < d`",
    forms: {
      multiply: { message: "this multiplies a duration that reads `now`, so the instant at which a comparison with it changes is not a sum the compiler can derive", hint: "scale the other side instead: `now - t >= d / 2` rather than `(now - t) * 2 >= d`" },
      divide: { message: "this divides a duration that reads `now`, so the instant at which a comparison with it changes is not a sum the compiler can derive", hint: "scale the other side instead: `now - t >= d * 2` rather than `(now - t) / 2 >= d`" },
      twice: { message: "`now` counts {count} times in this comparison, so it does not change its answer at one instant the compiler can derive", hint: "compare `now` once: `now - t >= d`, not `(now - a) + (now - b) >= d`" },
      opaque: { message: "the compiler cannot tell when this changes its answer as time passes", hint: "compare `now` with an instant or a duration: `now - t >= 60s`, `now < deadline`" },
    },
    program: "domain D {\n  state {\n    started: time\n    done: bool\n  }\n  goal done\n  transition finish when (now - started) * 2 >= 1m {\n    step {\n      done = true\n    }\n  }\n}",
  },
  VED0215: {
    severity: "error",
    what: "`now` read in an invariant, directly or through a let: an invariant must hold at every instant, and time passing could break it when nothing acts",
    example: "`invariant now - last_backup < 2d`",
    message: "invariant '{name}' reads `now`, so it could break by time passing alone, when nothing acts",
    hint: "an invariant must hold at every instant; say what must become true as a goal (`goal fresh: now - last_backup < 1d`), or a transition's `when` guard",
    program: "domain D {\n  state {\n    last_backup: time\n  }\n  invariant now - last_backup < 2d\n}",
  },
  VED0216: {
    severity: "error",
    what: "a step's `if` that reads `now` and a field the step assigned before it: the instant it changes at is not known before the step runs",
    example: "`last = now; if now - last >= 1s { ... }`",
    message: "this condition reads `now` and '{field}', which the step has assigned before it, so the instant it changes at is not known before the step runs",
    hint: "test the time before assigning, or move the test into the transition's `when` guard",
    program: "domain D {\n  state {\n    last: time\n    n: int\n  }\n  goal n == 1\n  transition t {\n    step {\n      last = now\n      if now - last >= 1s {\n        n = 1\n      }\n    }\n  }\n}",
  },

  VED0230: {
    severity: "error",
    what: "a range's step: missing on a float range, given on an int range, or not above 0",
    example: "`rate: float in 0.0..1.0`, `n: int in 0..9 by 3`, `rate: float in 0.0..1.0 by 0.0`",
    forms: {
      int: { message: "an int range takes every int between its ends: '{name}' needs no step", hint: "drop `by {step}`" },
      missing: { message: "the float range of '{name}' needs a step: the grain vedc verify explores it at", hint: "add one: {name}: float in {min}..{max} by {suggested}" },
      nonpositive: { message: "the step of a range must be above 0, but '{name}' steps by {step}", hint: "step up from the low end: by {suggested}" },
    },
    program: "domain D {\n  state {\n    rate: float in 0.0..1.0\n  }\n}",
  },
  VED0231: {
    severity: "error",
    what: "an empty set of values: the field could hold nothing",
    example: "`holder: string in {}`",
    message: "the set of values of '{name}' is empty: it could hold nothing",
    hint: "list the values it may hold: {name}: {type} in {{example}}",
    program: "domain D {\n  state {\n    holder: string in {}\n  }\n}",
  },
  VED0232: {
    severity: "error",
    what: "a value listed twice in a set of values",
    example: "`holder: string in {\"a\", \"a\"}`",
    message: "{value} is in the set of '{name}' twice",
    hint: "list each value once",
    program: "domain D {\n  state {\n    holder: string in {\"\", \"a\", \"a\"}\n  }\n}",
  },
  VED0233: {
    severity: "error",
    what: "a range's end or step, or a value in a set, that is not of the field's type",
    example: "`n: int in 0..1.5`, `holder: string in {\"\", 1}`",
    message: "'{name}' is {type}, but {what} is {actual}",
    hint: "{hint}",
    program: "domain D {\n  state {\n    holder: string in {\"\", 1}\n  }\n}",
  },
  VED0240: {
    severity: "error",
    what: "the two branches of `if c then a else b` have different types",
    example: '`if ready then 1 else "none"`',
    message: "the branches of this `if` are {left} and {right}",
    hint: "both branches must have one type (an int and a float make a float): the value is one or the other",
    program: "domain D {\n  state {\n    ready: bool\n    label: string\n  }\n  transition name {\n    step {\n      label = if ready then 1 else \"none\"\n    }\n  }\n}",
  },
  VED0241: {
    severity: "error",
    what: "a map read or assigned whole, or a key given to a field that is not a map",
    example: "`invariant replicas == 3`, `workers[Zone.a]`",
    forms: {
      whole: { message: "'{name}' is a map, read one key at a time", hint: "write `{name}[{key}]`, or fold it: `sum(z in {enum}: {name}[z])`, `all z in {enum}: {name}[z] == ...`" },
      assignWhole: { message: "'{name}' is a map, assigned one key at a time", hint: "write `{name}[{key}] = ...`; a per-key transition sets every key: `transition t(z: {enum}) ...`" },
      notMap: { message: "'{name}' is not a map, so it has no keys", hint: "declare it as one, `{name}: map<Zone, ...>`, or read it whole: `{name}`" },
    },
    program: "enum Zone { a, b }\ndomain D {\n  state {\n    replicas: map<Zone, int>\n  }\n  invariant replicas == 3\n}",
  },
  VED0242: {
    severity: "error",
    what: "a map's key of the wrong type",
    example: "`replicas[1]` for a `map<Zone, int>`",
    message: "'{name}' is keyed by {expected}, but this key is {actual}",
    hint: "{suggestion}",
    program: "enum Zone { a, b }\ndomain D {\n  state {\n    replicas: map<Zone, int>\n  }\n  invariant replicas[1] == 3\n}",
  },
  VED0243: {
    severity: "error",
    what: "the body of a quantifier or fold of the wrong type",
    example: "`all z in Zone: replicas[z]`, `sum(z in Zone: ready[z])`",
    forms: {
      bool: { message: "the body of `{op}` must be a bool, but this is {type}", hint: "compare it: `{op} z in Zone: replicas[z] >= 1`" },
      count: { message: "`count` counts the members whose body holds: it must be a bool, but this is {type}", hint: "compare it: `count(z in Zone: replicas[z] == 0)`; to add values up, use `sum`" },
      number: { message: "`{op}` needs a number (an int or a float) for each member, but this is {type}", hint: "{hint}" },
    },
    program: "enum Zone { a, b }\ndomain D {\n  state {\n    replicas: map<Zone, int>\n  }\n  invariant all z in Zone: replicas[z]\n}",
  },
  // 03xx: warnings
  VED0300: {
    severity: "warning",
    what: "a param, let or step local that is never read",
    example: "`param spare: int = 1`, unused",
    message: "{kind} '{name}' is never read",
    hint: "remove it, or use it",
    program: "domain D {\n  state {\n    x: int\n  }\n  param spare: int = 1\n  goal x == 1\n  transition t {\n    step {\n      x = 1\n    }\n  }\n}",
  },
  VED0301: {
    severity: "warning",
    what: "a transition that can never be valid: its guard is never true, or its step changes nothing",
    example: "`when x > 5 && x < 3`",
    forms: {
      guard: { message: "transition '{name}' can never be valid: its guard is never true" },
      step: { message: "transition '{name}' can never be valid: its step changes nothing", hint: "a transition is valid only when its step changes the state or calls an effect" },
    },
    program: "domain D {\n  state {\n    x: int\n  }\n  goal x == 1\n  transition t when x > 5 && x < 3 {\n    step {\n      x = 1\n    }\n  }\n}",
  },
  VED0302: {
    severity: "warning",
    what: "a domain with goals but no transitions",
    example: "a goal and nothing to reach it",
    message: "domain '{name}' has goals but no transitions, so it can never move toward them",
    hint: "add a transition that changes the state",
    program: "domain D {\n  state {\n    x: int\n  }\n  goal x == 1\n}",
  },
  VED0303: {
    severity: "warning",
    what: "a step that calls effects without outcome blocks and changes no state: it fires once for each state it finds, then the domain waits for an observation",
    example: '`step { alert("disk full") }`',
    message: "transition '{name}' only calls effects and changes no state: it fires once for each state it finds, and then the domain waits for an observation to change the state",
    hint: "record in the state that the effect was asked for (e.g. `alerted = true`), or give the effect a `done` block that changes the state",
    program: 'domain D {\n  state {\n    used: int\n  }\n  goal used < 90\n  effect alert(message: string)\n  transition warn when used >= 90 {\n    step {\n      alert("disk full")\n    }\n  }\n}',
  },
} as const satisfies Record<string, MessageEntry>;
