// vedc run: compiles a domain, runs it in this process, and tells its story
// tick by tick: the goals, the transition fired, the change of state, each
// observation as it is applied, and how it ended.
import type { Instance, StateOf } from "../../runtime/index.js";
import { showState, traceTo, typesOf } from "../../runtime/trace.js";
import { compileFile, importDomains } from "./compile-file.js";
import { mergeAssignments, parseAssignments, readTemporal, UserError, type Io } from "./io.js";

export interface RunOptions {
  domain?: string;
  param: string[];
  state: string[];
  observe: string[];
  maxTicks?: number;
  /** How every effect ends: "done" (its handler succeeds), "failed" (it fails for good), or "none" (no handler: effects are only told). */
  outcomes?: "done" | "failed" | "none";
}

export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  const state = mergeAssignments("--state", options.state);
  const params = mergeAssignments("--param", options.param);
  const observations = options.observe.map((s) => parseAssignments("--observe", s));
  const compiled = await compileFile(io, file, { emit: "bundle" });
  if (!compiled) return 1;
  const ir = compiled.result.ir!;
  const name = options.domain ?? ir.domains[0].name;
  if (!ir.domains.some((d) => d.name === name)) throw new UserError(`${file} has no domain '${name}' (it has ${ir.domains.map((d) => d.name).join(", ")})`);
  const maxTicks = options.maxTicks;

  const domain = (await importDomains(compiled))[name];
  // Times and durations may be given in Ved's words, now that the types are known.
  const typesByName = typesOf(domain.meta);
  readTemporal("--state", state, typesByName);
  readTemporal("--param", params, typesByName);
  for (const o of observations) readTemporal("--observe", o, typesByName);

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
    instance = domain.create({ state, params, ...(maxTicks === undefined ? {} : { maxTicks }), ...(handlers ? { effects: handlers } : {}) });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const say = (line: string) => io.stdout.write(line + "\n");
  say(`${name} (${file})`);
  const types = typesOf(domain.meta);
  say(`  state  ${showState(instance.getState(), types)}`);
  if (domain.meta.params.length > 0) say(`  params ${showState(domain.params(), types)}${Object.keys(params).length ? ` (given: ${showState(params, types)})` : ""}`);
  for (const goal of domain.meta.goals) say(`  goal   ${goal.name ? `${goal.name}: ` : ""}${goal.text}`);

  traceTo(instance, domain.meta, say);

  say("start");
  await instance.start();
  let settled = await instance.settled();
  for (const patch of observations) {
    try {
      await instance.observe(patch);
    } catch (e) {
      await instance.stop();
      throw new UserError(`--observe: ${(e as Error).message}`);
    }
    settled = await instance.settled();
  }
  await instance.stop();
  say(`final: ${settled.status} after ${settled.ticks} tick${settled.ticks === 1 ? "" : "s"}, ${showState(settled.state, types)}`);
  return settled.status === "converged" ? 0 : 1;
}
