# The plugin image Cloudforet's supervisor runs: it passes no command, so the entrypoint starts the server on
# 50051 (replay off). `docker run IMAGE --demo` serves the built-in demo fixtures instead of AWS.
# Only the production build goes in: no fixture tools, benchmarks, tests or dev dependencies (.dockerignore
# keeps them out of the build context, so a production file that imported one would fail this build).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY gen ./gen
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures/demo ./fixtures/demo
LABEL org.opencontainers.image.title="cloudforet-aws-ec2-collector" \
      org.opencontainers.image.description="Cloudforet inventory.Collector plugin for AWS EC2 (gRPC, gRPC-Web and Connect on port 50051)" \
      org.opencontainers.image.licenses="Apache-2.0"
# Liveness for docker/podman: GET /healthz on SPACEONE_PORT through node:http (the slim image has no curl; a gRPC
# probe would need a client library the production install lacks). Kubernetes ignores HEALTHCHECK: the
# supervisor probes the TCP port. Set the port with SPACEONE_PORT, not --port, or the probe looks at 50051.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# Read-only root filesystem: the process writes no file (logs go to stderr, caches live in memory), so
# `docker run --read-only --tmpfs /tmp:rw,size=16m` and Kubernetes' readOnlyRootFilesystem work as they are.
USER node
EXPOSE 50051
# Compiled JS under plain node: the port opens well inside the platform's ~2.5 s connection window.
ENTRYPOINT ["node", "dist/src/main.js"]
