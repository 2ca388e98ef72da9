FROM python:3.11.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY parsers ./parsers
COPY replies ./replies
COPY config ./config
RUN pip install --no-cache-dir . \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin intake \
 && mkdir -p /app/var \
 && chown intake: /app/var
# /app/var is the one writable place (SQLite, if used; the demo's output); mount a volume there.
VOLUME ["/app/var"]
USER intake
CMD ["intake", "run"]
