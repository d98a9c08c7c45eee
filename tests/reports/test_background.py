"""Publishing in the background: above the size threshold (a thread without Redis), and always on
RQ when REDIS_URL is set. The RQ test really enqueues and runs the job on Redis (a separate db)."""

from __future__ import annotations

import os
from datetime import date

import pytest

from portal.reports import jobs, services

REDIS_TEST_URL = os.environ.get("REPORTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _approved(world, narrative="Text."):
    report = services.create_report(world.contract_a, world["public_officer"], kind="quarter",
                                    start=date(2026, 7, 1), end=date(2026, 9, 30),
                                    sections=["summary", "narrative", "methodology"], narrative=narrative)
    services.submit(report)
    services.approve(report, world["public_manager"])
    return report


def test_publish_mode_follows_size_and_redis(app, world, monkeypatch):
    report = _approved(world)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    monkeypatch.setitem(app.config, "REPORT_BACKGROUND_ROWS", 1000)
    assert services.publish_mode(report) == "inline"
    size = services.report_size(report)
    assert size >= 1
    monkeypatch.setitem(app.config, "REPORT_BACKGROUND_ROWS", size - 1)
    assert services.publish_mode(report) == "thread"
    monkeypatch.setitem(app.config, "REPORT_BACKGROUND_ROWS", 1000)
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:6379/13")
    assert services.publish_mode(report) == "rq"  # always, whatever the size


def test_large_report_is_queued_and_the_page_polls(app, world, login, monkeypatch):
    report = _approved(world)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    monkeypatch.setitem(app.config, "REPORT_BACKGROUND_ROWS", 0)
    started = []
    monkeypatch.setattr(jobs, "start_background", lambda *args: started.append(args))
    manager = login(world["public_manager"])
    response = manager.post(f"/contracts/AAA/reports/{report.id}/publish")
    assert response.status_code == 303
    assert started == [("thread", report.id, world["public_manager"].id)]
    assert report.render_state == "queued" and report.status == "approved"
    page = manager.get(f"/contracts/AAA/reports/{report.id}").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in page and "Waiting for a worker" in page
    polled = manager.get(f"/contracts/AAA/reports/{report.id}/status?polling=1")
    assert polled.status_code == 200 and "HX-Refresh" not in polled.headers
    # the job (here run directly) produces the PDF; the next poll reloads the page
    assert jobs.publish_job(report.id, world["public_manager"].id) == report.pdf_sha256
    assert report.status == "published" and report.render_state == "done"
    polled = manager.get(f"/contracts/AAA/reports/{report.id}/status?polling=1")
    assert polled.headers.get("HX-Refresh") == "true"


def test_job_on_a_report_no_longer_approved_does_nothing(app, world):
    report = _approved(world)
    services.send_back(report)
    assert jobs.publish_job(report.id, None) == "nothing to do"


def _redis():
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI at {REDIS_TEST_URL}: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL} ({error}); start redis-server to run this test")
    return connection


def test_rq_job_really_runs_on_redis(app, world, login, monkeypatch):
    from rq import Queue, SimpleWorker

    connection = _redis()
    connection.flushdb()  # our own db number: nothing else lives there
    try:
        report = _approved(world, narrative="Published by the RQ worker.")
        monkeypatch.setitem(app.config, "REDIS_URL", REDIS_TEST_URL)
        manager = login(world["public_manager"])
        assert manager.post(f"/contracts/AAA/reports/{report.id}/publish").status_code == 303
        queue = Queue("reports", connection=connection)
        assert queue.count == 1 and report.render_state == "queued"
        job = queue.jobs[0]
        assert job.func_name == "portal.worker.publish_report" and job.args[0] == report.id
        worker = SimpleWorker([queue], connection=connection)
        assert worker.work(burst=True)
        job.refresh()
        assert job.get_status() == "finished", job.latest_result()
        assert report.status == "published" and report.render_state == "done"
        assert job.return_value() == report.pdf_sha256
        assert queue.count == 0
    finally:
        connection.flushdb()
