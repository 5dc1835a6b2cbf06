import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { signJwt, verifyPassword } from '@verity/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { User } from '../domain/user.model';
import { UsersRepository } from '../db/users.repository';

// Hash of a random password: unknown e-mails cost the same scrypt work as known ones.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Sign-in: e-mail + password → access token (POST /v1/auth/token), or the same token for the
 * console's session cookie (POST /v1/auth/session). One generic refusal for every failure.
 */
@Injectable()
export class IssueTokenUseCase {
  constructor(
    private readonly users: UsersRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(email: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const { token, expiresIn } = await this.signIn(email, password);
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }

  /** Checks the credentials; the signed token, its lifetime in seconds, when it expires, and the account. */
  async signIn(email: string, password: string): Promise<{ token: string; expiresIn: number; expiresAt: string; user: User }> {
    const found = await this.users.credentialsByEmail(email);
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok || !found.active) throw new UnauthorizedException('invalid e-mail or password');
    const { passwordHash: _hash, ...user } = found;
    const ttl = this.config.JWT_TTL_SECONDS;
    const now = Date.now();
    const token = signJwt({ sub: user.id, roles: user.roles }, this.config.JWT_SECRET, ttl, now);
    return { token, expiresIn: ttl, expiresAt: new Date((Math.floor(now / 1000) + ttl) * 1000).toISOString(), user };
  }
}
