import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { api, idempotencyKey, unwrap } from '../../../api/client';
import type { PetitionView, Schemas } from '../../../api/types';
import { label, m } from '../../../i18n';
import { hiddenParts } from '../../case-steps';
import { useCaseCommand } from '../../staff-case';

type Values = Schemas['ModeratePublicationDto'];

/** A published case (accepted, not confidential, with consent) is what moderation can act on. */
export const isPublished = (p: PetitionView): boolean =>
  p.publicConsent === true && !p.confidential && !['submitted', 'rejected', 'duplicate'].includes(p.status);

/** 内容管理: hide or restore the case, its answer or a comment on the public site, with an internal reason. */
export function ModerationForm({ p }: { p: PetitionView }) {
  const [form] = Form.useForm<Values>();
  const target = Form.useWatch('target', form) ?? 'case';
  const { mutation, alert } = useCaseCommand(
    p.id,
    (v: Values) =>
      unwrap(
        api.POST('/api/petitions/{id}/moderation', {
          params: { path: { id: p.id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            target: v.target,
            action: v.action,
            reason: v.reason,
            ...(v.target === 'comment' && v.commentId?.trim() ? { commentId: v.commentId.trim() } : {}),
          },
        }),
      ),
    { form, fields: ['target', 'action', 'reason', 'commentId'] },
  );
  const now = hiddenParts(p.steps);
  const hidden = [
    ...(now.case ? [m.moderation.case] : []),
    ...(now.answer ? [m.moderation.answer] : []),
    ...now.comments.map((c) => `${m.moderation.comment} ${c}`),
  ];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.console.moderation}</h2>} style={{ marginTop: 16 }}>
      {alert}
      {hidden.length > 0 && (
        <Typography.Paragraph data-testid="hidden-now">{`${m.console.hiddenNow}：${hidden.join('、')}`}</Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        name="moderation"
        initialValues={{ target: 'case', action: now.case ? 'restore' : 'hide' }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="target" label={m.console.moderationTarget}>
          <Radio.Group options={(['case', 'answer', 'comment'] as const).map((t) => ({ value: t, label: label(m.moderation, t) }))} />
        </Form.Item>
        {target === 'comment' && (
          <Form.Item name="commentId" label={m.console.commentId} rules={[{ required: true, message: m.submit.required }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="action" label={m.console.moderationAction}>
          <Radio.Group options={(['hide', 'restore'] as const).map((a) => ({ value: a, label: label(m.moderation, a) }))} />
        </Form.Item>
        <Form.Item name="reason" label={m.console.moderationReason} rules={[{ required: true, message: m.submit.required }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={mutation.isPending}>
          {m.console.sendModeration}
        </Button>
      </Form>
    </Card>
  );
}
