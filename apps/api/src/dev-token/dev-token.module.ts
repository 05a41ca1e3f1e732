import { DynamicModule, Module } from '@nestjs/common';
import { DEV_TOKEN_SECRET, DevTokenController } from './dev-token.controller';

@Module({})
export class DevTokenModule {
  static forSecret(secret: string): DynamicModule {
    return { module: DevTokenModule, controllers: [DevTokenController], providers: [{ provide: DEV_TOKEN_SECRET, useValue: secret }] };
  }
}
