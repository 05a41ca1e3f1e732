import { Button, Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { PetitionView } from '../api/types';
import { m } from '../i18n';
import { formatTime } from '../shared/format';

type Attachment = NonNullable<PetitionView['attachments']>[number];
const IMAGES = ['image/jpeg', 'image/png', 'image/webp'];
const ON: Record<Attachment['on'], string> = {
  submission: m.attachments.onSubmission,
  comment: m.attachments.onComment,
  answer: m.attachments.onAnswer,
};

/**
 * The original of an attachment as an object URL: the staff route wants the token, which an <img>
 * or a link cannot send. Revoked when the item goes.
 */
function useOriginal(caseId: string, attachmentId: string, load: boolean): { url?: string; error?: string } {
  const [state, setState] = useState<{ url?: string; error?: string }>({});
  useEffect(() => {
    if (!load) return;
    let live = true;
    let url: string | undefined;
    unwrap(
      api.GET('/api/petitions/{id}/attachments/{attachmentId}', { params: { path: { id: caseId, attachmentId } }, parseAs: 'blob' }),
    ).then(
      (blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob as unknown as Blob);
        setState({ url });
      },
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [caseId, attachmentId, load]);
  return state;
}

function Item({ caseId, a, n }: { caseId: string; a: Attachment; n: number }) {
  const image = IMAGES.includes(a.contentType);
  // a PDF or HEIC (no preview) is fetched when asked for
  const [asked, setAsked] = useState(image);
  const { url, error } = useOriginal(caseId, a.id, asked);
  const caption = `${ON[a.on]} · ${a.contentType} · ${Math.max(1, Math.round(a.size / 1024))} KB · ${formatTime(a.at)}`;
  return (
    <li data-testid="staff-attachment" style={{ marginBottom: 8 }}>
      <Space align="start">
        {image && url && (
          <a href={url} target="_blank" rel="noreferrer">
            <img src={url} alt={m.attachments.photo(n)} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} />
          </a>
        )}
        <div>
          <Typography.Text>{caption}</Typography.Text>
          <div>
            {!image && !url && (
              <Button size="small" onClick={() => setAsked(true)} loading={asked && !error}>
                {m.attachments.open}
              </Button>
            )}
            {!image && url && (
              <a href={url} download={`${a.id}.${a.contentType.split('/')[1]}`}>
                {m.attachments.open}
              </a>
            )}
            {error && <Typography.Text type="danger">{`${m.attachments.unavailable}：${error}`}</Typography.Text>}
          </div>
        </div>
      </Space>
    </li>
  );
}

/** Every attachment of the case (submission, comments, answer), originals included, for staff. */
export function StaffAttachments({ p }: { p: PetitionView }) {
  if (!p.attachments?.length) return null;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{m.attachments.title}</h2>} size="small" style={{ marginBottom: 16 }}>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {p.attachments.map((a, i) => (
          <Item key={a.id} caseId={p.id} a={a} n={i + 1} />
        ))}
      </ul>
    </Card>
  );
}
