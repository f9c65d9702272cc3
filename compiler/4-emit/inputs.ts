// What a domain takes from outside, checked by code unrolled over its known
// fields and params: a state to start from, an observation's patch, params.
// Each value of the caller's object is read exactly once, checked, and copied;
// an unknown name or a wrongly typed value rejects the whole input.
import * as ir from "../ir.js";
import { fn, type Fn } from "./functions.js";
import { ident, literal, string } from "./js.js";
import { domainPart, RUNTIME, STATE, typeNames } from "./names.js";

/** The test a value of type `t` passes, as an expression over `v` (or the name given). */
function test(t: ir.Type, program: ir.Program, v = "v"): string {
  switch (t.kind) {
    case "int":
    case "duration":
      return `Number.isSafeInteger(${v})`;
    case "time":
      return `${RUNTIME}.isTime(${v})`;
    case "float":
      return `Number.isFinite(${v})`;
    case "bool":
      return `typeof ${v} === "boolean"`;
    case "string":
      return `${RUNTIME}.isText(${v})`;
    case "enum":
      return isMember(t, program, v);
  }
}

/** Whether `v` names a member of enum `t`: a handful compare inline, more go through a Set. */
function isMember(t: ir.EnumType, program: ir.Program, v: string): string {
  const members = ir.membersOf(program.enums, t);
  return members.length <= 8 ? members.map((m) => `${v} === ${string(m)}`).join(" || ") : `${enumSet(t)}.has(${v} as string)`;
}

/**
 * The checks of a map field's value from outside: an object whose every own
 * key is a member of the map's enum, each value of the map's value type. The
 * keys it gives are set over `base` (the keys a state already holds, or none
 * for a patch), so that an observation may set some keys and leave the rest.
 */
function mapLines(program: ir.Program, domain: ir.Domain, f: ir.Field, what: string, set: (value: string) => string, base: string): string[] {
  const meta = domainPart(domain, "meta");
  const name = string(f.name);
  return [
    `if (!${RUNTIME}.isRecord(v)) throw ${RUNTIME}.invalid(${meta}, "fields", ${what}, key, v);`,
    `const m: Record<string, ${RUNTIME}.Value> = ${base};`,
    "for (const k in v) {",
    `if (!Object.prototype.hasOwnProperty.call(v, k)) continue;`,
    "const x = (v as Record<string, unknown>)[k];",
    `if (!(${isMember(f.key!, program, "k")})) throw ${RUNTIME}.invalidKey(${meta}, ${what}, ${name}, k, x);`,
    `if (!(${test(f.type, program, "x")})) throw ${RUNTIME}.invalidKey(${meta}, ${what}, ${name}, k, x);`,
    "m[k] = x;",
    "}",
    `${set("m as never")};`,
  ];
}

/** The module-level Set of an enum's members, for enums too large to compare inline. */
export function enumSet(t: ir.EnumType): string {
  return `$enum$${ident(t.name)}`;
}

/** Enums whose members are checked through a Set: `const $enum$Phase = new Set([...])`. */
export function enumSets(program: ir.Program): string[] {
  return program.enums.filter((e) => e.members.length > 8).map((e) => `const ${enumSet(ir.enumType(e.name) as ir.EnumType)} = new Set(${literal(e.members)});`);
}

/**
 * The checks of an outside object's values, unrolled over the declared
 * fields (or params): each value given is read once, tested, and handed to
 * `set` (`into.workers = v`, or a local in the reconcile over locals); an
 * unknown name or a wrongly typed value throws. `what` and `observed` are
 * expressions in scope where the lines go, `input` the name of the (unknown) object read; `observed` null reads a state, where owned fields may be given.
 */
export function readLines(program: ir.Program, domain: ir.Domain, kind: "fields" | "params", set: (name: string, value: string) => string, what = "what", observed: string | null = "observed", input = "input", mapBase: (field: string) => string = () => "{}"): string[] {
  const names = typeNames(domain);
  const meta = domainPart(domain, "meta");
  const declaredList = kind === "fields" ? domain.fields : domain.params;
  const type = kind === "fields" ? names.state : names.params;
  const cases = declaredList.flatMap((v) => [
    `case ${string(v.name)}:`,
    ...("owned" in v && v.owned && observed !== null ? [`if (${observed}) throw ${RUNTIME}.ownedField(${meta}, ${what}, key);`] : []),
    ...("key" in v && v.key
      ? ["{", ...mapLines(program, domain, v, what, (value) => set(v.name, value), mapBase(v.name)), "}"]
      : [`if (!(${test(v.type, program)})) throw ${RUNTIME}.invalid(${meta}, ${string(kind)}, ${what}, key, v);`, `${set(v.name, `v as ${type}[${string(v.name)}]`)};`]),
    "break;",
  ]);
  return [
    `if (!${RUNTIME}.isRecord(${input})) throw ${RUNTIME}.notAnObject(${meta}, ${what}, ${input});`,
    `for (const key in ${input}) {`,
    // V8 turns hasOwnProperty.call in a for-in into a check of the object's map when it can see the
    // callee is that builtin: read off Object.prototype here, not from a variable (a bundle's module-level
    // `var` is opaque to it, and the check a call); Object.hasOwn it does not reduce at all.
    `if (!Object.prototype.hasOwnProperty.call(${input}, key)) continue;`,
    `const v = ${input}[key];`,
    "switch (key) {",
    ...cases,
    "default:",
    `throw ${RUNTIME}.invalid(${meta}, ${string(kind)}, ${what}, key, v);`,
    "}",
    "}",
  ];
}

/**
 * `X$readState(input, into, what)`: sets each field `input` gives on `into`,
 * after checking it. `kind` is "fields" for a state or patch, "params" for params.
 */
function reader(program: ir.Program, domain: ir.Domain, kind: "fields" | "params"): Fn {
  const names = typeNames(domain);
  const type = kind === "fields" ? names.state : names.params;
  return fn(
    domainPart(domain, kind === "fields" ? "readState" : "readParams"),
    `checks the ${kind === "fields" ? "fields" : "params"} an outside object gives, and sets them on \`into\`${kind === "fields" ? "; an observation may not set an owned field" : ""}`,
    [
      ["input", "unknown"],
      ["into", `Partial<${type}>`],
      ["what", "string"],
      ...(kind === "fields" ? ([["observed", "boolean"]] as [string, string][]) : []),
    ],
    `Partial<${type}>`,
    // A map's keys given are set over those `into` holds: all of them in a state, none in a patch.
    [...readLines(program, domain, kind, (name, value) => `into.${ident(name)} = ${value}`, "what", "observed", "input", (name) => `{ ...into.${ident(name)} }`), "return into;"],
  );
}

/** The functions building a domain's state and params from outside values, and copying its state. */
export function inputFunctions(program: ir.Program, domain: ir.Domain): { functions: Fn[]; defaults: string } {
  const names = typeNames(domain);
  const part = (p: string) => domainPart(domain, p);
  const object = (entries: [string, string][]) => `{ ${entries.map(([k, v]) => `${ident(k)}: ${v}`).join(", ")} }`;
  const initial = object(domain.fields.map((f) => [f.name, f.key ? literal(Object.fromEntries(ir.membersOf(program.enums, f.key).map((m) => [m, f.initial]))) : literal(f.initial)]));
  const functions: Fn[] = [
    fn(part("initial"), `the declared initial state of ${domain.name}, a fresh object`, [], names.state, [`return ${initial};`]),
    fn(part("copy"), "a fresh copy of a state", [[STATE, `Readonly<${names.state}>`]], names.state, [`return ${object(domain.fields.map((f) => [f.name, f.key ? `{ ...${STATE}.${ident(f.name)} }` : `${STATE}.${ident(f.name)}`]))};`]),
    reader(program, domain, "fields"),
    reader(program, domain, "params"),
    fn(part("state"), "a state from outside: the initial values, with each field given checked and set", [["input", "unknown"], ["what", "string"]], names.state, [
      `const s = ${part("initial")}();`,
      `return input === undefined ? s : (${part("readState")}(input, s, what, false) as ${names.state});`,
    ]),
    fn(part("patch"), "an observation's patch from outside: each field it sets, checked, in a copy of its own", [["input", "unknown"], ["what", "string"]], `Partial<${names.state}>`, [`return ${part("readState")}(input, {}, what, true);`]),
    fn(part("params"), "params from outside: the defaults with each param given checked and set, frozen; the shared defaults when none are given", [["input", "unknown"]], `Readonly<${names.params}>`, [
      `if (input === undefined) return ${part("defaults")};`,
      `return Object.freeze(${part("readParams")}(input, { ...${part("defaults")} }, "params") as ${names.params});`,
    ]),
  ];
  const defaults = `const ${part("defaults")}: Readonly<${names.params}> = Object.freeze(${object(domain.params.map((p) => [p.name, literal(p.default)]))});`;
  return { functions, defaults };
}
