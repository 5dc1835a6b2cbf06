import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { accessTokenSchema } from './openapi/schemas/people.schemas';
import { tokenRequestSchema } from './people.schemas';
import { IssueTokenUseCase } from '../use-cases/issue-token.use-case';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly issueToken: IssueTokenUseCase) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: e-mail and password for an access token (401 with a generic message otherwise)' })
  @ApiZodBody(tokenRequestSchema, 'TokenRequest')
  @ApiZodResponse(200, accessTokenSchema)
  @ApiErrors(401)
  token(@Body() body: unknown) {
    const { email, password } = validate(tokenRequestSchema, body);
    return this.issueToken.execute(email, password);
  }
}
