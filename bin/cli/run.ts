// vedc run: compiles a domain, runs it in this process, and tells its story
// tick by tick: the goals, the transition fired, the change of state, each
// observation as it is applied, and how it ended.
import type { Instance, StateOf } from "../../runtime/index.js";
import { showState, traceTo } from "../../runtime/trace.js";
import { compileFile, importDomains } from "./compile-file.js";
import { parseAssignments, UserError, type Io } from "./io.js";

export interface RunOptions {
  domain?: string;
  param: string[];
  state: string[];
  observe: string[];
  maxTicks?: number;
}

export async function runCommand(file: string, options: RunOptions, io: Io): Promise<number> {
  const state = Object.assign({}, ...options.state.map((s) => parseAssignments("--state", s)));
  const params = Object.assign({}, ...options.param.map((s) => parseAssignments("--param", s)));
  const observations = options.observe.map((s) => parseAssignments("--observe", s));
  const compiled = await compileFile(io, file, { emit: "bundle" });
  if (!compiled) return 1;
  const ir = compiled.result.ir!;
  const name = options.domain ?? ir.domains[0].name;
  if (!ir.domains.some((d) => d.name === name)) throw new UserError(`${file} has no domain '${name}' (it has ${ir.domains.map((d) => d.name).join(", ")})`);
  const maxTicks = options.maxTicks;

  const domain = (await importDomains(compiled))[name];

  let instance: Instance<StateOf>;
  try {
    instance = domain.create({ state, params, ...(maxTicks === undefined ? {} : { maxTicks }) });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const say = (line: string) => io.stdout.write(line + "\n");
  say(`${name} (${file})`);
  say(`  state  ${showState(instance.getState())}`);
  if (domain.meta.params.length > 0) say(`  params ${showState(domain.params())}${Object.keys(params).length ? ` (given: ${showState(params)})` : ""}`);
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
  say(`final: ${settled.status} after ${settled.ticks} tick${settled.ticks === 1 ? "" : "s"}, ${showState(settled.state)}`);
  return settled.status === "converged" ? 0 : 1;
}
