import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiTags, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Public } from '../../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../../http/anonymous-rate-limit.guard';
import { CitizenCredentials, hashAccessKey } from '../shared/citizen-credentials';
import { RequestMeta, UUID, WriteRequest } from '../shared/command-request';
import { PetitionCommandHandler, PetitionCommandSlice, producedAttachmentIds, producedEvent } from '../shared/petition-command.handler';
import { ATTACHMENT_IDS_DESCRIPTION, ATTACHMENT_IDS_EXAMPLE, ApiCommandResponse } from '../shared/command-response';
import { Transform, Type, plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ADDRESSEE_TYPES, AddresseeType, CHANNELS, Channel, MAILBOX_ID, PETITION_KINDS, PetitionKind } from '@wenzheng/petition';
import { IsCleanText, IsPhoneNumber, IsResidentIdNumber } from '../shared/validators';
import { LocationDto, locationFields } from '../shared/location-input';
import { DistrictsService, MailboxesService } from '@wenzheng/read-models';
import { AttachmentStore, UploadedBytes } from '../../attachments/attachment-store';
import { UploadedAttachments } from '../../attachments/uploaded-attachments';
import { ApiAttachments } from '../../attachments/api-attachments';
import type { AttachmentRef } from '@wenzheng/petition';
import { newId } from '@wenzheng/event-store';
import { LowerCaseId } from '@wenzheng/read-models';
import { badInput } from '../../http/validation';

export class AddresseeDto {
  @ApiProperty({ enum: ADDRESSEE_TYPES, description: 'mayor 市长信箱, secretary 书记信箱, department, general' })
  @IsIn(ADDRESSEE_TYPES)
  type: AddresseeType;

  @ApiPropertyOptional({ example: '6f1c2a9e-3b7d-4c5e-8a9f-1d2e3f4a5b6c', format: 'uuid', description: 'required when type is department' })
  @ValidateIf((o: AddresseeDto) => o.type === 'department' || o.departmentId !== undefined)
  @LowerCaseId()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    example: 'vice-mayor-urban',
    description: "with type mayor or secretary: the leader's mailbox (GET /api/public/mailboxes), active and of that type",
  })
  @IsOptional()
  @IsString()
  @Matches(MAILBOX_ID, { message: 'must be a mailbox id (lower-case letters, digits and hyphens)' })
  mailboxId?: string;
}

export class CitizenDto {
  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 50)
  @IsCleanText({ singleLine: true })
  name: string;

  @ApiProperty({ example: '13812345678' })
  @IsString()
  @IsPhoneNumber()
  phone: string;

  @ApiPropertyOptional({ example: '33030219800101102X' })
  @IsOptional()
  @IsResidentIdNumber()
  idNumber?: string;

  @ApiPropertyOptional({ example: 'zhangwei@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class SubmitPetitionDto {
  @ApiPropertyOptional({
    example: '0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e',
    format: 'uuid',
    description: 'client-chosen petition id; by default the server chooses a random one',
  })
  @IsOptional()
  // The rule every :id route reads a case's id by: a case with an id none of them takes could never be
  // reviewed, erased or audited (the nil and max UUIDs, which @IsUUID() accepts).
  @Matches(UUID, { message: 'must be a UUID' })
  id?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({
    enum: PETITION_KINDS,
    description: 'consultation 咨询, complaint 投诉, suggestion 建议, help 求助, report 举报, praise 表扬',
  })
  @IsIn(PETITION_KINDS)
  kind: PetitionKind;

  @ApiProperty({ type: AddresseeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AddresseeDto)
  addressee: AddresseeDto;

  @ApiProperty({ example: '小区停水三天无人处理' })
  @IsString()
  @Length(2, 100)
  @IsCleanText({ singleLine: true })
  title: string;

  @ApiProperty({ example: '我们小区（人民路123号）从10月5日起停水三天，物业和水务热线都说不清何时恢复，请协调处理。' })
  @IsString()
  @Length(5, 5000)
  @IsCleanText()
  content: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string', example: '鹿城区人民路123号' }, { $ref: getSchemaPath(LocationDto) }],
    description: 'the address as text (as before), or { address, lat, lng, coordinateSystem, districtCode }',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value))
      ? plainToInstance(LocationDto, typeof value === 'string' ? { address: value } : value)
      : value,
  )
  @IsObject({ message: '$property must be an address or an object { address, lat, lng, districtCode }' })
  @ValidateNested()
  location?: LocationDto;

  @ApiProperty({ type: CitizenDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CitizenDto)
  citizen: CitizenDto;

  @ApiProperty({ example: true, description: 'may the case and its answer be published (redacted) on the sunshine listing' })
  @IsBoolean()
  publicConsent: boolean;
}

interface Submission {
  readonly form: SubmitPetitionDto;
  /** A citizen account submitting (it may then rate with its token); anonymous submitters have only the access key. */
  readonly userId?: string;
  readonly attachments?: readonly AttachmentRef[];
  /** The category the client asked for (Open311's service_code), already found in the reference data. */
  readonly requestedCategoryId?: string;
}

/**
 * The tracking code is drawn inside the command's context (its local date); the access key is
 * derived from the petition id, so a retried submission answers the same key and stores only its hash.
 */
export const submitPetition = (
  credentials: CitizenCredentials,
  districts: DistrictsService,
  mailboxes: MailboxesService,
): PetitionCommandSlice<Submission> => ({
  check: (_petitionId, { form }, { reference }) => {
    if (form.addressee.departmentId && !reference.department(form.addressee.departmentId)?.active) {
      throw badInput('addressee.departmentId', 'activeDepartment', 'unknown or inactive department');
    }
    // The id's spelling and "not with a department" are the decider's; whether it exists is reference data.
    const { mailboxId, type } = form.addressee;
    if (mailboxId !== undefined && type !== 'department') {
      const mailbox = mailboxes.byId(mailboxId);
      if (!mailbox?.active) throw badInput('addressee.mailboxId', 'activeMailbox', 'unknown or inactive mailbox');
      if (mailbox.addresseeType !== type) {
        throw badInput(
          'addressee.mailboxId',
          'mailboxType',
          `${mailboxId} is a ${mailbox.addresseeType} mailbox, not for addressee type ${type}`,
        );
      }
    }
    locationFields(form.location, districts);
  },
  toCommand: (petitionId, { form, userId, attachments, requestedCategoryId }, context) => ({
    type: 'SubmitPetition',
    data: {
      petitionId,
      trackingCode: credentials.newTrackingCode(context.calendar.localDate(context.now)),
      channel: form.channel,
      kind: form.kind,
      addressee: {
        type: form.addressee.type,
        ...(form.addressee.departmentId ? { departmentId: form.addressee.departmentId } : {}),
        ...(form.addressee.mailboxId !== undefined ? { mailboxId: form.addressee.mailboxId } : {}),
      },
      title: form.title.trim(),
      content: form.content.trim(),
      ...locationFields(form.location, districts),
      citizen: {
        name: form.citizen.name.trim(),
        phone: form.citizen.phone,
        ...(form.citizen.idNumber ? { idNumber: form.citizen.idNumber.toUpperCase() } : {}),
        ...(form.citizen.email ? { email: form.citizen.email } : {}),
      },
      publicConsent: form.publicConsent,
      submitter: { ...(userId ? { userId } : {}), accessKeyHash: hashAccessKey(credentials.accessKeyFor(petitionId)) },
      ...(attachments && { attachments }),
      ...(requestedCategoryId && { requestedCategoryId }),
    },
    context,
  }),
  details: (result) => ({
    trackingCode: producedEvent(result, 'PetitionSubmitted')?.data.trackingCode ?? '',
    accessKey: credentials.accessKeyFor(result.petitionId),
    attachmentIds: producedAttachmentIds(result),
  }),
});

@ApiTags('petitions')
@ApiExtraModels(LocationDto)
@Controller('petitions')
@UseGuards(AnonymousRateLimitGuard)
export class SubmitPetitionController {
  private readonly slice: PetitionCommandSlice<Submission>;

  constructor(
    private readonly commands: PetitionCommandHandler,
    credentials: CitizenCredentials,
    districts: DistrictsService,
    private readonly attachments: AttachmentStore,
    mailboxes: MailboxesService,
  ) {
    this.slice = submitPetition(credentials, districts, mailboxes);
  }

  @Post()
  @Public()
  @ApiOperation({ summary: 'Submit a petition (anyone). Returns the tracking code and, once, the access key.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAttachments(SubmitPetitionDto)
  @ApiCommandResponse(
    { trackingCode: 'WZ20261009-7K3M9Q2XAB', accessKey: 'k7Qm3xV9pL2sT8wZ4nR6yB1c', attachmentIds: ATTACHMENT_IDS_EXAMPLE },
    201,
    { attachmentIds: ATTACHMENT_IDS_DESCRIPTION },
  )
  async submit(@Body() body: SubmitPetitionDto, @WriteRequest() request: RequestMeta, @UploadedAttachments() files?: UploadedBytes[]) {
    // Never derived from the key: a random id reserved with it, so a retry after a crash lands on the same case.
    const id = body.id?.toLowerCase() ?? request.claimed?.newId ?? newId();
    const userId = request.principal?.roles.includes('citizen') ? request.principal.sub : undefined;
    return this.attachments.withAttachments(id, files, request.claimed?.commandId, (attachments) =>
      this.commands.handle(this.slice, id, { form: body, userId, attachments }, request),
    );
  }
}
