// Verification: how many states a second `vedc verify` explores, on two int
// fields over 0..999 (a million states, each classified by following the
// domain's own ticks), against the floor — the same exploration written by
// hand over plain numbers, with the domain's logic inlined and nothing else.
import { verifyDomain } from "../../lib/compiler/6-verify/verify.js";
import { check } from "../../lib/compiler/index.js";
import { alternate } from "../lib/alternate.js";
import { count, plural, rate, spread, times } from "../lib/format.js";
import { goal } from "../lib/goal.js";
import { loadDomain } from "../lib/seed.js";
import { summarize } from "../lib/stats.js";
import { table } from "../lib/table.js";

export const TWO_FIELDS = `domain Follow {
  state {
    a: int in 0..999
    b: int in 0..999
  }
  goal a == b
  transition up when a < b { step { a += 1 } }
  transition down when a > b { step { a -= 1 } }
}
`;

/** The floor: every state's path followed to a verdict, memoised, over plain numbers. */
function handExplore(size) {
  const n = size * size;
  const verdict = new Uint8Array(n);
  const path = new Int32Array(size + 1);
  for (let start = 0; start < n; start++) {
    if (verdict[start] !== 0) continue;
    let a = Math.floor(start / size);
    const b = start % size;
    let length = 0;
    for (;;) {
      const s = a * size + b;
      if (verdict[s] !== 0) break;
      path[length++] = s;
      verdict[s] = 1;
      if (a === b) break;
      a += a < b ? 1 : -1;
    }
    for (let i = 0; i < length; i++) verdict[path[i]] = 2;
  }
  return n;
}

export async function verifySuite({ config, progress }) {
  const { rounds, size } = config.verify;
  const source = TWO_FIELDS.replaceAll("999", String(size - 1));
  const { ir } = check(source, { filename: "follow.ved" });
  const loaded = await loadDomain(source, "follow.ved");
  try {
    const domain = loaded.module.Follow;
    const ved = () => {
      const v = verifyDomain(ir, domain);
      if (!v.verified || v.states !== size * size) throw new Error("the verifier did not verify the region");
      return v.states / v.seconds;
    };
    const hand = () => {
      const started = performance.now();
      const states = handExplore(size);
      return states / ((performance.now() - started) / 1000);
    };
    ved();
    hand();
    const samples = await alternate({ ved: async () => ved(), hand: async () => hand() }, rounds, (r) => progress(`verify: round ${r + 1} of ${rounds}`));
    const v = summarize(samples.ved);
    const h = summarize(samples.hand);
    const cost = summarize(samples.ved.map((x, r) => samples.hand[r] / x));
    const states = size * size;
    const title = `Verification: two int fields over 0..${count(size - 1)} (${count(states)} states), explored in-process; ${plural(rounds, "alternating round")}`;
    const rows = [
      ["`verifyDomain` (as `vedc verify` runs it, compile excluded)", rate(v.median), spread(v), times(cost.median)],
      ["the same exploration by hand, plain numbers", rate(h.median), spread(h), times(1)],
    ];
    return {
      text: `${title}\n\n${table(["side", "states/s", "spread", "time vs hand"], rows)}`,
      data: { size, states, rounds, ved: v, hand: h, costVsHand: cost },
      goals: [goal("`vedc verify` ≥ 5 M states/s on two int fields over 0..999", rate(v.median), v.median >= 5e6, v.median)],
    };
  } finally {
    await loaded.dispose();
  }
}
