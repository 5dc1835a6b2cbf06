import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { API_KEY_RESOLVER, ApiKeyResolver, AUTH_OPTIONS, AuthGuard, AuthOptions } from './auth.guard';

/**
 * Installs the AuthGuard globally (deny by default). A service that accepts API keys provides a
 * resolver; only the gateway sets `sessionCookie` (the console's cookie; off by default).
 */
@Module({})
export class AuthModule {
  static forRoot(opts: AuthOptions & { apiKeyResolver?: new (...args: never[]) => ApiKeyResolver }): DynamicModule {
    const providers: Provider[] = [
      { provide: AUTH_OPTIONS, useValue: { jwtSecret: opts.jwtSecret, previousJwtSecrets: opts.previousJwtSecrets, sessionCookie: opts.sessionCookie, serviceAudience: opts.serviceAudience } satisfies AuthOptions },
      { provide: APP_GUARD, useClass: AuthGuard },
    ];
    if (opts.apiKeyResolver) providers.push({ provide: API_KEY_RESOLVER, useClass: opts.apiKeyResolver });
    return { module: AuthModule, global: true, providers, exports: [AUTH_OPTIONS] };
  }
}
