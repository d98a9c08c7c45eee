from portal.extensions import db
from portal.notifications.services import notify
from tests.factories import make_user


def test_send_digests_command(app, outbox):
    digest = make_user(email="digest@example.org", email_preference="digest")
    quiet = make_user(email="quiet@example.org", email_preference="none")
    notify(digest, "Risk review due", url="/contracts/AAA/risks")
    notify(digest, "New feedback")
    notify(quiet, "Not mailed")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "send-digests"])
    assert result.exit_code == 0, result.output
    assert "1 digest(s) sent." in result.output
    (message,) = outbox
    assert message["To"] == "digest@example.org" and "2 update(s)" in message["Subject"]
    body = message.get_content()
    assert "Risk review due" in body and "New feedback" in body and "/contracts/AAA/risks" in body
    db.session.refresh(digest)
    assert digest.last_digest_at is not None
    # a second run has nothing new to send
    result = runner.invoke(args=["portal", "send-digests"])
    assert "0 digest(s) sent." in result.output and len(outbox) == 1
