// vedc/register: `node --import vedc/register app.js` lets plain Node import
// .ved files, as tsx does for TypeScript. It installs ./register-hooks.ts as a
// module loader (module.register), and turns source maps on, so that a stack
// through a step points at the Ved statement.
import { register } from "node:module";

process.setSourceMapsEnabled(true);
register("./register-hooks.js", import.meta.url);
