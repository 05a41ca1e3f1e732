import { Form, Input, Radio, Select, type FormInstance } from 'antd';
import type { Schemas } from '../api/types';
import { label, m } from '../i18n';
import { addresseeBody, mailboxesFor, useMailboxes } from './mailboxes';
import { useDepartments, useDistricts } from './reference';

type Submit = Schemas['SubmitPetitionDto'];
const KINDS = ['consultation', 'complaint', 'suggestion', 'help', 'report', 'praise'] as const satisfies readonly Submit['kind'][];
const ADDRESSEES = ['mayor', 'secretary', 'department', 'general'] as const satisfies readonly Submit['addressee']['type'][];

/** What a letter says, whoever enters it: the citizen's submit form and the office's 来电登记. */
export interface PetitionValues {
  kind: Submit['kind'];
  addressee: { type: Submit['addressee']['type']; departmentId?: string; mailboxId?: string };
  title: string;
  content: string;
  location?: string;
  districtCode?: string;
}

/** The items of PetitionFields an API 400 may name (`location` covers location.address and location.districtCode). */
export const PETITION_FIELDS = ['kind', 'addressee.type', 'addressee.departmentId', 'addressee.mailboxId', 'title', 'content', 'location'];

const optional = (s?: string) => (s?.trim() ? s.trim() : undefined);

/** The body's part PetitionFields fill, as POST /api/petitions takes it (a mailbox left over from another type dropped). */
export function usePetitionBody(): (v: PetitionValues) => Pick<Submit, 'kind' | 'addressee' | 'title' | 'content' | 'location'> {
  const mailboxes = useMailboxes();
  return (v) => ({
    kind: v.kind,
    addressee: addresseeBody(v.addressee, mailboxes.data?.items),
    title: v.title,
    content: v.content,
    // With a district the location is an object (the API takes a district without a point).
    location: v.districtCode ? { address: optional(v.location), districtCode: v.districtCode } : optional(v.location),
  });
}

/** 类型, 写信给 (with the department or a leader's mailbox), 标题, 内容, 地点 and 区县, in that order. */
export function PetitionFields({
  form,
  labels = {},
}: {
  form: FormInstance;
  labels?: { kind?: string; title?: string; content?: string };
}) {
  const departments = useDepartments();
  const districts = useDistricts();
  const mailboxes = useMailboxes();
  const addresseeType = Form.useWatch(['addressee', 'type'], form);
  const leaderMailboxes = mailboxesFor(mailboxes.data?.items, addresseeType);
  const required = [{ required: true, message: m.submit.required }];
  return (
    <>
      <Form.Item name="kind" label={labels.kind ?? m.submit.kind} rules={required}>
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
      <Form.Item name="title" label={labels.title ?? m.submit.subject} rules={required}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label={labels.content ?? m.submit.content} rules={required}>
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
    </>
  );
}
