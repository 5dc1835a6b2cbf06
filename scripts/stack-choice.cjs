// Which stack the integration tier runs on (VERITY_STACK):
//   unset or `local`   deploy/local: a real Kafka, S3Proxy and PostgreSQL on this machine (no Docker);
//   `external`         endpoints already running (KAFKA_BROKERS, S3_ENDPOINT, DATABASE_URL), only checked;
//   `testcontainers`   the same Kafka, PostgreSQL and an S3-compatible store in containers
//                      (scripts/testcontainers-stack.cjs), only where a Docker engine answers.
// A machine with a `docker` binary but no engine (our CI) is not a Docker machine: the engine
// itself is asked (GET /_ping on DOCKER_HOST or /var/run/docker.sock).
const http = require('node:http');

const CHOICES = ['local', 'external', 'testcontainers'];

/** Where the Docker engine would answer: DOCKER_HOST (unix:// or tcp://) or the default socket. */
function dockerEndpoint(env = process.env) {
  const host = env.DOCKER_HOST;
  if (!host) return { socketPath: '/var/run/docker.sock', where: 'unix:///var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length), where: host };
  if (host.startsWith('tcp://')) {
    const u = new URL(`http://${host.slice('tcp://'.length)}`);
    return { host: u.hostname, port: Number(u.port || 2375), where: host };
  }
  return {
    error: `DOCKER_HOST ${JSON.stringify(host)} is neither unix:// nor tcp://`,
    where: host,
  };
}

/** Asks the engine itself: { ok: true } when GET /_ping answers OK within timeoutMs. */
function dockerEngine(env = process.env, timeoutMs = 2000) {
  const ep = dockerEndpoint(env);
  if (ep.error) return Promise.resolve({ ok: false, where: ep.where, why: ep.error });
  return new Promise((resolve) => {
    const req = http.get(
      {
        socketPath: ep.socketPath,
        host: ep.host,
        port: ep.port,
        path: '/_ping',
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve(
            res.statusCode === 200 && body.trim() === 'OK'
              ? { ok: true, where: ep.where }
              : {
                  ok: false,
                  where: ep.where,
                  why: `answered ${res.statusCode} ${body.slice(0, 80)}`,
                },
          ),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, where: ep.where, why: err.code || err.message }));
  });
}

/**
 * The stack to run, from VERITY_STACK and what the engine said (ask it only for `testcontainers`).
 * Returns { kind, note } or throws an Error naming VERITY_STACK and the reason.
 */
function chooseStack(setting, engine) {
  const value = (setting ?? '').trim() || 'local';
  if (!CHOICES.includes(value))
    throw new Error(
      `VERITY_STACK=${JSON.stringify(setting)}: must be one of ${CHOICES.join(', ')} (unset: local)`,
    );
  if (value !== 'testcontainers')
    return {
      kind: value,
      note:
        value === 'local'
          ? 'deploy/local (Kafka, S3Proxy, PostgreSQL on this machine)'
          : 'external endpoints',
    };
  if (!engine?.ok) {
    throw new Error(
      `VERITY_STACK=testcontainers needs a Docker engine, and none answered at ${engine?.where ?? 'the default socket'} (${engine?.why ?? 'not asked'}); unset VERITY_STACK to use deploy/local`,
    );
  }
  return { kind: 'testcontainers', note: `containers on the Docker engine at ${engine.where}` };
}

module.exports = { chooseStack, dockerEngine, dockerEndpoint, CHOICES };
