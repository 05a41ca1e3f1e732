import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiPropertyOptional } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, statusAndCloseReason } from '../shared/petition-command.handler';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import { SubmitterProof, SubmitterProofValue, missingSubmitterProof } from '../shared/submitter-proof';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsCleanText } from '../shared/validators';

export class WithdrawPetitionDto {
  @ApiPropertyOptional({
    example: '问题已自行解决，申请撤回',
    description: 'why the submitter withdraws (撤回); shown to them and to staff, never published',
  })
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  @IsCleanText()
  reason?: string;
}

const WITHDRAW_PROOF_REQUIRED =
  'withdrawing needs the X-Access-Key returned at submission, or the citizen token of the account that submitted';

export const withdrawPetition: PetitionCommandSlice<WithdrawPetitionDto & { proof: SubmitterProofValue }> = {
  toCommand: (petitionId, body, context) => ({
    type: 'WithdrawPetition',
    data: { petitionId, ...(body.reason !== undefined && { reason: body.reason.trim() }), proof: body.proof },
    context,
  }),
  details: statusAndCloseReason,
};

@ApiTags('petitions')
@Controller('petitions')
export class WithdrawPetitionController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':ref/withdraw')
  @HttpCode(200)
  @ApiCommandResponse({ status: 'closed', closeReason: 'withdrawn' })
  @Public()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Withdraw a case before its answer (撤回, by the submitter: citizen token or X-Access-Key)',
    description:
      'The case closes as withdrawn; the deadlines still running are not counted against the department. ' +
      "Once answered (or closed): 409. Without the submitter's proof the case answers as an unknown one (404).",
  })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async withdrawPetition(
    @Param('ref', PetitionRefPipe) { id }: PetitionRef,
    @Body() body: WithdrawPetitionDto,
    @SubmitterProof({ optional: true }) proof: SubmitterProofValue,
    @WriteRequest() request: RequestMeta,
  ) {
    if (!proof.userId && !proof.accessKeyHash) throw missingSubmitterProof(request.principal, WITHDRAW_PROOF_REQUIRED);
    return this.commands.handle(withdrawPetition, id, { ...body, proof }, { ...request, roles: ['citizen'] });
  }
}
