export { stackEnv, uniqueName, eventually } from './stack-env';
export { readTopic, type ReadRecord } from './topic-reader';
export { privateContentTopic, contentEvent } from './content-fixtures';
export { launchChromium, screenshot, seriousAccessibilityViolations, CHROMIUM_PATH, type AxeViolation } from './browser';
export { startPlatform, signInAdmin, uploadMedia, startFakeLlm } from './platform';
export { publishProjectMembers, untilProjectAccess, type ProjectRoleName } from './project-access';
export { TcpProxy } from './tcp-proxy';
export { PgCluster, pgBinDir } from './pg-cluster';
export { parsePrometheusText, sumOf, type PromSample } from './prometheus-text';
