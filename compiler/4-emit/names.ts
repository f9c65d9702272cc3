// Every identifier the generated code declares, in one place.
//
// A Ved name matches [A-Za-z_][A-Za-z0-9_]*: it never contains `$`. Every
// module-level name the emitter invents does, and the text before its first
// `$` says what it is, so no two kinds of name can meet and no Ved name, nor
// anything the runtime exports, can be one of them:
//
//   $rt              the runtime, imported as a namespace
//   d$Pool           domain Pool
//   let$Pool$want    let `want` of domain Pool
//   l$spare          a step's local `spare`
//
// Inside the generated functions the parameters are `s`, `p`, `fx`, `a` and
// `b`; no Ved name is ever a bare identifier there (fields and params are
// read as `s.name`, `p.name`), so these cannot meet one either. The names a
// module exports are the user's own (each domain, and the three interfaces
// typing it) beside `default`, `fileStore` and `memoryStore`, which the
// binder refuses as domain names.
import type * as ir from "../ir.js";

export const RUNTIME = "$rt";
export const STATE = "s";
export const PARAMS = "p";
export const EFFECTS = "fx";

const VED_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A Ved name, checked before it is written as an identifier or a property
 * name: the lexer only makes such names, so this never fails on a compiled
 * program, and an IR built some other way cannot smuggle code in a name.
 */
export function vedName(name: string): string {
  if (!VED_NAME.test(name)) throw new Error(`internal error: ${JSON.stringify(name)} is not a Ved name`);
  return name;
}

/** The module-level binding of a domain. */
export function domainBinding(domain: ir.Domain): string {
  return `d$${vedName(domain.name)}`;
}

/** The module-level function computing a domain's `let`. */
export function letFunction(domain: string, name: string): string {
  return `let$${vedName(domain)}$${vedName(name)}`;
}

/** A step's `let`, a constant of the step function. */
export function localName(name: string): string {
  return `l$${vedName(name)}`;
}

/** The names of the exported interfaces typing a domain's state, params and effects. */
export function typeNames(domain: ir.Domain): { state: string; params: string; effects: string } {
  const name = vedName(domain.name);
  return { state: `${name}State`, params: `${name}Params`, effects: `${name}Effects` };
}
