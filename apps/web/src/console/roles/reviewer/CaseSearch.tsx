import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/errors';
import type { Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { apiProblems } from '../../../shared/form-errors';
import { formatTime } from '../../../shared/format';
import { useMailboxes } from '../../../shared/mailboxes';
import { Problem } from '../../../shared/Problem';
import { useCategories, useDepartments } from '../../../shared/reference';
import { TAG } from '../../../shared/colors';
import { sessionMemory } from '../../session';

type Item = Schemas['CaseSearchItem'];
/**
 * The filters as the URL carries them, by GET /api/cases's own names, so that a reload, Back or a
 * shared link searches the same. Never the phone: the URL lands in the history, server logs and Referer.
 */
interface Filter {
  q?: string;
  trackingCode?: string;
  status?: Item['status'];
  kind?: Item['kind'];
  channel?: Item['channel'];
  departmentId?: string;
  categoryId?: string;
  mailbox?: string;
  from?: string;
  to?: string;
  overdue?: 'true';
  escalated?: 'true';
}
/** What the form holds: the filters (dates as the pickers take them, flags as checkboxes) and the phone. */
type Values = Omit<Filter, 'from' | 'to' | 'overdue' | 'escalated'> & {
  phone?: string;
  from?: Dayjs | null;
  to?: Dayjs | null;
  overdue?: boolean;
  escalated?: boolean;
};
const FIELDS = [
  'q',
  'trackingCode',
  'phone',
  'status',
  'kind',
  'channel',
  'departmentId',
  'categoryId',
  'mailbox',
  'from',
  'to',
  'overdue',
  'escalated',
] as const satisfies readonly (keyof Values)[];

const STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'returned', 'responded', 'rated', 'closed'] as const;
const KINDS = ['consultation', 'complaint', 'suggestion', 'help', 'report', 'praise'] as const satisfies readonly Item['kind'][];
/** The channels the API takes (libs/petition CHANNELS), each with its label. */
const CHANNELS = ['hotline_12345', 'web', 'wechat', 'weibo', 'app', 'email'] as const satisfies readonly Item['channel'][];
const DAY = 'YYYY-MM-DD';

/**
 * The URL's filters. A value outside a closed list, a date that is none or a flag other than `true` is
 * left out (the controls could not show it); text and ids go to the API, whose 400 names what is wrong.
 */
function filterOf(params: URLSearchParams): Filter {
  const get = (k: keyof Filter) => params.get(k)?.trim() || undefined;
  const oneOf = <T extends string>(list: readonly T[], k: keyof Filter) => list.find((v) => v === get(k));
  const date = (k: 'from' | 'to') => {
    const v = get(k);
    return v && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v).format(DAY) === v ? v : undefined;
  };
  const flag = (k: 'overdue' | 'escalated') => (get(k) === 'true' ? 'true' : undefined);
  return {
    q: get('q'),
    trackingCode: get('trackingCode'),
    status: oneOf(STATUSES, 'status'),
    kind: oneOf(KINDS, 'kind'),
    channel: oneOf(CHANNELS, 'channel'),
    departmentId: get('departmentId'),
    categoryId: get('categoryId'),
    mailbox: get('mailbox'),
    from: date('from'),
    to: date('to'),
    overdue: flag('overdue'),
    escalated: flag('escalated'),
  };
}

/** The URL's filters filterOf left out (a status that is none, a date that is none…), by their labels: said, not dropped silently. */
function ignoredOf(params: URLSearchParams, f: Filter): string[] {
  const labels: [keyof Filter, string][] = [
    ['status', m.listing.status],
    ['kind', m.submit.kind],
    ['channel', m.console.channel],
    ['from', m.console.submittedFrom],
    ['to', m.console.submittedTo],
    ['overdue', m.console.overdueOnly],
    ['escalated', m.console.escalatedOnly],
  ];
  return labels.filter(([k]) => params.get(k)?.trim() && f[k] === undefined).map(([, text]) => text);
}

const valuesOf = (f: Filter, phone: string | undefined): Values => ({
  ...f,
  phone,
  from: f.from ? dayjs(f.from) : null,
  to: f.to ? dayjs(f.to) : null,
  overdue: !!f.overdue,
  escalated: !!f.escalated,
});

/** The URL of the form's filters: the values set, the phone left out. */
function paramsOf({ phone: _phone, from, to, overdue, escalated, ...rest }: Values): URLSearchParams {
  const all = { ...rest, from: from?.format(DAY), to: to?.format(DAY), overdue: overdue && 'true', escalated: escalated && 'true' };
  return new URLSearchParams(
    Object.entries(all)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : ''])
      .filter(([, v]) => v),
  );
}

/**
 * The phone last searched by and the URL's filters it went with: in this person's session memory only
 * (never the URL or the browser's storage; forgotten at sign-out), so Back from a case to that search finds
 * the same caller's cases.
 */
const LAST_PHONE = 'case-search:last-phone';
const lastPhone = () => sessionMemory.get(LAST_PHONE) as { search: string; phone: string } | undefined;

/** 案件查询 (GET /api/cases): by words, tracking code, the caller's phone, status, kind, channel, department, category, mailbox, dates, overdue, 督办. */
export default function CaseSearch() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filter = useMemo(() => filterOf(new URLSearchParams(search)), [search]);
  const ignored = useMemo(() => ignoredOf(new URLSearchParams(search), filter), [search, filter]);
  // the phone searched by, kept in memory only (lastPhone)
  const [phone, setPhone] = useState<string | undefined>(() => (lastPhone()?.search === search ? lastPhone()!.phone : undefined));
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const categories = useCategories();
  const mailboxes = useMailboxes();
  const q = useQuery({
    queryKey: ['cases', filter, phone],
    queryFn: () => {
      const query = Object.fromEntries(Object.entries({ ...filter, phone }).filter(([, v]) => v !== undefined));
      return unwrap(api.GET('/api/cases', { params: { query: { ...query, limit: 50 } } }));
    },
  });
  // A link that carries a phone (written by hand, or by an older screen) does not keep it in the history.
  useEffect(() => {
    if (!params.has('phone')) return;
    const without = new URLSearchParams(params);
    without.delete('phone');
    setParams(without, { replace: true });
  }, [params, setParams]);
  // Another URL (Back, a link) shows its filters in the controls, and the phone last searched by.
  useEffect(() => {
    const values = valuesOf(filter, phone);
    form.setFields(FIELDS.map((name) => ({ name, value: values[name] })));
  }, [filter, form]);
  // A filter the API refuses (400) is told next to its field, in Chinese; the rest above the results.
  const refused = useMemo(
    () => (q.error instanceof ApiError && q.error.status === 400 ? apiProblems(q.error, FIELDS) : undefined),
    [q.error],
  );
  useEffect(() => {
    const told = new Map(refused?.fields.map((f) => [f.name.join('.'), f.errors]));
    form.setFields(FIELDS.map((name) => ({ name, errors: told.get(name) ?? [] })));
  }, [refused, form]);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {m.console.search}
      </Typography.Title>
      <Form<Values>
        form={form}
        layout="inline"
        name="case-search"
        initialValues={valuesOf(filter, phone)}
        onFinish={(v) => {
          const nextPhone = v.phone?.trim() || undefined;
          const next = paramsOf(v);
          // the same search again asks again (and says again what was wrong with it)
          if (next.toString() === search && nextPhone === phone) void q.refetch();
          setPhone(nextPhone);
          if (nextPhone === undefined) sessionMemory.delete(LAST_PHONE);
          else sessionMemory.set(LAST_PHONE, { search: next.toString(), phone: nextPhone });
          // the same filters again (the phone changed, say) add no entry to the history
          setParams(next, { replace: next.toString() === search });
        }}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q" label={m.console.keyword}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="trackingCode" label={m.console.trackingCode}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="phone" label={m.console.phone}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="status" label={m.listing.status}>
          <Select allowClear style={{ width: 120 }} options={STATUSES.map((s) => ({ value: s, label: label(m.status, s) }))} />
        </Form.Item>
        <Form.Item name="kind" label={m.submit.kind}>
          <Select allowClear style={{ width: 100 }} options={KINDS.map((k) => ({ value: k, label: label(m.kind, k) }))} />
        </Form.Item>
        <Form.Item name="channel" label={m.console.channel}>
          <Select allowClear style={{ width: 130 }} options={CHANNELS.map((c) => ({ value: c, label: label(m.channel, c) }))} />
        </Form.Item>
        <Form.Item name="departmentId" label={m.case.department}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="categoryId" label={m.case.category}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 160 }}
            options={categories.data?.items.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="mailbox" label={m.case.mailbox}>
          <Select allowClear style={{ width: 180 }} options={mailboxes.data?.items.map((b) => ({ value: b.id, label: b.title }))} />
        </Form.Item>
        <Form.Item name="from" label={m.console.submittedFrom}>
          <DatePicker format={DAY} />
        </Form.Item>
        <Form.Item name="to" label={m.console.submittedTo}>
          <DatePicker format={DAY} />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{m.console.overdueOnly}</Checkbox>
        </Form.Item>
        <Form.Item name="escalated" valuePropName="checked">
          <Checkbox>{m.console.escalatedOnly}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {m.common.search}
        </Button>
      </Form>
      {ignored.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={m.console.filtersIgnored(ignored.join('、'))}
          data-testid="filters-ignored"
          style={{ marginBottom: 12 }}
        />
      )}
      {refused ? (
        refused.general.length > 0 && (
          <Alert type="error" showIcon title={m.console.searchRefused} description={refused.general.join('；')} />
        )
      ) : q.isError ? (
        <Problem error={q.error} />
      ) : (
        <Table
          rowKey="id"
          loading={q.isPending}
          pagination={false}
          dataSource={q.data?.items ?? []}
          columns={[
            { title: m.case.trackingCode, dataIndex: 'trackingCode' },
            { title: m.submit.subject, dataIndex: 'title', render: (t: string, r) => <Link to={`/cases/${r.id}`}>{t}</Link> },
            {
              title: m.listing.status,
              key: 'status',
              render: (_, r) => <Tag color={r.overdue ? TAG.red : undefined}>{label(m.status, r.status)}</Tag>,
            },
            { title: m.console.channel, key: 'channel', render: (_, r) => label(m.channel, r.channel) },
            { title: m.case.department, key: 'dept', render: (_, r) => r.department?.name ?? '' },
            { title: m.listing.submittedAt, key: 'at', render: (_, r) => formatTime(r.submittedAt) },
            { title: m.console.age, dataIndex: 'ageWorkingDays' },
          ]}
        />
      )}
    </>
  );
}
