"""A contract's feedback settings: its categories (and who answers each) and its response templates.

A contract nobody has configured offers the default categories and templates. Reading them writes
nothing: they are computed (`categories`, `response_templates`) and saved by the first write that
needs them (`ensure_defaults`: a category chosen on a form, a new category or template, new
feedback). Plain functions over models; they flush, the view commits."""

from __future__ import annotations

import sqlalchemy as sa

from portal.contracts.models import Contract
from portal.extensions import db
from portal.feedback.errors import FeedbackError
from portal.feedback.models import PARTIES, Feedback, FeedbackCategory, ResponseTemplate

DEFAULT_CATEGORIES = [
    ("Service quality", "operator"),
    ("Cleanliness and maintenance", "operator"),
    ("Noise and disturbance", "operator"),
    ("Safety", "government"),
    ("Contract and policy", "government"),
    ("Other", "government"),
]

DEFAULT_TEMPLATES = [
    ("Acknowledged, investigating",
     "Thank you for contacting us. We have looked into what you reported and asked the team responsible to "
     "investigate. We will write again with what was done."),
    ("Resolved",
     "Thank you for your feedback. We investigated and put the problem right on {date}. "
     "If it happens again, please tell us with the reference above."),
    ("Outside the contract",
     "Thank you for contacting us. What you describe is not covered by this contract; we have passed it to the "
     "body responsible and explain here who that is and how to reach them."),
]

# How a form names a default category that is not saved yet: "default-<its position>".
DEFAULT_KEY = "default-"


# ---- the defaults ----------------------------------------------------------------------------


def is_configured(contract: Contract) -> bool:
    """Whether the contract has saved categories (its own, or the defaults saved by a write)."""
    return db.session.scalar(sa.select(FeedbackCategory.id).where(FeedbackCategory.contract_id == contract.id)
                             .limit(1)) is not None


def ensure_defaults(contract: Contract) -> bool:
    """Save the default categories and response templates of a contract that has no categories yet.

    Returns True when something was saved. Call it from writes only. Two first writes at once:
    the second one's insert clashes on the unique name, is undone alone, and it uses the first's."""
    if is_configured(contract):
        return False
    try:
        with db.session.begin_nested():
            set_categories(contract, DEFAULT_CATEGORIES)
            if db.session.scalar(sa.select(ResponseTemplate.id).where(ResponseTemplate.contract_id == contract.id)
                                 .limit(1)) is None:
                seed_templates(contract)
    except sa.exc.IntegrityError:
        return False
    return True


def set_categories(contract: Contract, spec: list[tuple[str, str]]) -> list[FeedbackCategory]:
    created = []
    for position, (name, routed_to) in enumerate(spec):
        if routed_to not in PARTIES:
            raise FeedbackError(f"Category {name!r} must go to the operator or the government.")
        category = FeedbackCategory(contract_id=contract.id, name=name, routed_to=routed_to, position=position)
        db.session.add(category)
        created.append(category)
    db.session.flush()
    return created


def seed_templates(contract: Contract) -> list[ResponseTemplate]:
    created = [ResponseTemplate(contract_id=contract.id, title=title, body=body) for title, body in DEFAULT_TEMPLATES]
    db.session.add_all(created)
    db.session.flush()
    return created


def _default_categories(contract: Contract) -> list[FeedbackCategory]:
    """The defaults as unsaved objects (no id), for pages that only show them."""
    return [FeedbackCategory(contract_id=contract.id, name=name, routed_to=routed_to, position=position,
                             active=True)
            for position, (name, routed_to) in enumerate(DEFAULT_CATEGORIES)]


# ---- categories ----------------------------------------------------------------------------


def categories(contract: Contract, *, active_only: bool = True) -> list[FeedbackCategory]:
    """The contract's categories in their order; the (unsaved) defaults if it has none yet."""
    query = sa.select(FeedbackCategory).where(FeedbackCategory.contract_id == contract.id)
    if active_only:
        query = query.where(FeedbackCategory.active.is_(True))
    saved = list(db.session.scalars(query.order_by(FeedbackCategory.position, FeedbackCategory.name,
                                                   FeedbackCategory.id)))
    if saved or is_configured(contract):
        return saved
    return _default_categories(contract)


def category_key(category: FeedbackCategory) -> str:
    """The value a form posts for the category: its id, or DEFAULT_KEY + position if unsaved."""
    return str(category.id) if category.id is not None else f"{DEFAULT_KEY}{category.position}"


def category_choices(contract: Contract) -> list[tuple[str, str]]:
    """The active categories offered on a feedback form, as (key, name)."""
    return [(category_key(c), c.name) for c in categories(contract)]


def chosen_category(contract: Contract, key: str | None) -> FeedbackCategory | None:
    """The active category of the contract a form chose by its key, saving the defaults when the
    choice is a default not saved yet. None when there is no such category."""
    key = (key or "").strip()
    if key.startswith(DEFAULT_KEY):
        position = key.removeprefix(DEFAULT_KEY)
        if not position.isdigit() or int(position) >= len(DEFAULT_CATEGORIES):
            return None
        ensure_defaults(contract)
        name = DEFAULT_CATEGORIES[int(position)][0]
        clause = sa.func.lower(FeedbackCategory.name) == name.lower()
    elif key.isdigit():
        clause = FeedbackCategory.id == int(key)
    else:
        return None
    return db.session.scalar(sa.select(FeedbackCategory).where(
        FeedbackCategory.contract_id == contract.id, FeedbackCategory.active.is_(True), clause))


def _taken(model, column, contract: Contract, value: str, exclude_id: int | None) -> bool:
    """Whether another row of the contract already uses `value` in `column` (ignoring case)."""
    clash = sa.select(model.id).where(model.contract_id == contract.id, sa.func.lower(column) == value.lower())
    if exclude_id is not None:
        clash = clash.where(model.id != exclude_id)
    return db.session.scalar(clash.limit(1)) is not None


def _clean_category(contract: Contract, name: str, routed_to: str, *, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise FeedbackError("Give the category a name.", "name")
    if len(name) > 80:
        raise FeedbackError("Keep the name to 80 characters.", "name")
    if routed_to not in PARTIES:
        raise FeedbackError("Choose who answers feedback in this category.", "routed_to")
    if _taken(FeedbackCategory, FeedbackCategory.name, contract, name, exclude_id):
        raise FeedbackError("This contract already has a category with that name.", "name")
    return name


def add_category(contract: Contract, name: str, routed_to: str) -> FeedbackCategory:
    """A new active category, placed last (after the defaults, saved first if they were not).
    Routing applies to feedback received from now on."""
    ensure_defaults(contract)
    name = _clean_category(contract, name, routed_to)
    last = db.session.scalar(sa.select(sa.func.max(FeedbackCategory.position))
                             .where(FeedbackCategory.contract_id == contract.id))
    category = FeedbackCategory(contract_id=contract.id, name=name, routed_to=routed_to,
                                position=(last if last is not None else -1) + 1, active=True)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: FeedbackCategory, name: str, routed_to: str, active: bool) -> None:
    """Rename, re-route or (de)activate a category. Feedback already received keeps its routing;
    an inactive category is no longer offered but stays on the feedback that used it."""
    contract = db.session.get(Contract, category.contract_id)
    name = _clean_category(contract, name, routed_to, exclude_id=category.id)
    if not active and category.active:
        others = db.session.scalar(sa.select(sa.func.count(FeedbackCategory.id)).where(
            FeedbackCategory.contract_id == category.contract_id, FeedbackCategory.active.is_(True),
            FeedbackCategory.id != category.id))
        if not others:
            raise FeedbackError("Keep at least one active category, or people cannot give feedback.", "active")
    category.name = name
    category.routed_to = routed_to
    category.active = bool(active)
    db.session.flush()


def category_usage(contract: Contract) -> dict[int, int]:
    """category id -> how many pieces of feedback use it (all of them, sensitive ones included)."""
    rows = db.session.execute(
        sa.select(Feedback.category_id, sa.func.count(Feedback.id))
        .where(Feedback.contract_id == contract.id, Feedback.category_id.is_not(None))
        .group_by(Feedback.category_id)).all()
    return {category_id: count for category_id, count in rows}


# ---- response templates --------------------------------------------------------------------


def response_templates(contract: Contract) -> list[ResponseTemplate]:
    """The contract's response templates, by title; the (unsaved) defaults if it is not configured."""
    saved = list(db.session.scalars(
        sa.select(ResponseTemplate).where(ResponseTemplate.contract_id == contract.id)
        .order_by(sa.func.lower(ResponseTemplate.title), ResponseTemplate.id)))
    if saved or is_configured(contract):
        return saved
    return sorted((ResponseTemplate(contract_id=contract.id, title=title, body=body)
                   for title, body in DEFAULT_TEMPLATES), key=lambda t: t.title.lower())


def template_text(contract: Contract, template_id: int | None) -> str | None:
    """The text of the contract's template `template_id`, to start a response from; None if none."""
    if not template_id:
        return None
    return db.session.scalar(sa.select(ResponseTemplate.body).where(
        ResponseTemplate.contract_id == contract.id, ResponseTemplate.id == template_id))


def _clean_template(contract: Contract, title: str, body: str, *, exclude_id: int | None = None) -> tuple[str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise FeedbackError("Give the template a title.", "title")
    if len(title) > 120:
        raise FeedbackError("Keep the title to 120 characters.", "title")
    if not body:
        raise FeedbackError("Write the text of the template.", "body")
    if len(body) > 5000:
        raise FeedbackError("Keep the text to 5,000 characters.", "body")
    if _taken(ResponseTemplate, ResponseTemplate.title, contract, title, exclude_id):
        raise FeedbackError("This contract already has a template with that title.", "title")
    return title, body


def add_template(contract: Contract, title: str, body: str) -> ResponseTemplate:
    """A new template, beside the defaults (saved first if they were not)."""
    ensure_defaults(contract)
    title, body = _clean_template(contract, title, body)
    template = ResponseTemplate(contract_id=contract.id, title=title, body=body)
    db.session.add(template)
    db.session.flush()
    return template


def update_template(template: ResponseTemplate, title: str, body: str) -> None:
    contract = db.session.get(Contract, template.contract_id)
    template.title, template.body = _clean_template(contract, title, body, exclude_id=template.id)
    db.session.flush()


def delete_template(template: ResponseTemplate) -> None:
    """Responses already published keep their text; the template only stops being offered."""
    db.session.delete(template)
    db.session.flush()
