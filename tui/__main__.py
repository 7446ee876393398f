"""`python -m tui` is `timeline`."""

from .launch import main

main()
