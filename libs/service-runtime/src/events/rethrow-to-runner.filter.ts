import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a Kafka handler's error back to the consumer runner as it was thrown: Nest's default RPC
 * filter would replace it with `{status: 'error'}`, and the runner decides between retry and
 * dead letter by the error's class (NonRetryableError, transient failures).
 */
@Catch()
export class RethrowToRunner implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
