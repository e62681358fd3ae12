"""Imports: what every importer shares (registrations, disbursements, review decisions).

``registration_check``: one registration checked with the import's own row reader (the window's
form and ``rgm register`` use it, so a value refused in a workbook is refused everywhere).
"""
