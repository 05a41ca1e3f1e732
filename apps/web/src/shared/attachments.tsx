import { Button, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useRef, useState, type CSSProperties } from 'react';
import { m } from '../i18n';

/**
 * What the API takes (libs/blob-store attachment-policy.ts: its defaults of ATTACHMENT_MAX_COUNT and
 * ATTACHMENT_MAX_BYTES, and the types it detects from the bytes). Only a hint before sending, so a
 * citizen on a phone does not upload 10 MB for nothing: the API decides, and its 413/415 is shown
 * next to the field like a 400.
 */
export const MAX_FILES = 9;
export const MAX_MB = 10;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'];
const ACCEPT_ATTR = `${ACCEPTED.join(',')},.heic,.heif`;

const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** The form item's name; the API's problems name `files` or `files[i]`. */
export const FILES_FIELD = 'files';

/** The client-side hint as a form rule: count, size and (when the browser knows it) type. */
export const filesRule: Rule = {
  validator: (_rule, files?: File[]) => {
    if (!files?.length) return Promise.resolve();
    if (files.length > MAX_FILES) return Promise.reject(new Error(m.attachments.tooMany(MAX_FILES)));
    const big = files.find((f) => f.size > MAX_MB * 1024 * 1024);
    if (big) return Promise.reject(new Error(m.attachments.tooBig(big.name, MAX_MB)));
    // HEIC often comes without a type from the browser: the API judges it by its bytes
    const odd = files.find((f) => f.type !== '' && !ACCEPTED.includes(f.type));
    if (odd) return Promise.reject(new Error(m.attachments.wrongType(odd.name)));
    return Promise.resolve();
  },
};

/**
 * A native file input (labelled by the form item, reachable by keyboard) and the chosen files with a
 * remove button each. Choosing again adds to the list. The input is drawn as a button in the page's
 * language: the browser's own control is in the browser's language ("Choose Files") and, emptied after
 * each choice so the same file can be added again, said "No file chosen" next to the list of files.
 */
export function FilePicker({ id, value = [], onChange }: { id?: string; value?: File[]; onChange?: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [focused, setFocused] = useState(false);
  return (
    <div>
      {/* The control the keyboard and the label reach; the button below only shows it. */}
      <Button
        aria-hidden
        tabIndex={-1}
        data-testid="choose-files"
        onClick={() => input.current?.click()}
        style={focused ? { outline: '2px solid #1677ff', outlineOffset: 1 } : undefined}
      >
        {m.attachments.choose}
      </Button>
      <input
        id={id}
        ref={input}
        type="file"
        multiple
        accept={ACCEPT_ATTR}
        style={VISUALLY_HIDDEN}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => {
          onChange?.([...value, ...Array.from(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {value.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }} data-testid="chosen-files">
          {value.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <Space>
                <Typography.Text>{`${f.name}（${Math.max(1, Math.round(f.size / 1024))} KB）`}</Typography.Text>
                <Button
                  size="small"
                  type="link"
                  aria-label={m.attachments.remove(f.name)}
                  onClick={() => onChange?.(value.filter((_, j) => j !== i))}
                >
                  ×
                </Button>
              </Space>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The hint under the picker. */
export const filesHint = m.attachments.hint(MAX_FILES, MAX_MB);

/**
 * openapi-fetch options that send the route's JSON body as multipart/form-data (`payload` and
 * `files`, apps/api/src/attachments) when files are chosen; as JSON otherwise.
 */
export function withFiles(files: readonly File[] | undefined): { bodySerializer?: (body: unknown) => FormData } {
  if (!files?.length) return {};
  return {
    bodySerializer: (body) => {
      const form = new FormData();
      form.append('payload', JSON.stringify(body));
      for (const f of files) form.append(FILES_FIELD, f, f.name);
      return form;
    },
  };
}

export interface PublicPhoto {
  id: string;
  url: string;
}

/** The public copies (photos without EXIF) of a public case, as thumbnails linking to the picture. */
export function PhotoStrip({ photos, testId }: { photos: readonly PublicPhoto[]; testId?: string }) {
  if (!photos.length) return null;
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0', display: 'flex', flexWrap: 'wrap', gap: 8 }} data-testid={testId}>
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={p.url} target="_blank" rel="noreferrer">
            <img
              src={p.url}
              alt={m.attachments.photo(i + 1)}
              loading="lazy"
              width={120}
              height={120}
              style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #d9d9d9' }}
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
