"""Limits on imported spreadsheets, so that one upload cannot exhaust a worker.

A 472 KiB XLSX can unpack to 105 MiB of XML and 300,000 rows; a small CSV can hold thousands of
rows. Every import therefore checks the unpacked size of a workbook before opening it, reads it
row by row (openpyxl's read-only mode), stops past the row limit, and reports at most a page of
errors. The limits are configuration (IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_MB, IMPORT_MAX_ERRORS)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from flask import current_app, has_app_context


class ImportTooLarge(ValueError):
    """The file is over a limit; the message says which, in words for the uploader."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = 2000
    max_unpacked_bytes: int = 20 * 1024 * 1024
    max_errors: int = 50
    max_columns: int = 40


def limits() -> Limits:
    if not has_app_context():
        return Limits()
    config = current_app.config
    return Limits(max_rows=int(config.get("IMPORT_MAX_ROWS", 2000)),
                  max_unpacked_bytes=int(config.get("IMPORT_MAX_UNPACKED_MB", 20)) * 1024 * 1024,
                  max_errors=int(config.get("IMPORT_MAX_ERRORS", 50)))


def check_workbook(data: bytes, limit: Limits) -> None:
    """Refuse a workbook whose parts would unpack to more than the limit (a zip bomb), before
    any XML is parsed. zipfile never inflates a part beyond the size its header declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            parts = len(archive.infolist())
    except zipfile.BadZipFile:
        return  # the reader reports an unreadable workbook
    if unpacked > limit.max_unpacked_bytes or parts > 10_000:
        raise ImportTooLarge(
            f"The workbook unpacks to {unpacked / 1048576:.0f} MB; the limit is "
            f"{limit.max_unpacked_bytes / 1048576:.0f} MB. Split the log into smaller files, or export it as CSV.")


def too_many_rows(limit: Limits) -> ImportTooLarge:
    return ImportTooLarge(f"The file has more than {limit.max_rows:,} rows; the limit is {limit.max_rows:,} "
                          f"per import. Split it into smaller files.")


def capped(errors: list[str], limit: Limits) -> list[str]:
    """The first `max_errors` errors, and a line saying how many more there were."""
    if len(errors) <= limit.max_errors:
        return errors
    more = len(errors) - limit.max_errors
    return errors[: limit.max_errors] + [f"… and {more:,} more lines with problems. Fix the ones above "
                                         f"(the same mistake is often on every line) and import again."]
