import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, textToBase64 } from './base64.js';

describe('base64', () => {
  it('round-trips any bytes, including large buffers', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('encodes text as UTF-8', () => {
    expect(textToBase64('é\r')).toBe(Buffer.from('é\r').toString('base64'));
  });
});
