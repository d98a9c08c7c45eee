"""Public pages and published files answer 304 when the reader's copy is current."""

from __future__ import annotations

from portal.extensions import db


def test_public_pages_answer_304_until_the_record_changes(client, world):
    for path in ("/", f"/contracts/{world.contract_a.code}"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"]
        assert "no-cache" in first.headers["Cache-Control"] and "Cookie" in first.headers["Vary"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    etag = client.get(f"/contracts/{world.contract_a.code}").headers["ETag"]
    world.contract_a.public_summary = "Changed: a new summary."
    db.session.commit()
    changed = client.get(f"/contracts/{world.contract_a.code}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Changed: a new summary." in changed.data


def test_members_never_get_a_shared_validator(login, world):
    response = login(world["public_manager"]).get(f"/contracts/{world.contract_a.code}")
    assert response.status_code == 200 and "ETag" not in response.headers


def test_activity_pages_by_id_not_offset(app):
    import re

    import sqlalchemy as sa

    from portal.auth.models import User
    from portal.contracts.models import Contract
    from portal.generate import Plan, generate

    generate(Plan.for_scale(0.001))
    code = db.session.scalar(sa.select(Contract.code))
    user = db.session.scalar(sa.select(User).where(User.email.like("public.manager.%")))
    client = app.test_client(user=user)
    first = client.get(f"/contracts/{code}/activity").get_data(as_text=True)
    older = re.search(r'activity\?before=(\d+)"', first)
    assert older and "after=" not in first
    second = client.get(f"/contracts/{code}/activity?before={older.group(1)}").get_data(as_text=True)
    newer = re.search(r'activity\?after=(\d+)"', second)
    assert newer
    back = client.get(f"/contracts/{code}/activity?after={newer.group(1)}").get_data(as_text=True)
    assert re.search(r'activity\?before=(\d+)"', back).group(1) == older.group(1)
