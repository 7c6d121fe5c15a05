"""Cells of the CSV and XLSX files people download: a text a spreadsheet would run as a
formula (starting with =, +, -, @, a tab or a carriage return) is written with a leading
apostrophe, so it is shown as text (CSV/formula injection)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
