import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '@wenzheng/platform';
import { APP_CONFIG } from '@wenzheng/platform';
import { AuthConfigController } from './auth-config.controller';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({
  controllers: [AuthConfigController],
  providers: [
    {
      provide: TokenVerifier,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) =>
        new TokenVerifier({ secret: c.jwtSecret, jwksUrl: c.jwksUrl, issuer: c.jwtIssuer, audience: c.jwtAudience }),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
