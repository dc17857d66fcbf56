# The "Running Tasks Concurrently" program of Python's asyncio documentation (asyncio-task):
# three factorials computed by coroutines that gather() runs as concurrent tasks. The port
# beside it, main.ts, is checked to print exactly what this file prints under CPython.
import asyncio

async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(1)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f

async def main():
    # Schedule three calls *concurrently*:
    L = await asyncio.gather(
        factorial("A", 2),
        factorial("B", 3),
        factorial("C", 4),
    )
    print(L)

asyncio.run(main())
