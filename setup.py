"""Builds the optional C speed-ups (cleaner/_shapes.c); everything else is declared in pyproject.toml.

optional=True: where the extension cannot be built (no C compiler), the install goes on and
cleaner runs its Python shape tests instead, with the same results, slower."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("cleaner._shapes", ["cleaner/_shapes.c"], optional=True)])
