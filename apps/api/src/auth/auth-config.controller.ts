import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@wenzheng/platform';
import { DEV_TOKEN_SECRET } from '../dev-token/dev-token.controller';
import { APP_CONFIG } from '@wenzheng/platform';
import { Public } from './auth.decorators';

export const SIGN_IN_MODES = ['oidc', 'dev', 'none'] as const;

export class AuthConfigView {
  @ApiProperty({
    enum: SIGN_IN_MODES,
    description:
      'oidc: sign in at the issuer (authorization code + PKCE); dev: the development role picker (POST /api/dev/token, ' +
      'only on the generated development secret); none: tokens come from elsewhere (AUTH_JWT_SECRET without single sign-on)',
  })
  mode: (typeof SIGN_IN_MODES)[number];

  @ApiPropertyOptional({ example: 'https://sso.example.gov.cn/realms/wenzheng', description: 'oidc only: the issuer' })
  authority?: string;

  @ApiPropertyOptional({ example: 'wenzheng-console', description: "oidc only: the console's public client id" })
  clientId?: string;

  @ApiPropertyOptional({ example: 'openid profile', description: 'oidc only: the scopes to ask for' })
  scope?: string;
}

/** GET /api/auth/config: how the console signs in, so one build serves development and production. */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthConfigController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Provided only when the development picker is registered (main.ts, on the generated secret).
    @Optional() @Inject(DEV_TOKEN_SECRET) private readonly devSecret?: string,
  ) {}

  @Get('config')
  @ApiOperation({ summary: 'How the console signs in: the OIDC issuer and client id, or the development picker' })
  @ApiOkResponse({ type: AuthConfigView })
  get(): AuthConfigView {
    const { oidc } = this.config;
    if (oidc) return { mode: 'oidc', authority: oidc.issuer, clientId: oidc.clientId, scope: oidc.scope };
    return { mode: this.devSecret ? 'dev' : 'none' };
  }
}
