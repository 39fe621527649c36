FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# Tesseract and its Arabic model, for importing scans and images (libya_archive/archive/formats/ocr.py).
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-ara \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY libya_archive ./libya_archive
RUN pip install --no-cache-dir -e .

COPY . .
# collectstatic reads settings only; it never connects to this database.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=postgres://unused@localhost/unused \
    python manage.py collectstatic --noinput

EXPOSE 8000
# Workers, threads and the access log: gunicorn.conf.py, in the working directory.
CMD ["gunicorn", "libya_archive.wsgi", "--bind", "0.0.0.0:8000"]
