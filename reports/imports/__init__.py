"""Imports: what every importer shares (registrations, disbursements, review decisions).

``kinds``: each importer in one shape (check: read once, valid rows and refusals, nothing
written; write: one transaction under a ``models.jobs.Job``; the error workbook), which the
window's import wizard drives. ``pipeline``: the one row refusal. ``error_workbook``: the one
writer of refused rows. ``disbursements``, ``decisions``: payment lists and review sheets, read
then written (registrations: ``reports.registration_parse`` then ``models.registrations``).
``registration_check``: one registration checked with the import's own row reader (the window's
form and ``rgm register`` use it, so a value refused in a workbook is refused everywhere).
"""
