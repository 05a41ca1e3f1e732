import { newId } from '@wenzheng/event-store';
import {
  All,
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Pool } from 'pg';
import {
  InvalidCommandError,
  OPEN311_SUBMITTER_PREFIX,
  PETITION_KINDS,
  RuleViolationError,
  isPetitionDomainError,
  parseTrackingCode,
  TRACKING_CODE_EXAMPLE,
} from '@wenzheng/petition';
import { Public } from '../auth/auth.decorators';
import { AnonymousRateLimitGuard } from '../http/anonymous-rate-limit.guard';
import { badInput, badInputs, createValidationPipe, type FieldProblem } from '../http/validation';
import { PetitionCommandRunner } from '@wenzheng/command-runner';
import { CitizenCredentials } from '../petitions/shared/citizen-credentials';
import { RequestMeta, WriteHttpRequest, idempotencyKeyOf } from '../petitions/shared/command-request';
import { PetitionCommandHandler } from '../petitions/shared/petition-command.handler';
import { SubmitPetitionDto, submitPetition } from '../petitions/submit-petition/submit-petition.controller';
import { petitionViewTables } from '@wenzheng/read-models';
import { submitterKey } from '@wenzheng/read-models';
import { DistrictsService, MailboxesService } from '@wenzheng/read-models';
import { ReferenceDataService } from '@wenzheng/read-models';
import { APP_CONFIG, PG_POOL } from '@wenzheng/platform';
import type { AppConfig } from '@wenzheng/platform';
import { parseInstant } from '../audit/shared/audit-read.dto';
import { FIRST_YEAR, LAST_YEAR, isApiDate } from '../calendar/local-date.validator';
import { Open311ErrorFilter } from './open311-errors';
import { Open311Keys } from './open311-keys';
import type { Request } from 'express';
import { hasPublicCopy } from '../attachments/attachment-store';
import { publicAttachmentPath } from '../attachments/attachments.controller';
import { caseAttachments } from '../attachments/case-attachments';

type Params = Record<string, unknown>;
const ANSWERED = new Set(['responded', 'rated', 'closed']);
const MAX_REQUESTS = 1000;
const MEDIA_LOOKUPS_AT_ONCE = 8;
// eslint-disable-next-line no-control-regex -- control characters (and lone surrogates) are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u;

/** The service's fields in a 400 say what the client sent, not the petition's field names. */
const FIELD_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^content\b/, 'description'],
  [/^title\b/, 'attribute[title]'],
  [/^citizen\.phone\b/, 'phone'],
  [/^citizen\.name\b/, 'first_name/last_name'],
  [/^citizen\.email\b/, 'email'],
  [/^location\.lat\b/, 'lat'],
  [/^location\.lng\b/, 'long'],
  [/^location\.address\b/, 'address_string'],
];
const renamed = (message: string) =>
  message
    .split('; ')
    .map((m) => FIELD_NAMES.reduce((s, [re, to]) => s.replace(re, to), m))
    .join('; ');
/** A product's 400 (the validation pipe's or the decider's) in GeoReport's field names, details and all. */
const inGeoReportNames = (e: unknown): BadRequestException | undefined => {
  const problems: FieldProblem[] | undefined =
    isPetitionDomainError(e) && e instanceof InvalidCommandError
      ? [{ field: e.field, rule: e.rule, message: e.message }]
      : e instanceof BadRequestException
        ? (e.getResponse() as { details?: FieldProblem[] }).details
        : undefined;
  if (!problems) return undefined;
  const details = problems.map((p) => ({ field: renamed(p.field), rule: p.rule, message: renamed(p.message) }));
  return badInputs(details);
};

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const list = (v: unknown): string[] | undefined =>
  text(v)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
// Decimal degrees only: Number() would also take hex (0x1c), binary, an array of one ([28]) and blanks.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const number = (field: string, v: unknown): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw badInput(field, 'isNumber', 'must be a number');
  return n;
};
/**
 * A form field given twice arrives as a list: it would then read as missing (description: required)
 * or, in a filter, be ignored and widen the answer.
 */
const onceEach = (params: Params) => {
  const attributes = params.attribute && typeof params.attribute === 'object' ? (params.attribute as Params) : {};
  const twice =
    Object.keys(params).find((k) => Array.isArray(params[k])) ??
    Object.keys(attributes)
      .filter((k) => Array.isArray(attributes[k]))
      .map((k) => `attribute[${k}]`)[0];
  if (twice !== undefined) throw badInput(twice, 'once', 'given more than once; give it once (a list comma-separated)');
};
/** At most `max` UTF-16 units without splitting a surrogate pair (a lone half is not text and the event store refuses it). */
const truncate = (s: string, max: number) => s.slice(0, max).replace(/[\uD800-\uDBFF]$/, '');
/** The instant rule and the year range of the /api date fields: a real date and time (no 02-30, no 24:00), years 1900–2999. */
const instant = (field: string, v: unknown): string | undefined => {
  if (v === undefined || v === '') return undefined;
  const d = typeof v === 'string' && isApiDate(v.slice(0, 10)) ? parseInstant(v) : undefined;
  if (!d)
    throw badInput(
      field,
      'isInstant',
      `must be a real ISO 8601 date-time with a time zone, e.g. 2026-10-12T10:00:00+08:00, years ${FIRST_YEAR} to ${LAST_YEAR}`,
    );
  return d.toISOString();
};
const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface RequestRow {
  petition_id: string;
  tracking_code: string;
  status: string;
  category_id: string | null;
  department_id: string | null;
  submitted_at: Date;
  updated_at: Date;
  respond_by: Date | null;
  published: boolean;
  content: string | null;
  location: string | null;
  answer: string | null;
  public_lat: number | null;
  public_lng: number | null;
}

/**
 * Open311 GeoReport v2 (JSON): categories are services, cases are service requests. Anyone reads
 * published cases (redacted text, the point rounded, never personal data); a client with an
 * api_key also reads the status of the cases it sent before they are published. A POST submits a
 * petition through the same command as POST /api/petitions; name, phone and email go only into
 * its sealed citizen block.
 */
@ApiExcludeController()
@Public()
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  private readonly keys: Open311Keys;
  private readonly pipe = createValidationPipe();
  private readonly submit: ReturnType<typeof submitPetition>;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly reference: ReferenceDataService,
    private readonly commands: PetitionCommandHandler,
    private readonly runner: PetitionCommandRunner,
    private readonly credentials: CitizenCredentials,
    districts: DistrictsService,
    @Inject(APP_CONFIG) config: AppConfig,
    mailboxes: MailboxesService,
  ) {
    this.keys = new Open311Keys(config.open311ApiKeys);
    this.submit = submitPetition(credentials, districts, mailboxes);
  }

  /** The endpoint's root names no resource: a client probing it gets GeoReport's error shape, not the site's HTML. */
  @Get()
  root(): never {
    throw new NotFoundException('no resource at the endpoint root: the service list is /open311/v2/services.json');
  }

  @Get('services.json')
  services() {
    return this.reference.categories().map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: `${c.name}类诉求`,
      metadata: true,
      type: 'realtime',
      keywords: c.name,
      group: this.reference.department(c.defaultDepartmentId)?.name ?? '',
    }));
  }

  @Get('services/:code.json')
  definition(@Param('code') code: string) {
    // A path parameter misses the NUL check of the query and body (http/request-input.ts); a 404 would echo it.
    if (CONTROL.test(code)) throw badInput('service_code', 'noControlCharacters', 'must not contain control characters');
    const category = this.reference.categories().find((c) => c.code === code);
    if (!category) throw new NotFoundException(`service_code: no service ${code}`);
    return {
      service_code: category.code,
      attributes: [
        {
          variable: true,
          code: 'kind',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: 'complaint unless said',
          order: 1,
          description: '诉求类型',
          values: PETITION_KINDS.map((k) => ({ key: k, name: k })),
        },
        {
          variable: true,
          code: 'public_consent',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: 'false unless said: the case is then never published',
          order: 2,
          description: '是否同意公开',
          values: [
            { key: 'true', name: '同意公开' },
            { key: 'false', name: '不公开' },
          ],
        },
      ],
    };
  }

  @Get('requests.json')
  async requests(@Query() q: Params, @Req() req: Request) {
    onceEach(q);
    const client = this.keys.clientOf(q.api_key);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    const ids = list(q.service_request_id)?.map(parseTrackingCode);
    if (ids) {
      if (ids.some((id) => id === undefined))
        throw badInput('service_request_id', 'isTrackingCode', `must be tracking codes like ${TRACKING_CODE_EXAMPLE}`);
      where.push(`c.tracking_code = any(${param(ids)})`);
    } else {
      const start = instant('start_date', q.start_date);
      const end = instant('end_date', q.end_date);
      // The spec's default window: the last 90 days (and at most 1000 requests).
      where.push(`c.submitted_at >= ${param(start ?? new Date(Date.now() - 90 * 86_400_000).toISOString())}::timestamptz`);
      if (end) where.push(`c.submitted_at <= ${param(end)}::timestamptz`);
      const codes = list(q.service_code);
      if (codes) {
        const byCode = codes.map((code) => this.reference.categories({ includeInactive: true }).find((c) => c.code === code)?.id ?? '');
        where.push(`c.category_id = any(${param(byCode)})`);
      }
      const statuses = list(q.status);
      if (statuses) {
        if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw badInput('status', 'isIn', 'must be open or closed');
        if (!statuses.includes('open')) where.push(`c.status = any(${param([...ANSWERED])})`);
        if (!statuses.includes('closed')) where.push(`not (c.status = any(${param([...ANSWERED])}))`);
      }
    }
    const rows = await this.rows(where, params, client);
    const media = await this.mediaUrls(rows, req);
    return rows.map((r) => this.serviceRequest(r, media.get(r.petition_id)));
  }

  @Get('requests/:id.json')
  async request(@Param('id') typed: string, @Query() q: Params, @Req() req: Request) {
    const id = parseTrackingCode(typed);
    if (!id) throw badInput('service_request_id', 'isTrackingCode', `must be a tracking code like ${TRACKING_CODE_EXAMPLE}`);
    const client = this.keys.clientOf(q.api_key);
    const rows = await this.rows([`c.tracking_code = $1`], [id], client);
    if (!rows.length) throw new NotFoundException(`service_request_id: no request ${id}`);
    const media = await this.mediaUrls(rows, req);
    return rows.map((r) => this.serviceRequest(r, media.get(r.petition_id)));
  }

  /** Requests are created at once, so a token is the petition id and always resolves. */
  @Get('tokens/:token.json')
  async token(@Param('token') token: string) {
    if (!/^[0-9a-f-]{36}$/i.test(token)) throw badInput('token', 'isToken', 'must be a token returned by POST requests.json');
    // From the stream, not a read model: a token is good the moment POST answered it.
    const { state } = await this.runner.load(token.toLowerCase());
    const code = (state as { trackingCode?: string }).trackingCode;
    // Only a request made through this interface has a token: any other case's id (a web submission, a
    // confidential case) answers as an unknown token would, so an id never tells that a case exists.
    const viaOpen311 = state.status !== 'initial' && state.submitter.userId?.startsWith(OPEN311_SUBMITTER_PREFIX) === true;
    if (!viaOpen311 || !code) throw new NotFoundException(`token: no request for token ${token}`);
    return [{ service_request_id: code, token: token.toLowerCase() }];
  }

  @Post('requests.json')
  @HttpCode(201)
  @UseGuards(AnonymousRateLimitGuard)
  async create(@Body() body: Params, @Req() req: WriteHttpRequest) {
    if (Array.isArray(body)) throw badInput('body', 'isObject', 'must be one request, not a list');
    const b: Params = body && typeof body === 'object' ? body : {};
    onceEach(b);
    if (b.api_key === undefined || b.api_key === '') throw badInput('api_key', 'required', 'required to create a request');
    const client = this.keys.clientOf(b.api_key);
    if (!client) throw badInput('api_key', 'required', 'required to create a request');
    const attr = (name: string): unknown => b[`attribute[${name}]`] ?? (b.attribute as Params | undefined)?.[name];
    const category = this.reference.categories().find((c) => c.code === text(b.service_code));
    if (!category) throw badInput('service_code', 'knownService', 'not a service of this server (GET services.json)');
    const lat = number('lat', b.lat);
    const lng = number('long', b.long);
    if ((lat === undefined) !== (lng === undefined))
      throw badInput(lat === undefined ? 'lat' : 'long', 'together', 'lat and long go together');
    const address = text(b.address_string);
    if ((lat === undefined || lng === undefined) && !address)
      throw badInput('lat and long, or address_string', 'required', 'a location is required');
    const description = text(b.description);
    if (!description) throw badInput('description', 'required', 'required');
    const lastName = text(b.last_name) ?? '';
    const firstName = text(b.first_name) ?? '';
    // GeoReport lists the name as optional; a case here always names its citizen (lifecycle.md: citizen
    // { name, phone }, sealed), and a made-up one would be false personal data shown masked as the submitter.
    if (!lastName && !firstName)
      throw badInput(
        'first_name/last_name',
        'required',
        'required by this server (GeoReport lists them as optional): give the name of the person reporting, which is never published',
      );
    // Optional in GeoReport too; here the number the office calls the reporter back on (回访), never published.
    if (!text(b.phone))
      throw badInput(
        'phone',
        'required',
        'required by this server (GeoReport lists it as optional): the number the office calls the reporter back on, which is never published',
      );
    // Chinese names are family name first, without a space; others keep the given name first.
    const name = /\p{Script=Han}/u.test(lastName + firstName) ? `${lastName}${firstName}` : `${firstName} ${lastName}`.trim();
    const kind = text(attr('kind')) ?? 'complaint';
    const consent = text(attr('public_consent'));
    if (consent !== undefined && consent !== 'true' && consent !== 'false')
      throw badInput('attribute[public_consent]', 'isBoolean', 'must be true or false');
    const titleText = text(attr('title')) ?? description.split(/[\n。！？!?]/)[0];
    const form = (await this.pipe
      .transform(
        {
          channel: 'app',
          kind,
          addressee: { type: 'general' },
          title: truncate(`【${category.name}】${titleText}`, 100),
          content: description.length >= 5 ? description : `${description}（${category.name}）`,
          location: { ...(address && { address }), ...(lat !== undefined && lng !== undefined && { lat, lng }) },
          citizen: { name, phone: text(b.phone) ?? '', ...(text(b.email) && { email: text(b.email) }) },
          publicConsent: consent === 'true',
        },
        { type: 'body', metatype: SubmitPetitionDto },
      )
      .catch((e: unknown) => {
        throw inGeoReportNames(e) ?? e;
      })) as SubmitPetitionDto;

    // A client's own id for the report (FixMyStreet's fixmystreet_id) makes a resend land on the same case.
    const externalId = text(attr('fixmystreet_id')) ?? text(attr('external_id'));
    const id = externalId ? this.credentials.derivedId(`open311:${client}:${externalId}`, 4) : (req.claimedCommand?.newId ?? newId());
    const resent = async () => {
      const existing = await this.runner.load(id);
      const code = (existing.state as { trackingCode?: string }).trackingCode;
      return existing.state.status !== 'initial' && code ? [{ service_request_id: code, token: id }] : undefined;
    };
    if (externalId) {
      const answer = await resent();
      if (answer) return answer;
    }
    const meta: RequestMeta = { idempotencyKey: idempotencyKeyOf(req), claimed: req.claimedCommand, roles: [] };
    const submission = { form, userId: `${OPEN311_SUBMITTER_PREFIX}${client}`, requestedCategoryId: category.id };
    const result = (await this.commands.handle(this.submit, id, submission, meta).catch(async (e: unknown) => {
      // The same report resent while the first was being submitted: the id (its client's own) is taken by it.
      if (externalId && e instanceof RuleViolationError && e.rule === 'id_taken') {
        const answer = await resent();
        if (answer) return { trackingCode: answer[0].service_request_id };
      }
      // The domain names the petition's fields (location.lng); the client sent GeoReport's (long).
      throw inGeoReportNames(e) ?? e;
    })) as unknown as { trackingCode: string };
    return [{ service_request_id: result.trackingCode, token: id, service_notice: '已收到，将在1个工作日内受理', account_id: null }];
  }

  private async rows(where: string[], params: unknown[], client: string | undefined): Promise<RequestRow[]> {
    const t = petitionViewTables();
    const own = client ? `or c.submitter_user_id = $${params.push(submitterKey(`${OPEN311_SUBMITTER_PREFIX}${client}`))}` : '';
    const { rows } = await this.pool.query<RequestRow>(
      `select c.petition_id, c.tracking_code, c.status, c.category_id, c.department_id, c.submitted_at,
              greatest(c.submitted_at, c.accepted_at, c.dispatched_at, c.acknowledged_at, c.responded_at, c.closed_at, c.returned_at) as updated_at,
              c.respond_by, (p.petition_id is not null) as published,
              p.content, p.location, case when p.answer_hidden then null else p.answer end as answer, p.public_lat, p.public_lng
         from ${t.cases} c
         left join ${t.public_petitions} p on p.petition_id = c.petition_id and not p.hidden
        where (p.petition_id is not null ${own}) and ${where.length ? where.join(' and ') : 'true'}
        order by c.submitted_at desc, c.petition_id desc
        limit ${MAX_REQUESTS}`,
      params,
    );
    return rows;
  }

  /**
   * media_url: the absolute URL of the public copy (EXIF removed) of the first photo sent with each
   * published request, as the public attachment route serves it (a submission's photos are shown
   * unless the whole case is hidden, and not at all once erased: caseAttachments). Read from the
   * streams, a few at a time: no read model holds attachments yet.
   */
  private async mediaUrls(rows: readonly RequestRow[], req: Request): Promise<Map<string, string>> {
    const origin = `${req.protocol}://${req.host}`;
    const published = rows.filter((r) => r.published);
    const urls = new Map<string, string>();
    for (let i = 0; i < published.length; i += MEDIA_LOOKUPS_AT_ONCE) {
      await Promise.all(
        published.slice(i, i + MEDIA_LOOKUPS_AT_ONCE).map(async (r) => {
          const { recorded, events } = await this.runner.load(r.petition_id);
          const photo = caseAttachments(recorded, events).find((a) => a.source.on === 'submission' && hasPublicCopy(a.contentType));
          if (photo) urls.set(r.petition_id, origin + publicAttachmentPath(r.tracking_code, photo.id));
        }),
      );
    }
    return urls;
  }

  /**
   * Declared last, so it only answers what no route above took: a client asking for the XML format
   * (GeoReport's other one) or a resource this server does not have learns which, in GeoReport's shape.
   */
  @All('*path')
  unknown(@Req() request: Request): never {
    const path = request.path;
    throw new NotFoundException(
      path.endsWith('.xml')
        ? `format: this endpoint serves JSON only; ask for ${path.replace(/\.xml$/, '.json')}`
        : `no resource ${path}: the service list is /open311/v2/services.json`,
    );
  }

  private serviceRequest(r: RequestRow, mediaUrl: string | undefined) {
    const category = r.category_id ? this.reference.category(r.category_id) : undefined;
    return {
      service_request_id: r.tracking_code,
      status: ANSWERED.has(r.status) ? 'closed' : 'open',
      status_notes: r.published ? r.answer : null,
      service_name: category?.name ?? null,
      service_code: category?.code ?? null,
      description: r.published ? r.content : null,
      agency_responsible: r.department_id ? (this.reference.department(r.department_id)?.name ?? null) : null,
      service_notice: null,
      requested_datetime: iso(r.submitted_at),
      updated_datetime: iso(r.updated_at),
      expected_datetime: iso(r.respond_by),
      address: r.published ? r.location : null,
      address_id: null,
      zipcode: null,
      lat: r.published ? r.public_lat : null,
      long: r.published ? r.public_lng : null,
      media_url: mediaUrl ?? null,
    };
  }
}
