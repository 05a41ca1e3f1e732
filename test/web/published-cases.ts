import { devToken } from './server';

/** One case submitted through the public form's route; its id. */
export async function submitCase(
  url: string,
  title: string,
  o: { publicConsent?: boolean; citizen?: { name: string; phone: string } } = {},
): Promise<string> {
  const r = await fetch(`${url}/api/petitions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      channel: 'web',
      kind: 'complaint',
      addressee: { type: 'mayor' },
      title,
      content: '雨后道路积水严重，行人和车辆通行困难，请尽快疏通排水设施。',
      citizen: o.citizen ?? { name: '张伟', phone: '13912345678' },
      publicConsent: o.publicConsent ?? true,
    }),
  });
  if (r.status !== 201) throw new Error(`submitting “${title}”: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { id: string }).id;
}

/**
 * Cases on the public listing, as a citizen and a reviewer put them there: each title submitted
 * through the public form's route (with consent to publish) and accepted by a reviewer with a
 * development token; resolves once the projection lists them all.
 */
export async function publishCases(url: string, titles: string[]): Promise<void> {
  const reviewer = await devToken(url, 'reviewer');
  for (const title of titles) {
    const id = await submitCase(url, title);
    const review = await fetch(`${url}/api/petitions/${id}/review`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${reviewer}` },
      body: JSON.stringify({ outcome: 'accepted' }),
    });
    if (!review.ok) throw new Error(`accepting “${title}”: ${review.status}`);
  }
  // the projection publishes the accepted cases a moment after
  for (let i = 0; i < 60; i++) {
    const l = (await (await fetch(`${url}/api/public/petitions`)).json()) as { items: unknown[] };
    if (l.items.length >= titles.length) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the public listing did not show ${titles.length} cases in 18 s`);
}
