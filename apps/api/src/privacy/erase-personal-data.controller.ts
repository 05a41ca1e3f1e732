import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { redactText } from '@wenzheng/redaction';
import { Roles } from '../auth/auth.decorators';
import { PetitionIdPipe, RequestMeta, WriteRequest, commandMeta } from '../petitions/shared/command-request';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { citizenNamesIn, subjectOf } from '@wenzheng/petition-store';
import { IsCleanText } from '../petitions/shared/validators';
import { PERSONAL_DATA_ERASED } from '@wenzheng/platform-events';
import { SubjectKeyStore } from '@wenzheng/petition-store';
import { AttachmentStore } from '../attachments/attachment-store';
import { ApiCommandResponse } from '../petitions/shared/command-response';

export class ErasePersonalDataDto {
  @ApiProperty({ example: 'PIPL 删除申请 2026-0042', description: 'why (e.g. the PIPL request number)' })
  @IsString()
  @Length(5, 500)
  @IsCleanText()
  reason: string;
}

/**
 * One erasure per case, whoever asks and however often: every request for the case carries this
 * commandId, so of concurrent requests one appends and the others, deciding again on the fresh
 * stream, find its event and append nothing.
 */
const erasureCommandId = (petitionId: string) => `erasure:${petitionId}`;

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/petitions')
export class ErasePersonalDataController {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly keys: SubjectKeyStore,
    private readonly attachments: AttachmentStore,
  ) {}

  /**
   * PIPL erasure (删除个人信息): destroys the citizen's key and deletes the case's attachments. The events stay immutable and still
   * verify; every read of them, and every read model after replay, shows the fields as erased.
   *
   * The request is validated (body, case) before anything is destroyed. The key is destroyed
   * before the event is appended, and both steps are idempotent: a request that fails between
   * them is completed by the next one, and a case already erased answers 200 appending nothing.
   */
  @Post(':id/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Erase the citizen personal data of a case (crypto-shredding)' })
  @ApiCommandResponse({ erased: true, keyDestroyed: true })
  async erase(@Param('id', PetitionIdPipe) id: string, @Body() body: ErasePersonalDataDto, @WriteRequest() request: RequestMeta) {
    const { state, events, recorded } = await this.runner.load(id);
    if (state.status === 'initial') throw new NotFoundException(`petition ${id} not found`);
    const meta = { ...commandMeta(request, ['admin']), commandId: erasureCommandId(id) };
    // The reason is kept in clear (event and key tombstone) after the name is gone: it must not name the citizen.
    const reason = redactText(body.reason, { names: citizenNamesIn(events) });
    // The runner's fold of the case holds the name: gone before the key is (the stream changes only later).
    this.runner.forgetFold(id);
    const keyDestroyed = await this.keys.erase(subjectOf(id), meta.actor.id, reason);
    // Photos and documents cannot be crypto-shredded with the key: their blobs are deleted (idempotent, as the key's).
    await this.attachments.eraseCase(id);
    const revision = recorded.some((r) => r.type === PERSONAL_DATA_ERASED)
      ? Number(recorded[recorded.length - 1].revision)
      : await this.runner.appendPlatformEvents(
          id,
          [{ type: PERSONAL_DATA_ERASED, data: { petitionId: id, at: new Date().toISOString(), reason } }],
          meta,
        );
    return { id, revision, erased: true, keyDestroyed };
  }
}
