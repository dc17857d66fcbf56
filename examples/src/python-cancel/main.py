# The Task.cancel() program of Python's asyncio documentation (asyncio-task): a task asleep for
# an hour is cancelled after a second; its except and finally clauses run, and the task that
# awaits it sees CancelledError. The port beside it, main.ts, is checked to print exactly what
# this file prints under CPython.
import asyncio

async def cancel_me():
    print('cancel_me(): before sleep')

    try:
        # Wait for 1 hour
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print('cancel_me(): cancel sleep')
        raise
    finally:
        print('cancel_me(): after sleep')

async def main():
    # Create a "cancel_me" Task
    task = asyncio.create_task(cancel_me())

    # Wait for 1 second
    await asyncio.sleep(1)

    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main(): cancel_me is cancelled now")

asyncio.run(main())
