# The portal's image, built from this repository (compose.yaml uses it for the web and the worker).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORTAL_ENV=production
# WeasyPrint needs Pango; npm installs the front-end assets (htmx, USWDS, fonts) at build time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core nodejs npm make \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml package.json package-lock.json Makefile ./
COPY portal ./portal
RUN pip install --no-cache-dir .
COPY . .
RUN make static/vendor/.installed && rm -rf node_modules \
 && useradd --system --home /app portal && mkdir -p /app/instance && chown -R portal /app/instance
USER portal

EXPOSE 8000
# Migrations first (idempotent), then gunicorn with gunicorn.conf.py (which refuses an unsafe start).
CMD ["sh", "-c", "flask --app wsgi db upgrade && exec gunicorn -c gunicorn.conf.py wsgi:app"]
