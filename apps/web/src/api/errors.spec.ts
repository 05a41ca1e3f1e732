import { describe, expect, it } from 'vitest';
import { mapFieldErrors } from './errors';

describe('mapping an API 400 to the form', () => {
  const fields = ['title', 'content', 'citizen.name', 'citizen.phone', 'addressee.departmentId'];

  it('puts each `field: message` next to its field, nested paths included', () => {
    const r = mapFieldErrors(
      'title: must be shorter than or equal to 200 characters; citizen.phone: must be a mainland mobile number',
      fields,
    );
    expect(r.fields).toEqual([
      { name: ['title'], errors: ['must be shorter than or equal to 200 characters'] },
      { name: ['citizen', 'phone'], errors: ['must be a mainland mobile number'] },
    ]);
    expect(r.general).toEqual([]);
  });

  it('gathers several problems of one field', () => {
    const r = mapFieldErrors('content: should not be empty; content: must be a string', fields);
    expect(r.fields).toEqual([{ name: ['content'], errors: ['should not be empty', 'must be a string'] }]);
  });

  it('leaves problems without a field, or for fields the form does not show, to a general alert', () => {
    const r = mapFieldErrors('body: not valid JSON; channel: must be one of web, email; request body is larger than the limit', fields);
    expect(r.fields).toEqual([]);
    expect(r.general).toEqual(['body: not valid JSON', 'channel: must be one of web, email', 'request body is larger than the limit']);
  });

  it('keeps a single problem whole, `; ` included (an attachment refused by type)', () => {
    const r = mapFieldErrors('files[1]: attachment type unknown is not accepted; allowed: image/jpeg, application/pdf', ['files'], true);
    expect(r.fields).toEqual([
      { name: ['files'], errors: ['attachment type unknown is not accepted; allowed: image/jpeg, application/pdf'] },
    ]);
    expect(r.general).toEqual([]);
  });

  it('maps a child of a form field to that field', () => {
    const r = mapFieldErrors('addressee.departmentId.0: unknown department', fields);
    expect(r.fields).toEqual([{ name: ['addressee', 'departmentId'], errors: ['unknown department'] }]);
  });
});
