"""`python -m tenurectl ...`, the same as the `tenurectl` command."""

from tenurectl.cli import main

main()
