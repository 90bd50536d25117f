# The gateway image: nginx serving the H5 build of the mini-program at /, the API reference and
# event catalog at /docs, and routing /api/<service> to the services (infra/nginx/gateway.conf).
#   docker build -f infra/docker/miniapp.Dockerfile -t shuangchuang/gateway:0.1.0 .
ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28-alpine

# 1. The workspace cut down to the mini-program and the reference pages.
FROM ${NODE_IMAGE} AS prune
ARG TURBO_VERSION=2.11.9
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /repo
RUN npm install --global --no-audit --no-fund "turbo@${TURBO_VERSION}"
COPY . .
RUN turbo prune @shuangchuang/miniapp @shuangchuang/api-docs --docker

# 2. Build: dependencies in their own layer, then the contracts, the H5 build and /docs.
FROM ${NODE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1
WORKDIR /repo
COPY --from=prune /repo/out/json/ ./
COPY .npmrc ./
RUN npm ci
COPY --from=prune /repo/out/full/ ./
COPY tsconfig.base.json ./
RUN npx turbo run build --filter=@shuangchuang/contracts --output-logs=errors-only \
 && npm run build:h5 -w @shuangchuang/miniapp \
 && npm run build -w @shuangchuang/api-docs

# 3. Static files and nginx only, as nginx-unprivileged's user (uid 101), on port 8080.
FROM ${NGINX_IMAGE} AS runtime
COPY --from=build /repo/miniapp/dist/h5 /usr/share/nginx/html
COPY --from=build /repo/infra/api-docs/dist /usr/share/nginx/html/docs
COPY infra/nginx/gateway.conf /etc/nginx/conf.d/default.conf
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
