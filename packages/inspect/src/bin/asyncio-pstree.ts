#!/usr/bin/env node
/** The `asyncio-pstree PID` command: the tree of who awaits whom in another Node process. */
import { pstreeCommand } from "../internal/commands.js";

process.exitCode = await pstreeCommand(process.argv.slice(2), process.stdout, process.stderr);
