# schemaguard in a small image: docker build -t schemaguard .
#
# A per-version migrations image starts from it and adds one directory:
#   FROM ghcr.io/schemaguard/schemaguard:<version>
#   COPY db/migrations /migrations
#   CMD ["apply"]
# and runs with the database URL in SCHEMAGUARD_URL or DATABASE_URL
# (docs/deploy has the Kubernetes, Helm, Fly.io and GitHub recipes).

# Keep in step with the go directive of go.mod (a test checks it).
ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so a source change reuses the downloaded modules layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# cgo: the PostgreSQL parser (pg_query_go) is PostgreSQL's own C code, and
# the golang image has gcc. The result links glibc dynamically.
# The context has no .git, so Go cannot stamp the version: the release
# workflow passes its tag (empty: --version says "(devel)").
ARG VERSION=
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w -X main.releaseVersion=${VERSION}" -o /out/schemaguard ./cmd/schemaguard

# distroless/base: glibc and CA certificates (TLS to the database), no
# shell, no package manager; "nonroot" is uid 65532.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/schemaguard /usr/local/bin/schemaguard
# The migrations convention: images built from this one put their
# directory at /migrations, which is where --dir's default (migrations)
# points from the working directory /.
WORKDIR /
USER nonroot:nonroot
ENTRYPOINT ["schemaguard"]
CMD ["--help"]
