import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Form, Input, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { ApiError } from '../../../api/errors';
import { label, m } from '../../../i18n';
import { localizeProblem } from '../../../i18n/validation';
import { formatTime, todayInShanghai } from '../../../shared/format';
import { Loading, Problem } from '../../../shared/Problem';
import { useCategories, useDepartments } from '../../../shared/reference';
import { returningDepartments } from '../../case-steps';
import { CasePage, useCaseCommand, useStaffCase } from '../../staff-case';

type Review = Schemas['ReviewPetitionDto'];
type Dispatch = Schemas['DispatchPetitionDto'];

export default function ReviewCase() {
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  const p = q.data;
  return (
    <CasePage key={p.id} p={p}>
      {p.status === 'submitted' && <ReviewForm p={p} />}
      {(p.status === 'accepted' || p.status === 'returned') && <DispatchForm p={p} />}
    </CasePage>
  );
}

function ReviewForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Review>();
  const categories = useCategories();
  const outcome = Form.useWatch('outcome', form);
  const [search, setSearch] = useState('');
  // 重复件: the original is looked up by tracking code or words (staff search, GET /api/cases). A tracking
  // code as typed (any case, full width, another dash) goes whole: the API reads it as the citizen's pages
  // do, and finds no case by part of one, so a part asks for the rest instead of a search bound to fail.
  const typed = search.normalize('NFKC').replace(/\s/g, '');
  // (WZ and a digit, or its look-alike O, I, L: what starts a code, however far it got)
  const codeLike = /^WZ[0-9OIL]/i.test(typed);
  const wholeCode = /^WZ[0-9OIL]{8}[^0-9A-Z]?[0-9A-Z]{10}$/i.test(typed);
  const originals = useQuery({
    queryKey: ['duplicate-search', search],
    enabled: outcome === 'duplicate' && search.trim().length > 1 && (!codeLike || wholeCode),
    queryFn: () => {
      const query = codeLike ? { trackingCode: search.trim() } : { q: search.trim() };
      return unwrap(api.GET('/api/cases', { params: { query: { ...query, limit: 10 } } }));
    },
  });
  // What the list says when it lists nothing: the rest of a code, the refusal in Chinese, else antd's 暂无数据.
  const nothingListed =
    codeLike && !wholeCode ? (
      <span data-testid="original-whole-code">{m.console.originalWholeCode}</span>
    ) : originals.isError ? (
      <span role="alert">
        {originals.error instanceof ApiError && originals.error.details?.length
          ? originals.error.details.map(localizeProblem).join('；')
          : m.errors.generic}
      </span>
    ) : undefined;
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Review) =>
      unwrap(
        api.POST('/api/petitions/{id}/review', {
          params: { path: { id: p.id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: v,
        }),
      ),
    { form, fields: ['outcome', 'reason', 'categoryId', 'confidential', 'duplicateOf'] },
  );
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.review}</h2>} size="small">
      {alert}
      <Form<Review>
        form={form}
        layout="vertical"
        name="review"
        initialValues={{ outcome: 'accepted', confidential: false, categoryId: p.categoryId }}
        onFinish={(v) =>
          mutation.mutate({
            outcome: v.outcome,
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
            ...(v.categoryId ? { categoryId: v.categoryId } : {}),
            ...(v.confidential ? { confidential: true } : {}),
            ...(v.outcome === 'duplicate' && v.duplicateOf ? { duplicateOf: v.duplicateOf } : {}),
          })
        }
      >
        <Form.Item name="outcome" label={m.console.outcome}>
          <Radio.Group
            options={(['accepted', 'rejected', 'duplicate'] as const).map((o) => ({ value: o, label: m.console.outcomes[o] }))}
          />
        </Form.Item>
        <Form.Item name="categoryId" label={m.console.category}>
          <Select allowClear options={categories.data?.items.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        {outcome === 'duplicate' && (
          <Form.Item name="duplicateOf" label={m.console.duplicateOf}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              loading={originals.isFetching}
              notFoundContent={nothingListed}
              // Shown but not offered: a case the decider refuses as an original (libs/petition notAnOriginal):
              // one still awaiting review, or one that is itself a duplicate (name its original instead).
              options={(codeLike && !wholeCode ? [] : (originals.data?.items ?? []))
                .filter((c) => c.id !== p.id)
                .map((c) => {
                  const why =
                    c.status === 'submitted' ? m.console.originalNotAccepted : c.duplicateOf ? m.console.originalIsDuplicate : undefined;
                  return { value: c.id, label: `${c.trackingCode} ${c.title}${why ? `（${why}）` : ''}`, disabled: Boolean(why) };
                })}
            />
          </Form.Item>
        )}
        {outcome !== 'accepted' && (
          <Form.Item name="reason" label={m.console.reason}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Form.Item name="confidential" valuePropName="checked">
          <Checkbox>{m.console.confidential}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {m.console.sendReview}
        </Button>
      </Form>
    </Card>
  );
}

function DispatchForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Dispatch>();
  const departments = useDepartments();
  const categories = useCategories();
  // Where such a case usually goes in its district (a local category goes to the district government),
  // else the category's usual department, else the department the citizen wrote to, else that of the
  // leader's mailbox the letter was written to.
  const local = useQuery({
    queryKey: ['district-suggestion', p.districtCode, p.categoryId],
    enabled: Boolean(p.districtCode && p.categoryId),
    queryFn: () =>
      unwrap(api.GET('/api/districts/suggestion', { params: { query: { districtCode: p.districtCode, categoryId: p.categoryId } } })),
  });
  const suggested =
    local.data?.suggestedDepartmentId ??
    categories.data?.items.find((c) => c.id === p.categoryId)?.defaultDepartmentId ??
    (p.addressee?.type === 'department' ? p.addressee.departmentId : undefined) ??
    p.mailbox?.departmentId;
  // The suggestion may arrive after the form is drawn: it fills the field unless the reviewer chose already.
  useEffect(() => {
    if (suggested && !form.isFieldTouched('departmentId')) form.setFieldValue('departmentId', suggested);
  }, [form, suggested]);
  const departmentId = Form.useWatch('departmentId', form);
  const today = todayInShanghai();
  // The kind's own time limits (GET /api/policies), the ones the decider applies when the dispatch lands.
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => unwrap(api.GET('/api/policies')) });
  const policy = policies.data?.items.find((x) => x.kind === p.kind);
  const preview = useQuery({
    queryKey: [
      'dispatch-preview',
      today,
      policy?.acknowledgeWithinWorkingDays,
      policy?.respondWithinWorkingDays,
      policy?.assistWithinWorkingDays,
    ],
    enabled: Boolean(departmentId && policy),
    queryFn: async () => {
      const due = (workingDays: number) => unwrap(api.GET('/api/calendar/due-date', { params: { query: { from: today, workingDays } } }));
      const [acknowledge, respond, assist] = await Promise.all([
        due(policy!.acknowledgeWithinWorkingDays),
        due(policy!.respondWithinWorkingDays),
        policy!.assistWithinWorkingDays ? due(policy!.assistWithinWorkingDays) : undefined,
      ]);
      return { acknowledge, respond, assist };
    },
  });
  // A department that returned the case cannot have it again (the decider refuses it).
  const returnedBy = returningDepartments(p.steps);
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Dispatch) =>
      unwrap(
        api.POST('/api/petitions/{id}/dispatch', {
          params: { path: { id: p.id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: v,
        }),
      ),
    { form, fields: ['departmentId', 'note', 'assistingDepartmentIds'] },
  );
  const assisting = Form.useWatch('assistingDepartmentIds', form) ?? [];
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.dispatch}</h2>} size="small">
      {alert}
      <Form<Dispatch>
        form={form}
        layout="vertical"
        name="dispatch"
        initialValues={{ departmentId: suggested }}
        onFinish={(v) =>
          mutation.mutate({
            departmentId: v.departmentId,
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            ...(v.assistingDepartmentIds?.length ? { assistingDepartmentIds: v.assistingDepartmentIds } : {}),
          })
        }
      >
        <Form.Item name="departmentId" label={m.console.dispatchTo} rules={[{ required: true, message: m.submit.required }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={departments.data?.items.map((d) => ({
              value: d.id,
              disabled: returnedBy.has(d.id),
              label: returnedBy.has(d.id)
                ? `${d.name}（${m.status.returned}）`
                : d.id === suggested
                  ? `${d.name}（${m.console.suggested}）`
                  : d.name,
            }))}
          />
        </Form.Item>
        {/* 协办: not the lead (the API says so too, 400), nor a department that returned the case. */}
        <Form.Item name="assistingDepartmentIds" label={m.console.assisting} extra={m.console.assistingHint}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={departments.data?.items
              .filter((d) => d.id !== departmentId)
              .map((d) => ({ value: d.id, label: d.name, disabled: returnedBy.has(d.id) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={m.console.note}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {preview.data && (
          <Descriptions
            size="small"
            bordered
            column={1}
            title={m.console.preview}
            data-testid="deadline-preview"
            items={[
              { key: 'a', label: m.console.previewAcknowledge, children: formatTime(preview.data.acknowledge.dueAt) },
              { key: 'r', label: m.console.previewRespond, children: formatTime(preview.data.respond.dueAt) },
              ...(preview.data.assist && assisting.length > 0
                ? [{ key: 'c', label: m.console.contributeBy, children: formatTime(preview.data.assist.dueAt) }]
                : []),
            ]}
            extra={
              <span style={{ fontSize: 12, color: '#595959' }} data-testid="preview-policy">
                {m.console.previewPolicy
                  .replace('{kind}', label(m.kind, p.kind))
                  .replace('{ack}', String(policy?.acknowledgeWithinWorkingDays))
                  .replace('{respond}', String(policy?.respondWithinWorkingDays))}
              </span>
            }
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {m.console.sendDispatch}
        </Button>
      </Form>
    </Card>
  );
}
