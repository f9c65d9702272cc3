// vedc/postgres as node loads it: the PostgreSQL store needs the optional
// package `pg`, and an app without it is told so in one sentence rather than
// with a module-resolution error. (Target bundles import ./index.js itself,
// with pg bundled in.)
try {
  await import("pg");
} catch (error) {
  const e = error as { code?: string; message?: string };
  if (e?.code === "ERR_MODULE_NOT_FOUND" && /package 'pg'/.test(e.message ?? "")) {
    throw new Error("vedc/postgres needs the package 'pg', which is not installed (it is optional): npm install pg");
  }
  throw error;
}

const store = await import("./index.js");
export const { FencedError, replica, postgresStore } = store;
export type * from "./index.js";
