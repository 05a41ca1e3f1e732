import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Result, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import type { Schemas } from '../../api/types';
import { label, m } from '../../i18n';
import { showApiErrors } from '../../shared/form-errors';
import { useDepartments, useDistricts } from '../../shared/reference';
import { FILES_FIELD, FilePicker, filesHint, filesRule, withFiles } from '../../shared/attachments';
import { addresseeBody, mailboxesFor, useMailboxes } from '../../shared/mailboxes';

type Submit = Schemas['SubmitPetitionDto'];
const KINDS = ['consultation', 'complaint', 'suggestion', 'help', 'report', 'praise'] as const;
const ADDRESSEES = ['mayor', 'secretary', 'department', 'general'] as const;
/** The form items an API 400 may name. */
const FIELDS = [
  'kind',
  'addressee.type',
  'addressee.departmentId',
  'addressee.mailboxId',
  'title',
  'content',
  'location', // location.address and location.districtCode too
  'citizen.name',
  'citizen.phone',
  'citizen.idNumber',
  'citizen.email',
  'publicConsent',
  FILES_FIELD,
];

interface Values {
  kind: Submit['kind'];
  addressee: { type: Submit['addressee']['type']; departmentId?: string; mailboxId?: string };
  title: string;
  content: string;
  location?: string;
  districtCode?: string;
  citizen: { name: string; phone: string; idNumber?: string; email?: string };
  publicConsent?: boolean;
  files?: File[];
}

const optional = (s?: string) => (s?.trim() ? s.trim() : undefined);

export default function SubmitPage() {
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const departments = useDepartments();
  const districts = useDistricts();
  const addresseeType = Form.useWatch(['addressee', 'type'], form);
  const mailboxes = useMailboxes();
  const leaderMailboxes = mailboxesFor(mailboxes.data?.items, addresseeType);
  const submit = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/api/petitions', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            channel: 'web',
            kind: v.kind,
            addressee: addresseeBody(v.addressee, mailboxes.data?.items),
            title: v.title,
            content: v.content,
            // With a district the location is an object (the API takes a district without a point).
            location: v.districtCode ? { address: optional(v.location), districtCode: v.districtCode } : optional(v.location),
            citizen: {
              name: v.citizen.name,
              phone: v.citizen.phone,
              idNumber: optional(v.citizen.idNumber),
              email: optional(v.citizen.email),
            },
            publicConsent: Boolean(v.publicConsent),
          },
          ...withFiles(v.files),
        }),
      ) as unknown as Promise<{ id: string; trackingCode: string; accessKey: string }>, // 201 declares no schema
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(showApiErrors(form, e, FIELDS)),
  });

  if (submit.data) {
    const r = submit.data;
    return (
      <Result
        status="success"
        title={m.submit.done}
        subTitle={m.submit.doneHint}
        extra={
          <Card style={{ textAlign: 'left', maxWidth: 520, margin: '0 auto' }}>
            <Alert type="warning" showIcon title={m.submit.keyOnce} style={{ marginBottom: 16 }} role="alert" />
            <p>
              {m.submit.trackingCode}：
              <Typography.Text
                strong
                copyable={{ text: r.trackingCode, tooltips: [m.common.copy, m.common.copied] }}
                data-testid="tracking-code"
              >
                {r.trackingCode}
              </Typography.Text>
            </p>
            <p>
              {m.submit.accessKey}：
              <Typography.Text
                strong
                code
                copyable={{ text: r.accessKey, tooltips: [m.common.copy, m.common.copied] }}
                data-testid="access-key"
              >
                {r.accessKey}
              </Typography.Text>
            </p>
            <Space>
              <Link to={`/my?code=${encodeURIComponent(r.trackingCode)}`}>{m.submit.goMyCase}</Link>
            </Space>
          </Card>
        }
      />
    );
  }

  const required = [{ required: true, message: m.submit.required }];
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{m.submit.title}</h1>} style={{ maxWidth: 720, margin: '0 auto' }}>
      <Form<Values>
        form={form}
        layout="vertical"
        name="submit"
        initialValues={{ kind: 'complaint', addressee: { type: 'mayor' }, publicConsent: true }}
        onFinish={(v) => submit.mutate(v)}
        scrollToFirstError
      >
        <Form.Item name="kind" label={m.submit.kind} rules={required}>
          <Radio.Group options={KINDS.map((k) => ({ value: k, label: label(m.kind, k) }))} />
        </Form.Item>
        <Form.Item name={['addressee', 'type']} label={m.submit.addressee} rules={required}>
          <Radio.Group options={ADDRESSEES.map((a) => ({ value: a, label: label(m.addressee, a) }))} />
        </Form.Item>
        {addresseeType === 'department' && (
          <Form.Item name={['addressee', 'departmentId']} label={m.submit.department} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.data?.items.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
        {leaderMailboxes.length > 0 && (
          <Form.Item name={['addressee', 'mailboxId']} label={m.submit.mailbox}>
            <Select allowClear placeholder={m.submit.mailboxAny} options={leaderMailboxes.map((b) => ({ value: b.id, label: b.title }))} />
          </Form.Item>
        )}
        <Form.Item name="title" label={m.submit.subject} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={m.submit.content} rules={required}>
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="location" label={m.submit.location}>
          <Input />
        </Form.Item>
        <Form.Item name="districtCode" label={m.submit.district}>
          <Select
            allowClear
            options={districts.data?.items.filter((d) => d.code.length === 6).map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name={FILES_FIELD} label={m.attachments.label} extra={filesHint} rules={[filesRule]}>
          <FilePicker />
        </Form.Item>
        <Form.Item name={['citizen', 'name']} label={m.submit.name} rules={required}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name={['citizen', 'phone']} label={m.submit.phone} rules={required}>
          <Input autoComplete="tel" inputMode="tel" />
        </Form.Item>
        <Form.Item name={['citizen', 'idNumber']} label={m.submit.idNumber}>
          <Input />
        </Form.Item>
        <Form.Item name={['citizen', 'email']} label={m.submit.email}>
          <Input autoComplete="email" type="email" />
        </Form.Item>
        <Form.Item name="publicConsent" valuePropName="checked">
          <Checkbox>{m.submit.publicConsent}</Checkbox>
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" loading={submit.isPending}>
          {m.submit.send}
        </Button>
      </Form>
    </Card>
  );
}
