import { randomUUID } from 'node:crypto';
import { BadRequestException, Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { CitizenCredentials, hashAccessKey } from '../shared/citizen-credentials';
import { RequestMeta, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedEvent } from '../shared/petition-command.handler';
import { SubmitPetitionDto } from './submit-petition.dto';
import { ApiCommandResponse } from '../shared/command-response';

interface Submission {
  readonly form: SubmitPetitionDto;
  /** A citizen account submitting (it may then rate with its token); anonymous submitters have only the access key. */
  readonly userId?: string;
}

/**
 * The tracking code is drawn inside the command's context (its local date); the access key is
 * derived from the petition id, so a retried submission answers the same key and stores only its hash.
 */
export const submitPetition = (credentials: CitizenCredentials): PetitionCommandSlice<Submission> => ({
  check: (_petitionId, { form }, { reference }) => {
    if (form.addressee.departmentId && !reference.department(form.addressee.departmentId)?.active) {
      throw new BadRequestException('addressee.departmentId: unknown or inactive department');
    }
  },
  toCommand: (petitionId, { form, userId }, context) => ({
    type: 'SubmitPetition',
    data: {
      petitionId,
      trackingCode: credentials.newTrackingCode(context.calendar.localDate(context.now)),
      channel: form.channel,
      kind: form.kind,
      addressee: { type: form.addressee.type, ...(form.addressee.departmentId ? { departmentId: form.addressee.departmentId } : {}) },
      title: form.title.trim(),
      content: form.content.trim(),
      ...(form.location ? { location: form.location.trim() } : {}),
      citizen: {
        name: form.citizen.name.trim(),
        phone: form.citizen.phone,
        ...(form.citizen.idNumber ? { idNumber: form.citizen.idNumber.toUpperCase() } : {}),
        ...(form.citizen.email ? { email: form.citizen.email } : {}),
      },
      publicConsent: form.publicConsent,
      submitter: { ...(userId ? { userId } : {}), accessKeyHash: hashAccessKey(credentials.accessKeyFor(petitionId)) },
    },
    context,
  }),
  details: (result) => ({
    trackingCode: producedEvent(result, 'PetitionSubmitted')?.data.trackingCode ?? '',
    accessKey: credentials.accessKeyFor(result.petitionId),
  }),
});

@ApiTags('petitions')
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class SubmitPetitionController {
  private readonly slice: PetitionCommandSlice<Submission>;

  constructor(
    private readonly commands: PetitionCommandHandler,
    credentials: CitizenCredentials,
  ) {
    this.slice = submitPetition(credentials);
  }

  @Post()
  @Public()
  @ApiOperation({ summary: 'Submit a petition (anyone). Returns the tracking code and, once, the access key.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCommandResponse({ trackingCode: 'WZ20261009-7K3M9Q2XAB', accessKey: 'k7Qm3xV9pL2sT8wZ4nR6yB1c' }, 201)
  async submit(@Body() body: SubmitPetitionDto, @WriteRequest() request: RequestMeta) {
    // Never derived from the key: a random id reserved with it, so a retry after a crash lands on the same case.
    const id = body.id?.toLowerCase() ?? request.claimed?.newId ?? randomUUID();
    const userId = request.principal?.roles.includes('citizen') ? request.principal.sub : undefined;
    return this.commands.handle(this.slice, id, { form: body, userId }, request);
  }
}
