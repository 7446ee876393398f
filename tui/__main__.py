"""`python -m tui` is `timeline`."""

from .cli import main

main()
