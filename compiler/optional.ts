// Packages only one feature needs are optional dependencies of vedc: an
// install without them (`npm install --omit=optional`) is a third the size.
// Each is loaded on first use, and a missing one is said in one sentence that
// names it and how to install it, never as a module-resolution stack.

/** A feature's package that is not installed. */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: string,
    feature: string,
  ) {
    super(`${feature} needs the package '${packageName}', which is not installed (it is optional): npm install ${packageName}`);
    this.name = "MissingPackageError";
  }
}

/** Whether `error` is the failure to find `name` itself (not a module it, once found, could not load). */
export function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (e?.code !== "ERR_MODULE_NOT_FOUND" && e?.code !== "MODULE_NOT_FOUND") return false;
  return new RegExp(`(package|module) '${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^']*)?'`).test(e.message ?? "");
}

/** Runs `load` (an `import()` of `name`), turning its absence into a MissingPackageError for `feature`. */
export async function loadOptional<T>(name: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, name)) throw new MissingPackageError(name, feature);
    throw error;
  }
}
