"""The contract's section navigation: each feature registers its entry once, at import."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user

from portal import access


@dataclass(frozen=True)
class Section:
    label: str
    endpoint: str
    permission: str  # an action of portal.access, checked against the contract
    order: int


_SECTIONS: dict[str, Section] = {}


def register_section(label: str, endpoint: str, permission: str = "contract.view_member",
                     order: int = 50) -> None:
    _SECTIONS[endpoint] = Section(label, endpoint, permission, order)


def contract_sections(contract) -> list[dict]:
    items = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.label)):
        if not access.can(current_user, section.permission, contract):
            continue
        url = url_for(section.endpoint, code=contract.code)
        active = request.path == url or (
            request.path.startswith(url + "/") and url != url_for("contracts.overview", code=contract.code)
        )
        items.append({"label": section.label, "url": url, "active": active})
    return items
