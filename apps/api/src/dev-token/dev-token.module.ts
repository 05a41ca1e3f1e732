import { DynamicModule, Module } from '@nestjs/common';
import { DEV_TOKEN_SECRET, DevTokenController } from './dev-token.controller';

@Module({})
export class DevTokenModule {
  static forSecret(secret: string): DynamicModule {
    // Global and exported: GET /api/auth/config tells the console the picker is there.
    return {
      module: DevTokenModule,
      global: true,
      controllers: [DevTokenController],
      providers: [{ provide: DEV_TOKEN_SECRET, useValue: secret }],
      exports: [DEV_TOKEN_SECRET],
    };
  }
}
