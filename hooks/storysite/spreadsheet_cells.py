"""Cells a spreadsheet shows as text: the one guard against CSV injection.

Every CSV the project writes for people to open in a spreadsheet passes its text cells
through :func:`spreadsheet_safe`: the open figures (``impact/figures.csv``) and the
consent report (``tools/consent_report.py --csv``).
"""

from __future__ import annotations

# What makes a spreadsheet read a cell as a formula (=HYPERLINK(...) would be a live link
# in a reader's sheet), with their full-width forms, which some spreadsheets accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_CONTROLS = ("\t", "\r", "\n")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a cell it would read as a formula
    (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after
    leading spaces) gets a leading ``'``, as OWASP recommends against CSV injection."""
    if cell.startswith(FORMULA_CONTROLS) or cell.lstrip().startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
