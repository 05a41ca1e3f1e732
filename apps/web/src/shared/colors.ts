/**
 * Tag colours with white text at AA contrast (≥ 4.5:1). antd's preset tags (pale background,
 * coloured text) fall below it for green, orange and gold.
 */
export const TAG = { red: '#a8071a', amber: '#ad4e00', green: '#237804', gold: '#874d00', blue: '#003eb3' } as const;
