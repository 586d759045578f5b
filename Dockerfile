# kg with the Dask extra: the image of the `dask-scheduler`, `dask-worker` and `kg` services of
# docker-compose.yml (profile "cluster"). Workers and client must run the same kg version.
FROM python:3.11-slim
WORKDIR /opt/kg
COPY pyproject.toml README.md ./
COPY kg ./kg
RUN pip install --no-cache-dir '.[cluster]'
WORKDIR /corpus
