import { ArgumentsHost, Catch, HttpException, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { classifyFailure } from '@verity/messaging';

/** Seconds a client is told to wait before retrying while a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A request that fails because Postgres, S3 or another dependency is unreachable answers 503 with
 * Retry-After instead of 500: the request was fine and may be retried. The same classifier as the
 * consumers' (`classifyFailure`) decides; anything else keeps Nest's default handling.
 */
@Catch()
export class DependencyUnavailableFilter extends BaseExceptionFilter {
  override catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && !(err instanceof HttpException) && classifyFailure(err) === 'transient') {
      const res = host.switchToHttp().getResponse<{ setHeader?: (k: string, v: string) => void; headersSent?: boolean }>();
      if (!res.headersSent) res.setHeader?.('Retry-After', String(RETRY_AFTER_SECONDS));
      return super.catch(new ServiceUnavailableException('a dependency is unavailable; retry shortly'), host);
    }
    return super.catch(err, host);
  }
}

