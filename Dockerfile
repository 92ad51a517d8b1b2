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
USER node
EXPOSE 50051
# Compiled JS under plain node: the port opens well inside the platform's ~2.5 s connection window.
ENTRYPOINT ["node", "dist/src/main.js"]
