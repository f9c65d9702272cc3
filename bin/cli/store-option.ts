// What `vedc inspect`, `vedc history` and `vedc console` share: the store they
// read (--store, else DATABASE_URL, else VEDC_STORE_DIR, as a controller picks
// its own) and the domains that judge what it holds (--domain).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ir from "../../compiler/ir.js";
import type { Domain, StateOf } from "../../runtime/index.js";
import { readFileStore } from "../../runtime/store/file-reader.js";
import { StoreReadError, type StoreReader } from "../../runtime/store/reader.js";
import { compileFile, importDomains } from "./compile-file.js";
import { UserError, type Io } from "./io.js";

export interface StoreFlags {
  store?: string;
  schema?: string;
  domain: string[];
}

export async function openReader(flags: StoreFlags, io: Io): Promise<StoreReader> {
  const store = flags.store ?? io.env.DATABASE_URL ?? io.env.VEDC_STORE_DIR;
  if (!store) throw new UserError("no store: pass --store <folder> or --store postgres://…, or set DATABASE_URL or VEDC_STORE_DIR as the controller has them");
  if (/^postgres(ql)?:\/\//.test(store)) {
    // Loaded only for PostgreSQL: a file store's reader needs no database driver.
    const { readPostgresStore } = await import("../../runtime/store/postgres/reader.js");
    return readPostgresStore({ connectionString: store, schema: flags.schema ?? "vedc" });
  }
  if (flags.schema !== undefined) throw new UserError(`--schema is for a PostgreSQL store; ${store} is a folder`);
  return readFileStore(store);
}

/** A store reader's refusals, and an id no store could hold, are the user's to fix: said in one line. */
export async function reading<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreReadError || error instanceof TypeError) throw new UserError(error.message);
    throw error;
  }
}

export interface LoadedDomain {
  domain: Domain<StateOf>;
  /** The program and the domain's IR, when it was compiled from a .ved file here (what a graph is drawn from). */
  ir: { program: ir.Program; domain: ir.Domain } | null;
}

/** The domains of each --domain file, by name: .ved files compiled here, or modules `vedc build` wrote. */
export async function loadDomains(files: string[], io: Io): Promise<Map<string, LoadedDomain>> {
  const loaded = new Map<string, LoadedDomain>();
  for (const file of files) {
    if (file.endsWith(".ved")) {
      const compiled = await compileFile(io, file, { emit: "bundle" });
      if (!compiled) throw new UserError(`${file} has errors (above), so it cannot judge what the store holds`);
      const module = await importDomains(compiled);
      const program = compiled.result.ir!;
      for (const d of program.domains) loaded.set(d.name, { domain: module[d.name], ir: { program, domain: d } });
    } else {
      for (const domain of await importBundle(file)) loaded.set(domain.name, { domain, ir: null });
    }
  }
  return loaded;
}

/** The domains a built module exports. A controller bundle (--target node) is refused: importing it would start a controller. */
async function importBundle(file: string): Promise<Domain<StateOf>[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  if (text.includes("runController(")) throw new UserError(`${file} is a controller (built with --target node): importing it would start one; give the .ved file, or a module built without --target`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`cannot load ${file}: ${(error as Error).message}`);
  }
  const domains = [...new Set(Object.values(module))].filter(isDomain);
  if (domains.length === 0) throw new UserError(`${file} exports no domain: give a .ved file, or a module vedc build wrote`);
  return domains;
}

function isDomain(value: unknown): value is Domain<StateOf> {
  const d = value as Domain<StateOf> | null;
  return typeof d === "object" && d !== null && typeof d.name === "string" && typeof d.meta === "object" && typeof d.tick === "function" && typeof d.create === "function";
}

/** The domains alone, as the runtime's inspect functions take them. */
export function domainsOf(loaded: Map<string, LoadedDomain>): Map<string, Domain<StateOf>> {
  return new Map([...loaded].map(([name, l]) => [name, l.domain]));
}
