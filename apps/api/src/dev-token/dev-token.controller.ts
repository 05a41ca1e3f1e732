import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { Public } from '../auth/auth.decorators';
import { ReferenceDataService } from '@wenzheng/read-models';
import { DevTokenDto } from './dev-token.dto';
import { badInput } from '../http/validation';

export const DEV_TOKEN_SECRET = Symbol('DEV_TOKEN_SECRET');

/** POST /api/dev/token: the console's development role picker. Registered only on the generated secret (dev-token.policy.ts). */
@ApiExcludeController()
@Public()
@Controller('dev')
export class DevTokenController {
  constructor(
    @Inject(DEV_TOKEN_SECRET) private readonly secret: string,
    private readonly reference: ReferenceDataService,
  ) {}

  @Post('token')
  @HttpCode(200)
  async mint(@Body() body: DevTokenDto): Promise<{ token: string; role: string; departmentId?: string }> {
    if (body.role === 'handler' && !body.departmentId) throw badInput('departmentId', 'required', 'required for a handler');
    if (body.departmentId && !this.reference.department(body.departmentId)) {
      throw badInput('departmentId', 'knownDepartment', 'no such department');
    }
    const departmentId = body.role === 'handler' ? body.departmentId : undefined;
    const token = await new SignJWT({ roles: [body.role], ...(departmentId ? { departmentId } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`${body.role}-${departmentId ? departmentId.slice(0, 8) : 'dev'}`)
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(new TextEncoder().encode(this.secret));
    return { token, role: body.role, ...(departmentId ? { departmentId } : {}) };
  }
}
