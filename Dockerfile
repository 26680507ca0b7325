# ses-advisor server image. Build: docker build -t ses-advisor .   Run: docker run -p 8000:8000 --env-file .env ses-advisor
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    SES_DATA_DIR=/var/lib/ses

WORKDIR /app
RUN useradd --system --home /app ses && mkdir -p /var/lib/ses && chown ses /var/lib/ses

# CPU-only torch first: otherwise pip resolves a multi-GB CUDA build for sentence-transformers.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY bot bot
COPY knowledge knowledge
COPY indexer indexer
COPY cases cases
COPY corpus corpus
RUN pip install --no-cache-dir -e .

USER ses
# The index and the SQLite file live in the volume; both are created on first start if missing.
VOLUME ["/var/lib/ses"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "ses index ensure && ses db upgrade && ses serve --host 0.0.0.0 --port 8000"]
