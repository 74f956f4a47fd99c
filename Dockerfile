# syntax=docker/dockerfile:1
# A small image holding only the clinicsite program, for writers and hosts
# without Rust (README: "Running in a container"). Docker or Podman:
#   docker build -t clinicsite .
#   docker run --rm -p 127.0.0.1:1111:1111 -v "$PWD":/site clinicsite            # serve
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD":/site clinicsite build  # build ./public

# Build: the release program (the theme is compiled into it).
FROM docker.io/library/rust:1-bookworm AS builder
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -D -m 0755 target/release/clinicsite /out/clinicsite \
    && strip /out/clinicsite

# Run: glibc and libgcc, which the program links to, and nothing else (no shell),
# as an unprivileged user (`--user` gives it yours, to write into your folder).
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /out/clinicsite /usr/local/bin/clinicsite
# The build record goes where any user may write; CLINICSITE_CONTAINER tells
# `serve` that the published port (docker run -p), not --bind, decides who can connect.
ENV CLINICSITE_CACHE_DIR=/tmp/clinicsite-cache \
    CLINICSITE_CONTAINER=1
WORKDIR /site
EXPOSE 1111
ENTRYPOINT ["/usr/local/bin/clinicsite"]
# Inside a container the port must be reachable from outside it: every address.
CMD ["serve", "--bind", "0.0.0.0"]
