# Sales Coach: one container serving the pages, the REST API and the call socket on port 8080.
FROM python:3.11-slim

# HF_HOME: a recognition model fetched by name (faster-whisper's tiny.en) is kept in the data volume.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_NO_CACHE=1 \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    NICEGUI_STORAGE_PATH=/data/.nicegui \
    HF_HOME=/data/huggingface

WORKDIR /app

# The same install script as scripts/run, with the runtime-only lock (same pins as requirements.lock).
COPY scripts/install.sh scripts/install.sh
COPY requirements.runtime.lock ./
RUN scripts/install.sh requirements.runtime.lock /opt/venv /opt/tools \
    && rm -rf /opt/tools

COPY main.py alembic.ini ./
COPY app app
COPY components components
COPY services services
COPY migrations migrations

RUN useradd --create-home --uid 10001 salescoach \
    && mkdir -p /data \
    && chown salescoach:salescoach /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/opt/venv/bin/python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8080')}/healthz\", timeout=4)"]

CMD ["/opt/venv/bin/python", "main.py"]
