import { Body, Controller, Delete, ForbiddenException, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { clearedSessionCookie, crossSiteRefusal, Public, sessionCookie } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { ApiError, ApiErrors, ApiNoContent, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { sessionSchema } from './openapi/schemas/people.schemas';
import { tokenRequestSchema } from './people.schemas';
import { IssueTokenUseCase } from '../use-cases/issue-token.use-case';

// @types/express is not installed: the parts of the request and response used here.
interface HttpRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { encrypted?: boolean };
}
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * The web console's session: sign-in sets the `verity_session` cookie (HttpOnly, SameSite=Strict;
 * the same JWT POST /v1/auth/token gives), sign-out clears it. Both refuse a foreign Origin, so
 * another site can neither sign someone in to an account of its choosing nor sign them out.
 */
@ApiTags('auth')
@Controller('v1/auth/session')
export class SessionController {
  constructor(
    private readonly issueToken: IssueTokenUseCase,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Console sign-in: e-mail and password → the verity_session cookie (HttpOnly, SameSite=Strict) and the account; 401 with a generic message otherwise',
  })
  @ApiZodBody(tokenRequestSchema, 'TokenRequest')
  @ApiZodResponse(200, sessionSchema)
  @ApiErrors(401)
  @ApiError(403, 'Cross-site request refused: the Origin is not the gateway’s own')
  async signIn(@Body() body: unknown, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpResponse) {
    this.refuseForeignOrigin(req);
    const { email, password } = validate(tokenRequestSchema, body);
    const { token, expiresIn, expiresAt, user } = await this.issueToken.signIn(email, password);
    res.setHeader('set-cookie', sessionCookie(token, expiresIn, { secure: this.config.SESSION_COOKIE_SECURE }));
    res.setHeader('cache-control', 'no-store');
    return { user: { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles, locale: user.locale }, expiresAt };
  }

  @Public()
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Console sign-out: clears the verity_session cookie (204, with or without a session)' })
  @ApiNoContent('Signed out: the cookie is cleared')
  @ApiError(403, 'Cross-site request refused: the Origin is not the gateway’s own')
  signOut(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpResponse): void {
    this.refuseForeignOrigin(req);
    res.setHeader('set-cookie', clearedSessionCookie({ secure: this.config.SESSION_COOKIE_SECURE }));
  }

  /** An Origin header, when sent, must be this site's (with a Secure cookie, over https as the browser sees it). */
  private refuseForeignOrigin(req: HttpRequest): void {
    const encrypted = req.socket?.encrypted === true || this.config.SESSION_COOKIE_SECURE;
    const refusal = crossSiteRefusal({ method: req.method, headers: req.headers, encrypted }, { requireCsrfHeader: false });
    if (refusal) throw new ForbiddenException(`cross-site request refused: ${refusal}`);
  }
}
