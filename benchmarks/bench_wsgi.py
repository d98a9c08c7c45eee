"""The portal as benchmarks serve it, plus the FLOOR route: the base layout with a 25-row table and
no database work, the cost of an empty Flask page on this stack. Benchmark-only: the portal itself
never has this route.

    gunicorn -w 2 benchmarks.bench_wsgi:app
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import render_template_string  # noqa: E402

from portal import create_app  # noqa: E402

FLOOR = """{% extends "base.html" %}
{% block content %}
<h1>Floor</h1>
<table class="usa-table">
  <thead><tr><th scope="col">Row</th><th scope="col">Name</th><th scope="col">Value</th></tr></thead>
  <tbody>
  {% for row in rows %}<tr><td>{{ row.n }}</td><td>{{ row.name }}</td><td>{{ row.value }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}"""
ROWS = [{"n": n, "name": f"Row {n}", "value": f"{n * 37.5:.2f}"} for n in range(1, 26)]

app = create_app()


@app.get("/_floor")
def floor():
    return render_template_string(FLOOR, rows=ROWS, page_title="Floor")
