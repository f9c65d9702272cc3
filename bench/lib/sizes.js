// Ved sources of a given size, for the compile suite's size scaling and the
// tests of large inputs: each grows in one dimension only, so that doubling
// `n` doubles the work a linear compiler does.

/** One transition whose step is `n` statements, `x += 1` each: 77,000 make a megabyte. */
export function step(n) {
  return `domain Big {\n  state {\n    x: int\n  }\n  goal x >= 1\n  transition t when x == 0 {\n    step {\n${"      x += 1\n".repeat(n)}    }\n  }\n}\n`;
}

/** An enum of `n` members, and a domain stepping to the last. */
export function enumOf(n) {
  const members = Array.from({ length: n }, (_, i) => `m${i}`).join(", ");
  return `enum E { ${members} }\ndomain D {\n  state {\n    e: E = E.m0\n  }\n  goal e == E.m${n - 1}\n  transition t {\n    step {\n      e = E.m${n - 1}\n    }\n  }\n}\n`;
}

/** `n` domains of a field, a param, a let, a goal and two transitions each: 16,000 make 5 MB. */
export function domains(n) {
  let source = "";
  for (let i = 0; i < n; i++) {
    source += `domain D${i} {\n  state {\n    workers: int in 0..100 = 0\n    name: string = "pool ${i}"\n  }\n  param target: int = 5\n  let want = target * 2\n  goal workers == want\n  transition up when workers < want {\n    step {\n      workers += 1\n    }\n  }\n  transition down when workers > want {\n    step {\n      workers -= 1\n    }\n  }\n}\n`;
  }
  return source;
}

/** A step holding one `if` with `n` `else if`s, all on line 8. */
export function elseIfChain(n) {
  let chain = "if x < 0 { x = 0 }";
  for (let i = 0; i < n; i++) chain += ` else if x < ${i} { x = ${i} }`;
  return `domain Big {\n  state {\n    x: int\n  }\n  goal x >= 0\n  transition t {\n    step {\n      ${chain}\n    }\n  }\n}\n`;
}
