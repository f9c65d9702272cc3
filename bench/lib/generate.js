// A large Ved file for the compile benchmark: copies of one realistic domain
// (an enum, state, params, lets, effects, invariants, goals, guarded
// transitions with locals and branches), each under its own names, until the
// file has the lines asked for.
//
// The template uses no binary `-` and no prefix `!`: the parser's depth check
// (compiler/1-syntax/parse.ts, findTooDeep) counts every one of them as a
// nesting level it never leaves, so a file with more than 256 of them is
// refused with VED0007.

/** The template's lines, with `$` where each copy's number goes. */
const TEMPLATE = `// Tank $: fills or drains towards a target level, within a limit.
enum Mode$ { idle, filling, draining }

domain Tank$ {
  state {
    level: int            // litres in the tank
    inflow: int           // litres per tick the valve lets in
    outflow: int = 1      // litres per tick the drain lets out
    mode: Mode$
    alarm: bool
    note: string = "ok"
  }

  param target: int = 50
  param step_size: int = 5
  param limit: int = 100
  param ratio: float = 0.5

  let high = level > target + step_size
  let low = level + step_size < target
  let room = clamp(limit + outflow, 0, limit)

  effect open_valve(amount: int)
  effect close_valve(amount: int)
  effect raise_alarm(reason: string)

  invariant bounded: level >= 0 && level <= limit
  invariant flows: inflow >= 0 && outflow >= 0

  goal near: level >= target && level <= target + step_size
  goal calm: mode == Mode$.idle || alarm

  transition fill when low && level < room {
    step {
      let amount = min(step_size, max(inflow, 1))
      open_valve(amount)
      level += amount
      mode = Mode$.filling
    }
  }

  transition drain when high {
    step {
      let amount = min(step_size, level)
      close_valve(amount)
      level -= amount
      if level * ratio > limit * ratio {
        alarm = true
        raise_alarm("over " + note)
      } else if level % 2 == 0 {
        note = "even"
      } else {
        note = "odd"
      }
      mode = Mode$.draining
    }
  }

  transition rest when level >= target && level <= target + step_size {
    step {
      mode = Mode$.idle
      inflow = abs(inflow) / 2
    }
  }
}
`;

/** Ved source of at least `lines` lines, made of whole copies of the template. */
export function generate(lines) {
  const copies = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const copy = TEMPLATE.replaceAll("$", String(i));
    copies.push(copy);
    count += copy.split("\n").length - 1;
  }
  return copies.join("");
}
