import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api, idempotencyKey, unwrap, withRef } from '../api/client';
import { ApiError } from '../api/errors';
import { m } from '../i18n';
import { showApiErrors } from '../shared/form-errors';

/** 跟帖 on a public case; anyone may comment, the API masks phones, ID numbers and e-mail addresses on publication. */
export function CommentForm({ reference, invalidate }: { reference: string; invalidate: readonly unknown[] }) {
  const [form] = Form.useForm<{ text: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: (v: { text: string }) =>
      unwrap(api.POST('/api/petitions/{ref}/comments', { params: withRef(reference, { 'Idempotency-Key': idempotencyKey() }), body: v })),
    onMutate: () => setGeneral([]),
    onError: (e) => {
      // A 409 said in the citizen's words by its rule (the decider's), not the API's English.
      // A 404: the case is not (or no longer) on the public site, which the API answers as an unknown case.
      const told =
        e instanceof ApiError && e.status === 409
          ? m.myCase.commentRefused[e.rule ?? e.code ?? '']
          : e instanceof ApiError && e.status === 404
            ? m.citizenNext.commentNotPublic
            : undefined;
      setGeneral(told ? [told] : showApiErrors(form, e, ['text']));
    },
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: invalidate });
    },
  });
  return (
    <Form form={form} layout="vertical" name={`comment-${reference}`} onFinish={(v) => send.mutate(v)}>
      <Form.Item name="text" label={m.myCase.commentText} rules={[{ required: true, message: m.submit.required }]}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
      {send.isSuccess && <Alert type="success" showIcon title={m.console.done} role="status" style={{ marginBottom: 12 }} />}
      {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} role="alert" style={{ marginBottom: 12 }} />}
      <Button htmlType="submit" loading={send.isPending}>
        {m.myCase.sendComment}
      </Button>
    </Form>
  );
}
