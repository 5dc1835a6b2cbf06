# One image for every Verity service (docker-compose.yml picks the service with `command`,
# or set SERVICE_NAME). TypeScript runs through SWC at start-up: no build step for the services.

# The web console (services/console, React + Vite) is built in a stage of its own: Vite is a
# dev dependency, which the runtime stage (NODE_ENV=production) does not install. Only its
# dist/ reaches the image, where the gateway serves it at `/`.
FROM node:22-slim AS console
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY . .
RUN npm ci --no-audit --no-fund && node scripts/console-build.cjs --force

FROM node:22-slim

WORKDIR /app
ENV NODE_ENV=production \
    SWC_NODE_PROJECT=tsconfig.json \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# The whole workspace is needed before `npm ci` (npm workspaces: libs/*, services/*);
# .dockerignore keeps node_modules, .local and build output out of the context.
COPY . .
COPY --from=console /app/services/console/dist services/console/dist
RUN npm ci --no-audit --no-fund \
    && npm cache clean --force \
    && chown -R node:node /app

USER node
EXPOSE 3000
ENV SERVICE_NAME=gateway
CMD ["sh", "-c", "exec node -r @swc-node/register services/${SERVICE_NAME}/src/main.ts"]
