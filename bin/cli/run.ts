// vedc run: compiles a domain, runs it in this process, and tells its story
// tick by tick: the goals, the transition fired, the change of state, each
// observation as it is applied, and how it ended.
import { bundle } from "../../compiler/index.js";
import type { Domain, Instance, StateOf } from "../../runtime/index.js";
import { compileFile } from "./compile-file.js";
import { parseAssignments, UserError } from "./io.js";

export interface RunOptions {
  domain?: string;
  param: string[];
  state: string[];
  observe: string[];
  maxTicks?: number;
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
  const state = Object.assign({}, ...options.state.map((s) => parseAssignments("--state", s)));
  const params = Object.assign({}, ...options.param.map((s) => parseAssignments("--param", s)));
  const observations = options.observe.map((s) => parseAssignments("--observe", s));
  const compiled = await compileFile(file, { emit: "bundle" });
  if (!compiled) return 1;
  const ir = compiled.result.ir!;
  const name = options.domain ?? ir.domains[0].name;
  if (!ir.domains.some((d) => d.name === name)) throw new UserError(`${file} has no domain '${name}' (it has ${ir.domains.map((d) => d.name).join(", ")})`);
  const maxTicks = options.maxTicks;

  const { code } = await bundle(compiled.result.code!, { outfile: "run.js", format: "esm" });
  // The bundle is this compiler's own output for a file that type-checked; importing it runs nothing but definitions.
  const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as Record<string, Domain<StateOf>>;
  const domain = module[name];

  let instance: Instance<StateOf>;
  try {
    instance = domain.create({ state, params, ...(maxTicks === undefined ? {} : { maxTicks }) });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const say = (line: string) => process.stdout.write(line + "\n");
  say(`${name} (${file})`);
  say(`  state  ${show(instance.getState())}`);
  if (domain.meta.params.length > 0) say(`  params ${show(domain.params())}${Object.keys(params).length ? ` (given: ${show(params)})` : ""}`);
  for (const goal of domain.meta.goals) say(`  goal   ${goal.name ? `${goal.name}: ` : ""}${goal.text}`);

  instance.on("transition", (e) => say(`  tick ${e.tick}: ${e.failing.join(" && ")} fails → ${e.name}: ${diff(e.before, e.after)}`));
  instance.on("effect", (e) => say(`    effect ${String(e.name)}(${show(e.args as Record<string, unknown>)})`));
  instance.on("observed", (e) => say(`observe ${show(e.patch)}: ${diff(e.before, e.after) || "no change"}`));
  instance.on("converged", (e) => say(`  converged at tick ${e.tick}: ${domain.meta.goals.length === 0 ? "no goals" : domain.meta.goals.length === 1 ? "the goal holds" : "all goals hold"}; sleeping`));
  instance.on("stuck", (e) => say(`  stuck: ${e.failing.join(" && ")} fails and no transition can change the state; sleeping`));
  instance.on("error", (e) => say(`  error: ${e.message}`));

  say("start");
  instance.start();
  let settled = await instance.settled();
  for (const patch of observations) {
    try {
      await instance.observe(patch);
    } catch (e) {
      instance.stop();
      throw new UserError(`--observe: ${(e as Error).message}`);
    }
    settled = await instance.settled();
  }
  instance.stop();
  say(`final: ${settled.status} after ${settled.ticks} tick${settled.ticks === 1 ? "" : "s"}, ${show(settled.state)}`);
  return settled.status === "converged" ? 0 : 1;
}

function show(state: Readonly<Record<string, unknown>>): string {
  return Object.entries(state).map(([k, v]) => `${k} = ${String(v)}`).join(", ");
}

function diff(before: Readonly<StateOf>, after: Readonly<StateOf>): string {
  return Object.keys(after)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${String(before[k])} → ${String(after[k])}`)
    .join(", ");
}
