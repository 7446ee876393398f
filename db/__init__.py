"""The timeline library: the SQLite store, dates, importers, exporters and search. No Textual here."""
