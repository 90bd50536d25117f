# One recipe for every service image (SERVICE: registry, news-feed, application-intake,
# notification), built from the repository root:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=registry \
#     -t shuangchuang/registry:0.1.0 .
# The runtime holds that service, the workspace packages it runs with and their production
# dependencies, nothing else (no embedded servers, test infrastructure, bench kit, compilers).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. The workspace cut down to the service and what builds it (`turbo prune --docker`: json/ has
#    the manifests and the pruned lock, full/ the sources), and the manifests of its runtime.
FROM ${NODE_IMAGE} AS prune
ARG SERVICE
ARG TURBO_VERSION=2.11.9
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /repo
RUN npm install --global --no-audit --no-fund "turbo@${TURBO_VERSION}"
COPY . .
RUN test -n "${SERVICE}" \
 && turbo prune "@shuangchuang/${SERVICE}" --docker \
 && node infra/docker/runtime-workspace.mjs "${SERVICE}" out/json out/runtime --manifests

# 2. Build. Dependencies first, in their own layer: it is rebuilt only when a manifest or the
#    lock changes, not when a source file does.
FROM ${NODE_IMAGE} AS build
ARG SERVICE
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /repo
COPY --from=prune /repo/out/json/ ./
COPY .npmrc ./
RUN npm ci
COPY --from=prune /repo/out/full/ ./
COPY tsconfig.base.json ./
COPY infra/docker/runtime-workspace.mjs /tools/
RUN npx turbo run build --filter="@shuangchuang/${SERVICE}" --output-logs=errors-only \
 && node /tools/runtime-workspace.mjs "${SERVICE}" /repo /runtime

# 3. The service's production dependencies alone (also their own layer).
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY --from=prune /repo/out/runtime/ ./
COPY .npmrc ./
RUN npm ci --omit=dev && npm cache clean --force && rm .npmrc

# 4. Runtime: files owned by root, the process by the image's unprivileged `node` user (uid
#    1000), so it can read its code but not change it.
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production PORT=8080
COPY --from=dependencies /app /app
COPY --from=build /runtime/ /app/
WORKDIR /app/services/${SERVICE}
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]
