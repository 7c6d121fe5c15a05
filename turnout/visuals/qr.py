"""QR codes as vector geometry: the matrix from ``qrcode``, drawn by our renderers."""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of light margin that scanners need


@functools.lru_cache(maxsize=512)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def runs(matrix) -> list[tuple[int, int, int]]:
    """Dark modules merged into horizontal runs: (row, first column, length)."""
    found = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                found.append((y, start, x - start))
            else:
                x += 1
    return found


def svg_path(matrix, x: float, y: float, module: float) -> str:
    m = module
    return "".join(
        f"M{x + c * m:.2f} {y + r * m:.2f}h{n * m:.2f}v{m:.2f}h{-n * m:.2f}z"
        for r, c, n in runs(matrix)
    )
