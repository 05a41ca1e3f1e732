import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { RATING_VIAS, RatingVia } from '@wenzheng/petition';
import { Public } from '../../auth/auth.decorators';
import { RequestMeta, WriteRequest } from '../shared/command-request';
import { ApiCommandResponse } from '../shared/command-response';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { PetitionRef, PetitionRefPipe } from '../shared/petition-ref';
import { SubmitterProof, SubmitterProofValue, missingSubmitterProof, refuseCallbackByOthers } from '../shared/submitter-proof';
import { IsCleanText } from '../shared/validators';

export class SupplyInformationDto {
  @ApiProperty({
    example: '漏水位置在3号楼2单元楼道东侧，照片已随附件上传。',
    description: '补充材料: what the submitter supplies in answer to the request (sealed, shown to them and to staff)',
  })
  @IsString()
  @Length(2, 5000)
  @IsCleanText()
  text: string;

  @ApiPropertyOptional({
    enum: RATING_VIAS,
    description:
      '回访: a reviewer enters what a caller without an access key said on the phone (a 12345 call, an Open311 report; 409 callback_not_for_channel on any other case)',
  })
  @IsOptional()
  @IsIn(RATING_VIAS)
  via?: RatingVia;
}

const SUPPLY_PROOF_REQUIRED =
  'supplying information needs the X-Access-Key returned at submission, or the citizen token of the account that submitted (the hotline office, for a caller without a key: a reviewer token and "via": "callback")';

export const supplyInformation: PetitionCommandSlice<SupplyInformationDto & { proof: SubmitterProofValue }, { respondBy?: string }> = {
  toCommand: (petitionId, body, context) => ({
    type: 'SupplyInformation',
    data: { petitionId, text: body.text.trim(), proof: body.proof, ...(body.via !== undefined && { via: body.via }) },
    context,
  }),
  details: (result) => {
    const e = producedEvent(result, 'InformationSupplied');
    return e ? { respondBy: e.data.respondBy } : {};
  },
};

@ApiTags('petitions')
@Controller('petitions')
export class SupplyInformationController {
  constructor(private readonly commands: PetitionCommandHandler) {}

  @Post(':ref/information')
  @HttpCode(200)
  @ApiCommandResponse({ respondBy: '2026-10-20T15:59:59.999Z' })
  @Public()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Supply the information the department asked for (补充材料, by the submitter: citizen token or X-Access-Key)',
    description:
      'A reviewer (bearer token) enters it for a caller without an access key with "via": "callback" (a 12345 call, an Open311 report). ' +
      'Only while a request is awaited and by its supplyBy (409 no_information_requested / information_request_lapsed). The response ' +
      "clock resumes; respondBy moves by the working days it was paused. Without the submitter's proof the case answers as an unknown one (404).",
  })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async supplyInformation(
    @Param('ref', PetitionRefPipe) { id }: PetitionRef,
    @Body() body: SupplyInformationDto,
    @SubmitterProof({ optional: true }) proof: SubmitterProofValue,
    @WriteRequest() request: RequestMeta,
  ) {
    // As for the rating: by call-back the operator's token is the proof (the decider checks the role and the case).
    const callback = body.via !== undefined;
    if (callback) refuseCallbackByOthers(request.principal);
    if (!callback && !proof.userId && !proof.accessKeyHash) throw missingSubmitterProof(request.principal, SUPPLY_PROOF_REQUIRED);
    return this.commands.handle(supplyInformation, id, { ...body, proof }, { ...request, roles: callback ? ['reviewer'] : ['citizen'] });
  }
}
