# The per-version migrations image: the schemaguard image plus this
# version of the migration directory, tagged with the commit that holds it.
# Built and pushed by github/migrations-image.yml; run by the Helm hook, the
# init container and the Fly.io release command.
#
# Pin schemaguard to a release tag or digest in production.
ARG SCHEMAGUARD_IMAGE=ghcr.io/schemaguard/schemaguard:latest
FROM ${SCHEMAGUARD_IMAGE}
COPY db/migrations /migrations
# `docker run -e SCHEMAGUARD_URL=… <image>` applies the pending migrations.
CMD ["apply", "--dir", "/migrations"]
