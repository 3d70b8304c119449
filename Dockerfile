# Mirrors the README's install line; the image runs the bot (tokens come from the environment).
FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir ".[postgres]"
ENV ATTACHE_DATABASE_URL=sqlite:////data/attache.sqlite3
VOLUME /data
CMD ["attache", "serve"]
