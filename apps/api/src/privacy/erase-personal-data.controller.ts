import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../petitions/shared/command-request';
import { PetitionCommandRunner } from '../petitions/shared/petition-command-runner';
import { subjectOf } from '../petitions/shared/petition-event-codec';
import { IsCleanText } from '../petitions/shared/validators';
import { SubjectKeyStore } from './subject-key-store';

export class ErasePersonalDataDto {
  @ApiProperty({ description: 'why (e.g. the PIPL request number)' })
  @IsString()
  @Length(5, 500)
  @IsCleanText()
  reason: string;
}

/** The event recorded in the case's stream when its personal data is erased (permanent name). */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/petitions')
export class ErasePersonalDataController {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly keys: SubjectKeyStore,
  ) {}

  /**
   * PIPL erasure (删除个人信息): destroys the citizen's key. The events stay immutable and still
   * verify; every read of them, and every read model after replay, shows the fields as erased.
   */
  @Post(':id/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Erase the citizen personal data of a case (crypto-shredding)' })
  async erase(@Param('id', PetitionIdPipe) id: string, @Body() body: ErasePersonalDataDto, @WriteRequest() request: RequestMeta) {
    const { state } = await this.runner.load(id);
    if (state.status === 'initial') throw new NotFoundException(`petition ${id} not found`);
    const meta = commandMeta(request, ['admin']);
    const keyDestroyed = await this.keys.erase(subjectOf(id), meta.actor.id, body.reason);
    const revision = await this.runner.appendPlatformEvents(
      id,
      [{ type: PERSONAL_DATA_ERASED, data: { petitionId: id, at: new Date().toISOString(), reason: body.reason } }],
      meta,
    );
    return { id, revision, erased: true, keyDestroyed };
  }
}
