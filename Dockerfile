# syntax=docker/dockerfile:1
# Paydeck: one image for the web app and the job worker (same code, different command).
#   docker build -t paydeck .
#   web:    docker run -p 3000:3000 --env-file .env paydeck
#   worker: docker run --env-file .env paydeck node --import tsx --conditions=react-server scripts/worker.ts
# Not built in this repository's CI (no container engine there); compose.yaml shows the full stack.

ARG NODE_VERSION=24.21

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Everything the build needs (Next.js, Tailwind, TypeScript…).
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

# Only what runs: tsx compiles scripts/ and lib/ at start-up (migrations, worker), Next.js serves .next.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM deps AS build
COPY . .
# `next build` validates the shape of the environment only; runtime secrets are not needed here.
RUN npm run build && rm -rf .next/cache

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
RUN groupadd --system --gid 1001 paydeck \
 && useradd --system --uid 1001 --gid paydeck --home-dir /app --no-create-home paydeck \
 && mkdir -p /app/.data \
 && chown paydeck:paydeck /app/.data
COPY --from=prod-deps --chown=paydeck:paydeck /app/node_modules ./node_modules
COPY --from=build --chown=paydeck:paydeck /app/.next ./.next
COPY --chown=paydeck:paydeck package.json next.config.js tsconfig.json ./
COPY --chown=paydeck:paydeck lib ./lib
COPY --chown=paydeck:paydeck db ./db
COPY --chown=paydeck:paydeck drizzle ./drizzle
COPY --chown=paydeck:paydeck emulator ./emulator
COPY --chown=paydeck:paydeck scripts/start.ts scripts/worker.ts ./scripts/
COPY --chown=paydeck:paydeck scripts/lib ./scripts/lib
USER paydeck
EXPOSE 3000
# Liveness only: /api/health (readiness: database, Stripe, worker) belongs to the load balancer.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (not npm), so SIGTERM reaches scripts/start.ts, which drains in-flight work.
CMD ["node", "--import", "tsx", "--conditions=react-server", "scripts/start.ts"]
