"""Imports: the door through which real data comes (DESIGN.md §6).

The CLI (`guanxi import sales`) and, later, the web upload call `sales_import` in
`services.py`; reading and checking happen in DuckDB, writing in one transaction.
"""
