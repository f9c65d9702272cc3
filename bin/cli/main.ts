// The vedc command line: commander parses, each command lives in its own
// file and is loaded only when it runs, so that `vedc check` does not pay for
// the language server, esbuild or Prettier. Every failure ends as one clear message and exit status 1; a stack
// trace is shown only for an internal error, and only with VEDC_DEBUG=1.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createRequire } from "node:module";
import { processIo, useColor, UserError, type Io } from "./io.js";
import { MissingPackageError } from "../../compiler/optional.js";

const { version } = createRequire(import.meta.url)("../../../package.json") as { version: string };

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function program(io: Io, setStatus: (code: number) => void): Command {
  const cli = new Command("vedc")
    .description("Compiler and runtime for Ved, a language for self-correcting control loops")
    .version(version)
    .exitOverride()
    // Help, usage and commander's own errors go where the commands write; subcommands inherit this.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => useColor(io, io.stdout),
      getErrHasColors: () => useColor(io, io.stderr),
    })
    .showHelpAfterError("(run with --help for usage)");

  cli
    .command("build")
    .description("compile .ved files to self-contained JavaScript bundles, each with a .d.ts")
    .argument("<files...>", ".ved files")
    .option("-o, --outdir <dir>", "output directory", "dist")
    .addOption(new Option("-f, --format <format>", "module format").choices(["esm", "cjs"]).default("esm"))
    .option("--minify", "minify the bundle")
    .option("--sourcemap", "write a source map beside each bundle")
    .option("--verify", "verify each domain first (as vedc verify does, over the declared ranges with default params unless --bound and --param say otherwise); refuse to build a file whose domains do not all verify")
    .option("-b, --bound <field=lo..hi>", "with --verify: the values a field ranges over, as vedc verify takes them; repeatable", collect, [])
    .option("-p, --param <param=value>", "with --verify: a param overriding its default; repeatable, or comma-separated", collect, [])
    .option("-w, --watch", "rebuild each file when it changes, one line per build, until Ctrl-C")
    .option("--json", "print what was written (files, sizes, gzip sizes, diagnostics) as JSON")
    .addOption(new Option("-t, --target <target>", "module: an ES or CommonJS module; lambda: a function handler; node: a controller process").choices(["module", "lambda", "node"]).default("module"))
    .option("-e, --effects <file>", "with --target lambda or node: the module whose exports are the effect handlers, by effect name")
    .option("--zip", "with --target lambda: also write <name>.zip, the deployment archive (the bundle, and its map with --sourcemap)")
    .action(async (files: string[], opts) => setStatus(await (await import("./build.js")).buildCommand(files, opts, io)));

  cli
    .command("types")
    .description("write <name>.d.ved.ts beside each .ved file: the types of its import in an app bundled with the vedc plugin")
    .argument("<files...>", ".ved files")
    .action(async (files: string[]) => setStatus(await (await import("./import-types.js")).typesCommand(files, io)));

  cli
    .command("check")
    .description("report diagnostics, write nothing")
    .argument("<files...>", ".ved files")
    .addOption(new Option("--format <format>", "how to print diagnostics").choices(["text", "json"]).default("text"))
    .action(async (files: string[], opts) => setStatus(await (await import("./check.js")).checkCommand(files, opts, io)));

  // --observe and --advance are steps of one story, taken in the order they are given.
  const steps: { kind: "observe" | "advance"; text: string }[] = [];
  const step = (kind: "observe" | "advance") => (value: string, previous: string[]) => (steps.push({ kind, text: value }), [...previous, value]);
  cli
    .command("run")
    .description("run a domain in this process and print each tick, observation and the final status")
    .argument("<file>", "a .ved file")
    .option("-d, --domain <name>", "the domain to run (default: the first in the file)")
    .option("-p, --param <param=value>", "a param overriding its default; repeatable, or comma-separated", collect, [])
    .option("-s, --state <field=value>", "initial value of a field; repeatable, or comma-separated", collect, [])
    .option("-o, --observe <field=value>", "an observation applied after the domain settles; each flag is one observation", step("observe"), [])
    .option("--now <instant>", "the simulated clock's start, ISO 8601 (2026-12-01T10:00:00Z); default: the real time")
    .option("--advance <duration>", "moves the simulated clock on (30s, 5m, 1m30s) after the domain settles, waking it at each instant it waits for; taken in order with --observe", step("advance"), [])
    .addOption(new Option("--outcomes <how>", "how each effect ends: done (its handler succeeds), failed (it fails for good), or none (effects are only printed)").choices(["done", "failed", "none"]).default("none"))
    .option("--max-ticks <n>", "transitions per wake before giving up (default: 10000)", positiveInt)
    .action(async (file: string, opts) => setStatus(await (await import("./run.js")).runCommand(file, { ...opts, steps }, io)));

  cli
    .command("verify")
    .description("prove that each domain converges from every state of a bounded region, or show the traces where it does not")
    .argument("<file>", "a .ved file")
    .option("-b, --bound <field=lo..hi>", "the values a field ranges over: lo..hi for an int, or a list (phase=steady,scaling_up); a map field: every key (replicas=0..3) or one (replicas[a]=0..3); repeatable", collect, [])
    .option("-p, --param <param=value>", "a param overriding its default; repeatable, or comma-separated", collect, [])
    .option("--max-ticks <n>", "ticks a state may need to converge, as the runtime allows per wake (default: 10000)", positiveInt)
    .option("--json", "print every result and every counterexample as JSON")
    .action(async (file: string, opts) => setStatus(await (await import("./verify.js")).verifyCommand(file, opts, io)));

  cli
    .command("emit")
    .description("print the generated TypeScript module, or the IR as JSON")
    .argument("<file>", "a .ved file")
    .option("--ir", "print the IR instead of TypeScript")
    .action(async (file: string, opts) => setStatus(await (await import("./emit.js")).emitCommand(file, opts, io)));

  cli
    .command("graph")
    .description("draw each domain: its goals, its transitions with their guards and steps, and which goals each transition can change")
    .argument("<file>", "a .ved file")
    .addOption(new Option("--format <format>", "what to print").choices(["mermaid", "dot", "svg"]).default("mermaid"))
    .action(async (file: string, opts) => setStatus(await (await import("./graph.js")).graphCommand(file, opts, io)));

  cli
    .command("fmt")
    .description("format .ved files: print them formatted, rewrite them (--write), or list those not formatted (--check)")
    .argument("<files...>", ".ved files")
    .option("--check", "change nothing; list each file as formatted or not, exit 1 if any is not")
    .option("--write", "rewrite the files that change")
    .action(async (files: string[], opts) => setStatus(await (await import("./fmt.js")).fmtCommand(files, opts, io)));

  const storeFlags = (command: Command) =>
    command
      .option("--store <store>", "a file store's folder, or postgres://… (default: DATABASE_URL, else VEDC_STORE_DIR)")
      .option("--schema <name>", "on PostgreSQL: the schema the store's tables are in (default: vedc)")
      .option("-d, --domain <file>", "the domain's .ved file (or a module vedc build wrote), to judge each state by its goals; repeatable", collect, []);

  storeFlags(
    cli
      .command("inspect")
      .description("show what a store holds, beside a live controller, without disturbing it: every instance as a table, or one instance's state, goals, last transitions and outbox")
      .argument("[id]", "an instance's id"),
  )
    .option("--json", "print it as JSON")
    .action(async (id: string | undefined, opts) => setStatus(await (await import("./inspect.js")).inspectCommand(id, opts, io)));

  storeFlags(
    cli
      .command("history")
      .description("print an instance's journal in the words of vedc run, with the time of each record")
      .argument("<id>", "an instance's id"),
  )
    .option("--json", "print the records and the lines as JSON")
    .action(async (id: string, opts) => setStatus(await (await import("./inspect.js")).historyCommand(id, opts, io)));

  storeFlags(
    cli
      .command("console")
      .description("serve a page on 127.0.0.1 showing what a store holds, live: every instance, and for one its state, goals, graph, history and outbox; read-only"),
  )
    .option("--port <n>", "the port to serve on (0 picks a free one)", "7700")
    .action(async (opts) => setStatus(await (await import("./console.js")).consoleCommand(opts, io)));

  cli
    .command("lsp")
    .description("run the language server on stdin and stdout: diagnostics as you type, hover, definitions, references, rename, completion, symbols, formatting and quick fixes")
    .option("--stdio", "talk over stdin and stdout (the default; editors pass it)")
    .option("--node-ipc", "talk over node's IPC channel, to a client that forked vedc (VS Code's TransportKind.ipc)")
    .option("--clientProcessId <pid>", "the editor's process id, as language clients pass it (the server also learns it at initialize)")
    .action(async (opts) => setStatus(await (await import("./lsp.js")).lspCommand(io, { nodeIpc: opts.nodeIpc === true })));

  return cli;
}

/**
 * Runs the command `argv` names (as process.argv: node, script, then the
 * arguments) and resolves with its exit status. It reads and writes through
 * `io`, the process's own streams unless a caller (a test) gives others.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let status = 0;
  try {
    await program(io, (code) => (status = code)).parseAsync(argv);
    return status;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof UserError || e instanceof MissingPackageError) {
      io.stderr.write(`vedc: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`vedc: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (io.env.VEDC_DEBUG) io.stderr.write(`${(e as Error)?.stack}\n`);
    else io.stderr.write("This is a bug in vedc; rerun with VEDC_DEBUG=1 for details, and please report it.\n");
    return 1;
  }
}
