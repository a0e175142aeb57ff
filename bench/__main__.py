"""python -m bench: run every measurement (see bench/run.py)."""

from bench.run import main

main()
