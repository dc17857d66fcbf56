#!/usr/bin/env node
/** The `asyncio-ps PID` command: the table of another Node process's tasks. */
import { psCommand } from "../internal/commands.js";

process.exitCode = await psCommand(process.argv.slice(2), process.stdout, process.stderr);
