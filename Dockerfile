# Zelfscan Live: one process, SQLite in /data by default.
FROM python:3.11-slim
WORKDIR /srv
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    ZELFSCAN_DATA_DIR=/data ZELFSCAN_HOST=0.0.0.0 ZELFSCAN_PORT=8000 ZELFSCAN_AGENDA_DIR=/srv/agendas
COPY pyproject.toml README.md ./
COPY app ./app
COPY agendas ./agendas
# The migrations sit beside app/; `python -m app` (run from /srv) upgrades /data's database with them.
COPY alembic.ini ./
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --system --home /srv zelfscan && mkdir -p /data && chown zelfscan /data
USER zelfscan
VOLUME /data
EXPOSE 8000
CMD ["python", "-m", "app"]
