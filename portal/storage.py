"""File storage behind one small interface: bytes in under a random key, checked on the way in.

Uploads are stored outside static/, typed by their content (not their name or the browser's
claim), hashed with SHA-256, and served only through access-checked views as attachments."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app

KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGES = frozenset({"png", "jpeg", "webp"})
DOCUMENTS = frozenset({"pdf"}) | IMAGES
EVIDENCE = DOCUMENTS | {"csv", "xlsx"}
KIND_NAMES = {"pdf": "PDF", "png": "PNG image", "jpeg": "JPEG image", "webp": "WebP image",
              "csv": "CSV file", "xlsx": "Excel workbook"}
# The file-name extensions allowed for each kind; the first is the one a served file carries.
EXTENSIONS = {"pdf": ("pdf",), "png": ("png",), "jpeg": ("jpg", "jpeg"), "webp": ("webp",),
              "csv": ("csv",), "xlsx": ("xlsx",)}
# Text that a browser or a shell would run, whatever it is called: never accepted as CSV.
_MARKUP = re.compile(rb"<\s*(script|html|svg|body|iframe|object|embed|!doctype|\?xml|hta:|meta|a\s)|^\s*<",
                     re.IGNORECASE)
_SHELL = re.compile(rb"^\s*(@echo|echo |rem |set |start |cmd |powershell|#!|mshta|wscript|cscript)",
                    re.IGNORECASE | re.MULTILINE)


class UploadRejected(ValueError):
    """The file cannot be accepted; the message says why, in words for the uploader."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    original_name: str
    size: int
    content_type: str
    sha256: str


def _root() -> Path:
    root = Path(current_app.config["STORAGE_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _path(key: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", key or ""):
        raise FileNotFoundError(key)
    return _root() / key[:2] / key


def safe_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", Path(name or "file").name).strip()
    name = re.sub(r"[^\w.\- ()]+", "_", name)[:150].strip(" .")
    return name or "file"


def detect_kind(data: bytes) -> str | None:
    """The kind of the content: pdf, png, jpeg, webp, xlsx, or csv (UTF-8 text that parses as a
    table: at least two columns, the same number on nearly every row, and no markup or script)."""
    guess = filetype.guess(data)
    if guess is not None:
        return {"pdf": "pdf", "png": "png", "jpg": "jpeg", "webp": "webp", "xlsx": "xlsx"}.get(guess.extension)
    return "csv" if is_csv(data) else None


def is_csv(data: bytes) -> bool:
    sample = data[:262144]
    if b"\x00" in sample or _MARKUP.search(sample[:65536]) or _SHELL.search(sample[:65536]):
        return False
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        if len(data) <= len(sample):
            return False
        text = sample.decode("utf-8-sig", errors="ignore")  # cut inside a character
    if len(data) > len(sample):
        text = text[: text.rfind("\n") + 1] or text  # whole lines only
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    except csv.Error:
        return False
    if not rows:
        return False
    widths = [len(row) for row in rows]
    usual = max(set(widths), key=widths.count)
    return usual > 1 and widths.count(usual) >= 0.9 * len(widths)


def extension_of(name: str) -> str:
    return Path(name or "").suffix.lower().lstrip(".")


def served_name(name: str, content_type: str) -> str:
    """The name a stored file is served under: its own, with the extension of its real type (a
    file stored before names were checked still never arrives as `.hta` or `.html`)."""
    kind = next((k for k, v in KINDS.items() if v == content_type), None)
    name = safe_name(name)
    if kind is None or extension_of(name) in EXTENSIONS[kind]:
        return name
    return f"{Path(name).stem or 'file'}.{EXTENSIONS[kind][0]}"


def store_upload(upload, allowed: frozenset[str] | set[str], max_bytes: int | None = None) -> StoredFile:
    """Check and store an uploaded file (a werkzeug FileStorage). Raises UploadRejected."""
    name = safe_name(getattr(upload, "filename", "") or "file")
    data = upload.read() if hasattr(upload, "read") else bytes(upload)
    return store_bytes(data, name, allowed, max_bytes)


def store_bytes(data: bytes, name: str, allowed, max_bytes: int | None = None) -> StoredFile:
    limit = max_bytes or current_app.config.get("MAX_CONTENT_LENGTH") or 20 * 1024 * 1024
    if not data:
        raise UploadRejected(f"“{name}” is empty.")
    if len(data) > limit:
        raise UploadRejected(f"“{name}” is {len(data) / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB.")
    kind = detect_kind(data)
    accepted = ", ".join(sorted(KIND_NAMES[k] for k in allowed))
    if kind not in allowed:
        raise UploadRejected(f"“{name}” is not a file type we accept here. Accepted: {accepted}.")
    if extension_of(name) not in EXTENSIONS[kind]:
        named = ", ".join("." + e for e in EXTENSIONS[kind])
        raise UploadRejected(f"“{name}” is a {KIND_NAMES[kind]} by its content, but its name does not end in "
                             f"{named}. Rename it, or save it again in the right format. Accepted: {accepted}.")
    key = secrets.token_urlsafe(24)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return StoredFile(key=key, original_name=name, size=len(data), content_type=KINDS[kind],
                      sha256=hashlib.sha256(data).hexdigest())


def read_bytes(key: str) -> bytes:
    return _path(key).read_bytes()


def delete(key: str) -> None:
    path = _path(key)
    if path.exists():
        path.unlink()
