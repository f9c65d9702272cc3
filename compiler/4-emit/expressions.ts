// IR expressions and statements as TypeScript source. Operands are always
// parenthesised (the IR tree fixes the grouping; prettier, or esbuild for a
// bundle, drops the excess). Every string comes from js.ts, every name from
// names.ts: nothing from the .ved file is pasted in as it is.
import * as ir from "../ir.js";
import { letsReadingNow } from "../ir-walk.js";
import { ident, number, string } from "./js.js";
import { ARGS, declared, EFFECTS, localName, NOW, PARAMS, RUNTIME, STATE } from "./names.js";
import { markerLine } from "./sourcemap.js";

/** Operators that are the same in JavaScript (`==` compares like `===`: Ved values of one type). */
const SAME: Partial<Record<ir.BinaryOp, string>> = {
  "||": "||",
  "&&": "&&",
  "==": "===",
  "!=": "!==",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

const COMPOUND: Record<Exclude<ir.Assign["op"], "=">, "+" | "-" | "*"> = { "+=": "+", "-=": "-", "*=": "*" };

/**
 * Where a builder reads and writes the domain's fields. By default they are
 * the properties of the state `s` (a draft in a step) and a let is a call of
 * its function; the reconcile loop (loop.ts) keeps fields in locals, and
 * there a let is its expression written out over them.
 */
export interface FieldView {
  /** A field, or with `key` one key of a map field (the loop over locals holds each key in a local of its own). */
  read(field: string, key?: string): string;
  write(field: string, key?: string): string;
}

export class CodeBuilder {
  /** Each effect's argument names, which key the `args` object of a call. */
  private readonly effectParams: Map<string, string[]>;
  /** The lets whose functions take `now`. */
  readonly timedLets: Set<string>;

  constructor(
    /** The .ved file, prefix of every run-time error site. */
    private readonly file: string,
    private readonly domain: ir.Domain,
    /** The program's enums: a map's keys, for a view that holds them apart. */
    private readonly enums: readonly ir.Enum[] = [],
    private readonly view: FieldView | null = null,
  ) {
    this.effectParams = new Map(domain.effects.map((e) => [e.name, e.params.map((p) => p.name)]));
    this.timedLets = letsReadingNow(domain.lets);
  }

  /** The same builder with fields read and written where `view` says, and lets written out. */
  over(view: FieldView): CodeBuilder {
    return new CodeBuilder(this.file, this.domain, this.enums, view);
  }

  /** Where a run-time error happened, as the string its message names: `pool.ved:9:7`. */
  private site(span: ir.Span): string {
    return string(`${this.file}:${span.line}:${span.col}`);
  }

  expr(e: ir.Expr): string {
    switch (e.kind) {
      case "const":
        return typeof e.value === "number" ? number(e.value) : typeof e.value === "string" ? string(e.value) : String(e.value);
      case "field":
        return this.view ? this.view.read(e.name) : `${STATE}.${ident(e.name)}`;
      case "index": {
        const view = this.view;
        if (!view) return `${STATE}.${ident(e.field)}[${this.expr(e.key)}]`;
        if (e.key.kind === "const") return view.read(e.field, e.key.value as string);
        // A key known only at run time picks among the keys' locals.
        const key = this.expr(e.key);
        const members = this.keysOf(e.field);
        return `(${members.slice(0, -1).map((m) => `(${key}) === ${string(m)} ? ${view.read(e.field, m)} : `).join("")}${view.read(e.field, members[members.length - 1])})`;
      }
      case "param":
        return `${PARAMS}.${ident(e.name)}`;
      case "let":
        if (this.view) return `(${this.expr(this.domain.lets.find((l) => l.name === e.name)!.expr)})`;
        return `${declared(this.domain.name, "let", e.name)}(${STATE}, ${PARAMS}${this.timedLets.has(e.name) ? `, ${NOW}` : ""})`;
      case "now":
        return NOW;
      case "local":
        return localName(e.name);
      case "arg":
        return `${ARGS}.${ident(e.name)}`;
      case "call": {
        const args = e.args.map((a) => this.expr(a));
        if (e.fn === "clamp") return `${RUNTIME}.clamp(${args.join(", ")}, ${this.site(e.span)})`;
        return `Math.${e.fn}(${args.join(", ")})`;
      }
      case "unary":
        return `${e.op}(${this.expr(e.operand)})`;
      case "binary":
        return this.binary(e.op, e.type, this.expr(e.left), this.expr(e.right), e.span);
      case "cond":
        return `(${this.expr(e.cond)}) ? (${this.expr(e.then)}) : (${this.expr(e.else)})`;
      case "interpolate":
        // A leading "" makes the first `+` join text whatever the parts are.
        return [...(e.parts[0]?.kind === "const" && e.parts[0].type.kind === "string" ? [] : [string("")]), ...e.parts.map((x) => this.text(x))].join(" + ");
    }
  }

  /** The members keying map field `field`, in order. */
  private keysOf(field: string): string[] {
    return ir.membersOf(this.enums, this.domain.fields.find((f) => f.name === field)!.key!);
  }

  /** A part of an interpolation as text, in Ved's words (ir.Interpolate; runtime/time-text.ts). */
  private text(e: ir.Expr): string {
    const value = this.expr(e);
    switch (e.type.kind) {
      case "string":
      case "enum":
        return `(${value})`;
      case "int":
      case "float":
      case "bool":
        return `String(${value})`;
      case "time":
        return `${RUNTIME}.timeText(${value})`;
      case "duration":
        return `${RUNTIME}.durationText(${value})`;
    }
  }

  /** Arithmetic goes through the runtime's checks: an int stays a safe integer, a float stays finite. */
  private binary(op: ir.BinaryOp, type: ir.Type, left: string, right: string, span: ir.Span): string {
    // A time or a duration is integer milliseconds: its arithmetic is int arithmetic.
    const integral = ir.isIntegral(type);
    if (op === "/" || op === "%") {
      const fn = integral ? (op === "/" ? "div" : "mod") : op === "/" ? "fdiv" : "fmod";
      return `${RUNTIME}.${fn}(${left}, ${right}, ${this.site(span)})`;
    }
    // `a => b`: b is read only when a holds, as `||` reads its right side only when needed.
    if (op === "=>") return `!(${left}) || (${right})`;
    const same = SAME[op];
    if (same) return `(${left}) ${same} (${right})`;
    const plain = `(${left}) ${op} (${right})`;
    return integral || type.kind === "float" ? `${RUNTIME}.${integral ? "int" : "float"}(${plain}, ${this.site(span)})` : plain;
  }

  /** Statements, each on lines of its own, each preceded by the marker of its Ved location. */
  stmts(list: readonly ir.Stmt[]): string[] {
    // Written over a view (the reconcile over locals), a step is not mapped: its own function is.
    return list.flatMap((s) => (this.view ? this.stmt(s) : [markerLine(s.span), ...this.stmt(s)]));
  }

  private stmt(s: ir.Stmt): string[] {
    switch (s.kind) {
      case "assign": {
        const view = this.view;
        if (view && s.key && s.key.kind !== "const") {
          // A key known only at run time: one case per key, each writing that key's local.
          const key = this.expr(s.key);
          return [`switch (${key}) {`, ...this.keysOf(s.field).flatMap((m) => [`case ${string(m)}:`, ...this.assignTo(s, view.write(s.field, m)), "break;"]), "}"];
        }
        const target = view ? view.write(s.field, s.key ? (s.key as ir.Const).value as string : undefined) : s.key ? `${STATE}.${ident(s.field)}[${this.expr(s.key)}]` : `${STATE}.${ident(s.field)}`;
        return this.assignTo(s, target);
      }
      case "if":
        return this.ifChain(s);
      case "let":
        return [`const ${localName(s.name)} = ${this.expr(s.value)};`];
      case "effect": {
        const names = this.effectParams.get(s.name)!;
        const args = s.args.map((a, i) => `${string(names[i])}: ${this.expr(a)}`).join(", ");
        return [`${EFFECTS}.push({ name: ${string(s.name)}, args: { ${args} } });`];
      }
    }
  }

  /** An assignment's value stored in `target`, its arithmetic checked. */
  private assignTo(s: ir.Assign, target: string): string[] {
    if (s.op === "=") return [`${target} = ${this.expr(s.value)};`];
    if (s.type.kind === "string") return [`${target} += ${this.expr(s.value)};`];
    return [`${target} = ${this.binary(COMPOUND[s.op], s.type, target, this.expr(s.value), s.span)};`];
  }

  /** `if / else if / else`, flat: an else holding one if is written `else if`. */
  private ifChain(s: ir.If): string[] {
    const lines = [`if (${this.expr(s.cond)}) {`, ...this.stmts(s.then)];
    let rest = s.else;
    while (rest.length === 1 && rest[0].kind === "if") {
      const next = rest[0];
      lines.push(`} else if (${this.expr(next.cond)}) {`, ...this.stmts(next.then));
      rest = next.else;
    }
    if (rest.length > 0) lines.push("} else {", ...this.stmts(rest));
    lines.push("}");
    return lines;
  }
}
