import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { signJwt, verifyPassword } from '@verity/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '../../gateway.settings';
import { UsersRepository } from '../users.repository';

// Hash of a random password: unknown e-mails cost the same scrypt work as known ones.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Sign-in: e-mail + password → access token. One generic refusal for every failure. */
@Injectable()
export class IssueTokenUseCase {
  constructor(
    private readonly users: UsersRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(email: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const user = await this.users.credentialsByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) throw new UnauthorizedException('invalid e-mail or password');
    const ttl = this.config.JWT_TTL_SECONDS;
    return { accessToken: signJwt({ sub: user.id, roles: user.roles }, this.config.JWT_SECRET, ttl), tokenType: 'Bearer', expiresIn: ttl };
  }
}
