"""Helpers for the row scripts: every script prints exactly one JSON line on stdout.

A script calls ``run(main)``; ``--uvloop`` on its command line runs ``main()`` on uvloop's loop
instead of the default asyncio loop.
"""

import asyncio
import json
import sys
import time

now = time.perf_counter


def run(main):
    """Runs the coroutine function ``main`` on the loop the command line asks for."""
    if "--uvloop" in sys.argv[1:]:
        import uvloop

        factory = uvloop.new_event_loop
    else:
        factory = asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(main())


def report_ops(ops, seconds):
    print(json.dumps({"ops": ops, "seconds": seconds}), flush=True)


def report_bytes(ops, nbytes):
    print(json.dumps({"ops": ops, "bytes": nbytes}), flush=True)
