import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../api/client';
import { m } from '../../i18n';
import { Copyable } from '../../shared/Copyable';
import type { PetitionView } from '../../api/types';
import { NextSteps, awaitsPublication } from '../NextSteps';
import { showApiErrors } from '../../shared/form-errors';
import { FILES_FIELD, FilePicker, filesHint, filesRule, withFiles } from '../../shared/attachments';
import { PETITION_FIELDS, PetitionFields, type PetitionValues, usePetitionBody } from '../../shared/petition-fields';

/** The form items an API 400 may name. */
const FIELDS = [...PETITION_FIELDS, 'citizen.name', 'citizen.phone', 'citizen.idNumber', 'citizen.email', 'publicConsent', FILES_FIELD];

interface Values extends PetitionValues {
  citizen: { name: string; phone: string; idNumber?: string; email?: string };
  publicConsent?: boolean;
  files?: File[];
}

const optional = (s?: string) => (s?.trim() ? s.trim() : undefined);

export default function SubmitPage() {
  const [form] = Form.useForm<Values>();
  const [general, setGeneral] = useState<string[]>([]);
  const petitionBody = usePetitionBody();
  const submit = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST('/api/petitions', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            channel: 'web',
            ...petitionBody(v),
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
              <Copyable text={r.trackingCode} testId="tracking-code" />
            </p>
            <p>
              {m.submit.accessKey}：
              <Copyable text={r.accessKey} testId="access-key" code />
            </p>
            <WhatNext code={r.trackingCode} accessKey={r.accessKey} consented={Boolean(submit.variables?.publicConsent)} />
            <Space style={{ marginTop: 16 }}>
              {/* the key goes along in the router's state, never the URL: the case opens at once, and the key shows there again */}
              <Link to={`/my?code=${encodeURIComponent(r.trackingCode)}`} state={{ accessKey: r.accessKey }}>
                {m.submit.goMyCase}
              </Link>
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
        <PetitionFields form={form} />
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
        <Form.Item name="publicConsent" valuePropName="checked" extra={m.submit.publicConsentHint}>
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

/**
 * 接下来 on the success page: the case read back with its key for the review deadline the API counts
 * (reviewBy); while that read is pending or failed, the steps without the date.
 */
function WhatNext({ code, accessKey, consented }: { code: string; accessKey: string; consented: boolean }) {
  const q = useQuery({
    queryKey: ['submitted', code],
    queryFn: () =>
      unwrap(
        api.GET('/api/petitions/{ref}', { params: { path: { ref: code }, header: { 'X-Access-Key': accessKey } } }),
      ) as Promise<PetitionView>,
    retry: false,
  });
  return <NextSteps reviewBy={q.data?.reviewBy} published={q.data ? awaitsPublication(q.data) : consented} />;
}
