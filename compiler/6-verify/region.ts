// The region a verification covers: for each field, the values it may take,
// and a mixed-radix numbering of every combination. State number 0 holds
// every field at its first value; the last field varies fastest, so states
// are numbered in the order nested loops over the fields would visit them.
//
// A map field (`replicas: map<Zone, int in 0..5>`) is one axis per key, in
// the enum's order, named `replicas[a]`, each with the map's values: in a
// state it is a plain object, `{ a: 0, b: 2, c: 1 }`, as the runtime holds it.
import * as ir from "../ir.js";
import type { StateOf, Value } from "../../runtime/api.js";
import { durationText, timeText } from "../../runtime/time-text.js";
import { VERIFY_NOW, type TimeScale } from "./time-scale.js";

/** What a user may bound a field to: an int range, or a list of values. */
export type Bound = { min: number; max: number } | { values: Value[] };

/** A map field's value in a state this module builds: each key of its enum, in order, with its value; written in place. */
type MapOf = Record<string, Value>;

/** Where an int field's range comes from when neither the source nor a --bound gives one. */
export const DEFAULT_INT_RANGE = { min: 0, max: 100 } as const;

/**
 * How a field's values were chosen: `declared` (`x: int in 0..10`, `r:
 * float in 0.0..1.0 by 0.1`, `s: string in {"a", "b"}`), `bound` (given by
 * the caller), `default` (an int with neither: DEFAULT_INT_RANGE, widened to
 * hold the initial value), `all` (every bool or enum value), `held` (a string
 * or float with neither, held at its initial value), `ages` (a time field, by
 * how long ago it was, on the domain's time scale: see time-scale.ts).
 */
export type AxisSource = "declared" | "bound" | "default" | "all" | "held" | "ages";

export interface Axis {
  /** The field; for a map field, with `key`, one key of it. */
  field: string;
  /** The map field's key this axis is, or null for a field holding one value. */
  key: string | null;
  /** How people and bounds name it: `workers`, `replicas[a]`. */
  name: string;
  type: ir.Type;
  source: AxisSource;
  /** How many values. */
  size: number;
  /** Set for a range of ints: every int from min to max. */
  min?: number;
  max?: number;
  /** Set otherwise: the values, in order. */
  values?: Value[];
  /**
   * An owned field: only the domain's own steps and outcomes set it, so a
   * run starts with it at its initial value, and its other values are only
   * reached (`start` is that value's position).
   */
  owned: { start: number } | null;
  /**
   * Only the first this many values may start a run: a time field starts in
   * the past (long ago, or an age from the horizon down to 0), and reaches a
   * future instant only by a step that stores one.
   */
  startDigits?: number;
  /** A time field's scale: its values are instants, `now - age`. */
  time?: TimeScale;
  /** A float grid from its low end by this step (see gridAxis): a value near a grid point is taken as that point. */
  grid?: { min: number; max: number; step: number };
  /** The value's position on this axis, or -1 when it lies outside. */
  index(value: Value): number;
  value(i: number): Value;
}

/** A mistake in what the caller asked for: an unknown field, a bound of the wrong type. */
export class VerifyError extends Error {}

/** The value of `axis` in `state`: its field's, or its key's in its map. */
export function valueAt(state: Readonly<StateOf>, axis: Axis): Value {
  return axis.key === null ? (state[axis.field] as Value) : (state[axis.field] as MapOf)[axis.key];
}

function setAt(state: StateOf, axis: Axis, v: Value): void {
  if (axis.key === null) state[axis.field] = v;
  else (state[axis.field] as MapOf)[axis.key] = v;
}

/**
 * The bounds checked against the domain's fields: `replicas` bounds every key
 * of a map, `replicas[a]` one key (and wins over `replicas`).
 */
function checkBoundNames(domain: ir.Domain, enums: ir.Enum[], bounds: Record<string, Bound>): void {
  for (const name of Object.keys(bounds)) {
    const m = /^([^[]*)\[(.*)\]$/.exec(name);
    const fieldName = m ? m[1] : name;
    const f = domain.fields.find((x) => x.name === fieldName);
    if (!f) throw new VerifyError(`${domain.name} has no field '${fieldName}' (fields: ${domain.fields.map((x) => x.name).join(", ") || "none"})`);
    if (!m) continue;
    if (!f.key) throw new VerifyError(`${domain.name}.${f.name} is not a map, so it has no key '${m[2]}': bound it as ${f.name}=...`);
    const keys = ir.membersOf(enums, f.key);
    if (!keys.includes(m[2])) throw new VerifyError(`${domain.name}.${f.name} has no key '${m[2]}': its keys are the members of ${f.key.name} (${keys.join(", ")})`);
  }
}

export class Region {
  readonly axes: Axis[];
  /** The number of states: the product of the axes' sizes (may exceed 2^53, then it is only approximate). */
  readonly size: number;
  private readonly strides: number[];
  /** Some axis is a float grid: a state reached must be read back from its number, its floats snapped to the grid. */
  readonly snaps: boolean;

  /** The map fields, each with its keys in order. */
  private readonly maps: { field: string; keys: string[] }[];

  constructor(domain: ir.Domain, enums: ir.Enum[], bounds: Record<string, Bound> = {}, time: TimeScale | null = null) {
    checkBoundNames(domain, enums, bounds);
    const given = (name: string) => (Object.hasOwn(bounds, name) ? bounds[name] : undefined);
    this.maps = domain.fields.filter((f) => f.key).map((f) => ({ field: f.name, keys: ir.membersOf(enums, f.key!) }));
    this.axes = domain.fields.flatMap((f) =>
      (f.key ? ir.membersOf(enums, f.key) : [null]).map((key) => {
        const name = key === null ? f.name : `${f.name}[${key}]`;
        const bound = given(name) ?? (key === null ? undefined : given(f.name));
        if (time && bound !== undefined && ir.isTemporal(f.type)) throw new VerifyError(`${domain.name}.${name} is ${ir.describeType(f.type)}: the verifier explores it by age, on the grain of the durations the domain writes, and takes no bound`);
        const axis = time && f.type.kind === "time" ? ageAxis(f, time) : time && f.type.kind === "duration" ? durationAxis(f, time) : axisOf(domain.name, name, f, enums, bound);
        return withOwnership(f, name, Object.assign(axis, { key, name }));
      }),
    );
    this.snaps = this.axes.some((a) => a.grid !== undefined || a.time !== undefined);
    this.strides = new Array(this.axes.length);
    let size = 1;
    for (let i = this.axes.length - 1; i >= 0; i--) {
      this.strides[i] = size;
      size *= this.axes[i].size;
    }
    this.size = size;
  }

  /** The state numbered `n`: a fresh object with every field, in declaration order, a map's keys in its enum's order. */
  decode(n: number): StateOf {
    const state: StateOf = {};
    for (const axis of this.axes) {
      if (axis.key === null) state[axis.field] = axis.value(0);
      else if (!Object.hasOwn(state, axis.field)) state[axis.field] = {};
    }
    this.decodeInto(n, state);
    return state;
  }

  /** Writes the fields of state `n` into `state`, which already has every field (a map's values into its own object). */
  decodeInto(n: number, state: StateOf): void {
    for (let i = 0; i < this.axes.length; i++) {
      const digit = Math.floor(n / this.strides[i]) % this.axes[i].size;
      setAt(state, this.axes[i], this.axes[i].value(digit));
    }
  }

  /** A copy of `state` that shares nothing with it: each map field's object copied too. */
  copy(state: Readonly<StateOf>): StateOf {
    const out = { ...state };
    for (const m of this.maps) out[m.field] = { ...(state[m.field] as MapOf) };
    return out;
  }

  /** What changed from `before` to `after`: each field with its new value; a map field with the keys that changed, and their new values. */
  changes(before: Readonly<StateOf>, after: Readonly<StateOf>): StateOf {
    const out: StateOf = {};
    for (const k of Object.keys(after)) if (after[k] !== before[k] && !this.maps.some((m) => m.field === k)) out[k] = after[k];
    for (const { field, keys } of this.maps) {
      const [was, now] = [before[field] as MapOf, after[field] as MapOf];
      const changed = keys.filter((key) => now[key] !== was[key]);
      if (changed.length > 0) out[field] = Object.fromEntries(changed.map((key) => [key, now[key]]));
    }
    // In the order the state has its fields.
    return Object.fromEntries(Object.keys(after).filter((k) => Object.hasOwn(out, k)).map((k) => [k, out[k]]));
  }

  /** The number of `state`, or -1 when some field holds a value outside the region. */
  encode(state: Readonly<StateOf>): number {
    let n = 0;
    for (let i = 0; i < this.axes.length; i++) {
      const axis = this.axes[i];
      const digit = axis.index(valueAt(state, axis));
      if (digit < 0) return -1;
      n += digit * this.strides[i];
    }
    return n;
  }

  /** Whether a run may start in state `n`: every owned field at its initial value, every time field in the past. */
  isStart(n: number): boolean {
    for (let i = 0; i < this.axes.length; i++) {
      const { owned, startDigits, size } = this.axes[i];
      const digit = Math.floor(n / this.strides[i]) % size;
      if (owned && digit !== owned.start) return false;
      if (startDigits !== undefined && digit >= startDigits) return false;
    }
    return true;
  }

  /** The number of states a run may start in. */
  get starts(): number {
    return this.axes.reduce((n, a) => n * (a.owned ? 1 : (a.startDigits ?? a.size)), 1);
  }

  /** `state` after `ms` milliseconds pass: each time field is that much older (the instant of every tick stays the same). */
  aged(state: Readonly<StateOf>, ms: number): StateOf {
    const next = this.copy(state);
    for (const a of this.axes) if (a.time && valueAt(next, a) !== 0) setAt(next, a, (valueAt(next, a) as number) - ms);
    return next;
  }

  /** The fields of `state` (a map's keys, as `replicas[a]`) whose values lie outside the region. */
  outside(state: Readonly<StateOf>): { field: string; value: Value; region: string }[] {
    return this.axes.filter((a) => a.index(valueAt(state, a)) < 0).map((a) => ({ field: a.name, value: valueAt(state, a), region: describeAxis(a) }));
  }
}

/** `0..100`, `false, true`, `"main"`: the values of an axis, for people. */
export function describeAxis(a: Axis): string {
  if (a.values === undefined) return `${a.min}..${a.max}`;
  if (a.time) return `now - (long ago, or an age in -${durationText(a.time.horizon)}..${durationText(a.time.horizon)} by ${durationText(a.time.grain)})`;
  if (a.grid) return `${showValue(a.type, a.grid.min)}..${showValue(a.type, a.grid.max)} by ${showValue(a.type, a.grid.step)}`;
  return a.values.map((v) => showValue(a.type, v)).join(", ");
}

/** A value as Ved writes it: a string quoted, a whole float with its `.0`, a duration as a literal, an enum member by its name. */
export function showValue(type: ir.Type, v: Value): string {
  return showAs(type.kind, v);
}

/**
 * The same, by the type's name as a report has it: `string`, `float`, `int`,
 * `time`, `duration`, an enum's name; or `age <grain>` for a time field
 * explored by age (`now - 1m`, `long ago`, `now - (0s, 1m)` for an age
 * strictly between two grid points).
 */
export function showAs(type: string, v: Value): string {
  if (type === "string") return JSON.stringify(v);
  if (type === "float" && Number.isInteger(v)) return (v as number).toFixed(1);
  if (type === "duration" && typeof v === "number") return durationText(v);
  if (type === "time" && typeof v === "number") return timeText(v);
  if (type.startsWith("age ") && typeof v === "number") return ageText(v, Number(type.slice(4)));
  return String(v);
}

/** How long ago instant `v` was, at the verifier's now, on grain `grain`. */
function ageText(v: number, grain: number): string {
  if (v === 0) return "long ago";
  const age = VERIFY_NOW - v;
  if (age === 0) return "now";
  if (age % grain === 0) return age > 0 ? `now - ${durationText(age)}` : `now + ${durationText(-age)}`;
  const low = age - 1;
  const high = low + grain;
  return high <= 0 ? `now + (${durationText(-high)}, ${durationText(-low)})` : `now - (${durationText(low)}, ${durationText(high)})`;
}

/** An axis's values; `name` is the field's, or one key's of a map field (`replicas[a]`), for messages. */
function axisOf(domain: string, name: string, f: ir.Field, enums: ir.Enum[], bound: Bound | undefined): Axis {
  const where = `${domain}.${name}`;
  const members = f.type.kind === "enum" ? ir.membersOf(enums, f.type) : null;
  if (bound !== undefined && "values" in bound) {
    if (bound.values.length === 0) throw new VerifyError(`${where}: a bound needs at least one value`);
    const values = bound.values.map((v) => checkValue(where, f, enums, members, v));
    return listAxis(f, "bound", [...new Set(values)]);
  }
  if (bound !== undefined) {
    if (f.type.kind !== "int" && f.type.kind !== "float") throw new VerifyError(`${where} is ${ir.describeType(f.type)}: bound it with a list of values, e.g. ${name}=${members ? members.join(",") : f.type.kind === "bool" ? "true,false" : '"a","b"'}`);
    if (f.values) throw new VerifyError(`${where} is declared in {${f.values.map((v) => showValue(f.type, v)).join(", ")}}: bound it with a list of those values`);
    if (bound.min > bound.max) throw new VerifyError(`${where}: the range ${bound.min}..${bound.max} is empty`);
    if (f.range && (bound.min < f.range.min || bound.max > f.range.max)) {
      throw new VerifyError(`${where} is declared in ${f.range.min}..${f.range.max}: a bound may narrow that range, not leave it`);
    }
    // A float declared with a step keeps its grain over the bound; one without takes the ints in it: a finite grid, stated in the report.
    if (f.range?.step !== undefined) return gridAxis(f, "bound", bound.min, bound.max, f.range.step);
    return rangeAxis(f, "bound", bound.min, bound.max);
  }
  if (f.values) return listAxis(f, "declared", f.values);
  if (f.type.kind === "float" && f.range?.step !== undefined) return gridAxis(f, "declared", f.range.min, f.range.max, f.range.step);
  if (f.type.kind === "int") {
    if (f.range) return rangeAxis(f, "declared", f.range.min, f.range.max);
    const initial = f.initial as number;
    return rangeAxis(f, "default", Math.min(DEFAULT_INT_RANGE.min, initial), Math.max(DEFAULT_INT_RANGE.max, initial));
  }
  if (f.type.kind === "bool") return listAxis(f, "all", [false, true]);
  if (members) return listAxis(f, "all", members);
  return listAxis(f, "held", [f.initial]);
}

/** Marks an owned field's axis with where a run starts on it; a region that leaves out its initial value cannot verify. */
function withOwnership(f: ir.Field, name: string, axis: Axis): Axis {
  if (!f.owned) return axis;
  const start = axis.index(f.initial);
  if (start < 0) throw new VerifyError(`${name} is owned and starts at ${String(f.initial)}, which its region (${describeAxis(axis)}) leaves out`);
  return { ...axis, owned: { start } };
}

function rangeAxis(f: ir.Field, source: AxisSource, min: number, max: number): Axis {
  return {
    field: f.name,
    key: null,
    name: f.name,
    type: f.type,
    source,
    size: max - min + 1,
    min,
    max,
    owned: null,
    index: (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v - min : -1),
    value: (i) => min + i,
  };
}

/**
 * A float's grid: `min`, `min + step`, ... up to `max`, and `max` itself when
 * the steps miss it, and the initial value when it lies between grid points.
 * A float a transition computes (0.1 + 0.2) rarely lands exactly on a grid
 * point: within a billionth of a step of one, it counts as that point.
 */
function gridAxis(f: ir.Field, source: AxisSource, min: number, max: number, step: number): Axis {
  const count = Math.floor((max - min) / step + 1e-9);
  const values: number[] = [];
  for (let k = 0; k <= count; k++) values.push(onGrid(min + k * step, step));
  if (max - values[values.length - 1] > step * 1e-9) values.push(max);
  const initial = f.initial as number;
  if (initial >= min && initial <= max && !values.some((v) => Math.abs(v - initial) <= step * 1e-9)) {
    values.push(initial);
    values.sort((a, b) => a - b);
  }
  const axis = listAxis(f, source, values);
  axis.grid = { min, max, step };
  const exact = axis.index;
  axis.index = (v) => {
    const i = exact(v);
    if (i >= 0 || typeof v !== "number") return i;
    const k = Math.round((v - min) / step);
    return Math.abs(min + k * step - v) <= step * 1e-9 ? exact(onGrid(min + k * step, step)) : -1;
  };
  return axis;
}

/**
 * A time field by age: long ago (the epoch, a time field's zero), then each
 * age from the horizon down to 0, on a grid point or strictly between two
 * (held as one millisecond past the point: every comparison with a duration
 * on the grid answers alike anywhere in between); then future instants, only
 * reached, down to the horizon ahead. An age beyond the horizon is long ago.
 */
function ageAxis(f: ir.Field, time: TimeScale): Axis {
  const { now, grain } = time;
  const k = Math.ceil(time.horizon / grain);
  const ages: number[] = [];
  for (let m = k; m >= 0; m--) {
    ages.push(m * grain);
    if (m > 0) ages.push((m - 1) * grain + 1);
  }
  const past = ages.length + 1;
  for (let m = -1; m >= -k; m--) ages.push(m * grain + 1, m * grain);
  const values: Value[] = [0, ...ages.map((age) => now - age)];
  const axis = listAxis(f, "ages", values);
  const exact = axis.index;
  axis.index = (v) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) return -1;
    const age = now - v;
    if (v === 0 || age > k * grain) return 0;
    const m = Math.floor(age / grain);
    return exact(now - (age === m * grain ? age : m * grain + 1));
  };
  return { ...axis, startDigits: past, time };
}

/** A duration field: every grid point from 0 to the horizon. */
function durationAxis(f: ir.Field, time: TimeScale): Axis {
  const values: Value[] = [];
  for (let m = 0; m * time.grain <= time.horizon; m++) values.push(m * time.grain);
  return listAxis(f, "ages", values);
}

/** `x` rounded to the decimals of `step` and a few more, so that 0.30000000000000004 is the 0.3 a person wrote. */
function onGrid(x: number, step: number): number {
  const decimals = Math.min(15, Math.max(0, 6 - Math.floor(Math.log10(step))));
  return Number(x.toFixed(decimals));
}

function listAxis(f: ir.Field, source: AxisSource, values: Value[]): Axis {
  const positions = new Map<Value, number>(values.map((v, i) => [v, i]));
  return {
    field: f.name,
    key: null,
    name: f.name,
    type: f.type,
    source,
    size: values.length,
    values,
    owned: null,
    // Object.is would tell -0 from 0; the runtime never stores -0, and Map keys treat them alike.
    index: (v) => positions.get(v) ?? -1,
    value: (i) => values[i],
  };
}

function checkValue(where: string, f: ir.Field, enums: ir.Enum[], members: string[] | null, v: Value): Value {
  if (f.values && ir.isValueOf(f.type, v, enums) && !f.values.includes(v)) throw new VerifyError(`${where} is declared in {${f.values.map((x) => showValue(f.type, x)).join(", ")}}, and ${showValue(f.type, v)} is not one of them`);
  if (ir.isValueOf(f.type, v, enums) && (!f.range || ((v as number) >= f.range.min && (v as number) <= f.range.max))) return v;
  if ((f.type.kind === "int" || f.type.kind === "float") && f.range && typeof v === "number") throw new VerifyError(`${where} is declared in ${f.range.min}..${f.range.max}, and ${String(v)} is outside it`);
  const expected = members ? `one of its members (${members.join(", ")})` : ir.describeType(f.type);
  throw new VerifyError(`${where} is ${ir.describeType(f.type)}, and ${JSON.stringify(v)} is not ${expected}`);
}


