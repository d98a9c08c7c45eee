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
    """The kind of the content: pdf, png, jpeg, webp, xlsx, or csv (plain UTF-8 text with rows)."""
    guess = filetype.guess(data)
    if guess is not None:
        return {"pdf": "pdf", "png": "png", "jpg": "jpeg", "webp": "webp", "xlsx": "xlsx"}.get(guess.extension)
    if b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text[:65536])))
    except csv.Error:
        return None
    return "csv" if rows and any(len(row) > 1 for row in rows) else None


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
    if kind not in allowed:
        accepted = ", ".join(sorted(KIND_NAMES[k] for k in allowed))
        raise UploadRejected(f"“{name}” is not a file type we accept here. Accepted: {accepted}.")
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
