import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { label, m } from '../../i18n';
import { formatTime } from '../../shared/format';
import { Loading, Problem } from '../../shared/Problem';
import { Steps } from '../../shared/Steps';
import { PhotoStrip } from '../../shared/attachments';
import { CommentForm } from '../CommentForm';
import { TAG } from '../../shared/colors';
import { reopenedSince } from '../../shared/reopened';
import { ReopenedNote } from '../../shared/ReopenedNote';
import { useDistrictName } from '../../shared/reference';

/** A public case with its whole handling (全过程公开): answer, rating, steps and comments. */
export default function CasePage() {
  const { code = '' } = useParams();
  const districtName = useDistrictName();
  const q = useQuery({
    queryKey: ['public-case', code],
    queryFn: () => unwrap(api.GET('/api/public/petitions/{trackingCode}', { params: { path: { trackingCode: code } } })),
  });
  // The photos come after the text: the case shows without waiting for them.
  const files = useQuery({
    queryKey: ['public-case', code, 'attachments'],
    queryFn: () => unwrap(api.GET('/api/public/petitions/{trackingCode}/attachments', { params: { path: { trackingCode: code } } })),
    enabled: q.isSuccess,
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <Problem error={q.error} />;
  const p = q.data;
  const reopen = reopenedSince(p);
  const photos = (on: string, commentId?: string) =>
    (files.data ?? []).filter((a) => a.on === on && (commentId === undefined || a.commentId === commentId));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {p.title}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'code', label: m.case.trackingCode, children: p.trackingCode },
          { key: 'status', label: m.listing.status, children: <Tag color={TAG.red}>{label(m.status, p.status)}</Tag> },
          { key: 'kind', label: m.submit.kind, children: label(m.kind, p.kind) },
          { key: 'dept', label: m.case.department, children: p.department?.name ?? m.common.none },
          { key: 'cat', label: m.case.category, children: p.category?.name ?? m.common.none },
          ...(p.mailbox ? [{ key: 'mailbox', label: m.case.mailbox, children: p.mailbox.title ?? p.mailbox.id }] : []),
          { key: 'citizen', label: m.case.citizen, children: p.citizen },
          { key: 'at', label: m.listing.submittedAt, children: formatTime(p.submittedAt) },
          ...(p.location ? [{ key: 'loc', label: m.case.location, children: p.location }] : []),
          ...(districtName(p.districtCode) ? [{ key: 'district', label: m.case.district, children: districtName(p.districtCode) }] : []),
        ]}
      />
      {p.source && (
        // The API's label (来源：在线访谈 <topic>); the link goes to the interview's page, not its data (source.href).
        <Link to={`/interviews/${p.source.id}`} data-testid="case-source">
          {p.source.label}
        </Link>
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.case.content}</h2>} size="small">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.content}</Typography.Paragraph>
        <PhotoStrip photos={photos('submission')} testId="submission-photos" />
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{reopen ? m.case.earlierAnswer : m.case.answer}</h2>} size="small">
        {reopen && <ReopenedNote reopen={reopen} />}
        {p.answer ? (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="answer">
              {p.answer}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{formatTime(p.respondedAt)}</Typography.Text>
            <PhotoStrip photos={photos('answer')} testId="answer-photos" />
          </>
        ) : (
          <Typography.Text type="secondary">{m.case.noAnswer}</Typography.Text>
        )}
        {p.rating && (
          <div style={{ marginTop: 8 }}>
            {m.case.rating}：<Tag color={TAG.gold}>{label(m.satisfaction, p.rating.satisfaction)}</Tag>
            {p.rating.comment}
          </div>
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.case.steps}</h2>} size="small">
        <Steps steps={p.steps} now={new Date()} />
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{`${m.case.comments}（${p.commentCount}）`}</h2>} size="small">
        {p.comments.length === 0 ? (
          <Empty description={m.case.noComments} />
        ) : (
          p.comments.map((c) => (
            <div key={c.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Typography.Text strong>{c.author}</Typography.Text> <Typography.Text type="secondary">{formatTime(c.at)}</Typography.Text>
              <div>{c.text}</div>
              <PhotoStrip photos={photos('comment', c.id)} />
            </div>
          ))
        )}
        <div style={{ marginTop: 12 }}>
          <CommentForm reference={p.trackingCode} invalidate={['public-case', code]} />
        </div>
      </Card>
    </Space>
  );
}
