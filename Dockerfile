FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY parsers ./parsers
COPY replies ./replies
COPY config ./config
RUN pip install --no-cache-dir .
USER nobody
CMD ["intake", "run"]
