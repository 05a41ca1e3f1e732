import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Result, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import { m } from '../../../i18n';
import { Copyable } from '../../../shared/Copyable';
import { showApiErrors } from '../../../shared/form-errors';
import { PETITION_FIELDS, PetitionFields, type PetitionValues, usePetitionBody } from '../../../shared/petition-fields';

/** The form items an API 400 may name; any other problem (channel, a 403) is told above the button. */
const FIELDS = ['citizen.name', 'citizen.phone', ...PETITION_FIELDS, 'publicConsent'];

interface Values extends PetitionValues {
  citizen: { name: string; phone: string };
  publicConsent?: boolean;
}

/**
 * What the screen keeps of the 201. The API also answers the case's access key, which the office keeps
 * only in the sense that it is never the caller's: the operator needs none (回访 and every read go with
 * the token), and a key on the screen could be read out to the caller, who would then rate the case
 * past the call-back. So it is not kept, and never drawn.
 */
interface Entered {
  id: string;
  trackingCode: string;
}

/**
 * 来电登记: the reviewer enters a 12345 call (POST /api/petitions, channel hotline_12345, which only the
 * office may send). One Idempotency-Key per filling of the form: a double click or a retry after a lost
 * answer makes one case; any change to the form draws a new key, so an edited call is a new request.
 */
export default function HotlineCall() {
  const [form] = Form.useForm<Values>();
  const key = useRef(idempotencyKey());
  const [general, setGeneral] = useState<string[]>([]);
  const petitionBody = usePetitionBody();
  const enter = useMutation({
    mutationFn: async (v: Values): Promise<Entered> => {
      const r = (await unwrap(
        api.POST('/api/petitions', {
          params: { header: { 'Idempotency-Key': key.current } },
          body: {
            channel: 'hotline_12345',
            ...petitionBody(v),
            citizen: { name: v.citizen.name, phone: v.citizen.phone },
            publicConsent: Boolean(v.publicConsent),
          },
        }),
      )) as unknown as Entered; // 201 declares no schema
      return { id: r.id, trackingCode: r.trackingCode };
    },
    onMutate: () => setGeneral([]),
    onError: (e) => setGeneral(showApiErrors(form, e, FIELDS)),
  });

  if (enter.data) {
    return (
      <CallEntered
        entered={enter.data}
        onNext={() => {
          form.resetFields();
          key.current = idempotencyKey();
          enter.reset();
        }}
      />
    );
  }

  const required = [{ required: true, message: m.submit.required }];
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{m.console.hotlineCall}</h1>} style={{ maxWidth: 760 }}>
      <Typography.Paragraph type="secondary">{m.console.hotlineCallHint}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        name="hotline-call"
        initialValues={{ kind: 'complaint', addressee: { type: 'general' }, publicConsent: false }}
        onValuesChange={() => {
          key.current = idempotencyKey();
        }}
        onFinish={(v) => {
          if (!enter.isPending) enter.mutate(v);
        }}
        scrollToFirstError
      >
        <Form.Item name={['citizen', 'name']} label={m.console.callerName} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name={['citizen', 'phone']} label={m.console.callerPhone} rules={required}>
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        {/* asked while the caller is on the line, with the name and number; unticked unless they agree */}
        <Form.Item name="publicConsent" valuePropName="checked" extra={m.console.callerConsentHint}>
          <Checkbox>{m.console.callerConsent}</Checkbox>
        </Form.Item>
        <PetitionFields form={form} labels={{ kind: m.console.callKind, title: m.console.callTitle, content: m.console.callContent }} />
        {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" loading={enter.isPending}>
          {m.console.sendCall}
        </Button>
      </Form>
    </Card>
  );
}

/** The call entered: what the operator may tell the caller (the tracking code) and the way to the case; no access key. */
function CallEntered({ entered: r, onNext }: { entered: Entered; onNext: () => void }) {
  return (
    <Result
      status="success"
      title={m.console.callEntered}
      extra={
        <Card style={{ textAlign: 'left', maxWidth: 560, margin: '0 auto' }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'code',
                label: m.case.trackingCode,
                children: <Copyable text={r.trackingCode} testId="tracking-code" />,
              },
              { key: 'id', label: m.console.caseId, children: <Typography.Text data-testid="case-id">{r.id}</Typography.Text> },
            ]}
          />
          <Alert type="info" showIcon title={m.console.callNoKey} style={{ margin: '12px 0' }} data-testid="no-access-key" />
          <Link to={`/cases/${r.id}`} style={{ marginRight: 16 }}>
            {m.console.openCase}
          </Link>
          <Button onClick={onNext}>{m.console.nextCall}</Button>
        </Card>
      }
    />
  );
}
