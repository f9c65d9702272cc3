// The module graph: follows a file's `import { ... } from "./x.ved"` to the
// files it names, parses and analyses each once, and hands the importer the
// enums it imports. What a file exports is the enums it declares itself: not
// its domains (a domain is compiled from its own file) and not the enums it
// imports (an enum is imported from the file that declares it, so that every
// name has one origin). Errors of an imported file are reported in that file,
// and once more, in brief, at the import that reaches it.
import { dirname, join, normalize } from "node:path";
import { closeSync, openSync, readSync } from "node:fs";
import type * as ast from "../1-syntax/ast.js";
import { parse, MAX_SOURCE_LENGTH } from "../1-syntax/parse.js";
import { report, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { EnumSymbol } from "./symbols.js";
import { closest } from "./suggest.js";

/** Where the compiler reads imported files from: the file system by default, or memory (tests, an editor's open documents). */
export interface SourceHost {
  /** The text of the file at `path`, or undefined when there is none; throws an Error saying why when it cannot be read. */
  readFile(path: string): string | undefined;
}

/** A file read to follow imports: its name as diagnostics give it, and its text (null when it could not be read). */
export interface ImportedFile {
  file: string;
  source: string | null;
}

/** Reads files from disk, at most as much as could be a source the compiler accepts. */
export const fsHost: SourceHost = {
  readFile(path) {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
      throw e;
    }
    try {
      const limit = 3 * MAX_SOURCE_LENGTH + 4;
      const chunks: Buffer[] = [];
      let total = 0;
      while (total < limit) {
        const chunk = Buffer.alloc(Math.min(1 << 20, limit - total));
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        chunks.push(chunk.subarray(0, n));
        total += n;
      }
      return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
    } finally {
      closeSync(fd);
    }
  },
};

/** A host over a map of paths to texts (normalized paths: `dir/shared.ved`). */
export function memoryHost(files: Readonly<Record<string, string>> | ReadonlyMap<string, string>): SourceHost {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return { readFile: (path) => map.get(normalize(path)) };
}

/** An enum imported from another file; `file` is where it is declared. */
export interface ImportedEnum extends EnumSymbol {
  file: string;
}

interface Module {
  file: string;
  /** Null when the file could not be read or parsed. */
  program: ast.Program | null;
  /** The enums it declares, by name; its domains' names; the enums it imports, with the file each comes from. */
  exports: Map<string, ImportedEnum>;
  domains: Set<string>;
  imported: Map<string, string>;
  errors: Diagnostic[];
}

/** Analysis of an imported file, given the enums it imports: analyse.ts, passed in so that this module does not import it back. */
export type AnalyseModule = (program: ast.Program, file: string, imported: Map<string, ImportedEnum | null>) => { enums: Map<string, EnumSymbol>; diagnostics: Diagnostic[] };

/** Loads, parses and analyses every file an entry imports, transitively, each once. */
export class ModuleGraph {
  private readonly modules = new Map<string, Module>();
  /** The files being loaded, outermost first: an import of one of them closes a cycle. */
  private readonly stack: string[] = [];
  /** Every file read, in the order first read. */
  readonly files: ImportedFile[] = [];

  constructor(
    private readonly host: SourceHost,
    private readonly analyseModule: AnalyseModule,
  ) {}

  /** The enums `program` (in `file`) imports, reporting every mistake in its imports, and every error in the files they reach, to `out`. */
  importsOf(program: ast.Program, file: string, out: Diagnostic[]): Map<string, ImportedEnum | null> {
    this.stack.push(normalize(file));
    try {
      return this.resolve(program, file, out);
    } finally {
      this.stack.pop();
    }
  }

  /** Null for a name whose file could not be read or has errors: that is reported at the import. */
  private resolve(program: ast.Program, file: string, out: Diagnostic[]): Map<string, ImportedEnum | null> {
    const imported = new Map<string, ImportedEnum | null>();
    const local = new Map<string, string>([...program.enums.map((e) => [e.name.name, "an enum"] as const), ...program.domains.map((d) => [d.name.name, "a domain"] as const)]);
    const seen = new Map<string, ast.Ident>();
    for (const decl of program.imports) {
      const module = this.follow(decl, file, out);
      for (const name of decl.names) {
        const first = seen.get(name.name);
        if (first) {
          const d = report("VED0123", file, name.span, { form: "twice", name: name.name });
          d.related = [{ message: "first imported here", span: first.span }];
          out.push(d);
          continue;
        }
        seen.set(name.name, name);
        const what = local.get(name.name);
        if (what) {
          out.push(report("VED0123", file, name.span, { form: "local", name: name.name, what }));
          continue;
        }
        // A name from a file that failed, or one it cannot import, is null: reported here, not again where it is used.
        const found = module?.program ? module.exports.get(name.name) : undefined;
        imported.set(name.name, found && module!.errors.length === 0 ? found : null);
        if (!module?.program || found) continue;
        const path = decl.from.value;
        if (module.domains.has(name.name)) out.push(report("VED0121", file, name.span, { form: "domain", name: name.name, path }));
        else if (module.imported.has(name.name)) out.push(report("VED0121", file, name.span, { form: "reexport", name: name.name, path, origin: module.imported.get(name.name)! }));
        else {
          const near = closest(name.name, module.exports.keys());
          const suggestion = near ? `did you mean '${near}'?` : module.exports.size > 0 ? `'${path}' declares ${[...module.exports.keys()].join(", ")}` : `'${path}' declares no enum`;
          out.push(report("VED0121", file, name.span, { form: "unknown", name: name.name, path, suggestion }));
        }
      }
    }
    return imported;
  }

  /** The module an import names, loaded once; null, with the reason reported, when it cannot be. */
  private follow(decl: ast.ImportDecl, file: string, out: Diagnostic[]): Module | null {
    const path = decl.from.value;
    const at = decl.from.span;
    if (!/^\.\.?\//.test(path) || !/\.ved$/.test(path) || path.includes("\\")) {
      const base = path.split(/[\\/]/).pop() ?? "";
      out.push(report("VED0120", file, at, { form: "path", path, example: /\.ved$/.test(base) ? base : `${base.replace(/\.[^.]*$/, "") || "shared"}.ved` }));
      return null;
    }
    const resolved = normalize(join(dirname(file), path));
    const cycle = this.stack.indexOf(resolved);
    if (cycle >= 0) {
      out.push(report("VED0122", file, at, { chain: [...this.stack.slice(cycle), resolved].join(" → ") }));
      return null;
    }
    const module = this.load(resolved, decl, file, out);
    // A cycle through this file is reported where it closes, naming this file: saying that file has errors would say it again.
    if (module && module.errors.some((d) => d.code !== "VED0122")) {
      const first = module.errors[0];
      const count = module.errors.length;
      out.push(report("VED0124", file, at, { path, resolved, count, errors: count === 1 ? "error" : "errors", first: `${first.file}:${first.span.start.line}:${first.span.start.col}: ${first.message}` }));
    }
    return module;
  }

  private load(resolved: string, decl: ast.ImportDecl, importer: string, out: Diagnostic[]): Module | null {
    const known = this.modules.get(resolved);
    if (known) return known;
    const path = decl.from.value;
    const at = decl.from.span;
    let source: string | undefined;
    try {
      source = this.host.readFile(resolved);
    } catch (e) {
      this.files.push({ file: resolved, source: null });
      out.push(report("VED0120", importer, at, { form: "unreadable", path, resolved, reason: reason(e) }));
      return null;
    }
    this.files.push({ file: resolved, source: source ?? null });
    if (source === undefined) {
      out.push(report("VED0120", importer, at, { form: "missing", path, resolved, suggestion: undefined }));
      return null;
    }
    const module: Module = { file: resolved, program: null, exports: new Map(), domains: new Set(), imported: new Map(), errors: [] };
    const parsed = parse(source, resolved);
    if (!parsed.program) {
      module.errors = parsed.diagnostics.filter((d) => d.severity === "error");
      out.push(...module.errors);
      this.modules.set(resolved, module);
      return module;
    }
    const program = parsed.program;
    const diagnostics: Diagnostic[] = [];
    const imported = this.importsOf(program, resolved, diagnostics);
    for (const decl of program.imports) {
      const from = normalize(join(dirname(resolved), decl.from.value));
      for (const name of decl.names) module.imported.set(name.name, `./${from}`);
    }
    const analysed = this.analyseModule(program, resolved, imported);
    diagnostics.push(...analysed.diagnostics);
    module.program = program;
    module.errors = diagnostics.filter((d) => d.severity === "error");
    // Diagnostics of files further down were reported there already; this file's own are reported once, here.
    out.push(...module.errors);
    for (const [name, e] of analysed.enums) if (!imported.has(name)) module.exports.set(name, { ...e, file: resolved });
    for (const d of program.domains) module.domains.add(d.name.name);
    this.modules.set(resolved, module);
    return module;
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return (e as Error)?.message ?? String(e);
}
