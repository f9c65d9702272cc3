// Time in vedc verify: time fields are explored by how long ago they were,
// on the grain of the durations the domain writes, and time passes between
// ticks as the world's move when no transition is valid. A cooldown converges
// with the waits in its trace; a time guard that can never open is stuck
// forever; a goal that expires and is renewed verifies.
import { tempDir, test } from "./harness.js";
import * as assert from "uvu/assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { check } from "../lib/compiler/index.js";
import { verifyDomain } from "../lib/compiler/6-verify/verify.js";
import { formatVerification } from "../lib/compiler/6-verify/report.js";
import { cli, load } from "./helpers.js";

async function verify(source, options = {}) {
  const { ir, diagnostics } = check(source, { filename: "test.ved" });
  if (!ir) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  const module = await load(source, "test.ved");
  return ir.domains.map((d) => verifyDomain(ir, module[d.name], options));
}

const cooldown = `domain QueueWorkers {
  state {
    workers: int in 0..3
    wanted: int in 0..3
    last_up: time
  }
  param cooldown: duration = 1m
  goal sized: workers == wanted
  transition add_worker when workers < wanted && now - last_up >= cooldown {
    step { workers += 1; last_up = now }
  }
  transition remove_worker when workers > wanted {
    step { workers -= 1 }
  }
}
`;

test("a cooldown scaler converges, and its slowest trace shows the waits", async () => {
  const dir = tempDir("verify-time");
  const file = join(dir, "scaler.ved");
  writeFileSync(file, cooldown);
  const r = await cli(["verify", file]);
  assert.is(r.status, 0, r.stdout);
  assert.is(
    r.stdout,
    `QueueWorkers: verified — all 64 states converge within 3 ticks (worst: workers = 0, wanted = 3, last_up = long ago)
  region: workers in 0..3 (declared), wanted in 0..3 (declared), last_up by age (long ago, or now - 1m to now + 1m by 1m)
  params: cooldown = 1m

  the slowest, with the waits it takes; from workers = 0, wanted = 3, last_up = long ago:
    workers = 0, wanted = 3, last_up = long ago
    → add_worker → workers = 1, last_up = now
    … wait 1m
    → add_worker → workers = 2, last_up = now
    … wait 1m
    → add_worker → workers = 3, last_up = now
    ✓ converged after 3 ticks and 2m of waiting
`,
  );
  // The grain and horizon follow the params: a 90s cooldown is explored on its own grid.
  const [v] = await verify(cooldown, { params: { cooldown: 90_000 } });
  assert.ok(v.verified);
  assert.equal([v.region[2].ages.grain, v.region[2].ages.horizon], [90_000, 90_000]);
  // Starts are in the past: long ago, 1m30s ago, strictly between, and now.
  assert.is(v.states, 4 * 4 * 4);
});

test("a waiting state is not stuck: from inside the cooldown the path waits, then scales", async () => {
  const [v] = await verify(cooldown);
  // The start at an age strictly between 0 and the cooldown waits until the cooldown has passed.
  const { ir } = check(cooldown, { filename: "t.ved" });
  assert.is(ir.domains[0].clock.readsNow, true);
  assert.equal(v.counts, { converges: 64, oscillates: 0, stuck: 0, leaves: 0, error: 0, limit: 0 });
  const text = formatVerification(v);
  assert.not.match(text, "stuck");
});

test("a domain whose time guard can never open is stuck forever, with the trace", async () => {
  const gate = `domain Gate {
  state {
    open: bool
    opened_at: time
  }
  param bake: duration = 10m
  goal open
  transition open_gate when !open && now - opened_at < bake {
    step {
      open = true
    }
  }
}`;
  const [v] = await verify(gate);
  assert.not.ok(v.verified);
  // Long ago, and exactly 10m ago: the window has closed and time only makes it older.
  assert.equal(v.counts.stuck, 2);
  const [c] = v.counterexamples;
  assert.equal([c.kind, c.trace.start, c.trace.end], ["stuck", { open: false, opened_at: 0 }, { kind: "stuck", failing: ["open"], forever: true }]);
  assert.match(formatVerification(v), "    open = false, opened_at = long ago\n    ✗ stuck forever: open fails, and no transition is valid, now or after any wait\n");
});

const backup = (guard) => `domain Backup {
  state {
    last_backup: time
    runs: int in 0..2
  }
  goal fresh: now - last_backup < 1d
  transition back_up when now - last_backup >= 1d${guard} {
    step {
      last_backup = now
      runs = min(runs + 1, 2)
    }
  }
}`;

test("a goal that expires and is renewed (the daily backup) verifies", async () => {
  const [v] = await verify(backup(""));
  assert.ok(v.verified, formatVerification(v));
  assert.is(v.worst.ticks, 1);
});

test("a goal that expires and is not renewed fails: the trace waits a day, then is stuck forever", async () => {
  const [v] = await verify(backup(" && runs < 1"));
  assert.not.ok(v.verified);
  const text = formatVerification(v);
  assert.match(text, "    last_backup = long ago, runs = 0\n    → back_up → last_backup = now, runs = 1\n    … wait 1d\n    ✗ stuck forever: fresh fails, and no transition is valid, now or after any wait\n");
});

test("with effect outcomes, time passes too: a boot with a cooldown between retries converges", async () => {
  const source = `domain Pool {
  state {
    machines: int in 0..2
    owned booting: bool
    last_try: time
  }
  param retry_after: duration = 30s
  effect boot() {
    done { booting = false; machines += 1 }
    failed { booting = false }
  }
  goal machines == 2
  transition start when machines < 2 && !booting && now - last_try >= retry_after {
    step {
      booting = true
      last_try = now
      boot()
    }
  }
}`;
  const [v] = await verify(source);
  assert.ok(v.verified, formatVerification(v));
  const slowest = v.worst.trace;
  assert.ok(slowest.steps.some((s) => s.wait === 30_000), JSON.stringify(slowest.steps.map((s) => s.transition)));
  assert.ok(slowest.steps.some((s) => s.outcome), "an outcome on the slowest path");
});

test("a time field takes no --bound: it is explored by age", async () => {
  const dir = tempDir("verify-time-bound");
  const file = join(dir, "scaler.ved");
  writeFileSync(file, cooldown);
  const r = await cli(["verify", file, "--bound", "last_up=0..5"]);
  assert.equal([r.status, r.stdout], [1, ""]);
  assert.match(r.stderr, "QueueWorkers.last_up is a time: the verifier explores it by age");
});

test.run();
