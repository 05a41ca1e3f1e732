# syntax=docker/dockerfile:1
# The production image of the API, the projector and the worker (docker-compose.yml builds it).
# Stage 1 installs everything and builds; stage 2 is a production install plus the compiled output,
# run as the unprivileged `node` user. No Docker engine runs on this project's machines, so CI runs
# these same steps without Docker: scripts/production-check.js reads this file and follows it
# (its RUN lines, COPY --from=build lines, CMD and HEALTHCHECK) in clean temporary folders.
#
#   docker build -t wenzheng .
#   docker run -p 3000:3000 -e AUTH_JWT_SECRET=... -e DATABASE_URL=postgres://... wenzheng
#   projector: docker run -e DATABASE_URL=... wenzheng node dist/apps/projector/src/main.js   (/health on 3001)
#   worker:    docker run -e DATABASE_URL=... wenzheng node dist/apps/worker/src/main.js
#   CLIs:      docker run ... wenzheng node dist/apps/api/src/audit/verify-cli.js   (rebuild: dist/apps/projector/src/rebuild.js all)
# With no DATABASE_URL the API starts the embedded PostgreSQL in /app/.data (a volume, for a trial only).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# a cache mount keeps npm's download cache out of the layers and across builds
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# swc (scripts/compile.js), not tsc: the same output npm start runs, with the @wenzheng/* paths
# already rewritten to relative requires; then the screens (Vite) into dist/web. Tests stay behind.
RUN npm run build
RUN find dist -name '*.spec.js*' -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist/apps/api dist/apps/api
COPY --from=build /app/dist/apps/projector dist/apps/projector
COPY --from=build /app/dist/apps/worker dist/apps/worker
COPY --from=build /app/dist/libs dist/libs
COPY --from=build /app/dist/web dist/web
# The code stays root's and read-only to the process; only .data (the development secret and the
# embedded PostgreSQL, when no AUTH_JWT_SECRET / DATABASE_URL is given) is the app user's.
RUN mkdir .data && chown node:node .data
VOLUME /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
