"""The machine the pipeline runs on: what it needs from outside Python (system.py) and the doctor that checks it."""
