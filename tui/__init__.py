"""The Textual app and the `timeline` command line."""
