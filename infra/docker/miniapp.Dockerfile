# The H5 build of the mini-program behind the nginx gateway of docker-compose.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
COPY . .
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@shuangchuang/miniapp

FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY --from=build /repo/miniapp/dist/h5 /usr/share/nginx/html
COPY infra/nginx/gateway.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080
