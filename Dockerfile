# One image for every Verity service (docker-compose.yml picks the service with `command`,
# or set SERVICE_NAME). TypeScript runs through SWC at start-up: no build step.
FROM node:22-slim

WORKDIR /app
ENV NODE_ENV=production \
    SWC_NODE_PROJECT=tsconfig.json \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# The whole workspace is needed before `npm ci` (npm workspaces: libs/*, services/*);
# .dockerignore keeps node_modules, .local and build output out of the context.
COPY . .
RUN npm ci --no-audit --no-fund \
    && npm cache clean --force \
    && chown -R node:node /app

USER node
EXPOSE 3000
ENV SERVICE_NAME=gateway
CMD ["sh", "-c", "exec node -r @swc-node/register services/${SERVICE_NAME}/src/main.ts"]
