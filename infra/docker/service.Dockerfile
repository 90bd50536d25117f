# One multi-stage image recipe for every service; docker-compose and CI pass SERVICE
# (registry, news-feed, application-intake, notification).
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=registry -t shuangchuang/registry .
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /repo
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY services ./services
# The mini-program and local tooling are not part of a service image.
RUN node -e "const p=require('./package.json');p.workspaces=['packages/*','services/*'];require('fs').writeFileSync('package.json',JSON.stringify(p))" \
 && npm install --no-audit --no-fund \
 && npx turbo run build --filter=@shuangchuang/${SERVICE}... \
 && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /repo/node_modules ./node_modules
COPY --from=build --chown=node:node /repo/packages ./packages
COPY --from=build --chown=node:node /repo/services/${SERVICE} ./service
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "service/dist/main.js"]
