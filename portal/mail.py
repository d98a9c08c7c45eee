"""Outgoing mail: to the console or files by default, SMTP when configured.

Tests read `outbox()`: every message sent while the app runs is also kept there (bounded)."""

from __future__ import annotations

import contextvars
import smtplib
import sys
from collections import deque
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("mail_muted", default=False)


@contextmanager
def muted():
    """Keep mail in the outbox only (the demo loader replays a year without e-mailing anyone)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def outbox() -> deque:
    return current_app.extensions.setdefault("portal_outbox", deque(maxlen=200))


def send_mail(to: str, subject: str, body: str, attachments=()) -> EmailMessage:
    """Send a plain-text message; `attachments` are (filename, content type, bytes), e.g. an
    invitation's .ics file as ("NSH-MTG-0001.ics", "text/calendar; method=REQUEST", data)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(body)
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        subtype, *params = [part.strip() for part in subtype.split(";")]
        extra = dict(param.split("=", 1) for param in params if "=" in param)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=extra)
    backend = "memory" if _muted.get() else config.get("MAIL_BACKEND", "console")
    if backend == "smtp":
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(message)
    elif backend == "file":
        folder = Path(config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_")
        (folder / f"{name}.eml").write_bytes(bytes(message))
    elif backend == "console":
        print(f"--- mail to {to}: {subject}\n{body}\n---", file=sys.stderr)
    # "memory" keeps it only in the outbox (tests)
    outbox().append(message)
    return message
