# stepguide in a container: builds the site of a project mounted at /project.
#   docker build -t stepguide .
#   docker run --rm -v "$PWD:/project" stepguide build
#   docker run --rm -v "$PWD:/project" stepguide check --deny-warnings
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src src
COPY templates templates
RUN cargo build --release --locked --bin stepguide \
    && strip target/release/stepguide

# Only the binary and the C library it links to.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/stepguide /usr/local/bin/stepguide
WORKDIR /project
ENTRYPOINT ["stepguide"]
CMD ["build"]
