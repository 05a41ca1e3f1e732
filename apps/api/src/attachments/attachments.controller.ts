import {
  Controller,
  ForbiddenException,
  Get,
  Headers,
  Inject,
  NotFoundException,
  Param,
  PipeTransform,
  Query,
  Res,
  StreamableFile,
  UnauthorizedException,
} from '@nestjs/common';
import { citizenNamesIn } from '@wenzheng/petition-store';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { BlobObject, contentDisposition } from '@wenzheng/blob-store';
import { AuditReadDto, REASON_MAX, REASON_MIN } from '../audit/shared/audit-read.dto';
import { PersonalDataAccessLog } from '../audit/shared/personal-data-access-log';
import { CurrentPrincipal, Public } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { readAccess } from '../petitions/get-petition/read-access';
import { hashAccessKey } from '../petitions/shared/citizen-credentials';
import { PetitionIdPipe, isUuid } from '../petitions/shared/command-request';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { TrackingCodePipe } from '../public-listing/get-public-petition/get-public-petition.controller';
import { petitionViewTables } from '@wenzheng/read-models';
import { PG_POOL } from '@wenzheng/platform';
import { AttachmentCopy, AttachmentStore, hasPublicCopy } from './attachment-store';
import { CaseAttachment, caseAttachments } from './case-attachments';
import { badInput } from '../http/validation';

export const GET_ATTACHMENT_ROUTE = 'GET /api/petitions/:id/attachments/:attachmentId';

/** Where the public copy of a public case's photo is served (getPublic below). */
export const publicAttachmentPath = (trackingCode: string, attachmentId: string) =>
  `/api/public/petitions/${trackingCode}/attachments/${attachmentId}`;

class AttachmentIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw badInput('attachmentId', 'isUuid', 'must be a UUID');
    return value.toLowerCase();
  }
}

export class PublicAttachment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'image/jpeg' }) contentType: string;
  @ApiProperty({ example: 482113 }) size: number;
  @ApiProperty({ enum: ['submission', 'comment', 'answer'] }) on: 'submission' | 'comment' | 'answer';
  @ApiPropertyOptional({ description: 'the comment it belongs to (the id of the page’s comment)' }) commentId?: string;
  @ApiProperty({ example: '/api/public/petitions/WZ20261012-7K3M9Q2XAB/attachments/0b9f3c6e-2f4d-4a8e-9c1d-5e7a8b9c0d1e' })
  url: string;
}

/** What a browser may show in place; anything else (PDF) is downloaded. */
const INLINE = ['image/jpeg', 'image/png', 'image/webp'];
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

function serve(res: Response, blob: BlobObject, attachmentId: string, cache: string): StreamableFile {
  const type = blob.metadata.contentType;
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // A served file is never a page of this site: no script, no form, no plugin even if a browser sniffs.
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', cache);
  return new StreamableFile(blob.body, {
    type,
    length: blob.metadata.size,
    disposition: contentDisposition(`${attachmentId}.${EXTENSIONS[type] ?? 'bin'}`, INLINE.includes(type) ? 'inline' : 'attachment'),
  });
}

/**
 * Attachments over HTTP: the public copy (no EXIF) of a public case's photos, and the original for
 * whoever may read the case in clear. Unknown, not public, moderated away or erased: the same 404.
 */
@ApiTags('attachments')
@Controller()
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentStore,
    private readonly runner: PetitionCommandRunner,
    private readonly accessLog: PersonalDataAccessLog,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get('public/petitions/:trackingCode/attachments')
  @Public()
  @ApiOperation({ summary: 'The attachments of a public case that have a public copy (photos without EXIF), with their links' })
  @ApiParam({ name: 'trackingCode', example: 'WZ20261012-7K3M9Q2XAB' })
  @ApiOkResponse({ type: [PublicAttachment] })
  @ApiNotFoundResponse({ description: 'no public case has this code' })
  async listPublic(@Param('trackingCode', TrackingCodePipe) trackingCode: string): Promise<PublicAttachment[]> {
    const visible = await this.publicAttachments(trackingCode);
    if (!visible) throw new NotFoundException(`trackingCode: no public case ${trackingCode}`);
    return visible.map((a) => ({
      id: a.id,
      contentType: a.contentType,
      size: a.size,
      on: a.source.on,
      ...(a.source.on === 'comment' && { commentId: a.source.commentId }),
      url: publicAttachmentPath(trackingCode, a.id),
    }));
  }

  @Get('public/petitions/:trackingCode/attachments/:attachmentId')
  @Public()
  @ApiOperation({ summary: 'The public copy of a photo of a public case (EXIF, XMP, IPTC removed)' })
  @ApiParam({ name: 'trackingCode', example: 'WZ20261012-7K3M9Q2XAB' })
  @ApiOkResponse({
    description: 'the image bytes',
    content: {
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/webp': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotFoundResponse({ description: 'unknown, not public, hidden by moderation, erased, or without a public copy (the same answer)' })
  async getPublic(
    @Param('trackingCode', TrackingCodePipe) trackingCode: string,
    @Param('attachmentId', AttachmentIdPipe) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const notFound = new NotFoundException(`attachment ${attachmentId} not found`);
    const found = (await this.publicAttachments(trackingCode))?.find((a) => a.id === attachmentId);
    const blob = found && (await this.attachments.open(found.petitionId, attachmentId, 'public'));
    if (!blob) throw notFound;
    return serve(res, blob, attachmentId, 'no-cache');
  }

  @Get('petitions/:id/attachments/:attachmentId')
  @Public() // staff by token, or the submitter by access key: the case's read access decides
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The original of an attachment, as uploaded (EXIF included), for whoever reads the case in clear',
    description:
      'The submitter (X-Access-Key), reviewers and the current department; supervisors, auditors and admins with ?reason= (logged).',
  })
  @ApiHeader({ name: 'X-Access-Key', required: false })
  @ApiOkResponse({ description: 'the bytes as uploaded', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'unknown case or attachment, or one the caller may not see (the same answer)' })
  async getOriginal(
    @Param('id', PetitionIdPipe) id: string,
    @Param('attachmentId', AttachmentIdPipe) attachmentId: string,
    @Query() query: AuditReadDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Headers('x-access-key') accessKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    if (!principal && !accessKey) throw new UnauthorizedException('a bearer token or the X-Access-Key of the case is required');
    if (accessKey !== undefined && !/^[A-Za-z0-9_-]{8,128}$/.test(accessKey)) throw new UnauthorizedException('X-Access-Key: malformed');
    const notFound = new NotFoundException(`attachment ${attachmentId} not found`);
    const { state, events, recorded } = await this.runner.load(id);
    if (state.status === 'initial') throw notFound;
    const holdsAccessKey = accessKey !== undefined && hashAccessKey(accessKey) === state.submitter.accessKeyHash;
    const access = readAccess({ principal, holdsAccessKey, reason: query.reason }, state, events);
    if (access.see === 'nothing') throw notFound;
    if (!caseAttachments(recorded, events).some((a) => a.id === attachmentId)) throw notFound;
    if (access.see === 'refused') throw new ForbiddenException(access.message);
    if (access.see === 'masked') {
      throw new ForbiddenException(
        `reason: the original of an attachment is personal data (a photo’s EXIF holds where it was taken): give ?reason= (${REASON_MIN}–${REASON_MAX} characters), which is logged`,
      );
    }
    const blob = await this.attachments.open(id, attachmentId, 'original' satisfies AttachmentCopy);
    if (!blob) throw notFound;
    if (principal && access.logAs !== undefined) {
      await this.accessLog.record(
        {
          sub: principal.sub,
          roles: principal.roles,
          petitionId: id,
          route: GET_ATTACHMENT_ROUTE,
          reason: access.logAs,
        },
        citizenNamesIn(events),
      );
    }
    return serve(res, blob, attachmentId, 'no-store');
  }

  /** A public case's attachments that are public: a photo with a public copy, not on a hidden answer or comment. */
  private async publicAttachments(trackingCode: string): Promise<(CaseAttachment & { petitionId: string })[] | undefined> {
    const t = petitionViewTables();
    const { rows } = await this.pool.query<{ petition_id: string; answer_hidden: boolean | null }>(
      `select p.petition_id, p.answer_hidden from ${t.public_petitions} p where p.tracking_code = $1 and not p.hidden`,
      [trackingCode],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { recorded, events } = await this.runner.load(row.petition_id);
    const hiddenComments = new Set(
      (
        await this.pool.query<{ id: string }>(`select id from ${t.public_comments} where petition_id = $1 and hidden`, [row.petition_id])
      ).rows.map((r) => r.id),
    );
    return caseAttachments(recorded, events)
      .filter((a) => hasPublicCopy(a.contentType))
      .filter((a) => !(a.source.on === 'answer' && row.answer_hidden))
      .filter((a) => !(a.source.on === 'comment' && hiddenComments.has(a.source.commentId)))
      .map((a) => ({ ...a, petitionId: row.petition_id }));
  }
}
