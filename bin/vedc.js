#!/usr/bin/env node
// The vedc command. The CLI itself is TypeScript in bin/cli, compiled to lib/.
import { main } from "../lib/bin/cli/main.js";

process.exitCode = await main(process.argv);
