// vedc run: compiles a domain, runs it in this process, and tells its story
// tick by tick: the goals, the transition fired, the change of state, each
// observation as it is applied, and how it ended. Time is simulated: the
// clock starts at --now and moves only by --advance, waking the domain at
// each instant it waits for, so a story of cooldowns and deadlines is told
// without waiting for them.
import type { Instance, StateOf, ValuesOf } from "../../runtime/index.js";
import { manualClock } from "../../runtime/clock.js";
import { durationMs, durationText, parseTime, timeText } from "../../runtime/time-text.js";
import { showState, traceTo, typesOf } from "../../runtime/trace.js";
import { compileFile, importDomains } from "./compile-file.js";
import { mergeAssignments, parseAssignments, readTemporal, UserError, type Io } from "./io.js";

export interface RunOptions {
  domain?: string;
  param: string[];
  state: string[];
  observe: string[];
  /** The simulated clock's start, ISO 8601; default: the real time. */
  now?: string;
  /** Durations the clock moves on by, in order with the observations (see steps). */
  advance?: string[];
  /** --observe and --advance in the order given; without it, the observations alone. */
  steps?: { kind: "observe" | "advance"; text: string }[];
  maxTicks?: number;
  /** How every effect ends: "done" (its handler succeeds), "failed" (it fails for good), or "none" (no handler: effects are only told). */
  outcomes?: "done" | "failed" | "none";
}

export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  const given = options.steps ?? options.observe.map((text) => ({ kind: "observe" as const, text }));
  // Every flag is read before anything runs: a mistake in the last one is said before the first tick.
  const state0 = mergeAssignments("--state", options.state);
  const params0 = mergeAssignments("--param", options.param);
  const steps = given.map((s) => (s.kind === "observe" ? { kind: s.kind, text: s.text, patch: parseAssignments("--observe", s.text) } : { kind: s.kind, text: s.text, patch: {} }));
  const start = options.now === undefined ? Date.now() : parseTime(options.now);
  if (start === null) throw new UserError(`--now ${options.now}: expected an instant in ISO 8601, e.g. --now 2026-12-01T10:00:00Z`);
  for (const s of steps) if (s.kind === "advance" && !(durationMs(s.text)! > 0)) throw new UserError(`--advance ${s.text}: expected a duration greater than 0, e.g. --advance 30s, 5m or 1m30s`);
  const compiled = await compileFile(io, file, { emit: "bundle" });
  if (!compiled) return 1;
  const ir = compiled.result.ir!;
  const name = options.domain ?? ir.domains[0].name;
  if (!ir.domains.some((d) => d.name === name)) throw new UserError(`${file} has no domain '${name}' (it has ${ir.domains.map((d) => d.name).join(", ")})`);
  const maxTicks = options.maxTicks;

  const domain = (await importDomains(compiled))[name];
  // Times and durations may be given in Ved's words, now that the types are known.
  const types = typesOf(domain.meta);
  const state = readTemporal("--state", state0, types);
  const params = readTemporal("--param", params0, types);
  for (const s of steps) readTemporal("--observe", s.patch, types);
  const clock = manualClock(start);

  // With --outcomes, each effect ends at once as asked, so that its `done` or `failed` block can be seen running.
  const outcome = options.outcomes ?? "none";
  const handlers =
    outcome === "none"
      ? undefined
      : Object.fromEntries(
          domain.meta.effects.map((e) => [
            e.name,
            () => {
              if (outcome === "failed") throw Object.assign(new Error("failed, as --outcomes failed asks"), { nonRetryable: true });
            },
          ]),
        );
  let instance: Instance<StateOf>;
  try {
    instance = domain.create({ state, params: params as ValuesOf, clock, ...(maxTicks === undefined ? {} : { maxTicks }), ...(handlers ? { effects: handlers } : {}) });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const say = (line: string) => io.stdout.write(line + "\n");
  say(`${name} (${file})`);
  say(`  state  ${showState(instance.getState(), types)}`);
  if (domain.meta.params.length > 0) say(`  params ${showState(domain.params(), types)}${Object.keys(params).length ? ` (given: ${showState(params, types)})` : ""}`);
  for (const goal of domain.meta.goals) say(`  goal   ${goal.name ? `${goal.name}: ` : ""}${goal.text}`);

  traceTo(instance, domain.meta, say);

  // The clock is said only where it matters: a domain that reads no time tells the story it always told.
  const timedStory = domain.meta.readsNow === true || steps.some((s) => s.kind === "advance");
  say(timedStory ? `start at ${timeText(clock.now())}` : "start");
  await instance.start();
  let settled = await instance.settled();
  for (const s of steps) {
    if (s.kind === "advance") {
      const by = durationMs(s.text)!;
      const to = clock.now() + by;
      say(`advance ${durationText(by)}: ${timeText(clock.now())} → ${timeText(to)}`);
      // Each instant the domain waits for comes in turn, and the story of that wake is told before the clock moves on.
      for (let at = clock.next(); at !== null && at <= to; at = clock.next()) {
        say(`  wake at ${timeText(at)}`);
        clock.set(at);
        settled = await instance.settled();
      }
      clock.set(to);
      continue;
    }
    try {
      await instance.observe(s.patch);
    } catch (e) {
      await instance.stop();
      throw new UserError(`--observe: ${(e as Error).message}`);
    }
    settled = await instance.settled();
  }
  await instance.stop();
  const until = settled.until === undefined ? "" : ` until ${timeText(settled.until)}`;
  say(`final: ${settled.status}${until} after ${settled.ticks} tick${settled.ticks === 1 ? "" : "s"}, ${showState(settled.state, types)}`);
  // Waiting is not a failure: the story ended before the instant it waits for.
  return settled.status === "converged" || settled.status === "waiting" ? 0 : 1;
}

