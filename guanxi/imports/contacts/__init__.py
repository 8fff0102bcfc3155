"""Contact import (DESIGN.md §6): CSV, XLSX and vCard files of the people at our accounts.

`contact_import` in `services.py` is the entry point. Files are small (hundreds or thousands
of people), so rows are read into memory and checked in Python; the encodings, header words,
rejects file and problem reports are those of the sales import.
"""
