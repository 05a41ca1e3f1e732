import { BadRequestException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReferenceDataService } from '../../reference/reference-data.service';
import { CitizenCredentials, hashAccessKey } from '../shared/citizen-credentials';
import { PetitionCommandRunner } from '../shared/petition-command-runner';
import { SubmitPetitionCommand, SubmitPetitionResult } from './submit-petition.command';

@CommandHandler(SubmitPetitionCommand)
export class SubmitPetitionHandler implements ICommandHandler<SubmitPetitionCommand, SubmitPetitionResult> {
  constructor(
    private readonly runner: PetitionCommandRunner,
    private readonly credentials: CitizenCredentials,
    private readonly reference: ReferenceDataService,
  ) {}

  async execute({ petitionId, body, meta, submitterUserId }: SubmitPetitionCommand): Promise<SubmitPetitionResult> {
    if (body.addressee.departmentId && !this.reference.department(body.addressee.departmentId)?.active) {
      throw new BadRequestException('addressee.departmentId: unknown or inactive department');
    }
    const accessKey = this.credentials.accessKeyFor(petitionId);
    const result = await this.runner.execute(
      petitionId,
      (context) => ({
        type: 'SubmitPetition',
        data: {
          petitionId,
          trackingCode: this.credentials.newTrackingCode(context.calendar.localDate(context.now)),
          channel: body.channel,
          kind: body.kind,
          addressee: { type: body.addressee.type, ...(body.addressee.departmentId ? { departmentId: body.addressee.departmentId } : {}) },
          title: body.title.trim(),
          content: body.content.trim(),
          ...(body.location ? { location: body.location.trim() } : {}),
          citizen: {
            name: body.citizen.name.trim(),
            phone: body.citizen.phone,
            ...(body.citizen.idNumber ? { idNumber: body.citizen.idNumber.toUpperCase() } : {}),
            ...(body.citizen.email ? { email: body.citizen.email } : {}),
          },
          publicConsent: body.publicConsent,
          submitter: { ...(submitterUserId ? { userId: submitterUserId } : {}), accessKeyHash: hashAccessKey(accessKey) },
        },
        context,
      }),
      meta,
    );
    const submitted = result.events.find((e) => e.type === 'PetitionSubmitted');
    const trackingCode = submitted?.type === 'PetitionSubmitted' ? submitted.data.trackingCode : '';
    return { id: petitionId, trackingCode, accessKey, revision: result.revision, replayed: result.replayed };
  }
}
