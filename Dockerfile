# One image for all six apps; the arguments choose which one runs.
#
# Build:  docker build -t my-service .
#         (no Docker engine or registry: scripts/container/podman.sh build, which builds on a
#         local stand-in for node:20-bookworm-slim and tags localhost/my-service:dev)
# Run:    docker run --rm -e APP_ENV=prod -e ... my-service                   # core app (dist/apps/my-service/main.js)
#         docker run --rm my-service dist/apps/my-service-web/main.js        # any other app
#         docker run --rm my-service dist/apps/my-service/migrate.js         # the core app's commands
#
# Node is PID 1 (exec form), so SIGTERM from `docker stop` / Kubernetes reaches the app directly.
# Nothing is written under /app at run time: the root filesystem may be read-only (the Helm chart
# sets readOnlyRootFilesystem and mounts an emptyDir at /tmp).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies, then the bundles in dist/apps/<app>/ -----------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The lockfile first, so that a source change reuses the installed node_modules layer.
# --ignore-scripts: npm 11 (package.json allowScripts) runs no dependency install scripts and
# none is needed; the image's npm 10 would run them.
# Optional secret npm-ca: a CA bundle for registries behind a TLS-intercepting proxy
# (`--secret id=npm-ca,src=<bundle>`); mounted for the RUN only, never stored in a layer.
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,id=service-starter-npm,target=/root/.npm,sharing=locked \
    --mount=type=secret,id=npm-ca,target=/run/secrets/npm-ca.crt \
    if [ -f /run/secrets/npm-ca.crt ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca.crt; fi \
    && npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json .swcrc ./
COPY tools/build tools/build
COPY libs libs
COPY apps apps
# Every app tools/build/build-app.js knows (the six, with the core app's commands); the same
# builder `nx build <app>` runs. Bundles hold the workspace code; npm packages stay external.
RUN node tools/build/build-app.js $(node -p "Object.keys(require('./tools/build/build-app.js').ENTRIES).join(' ')") \
    && rm -f dist/apps/*/meta.json

# --- prod-deps: production dependencies only ---------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,id=service-starter-npm,target=/root/.npm,sharing=locked \
    --mount=type=secret,id=npm-ca,target=/run/secrets/npm-ca.crt \
    if [ -f /run/secrets/npm-ca.crt ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca.crt; fi \
    && npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The declared topics, read by the provision-topics command (KAFKA_TOPICS_FILE overrides it).
COPY config/kafka-topics.yaml config/
# Numeric, so that Kubernetes' runAsNonRoot can verify it; owns nothing in /app.
USER 10001:10001
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["dist/apps/my-service/main.js"]
